"""The public API's filters and orders, on hand-made runs."""

from __future__ import annotations

from typing import Any

import pytest

from panelbank.runs import FilterError, OrderError, parse_filters, parse_order, query_runs

from .conftest import make_run

RUNS = [
    make_run(
        "a",
        0,
        config={"lr": 0.1, "opt": "adam", "nested": {"depth": 2}},
        summary={"acc": 0.9, "loss": 0.1},
        tags=("best", "v1"),
        group="g1",
    ),
    make_run(
        "b",
        1,
        config={"lr": 0.01, "opt": "sgd"},
        summary={"acc": 0.5},
        state="crashed",
        tags=("v1",),
        display_name="bravo-run",
    ),
    make_run(
        "c",
        2,
        config={"lr": 0.001},
        summary={"acc": None, "loss": 0.3},
        state="running",
        group="g2",
        job_type="eval",
    ),
    make_run("d", 3, config={"opt": "adam", "flag": True}, summary={"acc": float("nan")}),
]


def names(filters: Any = None, order: str | None = None) -> list[str]:
    return [run.name for run in query_runs(RUNS, filters=filters, order=order)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(None, ["a", "b", "c", "d"], id="none"),
        pytest.param("{}", ["a", "b", "c", "d"], id="empty-json"),
        pytest.param({"state": "finished"}, ["a", "d"], id="state"),
        pytest.param({"config.lr.value": {"$gt": 0.005}}, ["a", "b"], id="config-gt"),
        pytest.param({"config.lr": 0.01}, ["b"], id="config-without-value"),
        pytest.param({"config.nested.value.depth": 2}, ["a"], id="config-nested"),
        pytest.param({"config.nested.depth": {"$gte": 2}}, ["a"], id="config-nested-unwrapped"),
        pytest.param({"config.flag.value": True}, ["d"], id="bool"),
        pytest.param({"config.flag.value": 1}, [], id="bool-is-not-number"),
        pytest.param({"config.lr.value": {"$ne": 0.1}}, ["b", "c", "d"], id="ne-includes-missing"),
        pytest.param({"config.lr.value": None}, ["d"], id="eq-null-is-missing"),
        pytest.param({"summary_metrics.acc": None}, ["c"], id="eq-null-is-null"),
        pytest.param({"summary_metrics.acc": {"$lt": 0.95}}, ["a", "b"], id="nan-never-ordered"),
        pytest.param({"summary_metrics.acc": {"$exists": True}}, ["a", "b", "c", "d"], id="exists"),
        pytest.param({"summary_metrics.loss": {"$exists": False}}, ["b", "d"], id="not-exists"),
        pytest.param({"tags": "v1"}, ["a", "b"], id="tags-contains"),
        pytest.param({"tags": {"$in": ["best", "zzz"]}}, ["a"], id="tags-in"),
        pytest.param({"tags": {"$nin": ["v1"]}}, ["c", "d"], id="tags-nin"),
        pytest.param({"tags.best": True}, ["a"], id="tag-section"),
        pytest.param({"display_name": {"$regex": "^brav"}}, ["b"], id="regex"),
        pytest.param({"displayName": {"$regex": "BRAVO", "$options": "i"}}, ["b"], id="regex-i"),
        pytest.param({"$or": [{"group": "g1"}, {"job_type": "eval"}]}, ["a", "c"], id="or"),
        pytest.param({"$nor": [{"state": "finished"}]}, ["b", "c"], id="nor"),
        pytest.param(
            {"$and": [{"config.opt.value": "adam"}, {"state": {"$in": ["finished"]}}]},
            ["a", "d"],
            id="and",
        ),
        pytest.param({"config.lr.value": {"$gt": 0.005, "$lt": 0.05}}, ["b"], id="range"),
        pytest.param({"config.lr.value": {"$not": {"$gt": 0.005}}}, ["c", "d"], id="not"),
        pytest.param({"created_at": {"$gte": "2024-01-01T02:00:00"}}, ["c", "d"], id="time-iso"),
        pytest.param({"created_at": {"$lt": "2024-01-01T01:00:00Z"}}, ["a"], id="time-zulu"),
        pytest.param({"name": {"$in": ["a", "c"]}}, ["a", "c"], id="name-is-run-id"),
        pytest.param({"config.lr.value": "0.1"}, [], id="string-is-not-number"),
    ],
)
def test_filters(filters: Any, expected: list[str]) -> None:
    assert names(filters, "+created_at") == expected


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param("+created_at", ["a", "b", "c", "d"], id="created-asc"),
        pytest.param("-created_at", ["d", "c", "b", "a"], id="created-desc"),
        pytest.param("created_at", ["a", "b", "c", "d"], id="no-sign-is-ascending"),
        pytest.param(None, ["a", "b", "c", "d"], id="default"),
        pytest.param("-summary_metrics.acc", ["a", "b", "c", "d"], id="missing-last-desc"),
        pytest.param("+summary_metrics.acc", ["b", "a", "c", "d"], id="missing-last-asc"),
        pytest.param("config.lr.value", ["c", "b", "a", "d"], id="config"),
        pytest.param("-loss", ["c", "a", "b", "d"], id="bare-name-is-summary"),
        pytest.param("+config.opt.value,-created_at", ["d", "a", "b", "c"], id="two-keys"),
    ],
)
def test_order(order: str | None, expected: list[str]) -> None:
    assert names(None, order) == expected


@pytest.mark.parametrize(
    ("filters", "match"),
    [
        pytest.param("{", r"^filters: not valid JSON", id="json"),
        pytest.param([], r"^filters: expected an object", id="not-object"),
        pytest.param(
            {"$an": []}, r'filters\.\$an: unknown operator \$an \(closest: "\$and"\)', id="logical"
        ),
        pytest.param({"$and": {}}, r"\$and takes a list", id="and-list"),
        pytest.param(
            {"$and": [{"config.x": {"$gtt": 1}}]},
            r'filters\.\$and\[0\]\."config\.x"\.\$gtt: unknown operator',
            id="field-op",
        ),
        pytest.param(
            {"stat": "x"}, r'"stat" is not a run attribute \(closest: "state"\)', id="unknown-field"
        ),
        pytest.param({"tags": {"$in": "a"}}, r"expects a list of values", id="in-list"),
        pytest.param({"display_name": {"$regex": "("}}, r"invalid regular expression", id="regex"),
        pytest.param(
            {"display_name": {"$regex": "a", "$options": "q"}},
            r'unknown \$options letter "q"',
            id="options",
        ),
        pytest.param(
            {"notes": {"$options": "i"}}, r"\$options only goes with \$regex", id="options-alone"
        ),
    ],
)
def test_filter_errors(filters: Any, match: str) -> None:
    with pytest.raises(FilterError, match=match):
        parse_filters(filters)


def test_order_errors() -> None:
    with pytest.raises(OrderError, match=r"'-' names no field"):
        parse_order("-")
