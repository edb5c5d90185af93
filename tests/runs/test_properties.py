"""The evaluator against brute-force references over generated runs and filters.

References are written differently on purpose: Mongo filters are evaluated on a plain
document (the run as the public API shows it); v2 filter lists by building a Python
boolean expression (``and`` binds before ``or``, as the W&B app does); sorting with
``sorted`` over (has-value, value) pairs.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from panelbank.runs import SortKey, apply_run_set, parse_filters, select, sort_runs
from panelbank.runs._fields import Key
from panelbank.store.models import RunRecord

from .conftest import make_run

STATES = ["finished", "crashed", "running", "failed"]
TAGS = ["a", "b", "c"]
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([0.5, -1.5, 2.0]))


@st.composite
def runs(draw: Any) -> list[RunRecord]:
    count = draw(st.integers(0, 8))
    out = []
    for index in range(count):
        config = draw(st.dictionaries(st.sampled_from(["x", "y"]), NUMBERS))
        summary = draw(st.dictionaries(st.sampled_from(["m", "n"]), st.one_of(NUMBERS, st.none())))
        out.append(
            make_run(
                f"r{index}",
                draw(st.integers(0, 5)),
                config=config,
                summary=summary,
                state=draw(st.sampled_from(STATES)),
                tags=tuple(draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))),
            )
        )
    return out


def _document(run: RunRecord) -> dict[str, Any]:
    return {
        "state": run.state,
        "tags": list(run.tags),
        **{f"config.{k}.value": v["value"] for k, v in run.config.items()},
        **{f"summary_metrics.{k}": v for k, v in run.summary.items()},
    }


FIELDS = ["state", "config.x.value", "config.y.value", "summary_metrics.m", "summary_metrics.n"]
OPS = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"]


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _ref_eq(have: Any, present: bool, want: Any) -> bool:
    if want is None:
        return not present or have is None
    if not present:
        return False
    if isinstance(have, list):
        return want in have
    if _is_num(have) != _is_num(want):
        return False
    return bool(have == want)


def _ref_leaf(doc: dict[str, Any], field: str, op: str, want: Any) -> bool:
    present = field in doc
    have = doc.get(field)
    if op == "$eq":
        return _ref_eq(have, present, want)
    if op == "$ne":
        return not _ref_eq(have, present, want)
    if op == "$in":
        return any(_ref_eq(have, present, w) for w in want)
    if op == "$nin":
        return not any(_ref_eq(have, present, w) for w in want)
    same = (_is_num(have) and _is_num(want)) or (isinstance(have, str) and isinstance(want, str))
    if not present or not same:
        return False
    return bool(
        {"$gt": have > want, "$gte": have >= want, "$lt": have < want, "$lte": have <= want}[op]
    )


def _ref(doc: dict[str, Any], node: dict[str, Any]) -> bool:
    ((name, value),) = node.items()
    if name == "$and":
        return all(_ref(doc, child) for child in value)
    if name == "$or":
        return not value or any(_ref(doc, child) for child in value)
    ((op, want),) = value.items()
    return _ref_leaf(doc, name, op, want)


def _value_for(field: str) -> Any:
    return st.sampled_from(STATES) if field == "state" else st.one_of(NUMBERS, st.none())


@st.composite
def mongo_leaf(draw: Any) -> dict[str, Any]:
    field = draw(st.sampled_from([*FIELDS, "tags"]))
    op = draw(st.sampled_from(OPS))
    value = st.sampled_from(TAGS) if field == "tags" else _value_for(field)
    if op in ("$in", "$nin"):
        return {field: {op: draw(st.lists(value, max_size=3))}}
    return {field: {op: draw(value)}}


mongo = st.recursive(
    mongo_leaf(),
    lambda children: st.builds(
        lambda op, items: {op: items},
        st.sampled_from(["$and", "$or"]),
        st.lists(children, max_size=3),
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(runs(), mongo)
def test_mongo_filters_match_reference(generated: list[RunRecord], filters: dict[str, Any]) -> None:
    got = [run.name for run in select(generated, parse_filters(filters))]
    want = [run.name for run in generated if _ref(_document(run), filters)]
    assert got == want


V2_FIELDS = [("run", "state"), ("config", "x"), ("summary", "m"), ("tags", "a")]
V2_OPS = ["=", "!=", "<", "<=", ">", ">=", "IN", "NIN"]


@st.composite
def v2_leaf(draw: Any) -> dict[str, Any]:
    section, name = draw(st.sampled_from(V2_FIELDS))
    op = draw(st.sampled_from(V2_OPS if section != "tags" else ["=", "!="]))
    value = (
        st.booleans()
        if section == "tags"
        else _value_for("state" if section == "run" else "config.x.value")
    )
    item = {"key": {"section": section, "name": name}, "op": op}
    item["value"] = draw(st.lists(value, max_size=2)) if op in ("IN", "NIN") else draw(value)
    return item


@st.composite
def v2_lists(draw: Any) -> list[dict[str, Any]]:
    items = []
    for index in range(draw(st.integers(0, 5))):
        item = (
            draw(v2_leaf())
            if draw(st.integers(0, 3))
            else {"filters": draw(st.lists(v2_leaf(), min_size=1, max_size=3))}
        )
        for position, inner in enumerate(item.get("filters", [])):
            if position:
                inner["connector"] = draw(st.sampled_from(["AND", "OR"]))
        if index:
            item["connector"] = draw(st.sampled_from(["AND", "OR"]))
        items.append(item)
    return items


def _v2_leaf_truth(run: RunRecord, item: dict[str, Any]) -> bool | None:
    section, name, op, value = (
        item["key"]["section"],
        item["key"]["name"],
        item["op"],
        item["value"],
    )
    if value is None and op not in ("=", "!="):
        return None  # skipped, as the app skips half-edited filters
    if section == "tags":
        has = name in run.tags
        return has == (value is not False) if op == "=" else has != (value is not False)
    doc = _document(run)
    field = {"run": "state", "config": "config.x.value", "summary": "summary_metrics.m"}[section]
    mongo_op = {
        "=": "$eq",
        "!=": "$ne",
        "<": "$lt",
        "<=": "$lte",
        ">": "$gt",
        ">=": "$gte",
        "IN": "$in",
        "NIN": "$nin",
    }[op]
    return _ref_leaf(doc, field, mongo_op, value)


def _v2_expression(run: RunRecord, items: list[dict[str, Any]]) -> str:
    return _v2_parts(run, items) or "True"


def _v2_parts(run: RunRecord, items: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for item in items:
        if "filters" in item:
            inner = _v2_parts(run, item["filters"])
            text = f"({inner})" if inner else None
        else:
            truth = _v2_leaf_truth(run, item)
            text = None if truth is None else str(truth)
        if text is None:
            continue
        if parts:
            parts.append(item.get("connector", "AND").lower())
        parts.append(text)
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(runs(), v2_lists())
def test_v2_filters_match_python_precedence(generated: list[RunRecord], items: list[Any]) -> None:
    run_set = {"filters": {"filterFormat": "filterV2", "filters": items}}
    got = sorted(run.name for run in apply_run_set(generated, run_set).runs)
    want = sorted(run.name for run in generated if eval(_v2_expression(run, items)))
    assert got == want


@settings(max_examples=200, deadline=None)
@given(runs(), st.sampled_from(["x", "y"]), st.booleans())
def test_sort_matches_reference(generated: list[RunRecord], name: str, ascending: bool) -> None:
    got = [r.name for r in sort_runs(generated, [SortKey(Key("config", name), ascending)])]

    def value(run: RunRecord) -> Any:
        entry = run.config.get(name)
        return None if entry is None or math.isnan(entry["value"]) else entry["value"]

    having = sorted((r for r in generated if value(r) is not None), key=lambda r: r.name)
    having.sort(key=value, reverse=not ascending)  # stable: ties keep name order
    missing = sorted(r.name for r in generated if value(r) is None)
    assert got == [r.name for r in having] + missing
