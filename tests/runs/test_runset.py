"""A view spec's run set applied to runs: search, v2 and legacy filters, sort, groups."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from panelbank.runs import FilterError, OrderError, RunSetError, apply_run_set, parse_run_set

from .conftest import T0, make_run

RUNS = [
    make_run(
        "a",
        0,
        config={"lr": 0.1, "model": "cnn"},
        summary={"acc": 0.9},
        tags=("best",),
        group="g1",
        display_name="alpha-cnn",
    ),
    make_run(
        "b",
        1,
        config={"lr": 0.01, "model": "mlp"},
        summary={"acc": 0.5},
        state="crashed",
        group="g1",
        display_name="Bravo-mlp",
    ),
    make_run(
        "c",
        2,
        config={"lr": 0.001, "model": "cnn"},
        summary={"acc": 0.7},
        state="running",
        group="g2",
        display_name="charlie-cnn",
    ),
    make_run("d", 3, config={"model": "mlp"}, display_name="delta"),
]


def leaf(section: str, name: str, op: str, value: Any, **extra: Any) -> dict[str, Any]:
    return {"key": {"section": section, "name": name}, "op": op, "value": value, **extra}


def v2(*items: dict[str, Any]) -> dict[str, Any]:
    return {"filterFormat": "filterV2", "filters": list(items)}


def shown(run_set: dict[str, Any], **kwargs: Any) -> list[str]:
    return [run.name for run in apply_run_set(RUNS, run_set, **kwargs).runs]


ASC = {"keys": [{"key": {"section": "run", "name": "createdAt"}, "ascending": True}]}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(v2(), ["a", "b", "c", "d"], id="empty"),
        pytest.param(v2(leaf("config", "lr", "<=", 0.01)), ["b", "c"], id="config-le"),
        pytest.param(v2(leaf("config", "lr.value", ">=", 0.01)), ["a", "b"], id="config-ge"),
        pytest.param(v2(leaf("config", "lr", "<", 0.01)), ["c"], id="lt"),
        pytest.param(v2(leaf("config", "lr", ">", 0.01)), ["a"], id="gt"),
        pytest.param(v2(leaf("config", "lr", "=", 0.1)), ["a"], id="eq"),
        pytest.param(v2(leaf("config", "lr", "==", 0.1)), ["a"], id="eqeq"),
        pytest.param(v2(leaf("config", "lr", "!=", 0.1)), ["b", "c", "d"], id="ne"),
        pytest.param(
            v2(leaf("run", "state", "IN", ["Finished", "running"])),
            ["a", "c", "d"],
            id="in-state-lowercased",
        ),
        pytest.param(v2(leaf("run", "state", "NIN", ["finished"])), ["b", "c"], id="nin"),
        pytest.param(v2(leaf("summary", "acc", ">=", 0.6)), ["a", "c"], id="summary"),
        pytest.param(v2(leaf("run", "tags", "IN", ["best"])), ["a"], id="run-tags-in"),
        pytest.param(v2(leaf("tags", "best", "=", True)), ["a"], id="tags-section"),
        pytest.param(v2(leaf("tags", "best", "=", False)), ["b", "c", "d"], id="tags-false"),
        pytest.param(v2(leaf("tags", "best", "IN", ["best"])), ["a"], id="tags-section-in"),
        pytest.param(v2(leaf("run", "displayName", "=", "delta")), ["d"], id="display-name"),
        pytest.param(
            v2(leaf("run", "group", "=", "g1"), leaf("summary", "acc", ">=", 0.8, connector="AND")),
            ["a"],
            id="and",
        ),
        pytest.param(
            v2(
                leaf("run", "name", "=", "a"),
                leaf("run", "name", "=", "b", connector="OR"),
                leaf("run", "state", "=", "crashed", connector="AND"),
            ),
            ["a", "b"],
            id="and-binds-before-or",
        ),
        pytest.param(
            v2(
                leaf("run", "state", "=", "finished"),
                {
                    "filters": [
                        leaf("config", "model", "=", "cnn"),
                        leaf("config", "lr", "=", 0.001, connector="OR"),
                    ],
                    "connector": "AND",
                },
            ),
            ["a"],
            id="group",
        ),
        pytest.param(
            v2(leaf("run", "state", "=", "running", disabled=True)),
            ["a", "b", "c", "d"],
            id="disabled-leaf",
        ),
        pytest.param(v2(leaf("config", "lr", ">=", None)), ["a", "b", "c", "d"], id="half-edited"),
        pytest.param(v2(leaf("run", "", "=", 1)), ["a", "b", "c", "d"], id="no-name"),
        pytest.param(
            {
                "op": "OR",
                "filters": [
                    {
                        "op": "AND",
                        "filters": [
                            leaf("config", "model", "=", "mlp"),
                            leaf("run", "state", "=", "finished"),
                        ],
                    }
                ],
            },
            ["d"],
            id="legacy",
        ),
        pytest.param(
            {"op": "OR", "filters": [{"op": "AND", "filters": []}]},
            ["a", "b", "c", "d"],
            id="legacy-empty",
        ),
    ],
)
def test_filters(filters: dict[str, Any], expected: list[str]) -> None:
    assert shown({"filters": filters, "sort": ASC}) == expected


def test_within_seconds() -> None:
    now = T0 + timedelta(hours=3, minutes=30)
    run_set = {"filters": v2(leaf("run", "createdAt", "WITHINSECONDS", 7200)), "sort": ASC}
    assert shown(run_set, now=now) == ["c", "d"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        pytest.param({"query": "cnn"}, ["a", "c"], id="plain"),
        pytest.param({"query": "BRAVO"}, ["b"], id="case-insensitive"),
        pytest.param({"query": "^[ab]", "isRegex": True}, ["a", "b"], id="regex"),
        pytest.param({"query": "a.c", "isRegex": False}, [], id="plain-is-literal"),
        pytest.param({"query": ""}, ["a", "b", "c", "d"], id="empty"),
    ],
)
def test_search(search: dict[str, Any], expected: list[str]) -> None:
    assert shown({"search": search, "sort": ASC}) == expected


def test_default_sort_is_newest_first() -> None:
    assert shown({}) == ["d", "c", "b", "a"]


def test_sort_keys() -> None:
    sort = {
        "keys": [
            {"key": {"section": "config", "name": "model.value"}, "ascending": True},
            {"key": {"section": "summary", "name": "acc"}, "ascending": False},
        ]
    }
    assert shown({"sort": sort}) == ["a", "c", "b", "d"]


def test_grouping_and_selections() -> None:
    run_set = {
        "sort": ASC,
        "grouping": [
            {"section": "config", "name": "model.value"},
            {"section": "run", "name": "group"},
        ],
        "selections": {"root": 1, "bounds": [], "tree": ["b", {"value": "x", "children": ["d"]}]},
    }
    result = apply_run_set(RUNS, run_set)
    assert [(g.values, [r.name for r in g.runs]) for g in result.groups] == [
        (("cnn", "g1"), ["a"]),
        (("mlp", "g1"), ["b"]),
        (("cnn", "g2"), ["c"]),
        (("mlp", None), ["d"]),
    ]
    assert result.hidden == {"b", "d"}
    assert result.total == 4


@pytest.mark.parametrize(
    ("run_set", "error", "match"),
    [
        pytest.param(
            {"filters": v2(leaf("run", "state", "LIKE", "x"))},
            FilterError,
            r"runSet\.filters\.filters\[0\]\.op: unknown operator 'LIKE'",
            id="op",
        ),
        pytest.param(
            {"filters": v2(leaf("confg", "lr", "=", 1))},
            FilterError,
            r"unknown section 'confg' \(closest: \"config\"\)",
            id="section",
        ),
        pytest.param(
            {"filters": v2(leaf("config", "lr", "IN", 1))},
            FilterError,
            r"IN expects a list",
            id="in",
        ),
        pytest.param(
            {"filters": v2({"filters": [{"filters": []}]})},
            FilterError,
            r"groups nest one level deep at most",
            id="nesting",
        ),
        pytest.param(
            {"search": {"query": "(", "isRegex": True}},
            RunSetError,
            r"runSet\.search\.query: invalid regular expression",
            id="regex",
        ),
        pytest.param({"sort": {"keys": [1]}}, OrderError, r"runSet\.sort\.keys\[0\]", id="sort"),
        pytest.param(
            {"grouping": [{"section": "x", "name": "y"}]},
            RunSetError,
            r"runSet\.grouping\[0\]\.section",
            id="grouping",
        ),
        pytest.param({"filters": 3}, FilterError, r"expected a filterV2 object", id="filters"),
    ],
)
def test_errors(run_set: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        parse_run_set(run_set)
