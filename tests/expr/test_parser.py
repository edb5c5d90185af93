"""Parsing filter strings into trees: what each form means."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from wandb_workspaces.expr import parse_filter_string, string_to_tree


def _leaf(section: str, name: str, op: str, value: Any) -> dict[str, Any]:
    return {"key": {"section": section, "name": name}, "op": op, "value": value, "disabled": False}


def _parse(text: str) -> dict[str, Any]:
    return parse_filter_string(text)


A, B, C, D = (_leaf("run", name, "=", 1) for name in "abcd")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {"op": "AND", "filters": []}, id="empty"),
        pytest.param("   ", {"op": "AND", "filters": []}, id="blank"),
        pytest.param("a >= 1", _leaf("run", "a", ">=", 1), id="bare-name"),
        pytest.param("Config('lr') = 0.01", _leaf("config", "lr", "=", 0.01), id="single-equals"),
        pytest.param('Config("lr") == 0.01', _leaf("config", "lr", "=", 0.01), id="double-quotes"),
        pytest.param("SummaryMetric('acc') != 1", _leaf("summary", "acc", "!=", 1), id="summ"),
        pytest.param("Summary('acc') <= 1", _leaf("summary", "acc", "<=", 1), id="summary-alias"),
        pytest.param("KeysInfo('k') >= 1", _leaf("keys_info", "k", ">=", 1), id="keys-info"),
        pytest.param("Metric('Name') == 'x'", _leaf("run", "displayName", "=", "x"), id="metric"),
        pytest.param("Name == 'x'", _leaf("run", "displayName", "=", "x"), id="bare-fe-name"),
        pytest.param("ID == 'x'", _leaf("run", "name", "=", "x"), id="bare-id"),
        pytest.param("Config('Name') == 1", _leaf("config", "Name", "=", 1), id="config-no-map"),
        pytest.param("Tags() in ['a']", _leaf("run", "tags", "IN", ["a"]), id="tags-call"),
        pytest.param("Tags('x') == 1", _leaf("tags", "x", "=", 1), id="tags-section"),
        pytest.param("State == 'Finished'", _leaf("run", "state", "=", "finished"), id="state"),
        pytest.param("State == finished", _leaf("run", "state", "=", "finished"), id="bare-value"),
        pytest.param(
            "State in ['Finished', 'CRASHED']",
            _leaf("run", "state", "IN", ["finished", "crashed"]),
            id="state-list",
        ),
        pytest.param("Config('a') not in [1]", _leaf("config", "a", "NIN", [1]), id="not-in"),
        pytest.param("Config('a') in (1, 2)", _leaf("config", "a", "IN", [1, 2]), id="tuple"),
        pytest.param("Config('a') in (1,)", _leaf("config", "a", "IN", [1]), id="one-tuple"),
        pytest.param("Config('a') in []", _leaf("config", "a", "IN", []), id="empty-list"),
        pytest.param("Config('a') in [1, 2,]", _leaf("config", "a", "IN", [1, 2]), id="trailing"),
        pytest.param("Config('a') == [[1], []]", _leaf("config", "a", "=", [[1], []]), id="nested"),
        pytest.param("(a == 1)", A, id="parens-add-no-node"),
        pytest.param("((a == 1))", A, id="double-parens"),
    ],
)
def test_parse(text: str, expected: dict[str, Any]) -> None:
    assert _parse(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("1", 1, id="int"),
        pytest.param("-5", -5, id="negative"),
        pytest.param("+10", 10, id="unary-plus"),
        pytest.param("0.5", 0.5, id="decimal"),
        pytest.param(".5", 0.5, id="leading-dot"),
        pytest.param("1.", 1.0, id="trailing-dot"),
        pytest.param("1e-05", 1e-05, id="scientific"),
        pytest.param("2E+3", 2000.0, id="scientific-upper"),
        pytest.param("True", True, id="true"),
        pytest.param("False", False, id="false"),
        pytest.param("None", None, id="none"),
        pytest.param("0.5 + 0.45", 0.95, id="add"),
        pytest.param("100 - 10 - 5", 85, id="sub-left-assoc"),
        pytest.param("3 * 4", 12, id="mul"),
        pytest.param("7 / 2", 3.5, id="div"),
        pytest.param("7 // 2", 3, id="floordiv"),
        pytest.param("-3 % 5", 2, id="mod"),
        pytest.param("2 ** 3 ** 2", 512, id="pow-right-assoc"),
        pytest.param("-2 ** 2", -4, id="pow-binds-tighter-than-minus"),
        pytest.param("2 ** -1", 0.5, id="negative-exponent"),
        pytest.param("(1 + 2) * 3", 9, id="parenthesised"),
        pytest.param("1 + 2 * 3", 7, id="precedence"),
        pytest.param("'a' + 'b'", "ab", id="concat"),
        pytest.param("[1] + [2]", [1, 2], id="list-concat"),
        pytest.param("'it\\'s'", "it's", id="escaped-quote"),
        pytest.param('"say \\"hi\\""', 'say "hi"', id="escaped-double"),
        pytest.param("'a\\\\b'", "a\\b", id="escaped-backslash"),
        pytest.param("'a\\nb'", "a\nb", id="newline-escape"),
        pytest.param("'C:\\path'", "C:\\path", id="unknown-escape-kept"),
        pytest.param("'x=y<z'", "x=y<z", id="operators-inside-string-untouched"),
        pytest.param('"it\'s"', "it's", id="other-quote"),
        pytest.param("'Ünïcödé ✓'", "Ünïcödé ✓", id="unicode"),
        pytest.param("inf", "inf", id="bare-word"),
    ],
)
def test_values(text: str, value: Any) -> None:
    leaf = _parse(f"Config('v') == {text}")
    assert leaf["value"] == (pytest.approx(value) if isinstance(value, float) else value)
    assert type(leaf["value"]) is type(value)


def test_precedence_and_binds_tighter_than_or() -> None:
    assert _parse("a == 1 and b == 1 or c == 1") == {
        "op": "OR",
        "filters": [{"op": "AND", "filters": [A, B]}, C],
    }
    assert _parse("a == 1 or b == 1 and c == 1") == {
        "op": "OR",
        "filters": [A, {"op": "AND", "filters": [B, C]}],
    }


def test_same_op_chain_is_one_node() -> None:
    assert _parse("a == 1 and b == 1 and c == 1") == {"op": "AND", "filters": [A, B, C]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "(a == 1 or b == 1) and c == 1",
            {"op": "AND", "filters": [{"op": "OR", "filters": [A, B]}, C]},
            id="or-in-and",
        ),
        pytest.param(
            "c == 1 or (a == 1 and b == 1)",
            {"op": "OR", "filters": [C, {"op": "AND", "filters": [A, B]}]},
            id="and-in-or",
        ),
        pytest.param(
            "(a == 1 or b == 1) or c == 1",
            {"op": "OR", "filters": [{"op": "OR", "filters": [A, B]}, C]},
            id="same-op-kept-nested",
        ),
        pytest.param(
            "a == 1 and (b == 1 or (c == 1 and d == 1))",
            {
                "op": "AND",
                "filters": [
                    A,
                    {"op": "OR", "filters": [B, {"op": "AND", "filters": [C, D]}]},
                ],
            },
            id="deep",
        ),
    ],
)
def test_parentheses(text: str, expected: dict[str, Any]) -> None:
    assert _parse(text) == expected


def test_whitespace_is_free() -> None:
    assert _parse("Config( 'a' )==1 and(b==1)") == {
        "op": "AND",
        "filters": [_leaf("config", "a", "=", 1), B],
    }
    assert _parse("a == 1\n  and b == 1") == {"op": "AND", "filters": [A, B]}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("Metric('CreatedTimestamp') within_last 5 days", 432000, id="days"),
        pytest.param("Metric('CreatedTimestamp') within_last 1 day", 86400, id="singular"),
        pytest.param("Metric('CreatedTimestamp') within_last 2 'hours'", 7200, id="quoted"),
        pytest.param("Metric('CreatedTimestamp') within_last 1.5 Minutes", 90, id="decimal-case"),
        pytest.param("Metric('CreatedTimestamp') WITHIN_LAST 3 DAYS", 259200, id="upper"),
        pytest.param("CreatedTimestamp within_last 30 minutes", 1800, id="bare-name"),
        pytest.param("WithinLast(Metric('CreatedTimestamp'), 5, 'days')", 432000, id="call"),
        pytest.param("WithinLast(Metric('CreatedTimestamp'), 2, 'hours')", 7200, id="call-hours"),
        pytest.param("WithinLast(Metric('CreatedTimestamp'), 30, 'minute')", 1800, id="call-min"),
    ],
)
def test_within_last(text: str, seconds: int) -> None:
    assert _parse(text) == _leaf("run", "createdAt", "WITHINSECONDS", seconds)


def test_within_last_combined() -> None:
    tree = _parse("Metric('CreatedTimestamp') within_last 5 days and State == 'finished'")
    assert tree["op"] == "AND"
    assert [leaf["op"] for leaf in tree["filters"]] == ["WITHINSECONDS", "="]


def test_within_last_section_is_not_checked() -> None:
    leaf = _parse("Config('CreatedTimestamp') within_last 1 days")
    assert leaf == _leaf("config", "CreatedTimestamp", "WITHINSECONDS", 86400)


@pytest.mark.parametrize(
    ("text", "message", "op"),
    [
        pytest.param(
            "Summary('a') < 1",
            r"contains '<' operator which is being mapped to '<=' for platform consistency",
            "<=",
            id="lt",
        ),
        pytest.param(
            "Summary('a') > 1",
            r"contains '>' operator which is being mapped to '>=' for platform consistency",
            ">=",
            id="gt",
        ),
    ],
)
def test_strict_comparisons_warn(text: str, message: str, op: str) -> None:
    with pytest.warns(UserWarning, match=message):
        assert _parse(text)["op"] == op


def test_both_strict_comparisons_warn_once() -> None:
    with pytest.warns(UserWarning, match="'<' and/or '>' operators which are being mapped") as rec:
        _parse("Summary('a') < 1 and Summary('b') > 2")
    assert len(rec) == 1


def test_non_strict_comparisons_and_literals_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _parse("Config('a') <= 1 and Config('b') == '<x>'")["filters"][1]["value"] == "<x>"


def test_string_to_tree_is_the_parser() -> None:
    assert string_to_tree("a == 1") == A


def test_mapping_warning_points_at_the_caller() -> None:
    with pytest.warns(UserWarning, match="mapped to '<='") as record:
        string_to_tree("Summary('a') < 1")
    assert record[0].filename == __file__
