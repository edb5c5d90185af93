"""Grouping keys (``runSets[0].grouping``) and sort keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wandb_workspaces.expr import (
    BaseMetric,
    Config,
    KeysInfo,
    Metric,
    Ordering,
    Summary,
    Tags,
    groupby_from_key,
    groupby_to_key,
)


@pytest.mark.parametrize(
    ("metric", "key"),
    [
        pytest.param(Config("model"), ("config", "model.value"), id="config-value-inserted"),
        pytest.param(Config("a.b"), ("config", "a.value.b"), id="config-nested"),
        pytest.param(Config("pbt.workspace.value"), ("config", "pbt.workspace.value"), id="given"),
        pytest.param(Config("pbt.value.workspace"), ("config", "pbt.value.workspace"), id="given2"),
        pytest.param(Metric("Group"), ("run", "group"), id="fe-name"),
        pytest.param(Metric("group"), ("run", "group"), id="be-name"),
        pytest.param(Summary("acc"), ("summary", "acc"), id="summary"),
        pytest.param(Summary("a.b"), ("summary", "a.b"), id="summary-dotted"),
        pytest.param(Tags(), ("run", "tags"), id="tags"),
        pytest.param(KeysInfo("k"), ("keys_info", "k"), id="keys-info"),
        pytest.param(Config("Name"), ("config", "displayName.value"), id="config-fe-name"),
        pytest.param(Metric("a.b"), ("a", "b"), id="run-dotted-quirk"),
    ],
)
def test_groupby_to_key(metric: BaseMetric, key: tuple[str, str]) -> None:
    assert groupby_to_key(metric) == {"section": key[0], "name": key[1]}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(("config", "model.value"), "Config('model')", id="value-removed"),
        pytest.param(("config", "a.value.b"), "Config('a.b')", id="nested"),
        pytest.param(("config", "pbt.workspace.value"), "Config('pbt.workspace.value')", id="flat"),
        pytest.param(("config", "lr"), "Config('lr')", id="no-value"),
        pytest.param(("run", "group"), "Metric('Group')", id="run"),
        pytest.param(("summary", "acc"), "Summary('acc')", id="summary"),
        pytest.param(("keys_info", "k"), "KeysInfo('k')", id="keys-info"),
    ],
)
def test_groupby_from_key(key: tuple[str, str], expected: str) -> None:
    assert repr(groupby_from_key({"section": key[0], "name": key[1]})) == expected


@pytest.mark.parametrize(
    "metric",
    [
        pytest.param(Config("model"), id="config"),
        pytest.param(Config("pbt.workspace.value"), id="flat-config"),
        pytest.param(Metric("Group"), id="run"),
        pytest.param(Summary("val_loss"), id="summary"),
    ],
)
def test_groupby_round_trip(metric: BaseMetric) -> None:
    key = groupby_to_key(metric)
    restored = groupby_from_key(key)
    assert repr(restored) == repr(metric)
    assert groupby_to_key(restored) == key


def test_groupby_and_order_vector(vector_runset: Callable[[str], dict[str, Any]]) -> None:
    runset = vector_runset("groupby_order")
    groupby = [Config("model"), Metric("Group")]
    order = [Ordering(Summary("val_loss"), ascending=True), Ordering(Config("lr"), ascending=False)]
    assert [groupby_to_key(metric) for metric in groupby] == runset["grouping"]
    assert [ordering.to_key() for ordering in order] == runset["sort"]["keys"]
    assert [repr(groupby_from_key(key)) for key in runset["grouping"]] == [
        "Config('model')",
        "Metric('Group')",
    ]
    assert [Ordering.from_key(key) for key in runset["sort"]["keys"]] == order
