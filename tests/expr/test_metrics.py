"""Metric handles, FilterExpr, And/Or and Ordering."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from wandb_workspaces.errors import SpecValidationError
from wandb_workspaces.expr import (
    And,
    BaseMetric,
    Config,
    FilterExpr,
    KeysInfo,
    Metric,
    Or,
    Ordering,
    Summary,
    Tags,
)


def _leaf(section: str, name: str, op: str, value: Any) -> dict[str, Any]:
    return {"key": {"section": section, "name": name}, "op": op, "value": value, "disabled": False}


@pytest.mark.parametrize(
    ("metric", "section"),
    [
        pytest.param(Metric("x"), "run", id="metric"),
        pytest.param(Summary("x"), "summary", id="summary"),
        pytest.param(Config("x"), "config", id="config"),
        pytest.param(Tags(), "run", id="tags"),
        pytest.param(KeysInfo("x"), "keys_info", id="keys-info"),
    ],
)
def test_sections(metric: BaseMetric, section: str) -> None:
    assert metric.section == section


def test_tags_name_defaults_to_tags() -> None:
    assert Tags().name == "tags"
    assert Tags().to_key() == {"section": "run", "name": "tags"}


def test_metrics_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError, match="name"):
        Metric("x").name = "y"  # type: ignore[misc]


def test_repr() -> None:
    assert repr(Metric("x")) == "Metric('x')"
    assert repr(Summary("acc") >= 1) == "(Summary('acc') >= 1)"
    assert repr(Config("m").isin(["a"])) == "(Config('m') in ['a'])"


@pytest.mark.parametrize(
    ("expr", "op", "value"),
    [
        pytest.param(Config("a") == 1, "=", 1, id="eq"),
        pytest.param(Config("a") != "x", "!=", "x", id="ne"),
        pytest.param(Config("a") <= 2.5, "<=", 2.5, id="le"),
        pytest.param(Config("a") >= -1, ">=", -1, id="ge"),
        pytest.param(Config("a").isin([1, 2]), "IN", [1, 2], id="isin"),
        pytest.param(Config("a").notin(["u"]), "NIN", ["u"], id="notin"),
    ],
)
def test_operators_build_filters(expr: FilterExpr, op: str, value: Any) -> None:
    assert isinstance(expr, FilterExpr)
    assert expr.to_model() == _leaf("config", "a", op, value)


@pytest.mark.parametrize(
    ("build", "symbol", "stored"),
    [
        pytest.param(lambda m: m < 1, "<", "<=", id="lt"),
        pytest.param(lambda m: m > 1, ">", ">=", id="gt"),
    ],
)
def test_strict_comparisons_are_mapped_with_a_warning(build: Any, symbol: str, stored: str) -> None:
    message = f"Using '{symbol}' operator with Summary is being mapped to '{stored}'"
    with pytest.warns(UserWarning, match=message):
        expr = build(Summary("acc"))
    assert expr.op == stored


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        pytest.param(Metric("abc") >= 1, _leaf("run", "abc", ">=", 1), id="plain"),
        pytest.param(Metric("Name") != "x", _leaf("run", "displayName", "!=", "x"), id="fe-name"),
        pytest.param(Tags().isin(["a", "B"]), _leaf("run", "tags", "IN", ["a", "B"]), id="tags"),
        pytest.param(
            Metric("State") == "Finished", _leaf("run", "state", "=", "finished"), id="state-lower"
        ),
        pytest.param(
            Metric("State").isin(["Finished", 2]),
            _leaf("run", "state", "IN", ["finished", 2]),
            id="state-list-lower",
        ),
        pytest.param(Config("State") == "X", _leaf("config", "state", "=", "X"), id="config-state"),
        pytest.param(Config("Name") == 1, _leaf("config", "displayName", "=", 1), id="map-all"),
        pytest.param(Metric("Step") >= 10, _leaf("run", "_step", ">=", 10), id="step"),
    ],
)
def test_to_model(expr: FilterExpr, expected: dict[str, Any]) -> None:
    assert expr.to_model() == expected


def test_create_shows_the_frontend_name() -> None:
    expr = FilterExpr.create("=", Metric("state"), "x")
    assert repr(expr) == "(Metric('State') == 'x')"
    assert repr(Tags().isin(["a"])) == "(Tags('Tags') in ['a'])"


def test_direct_construction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="Don't instantiate FilterExpr directly"):
        FilterExpr("=", Metric("x"), 1)


def test_filter_exprs_compare_by_value() -> None:
    assert (Config("a") == 1) == (Config("a") == 1)
    assert (Config("a") == 1) != (Config("a") == 2)
    assert (Config("a") == 1) != (Summary("a") == 1)


def test_within_last() -> None:
    expr = Metric("CreatedTimestamp").within_last(5, "days")
    assert expr.to_model() == _leaf("run", "createdAt", "WITHINSECONDS", 432000)
    assert repr(expr) == "(Metric('CreatedTimestamp') within_last 432000)"


def test_within_last_checks_only_the_name() -> None:
    assert Config("CreatedTimestamp").within_last(1, "hours").value == 3600


@pytest.mark.parametrize(
    ("metric", "shown"),
    [
        pytest.param(Metric("State"), "State", id="state"),
        pytest.param(Metric("WallTime"), "WallTime", id="walltime"),
        pytest.param(Config("lr"), "lr", id="config"),
        pytest.param(Summary("_timestamp"), "WallTime", id="summary-be-name"),
    ],
)
def test_within_last_only_for_created_timestamp(metric: BaseMetric, shown: str) -> None:
    message = (
        r"The 'within_last' operator is only available for CreatedTimestamp\. "
        rf"Cannot use with '{shown}'\."
    )
    with pytest.raises(ValueError, match=message):
        metric.within_last(1, "days")


def test_within_last_bad_unit() -> None:
    with pytest.raises(ValueError, match="Invalid time unit 'weeks'"):
        Metric("CreatedTimestamp").within_last(1, "weeks")


def test_metric_name_must_be_a_string() -> None:
    with pytest.raises(SpecValidationError, match=r"Config\(\) takes the metric name as a string"):
        Config(1)  # type: ignore[arg-type]


def test_to_key_and_from_key() -> None:
    assert Metric("Step").to_key() == {"section": "run", "name": "_step"}
    assert Config("Name").to_key() == {"section": "config", "name": "displayName"}
    restored = BaseMetric.from_key({"section": "run", "name": "_step"})
    assert type(restored) is Metric
    assert restored.name == "Step"
    assert repr(BaseMetric.from_key({"section": "keys_info", "name": "k"})) == "KeysInfo('k')"


def test_from_key_keeps_an_unknown_section() -> None:
    metric = BaseMetric.from_key({"section": "tags", "name": "x"})
    assert metric.to_key() == {"section": "tags", "name": "x"}


def test_base_metric_without_section_cannot_be_keyed() -> None:
    with pytest.raises(SpecValidationError, match="has no section; use Metric"):
        BaseMetric("x").to_key()


def test_and_or_models_flatten_same_op_children() -> None:
    a, b, c = Config("a") == 1, Config("b") == 2, Config("c") == 3
    assert Or(a, Or(b, c)).to_model() == {
        "op": "OR",
        "filters": [a.to_model(), b.to_model(), c.to_model()],
    }
    nested = And(a, Or(b, c)).to_model()
    assert nested["op"] == "AND"
    assert nested["filters"][1] == {"op": "OR", "filters": [b.to_model(), c.to_model()]}
    assert Or(And(a, b), c).to_model()["filters"][0]["op"] == "AND"


def test_and_or_repr_and_frozen() -> None:
    combined = Or(Config("a") == 1, And(Config("b") == 2))
    assert repr(combined) == "Or((Config('a') == 1), And((Config('b') == 2)))"
    with pytest.raises(dataclasses.FrozenInstanceError, match="items"):
        combined.items = ()  # type: ignore[misc]


def test_and_rejects_non_filters() -> None:
    with pytest.raises(SpecValidationError, match=r"And\(\) item 1 must be a filter"):
        And(Config("a") == 1, "b == 2")  # type: ignore[arg-type]


def test_ordering() -> None:
    ordering = Ordering(Summary("val_loss"))
    assert ordering.ascending is True
    assert ordering.to_key() == {
        "key": {"section": "summary", "name": "val_loss"},
        "ascending": True,
    }
    assert Ordering(Metric("Step"), ascending=False).to_key() == {
        "key": {"section": "run", "name": "_step"},
        "ascending": False,
    }
    restored = Ordering.from_key({"key": {"section": "run", "name": "_step"}, "ascending": False})
    assert restored == Ordering(Metric("Step"), ascending=False)
    assert restored != Ordering(Metric("Step"))


def test_ordering_from_key_defaults() -> None:
    assert Ordering.from_key({}) == Ordering(Metric("CreatedTimestamp"), ascending=False)
