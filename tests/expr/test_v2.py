"""Trees to v2 JSON, v2 to strings, and the vectors' run-set filters."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from wandb_workspaces.errors import SpecValidationError
from wandb_workspaces.expr import (
    And,
    Config,
    FilterExpr,
    Metric,
    Or,
    Summary,
    Tags,
    filters_to_string,
    is_filter_v2,
    items_to_tree,
    legacy_tree_to_v2,
    string_to_v2,
    tree_to_v2,
    v2_to_string,
)

Loader = Callable[[str], dict[str, Any]]
V2 = "filterV2"


def _leaf(name: str, value: Any = 1, section: str = "config", op: str = "=") -> dict[str, Any]:
    return {"key": {"section": section, "name": name}, "op": op, "value": value, "disabled": False}


def _item(name: str, connector: str | None = None, value: Any = 1) -> dict[str, Any]:
    item = _leaf(name, value)
    if connector:
        item["connector"] = connector
    return item


A, B, C, D = (_leaf(name) for name in "abcd")

# -- the vectors --------------------------------------------------------------------------

_OBJECTS: dict[str, Any] = {
    "filters_all_ops": [
        Config("a") == 1,
        Config("b") != "x",
        Summary("c") <= 2.5,
        Summary("d") >= -1,
        Config("e").isin([1, 2, 3]),
        Config("f").notin(["u", "v"]),
    ],
    "filters_list_basic": [
        Summary("accuracy") >= 0.95,
        Config("learning_rate") == 0.001,
        Metric("State") == "finished",
    ],
    "filters_nested": And(
        Or(Config("lr") == 0.01, Config("lr") == 0.1), Metric("State") == "finished"
    ),
    "filters_or": Or(Config("learning_rate") == 0.01, Config("learning_rate") == 0.1),
}

_STRINGS = {
    "filters_all_ops": (
        "Config('a') == 1 and Config('b') != 'x' and Summary('c') <= 2.5 and "
        "Summary('d') >= -1 and Config('e') in [1, 2, 3] and Config('f') not in ['u', 'v']"
    ),
    "filters_list_basic": (
        "SummaryMetric('accuracy') >= 0.95 and Config('learning_rate') == 0.001 "
        "and State == 'Finished'"
    ),
    "filters_nested": "(Config('lr') == 0.01 or Config('lr') == 0.1) and State == finished",
    "filters_or": "Config('learning_rate') == 0.01 or Config('learning_rate') == 0.1",
    "filters_string": (
        "SummaryMetric('accuracy') >= 0.95 and Config('learning_rate') = 0.001 and "
        "Metric('State') == 'finished'"
    ),
}

_RENDERED = {
    "filters_all_ops": (
        'Config("a") == 1 and Config("b") != \'x\' and SummaryMetric("c") <= 2.5 and '
        'SummaryMetric("d") >= -1 and Config("e") in [1, 2, 3] and '
        "Config(\"f\") not in ['u', 'v']"
    ),
    "filters_list_basic": (
        'SummaryMetric("accuracy") >= 0.95 and Config("learning_rate") == 0.001 and '
        "Metric(\"State\") == 'finished'"
    ),
    "filters_nested": (
        '(Config("lr") == 0.01 or Config("lr") == 0.1) and Metric("State") == \'finished\''
    ),
    "filters_or": 'Config("learning_rate") == 0.01 or Config("learning_rate") == 0.1',
}


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in _OBJECTS])
def test_vector_from_objects(name: str, vector_filters: Loader) -> None:
    value = _OBJECTS[name]
    items = value if isinstance(value, list) else [value]
    assert tree_to_v2(items_to_tree(items)) == vector_filters(name)
    # The workspace path: objects -> string (RunsetSettings) -> v2 at save.
    text = filters_to_string(value)
    assert text == _RENDERED[name]
    assert string_to_v2(text) == vector_filters(name)


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in _STRINGS])
def test_vector_from_strings(name: str, vector_filters: Loader) -> None:
    assert string_to_v2(_STRINGS[name]) == vector_filters(name)


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in _STRINGS])
def test_vector_round_trip(name: str, vector_filters: Loader) -> None:
    v2 = vector_filters(name)
    text = v2_to_string(v2)
    assert string_to_v2(text) == v2
    assert v2_to_string(string_to_v2(text)) == text


def test_vector_leaf_key_order(vector_filters: Loader) -> None:
    items = string_to_v2(_STRINGS["filters_all_ops"])["filters"]
    assert list(items[0]) == ["key", "op", "value", "disabled"]
    assert list(items[1]) == ["key", "op", "value", "disabled", "connector"]
    assert list(string_to_v2("")) == ["filterFormat", "filters"]


# -- tree -> v2 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tree", "items"),
    [
        pytest.param({"op": "AND", "filters": []}, [], id="empty"),
        pytest.param(
            {"op": "OR", "filters": [{"op": "AND", "filters": []}]}, [], id="legacy-empty"
        ),
        pytest.param(A, [A], id="leaf"),
        pytest.param(
            {"op": "OR", "filters": [{"op": "AND", "filters": [A, B]}, C]},
            [A, _item("b", "AND"), _item("c", "OR")],
            id="and-in-or-inlined",
        ),
        pytest.param(
            {"op": "AND", "filters": [A, {"op": "OR", "filters": [B, C]}]},
            [A, {"filters": [B, _item("c", "OR")], "connector": "AND"}],
            id="or-in-and-grouped",
        ),
        pytest.param(
            {"op": "OR", "filters": [A, {"op": "OR", "filters": [B, C]}]},
            [A, _item("b", "OR"), _item("c", "OR")],
            id="same-op-flattened",
        ),
        pytest.param(
            {"op": "AND", "filters": [{"op": "OR", "filters": [A, B]}]},
            [A, _item("b", "OR")],
            id="lone-group-unwrapped",
        ),
        pytest.param(
            {"op": "AND", "filters": [A, {"op": "OR", "filters": [B]}]},
            [A, _item("b", "AND")],
            id="one-item-group-inlined",
        ),
        pytest.param(
            {
                "op": "AND",
                "filters": [A, {"key": None, "op": "=", "value": 1}, {"key": {"name": ""}}],
            },
            [A],
            id="keyless-and-nameless-dropped",
        ),
        pytest.param(
            {"op": "AND", "filters": [A, {"op": "OR", "filters": []}, B]},
            [A, _item("b", "AND")],
            id="empty-group-skipped",
        ),
    ],
)
def test_tree_to_v2(tree: dict[str, Any], items: list[Any]) -> None:
    assert tree_to_v2(tree) == {"filterFormat": V2, "filters": items}


def test_nested_groups_raise() -> None:
    tree = {
        "op": "AND",
        "filters": [
            A,
            {
                "op": "OR",
                "filters": [B, {"op": "AND", "filters": [C, {"op": "OR", "filters": [D, A]}]}],
            },
        ],
    }
    with pytest.raises(ValueError, match="Nested groups deeper than 1 level are not supported"):
        tree_to_v2(tree)
    with pytest.raises(SpecValidationError, match="Use a single level of grouping"):
        string_to_v2("a == 1 and (b == 1 or c == 1 and (d == 1 or a == 1))")


@pytest.mark.parametrize(
    ("text", "connectors"),
    [
        pytest.param("a == 1 or (b == 1 and c == 1)", [None, "OR", "AND"], id="or-and"),
        pytest.param("(a == 1 or b == 1) or c == 1", [None, "OR", "OR"], id="same-op"),
        pytest.param("a == 1 and b == 1 or c == 1", [None, "AND", "OR"], id="precedence"),
    ],
)
def test_string_to_v2_is_flat(text: str, connectors: list[str | None]) -> None:
    items = string_to_v2(text)["filters"]
    assert [item.get("connector") for item in items] == connectors


def test_string_to_v2_group() -> None:
    items = string_to_v2("a == 1 and (b == 1 or c == 1)")["filters"]
    assert items[1]["connector"] == "AND"
    assert [item.get("connector") for item in items[1]["filters"]] == [None, "OR"]


def test_legacy_tree_keeps_disabled_flags_and_defaults() -> None:
    legacy = {
        "op": "OR",
        "filters": [
            {
                "op": "AND",
                "filters": [
                    {
                        "key": {"section": "run", "name": "state"},
                        "op": "=",
                        "value": "x",
                        "disabled": True,
                    },
                    {"key": {"section": "config", "name": "lr.value"}, "op": ">=", "value": 1},
                    {"key": {"name": "acc"}, "op": "<=", "value": 2, "disabled": False},
                ],
            }
        ],
    }
    before = copy.deepcopy(legacy)
    assert legacy_tree_to_v2(legacy)["filters"] == [
        {"key": {"section": "run", "name": "state"}, "op": "=", "value": "x", "disabled": True},
        {
            "key": {"section": "config", "name": "lr.value"},
            "op": ">=",
            "value": 1,
            "connector": "AND",
        },
        {
            "key": {"section": "summary", "name": "acc"},
            "op": "<=",
            "value": 2,
            "disabled": False,
            "connector": "AND",
        },
    ]
    assert legacy == before


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        pytest.param({"op": "AND", "filters": "x"}, "expected a list of objects", id="filters"),
        pytest.param({"op": "AND", "filters": [{"key": "x"}]}, "expected an object", id="key"),
        pytest.param([], "invalid filter tree", id="not-a-dict"),
    ],
)
def test_legacy_tree_validation(tree: Any, message: str) -> None:
    with pytest.raises(SpecValidationError, match=message):
        legacy_tree_to_v2(tree)


# -- v2 -> string -------------------------------------------------------------------------


def _v2(*items: Any) -> dict[str, Any]:
    return {"filterFormat": V2, "filters": list(items)}


@pytest.mark.parametrize(
    ("v2", "text"),
    [
        pytest.param(_v2(), "", id="empty"),
        pytest.param({"filterFormat": V2}, "", id="no-list"),
        pytest.param(_v2(A, _item("b", "AND")), 'Config("a") == 1 and Config("b") == 1', id="and"),
        pytest.param(_v2(A, _item("b", "OR")), 'Config("a") == 1 or Config("b") == 1', id="or"),
        pytest.param(
            _v2(A, _item("b", "AND"), _item("c", "OR")),
            'Config("a") == 1 and Config("b") == 1 or Config("c") == 1',
            id="and-then-or",
        ),
        pytest.param(
            _v2(A, {"filters": [B, _item("c", "OR")], "connector": "AND"}),
            'Config("a") == 1 and (Config("b") == 1 or Config("c") == 1)',
            id="group",
        ),
        pytest.param(
            _v2(
                {"key": {"section": "run", "name": ""}, "op": "=", "value": 1, "disabled": True},
                _item("b", "AND"),
            ),
            'Config("b") == 1',
            id="nameless-skipped-no-dangling-connector",
        ),
        pytest.param(_v2({"filters": []}, _item("b", "OR")), 'Config("b") == 1', id="empty-group"),
        pytest.param(
            _v2({**A, "disabled": True}), 'Config("a") == 1', id="disabled-rendered-anyway"
        ),
        pytest.param(
            _v2({"key": {"name": "x"}, "value": "v"}), "Metric(\"x\") == 'v'", id="defaults"
        ),
        pytest.param(_v2({"op": "=", "value": 1}), "", id="no-key"),
        pytest.param(
            _v2(
                {
                    "key": {"section": "run", "name": "createdAt"},
                    "op": "WITHINSECONDS",
                    "value": 432000,
                }
            ),
            'Metric("CreatedTimestamp") within_last 5 days',
            id="within-last",
        ),
        pytest.param(
            _v2(
                {
                    "key": {"section": "run", "name": "createdAt"},
                    "op": "WITHINSECONDS",
                    "value": 5400.0,
                }
            ),
            'Metric("CreatedTimestamp") within_last 90 minutes',
            id="within-last-minutes",
        ),
        pytest.param(
            _v2({"key": {"section": "run", "name": "tags"}, "op": "IN", "value": ["a-b", "c"]}),
            "Metric(\"Tags\") in ['a-b', 'c']",
            id="in",
        ),
        pytest.param(
            _v2({"key": {"section": "run", "name": "state"}, "op": "NIN", "value": ["x"]}),
            "Metric(\"State\") not in ['x']",
            id="not-in",
        ),
        pytest.param(
            _v2({"key": {"section": "weird", "name": "x"}, "op": "LIKE", "value": None}),
            "x LIKE None",
            id="unknown-section-and-op",
        ),
        pytest.param(
            _v2(_leaf("n", "it's"), _leaf("m", "a\\b") | {"connector": "AND"}),
            "Config(\"n\") == 'it\\'s' and Config(\"m\") == 'a\\\\b'",
            id="escaped",
        ),
        pytest.param(_v2(_leaf('q"', 1)), 'Config("q\\"") == 1', id="escaped-name"),
        pytest.param(
            _v2(_leaf("a", 1e-05), _leaf("b", True) | {"connector": "AND"}),
            'Config("a") == 1e-05 and Config("b") == True',
            id="python-str-values",
        ),
        pytest.param(_v2(_leaf("displayName", 1)), 'Config("Name") == 1', id="fe-name-everywhere"),
    ],
)
def test_v2_to_string(v2: dict[str, Any], text: str) -> None:
    assert v2_to_string(v2) == text


def test_real_world_v2_payload() -> None:
    payload = _v2(
        {
            "filters": [
                {"key": {"section": "run", "name": ""}, "op": "=", "value": "", "disabled": True},
                {
                    "key": {"section": "config", "name": "learning_rate.value"},
                    "op": ">=",
                    "value": 0.001,
                },
            ],
            "disabled": False,
        },
        {
            "key": {"section": "run", "name": "state"},
            "op": "=",
            "value": "finished",
            "connector": "AND",
        },
    )
    text = v2_to_string(payload)
    assert text == '(Config("learning_rate.value") >= 0.001) and Metric("State") == \'finished\''
    assert string_to_v2(text)["filters"][0]["key"] == {
        "section": "config",
        "name": "learning_rate.value",
    }


def test_v2_to_string_rejects_garbage() -> None:
    with pytest.raises(SpecValidationError, match=r"filters\.filters\[0\]: expected an object"):
        v2_to_string(_v2("x"))
    with pytest.raises(SpecValidationError, match="needs a number of seconds"):
        v2_to_string(_v2({"key": {"section": "run", "name": "createdAt"}, "op": "WITHINSECONDS"}))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param({"filterFormat": "filterV2", "filters": []}, True, id="v2"),
        pytest.param({"op": "OR", "filters": []}, False, id="legacy"),
        pytest.param("filterV2", False, id="string"),
        pytest.param(None, False, id="none"),
    ],
)
def test_is_filter_v2(value: Any, expected: bool) -> None:
    assert is_filter_v2(value) is expected


# -- user values -> strings ---------------------------------------------------------------


def test_filters_to_string_returns_strings_verbatim() -> None:
    assert filters_to_string("not even parsed ((") == "not even parsed (("


def test_filters_to_string_list_renders_leaves_as_given() -> None:
    text = filters_to_string(
        [
            Metric("State") == "Finished",
            Tags().isin(["a"]),
            Metric("CreatedTimestamp").within_last(90, "minutes"),
            Config("n") == None,  # noqa: E711
        ]
    )
    assert text == (
        "Metric(\"State\") == 'Finished' and Metric(\"Tags\") in ['a'] and "
        'Metric("CreatedTimestamp") within_last 90 minutes and Config("n") == None'
    )


def test_filters_to_string_single_and_empty() -> None:
    assert filters_to_string(Config("a") == 1) == 'Config("a") == 1'
    assert filters_to_string([]) == ""


def test_filters_to_string_or_and() -> None:
    assert filters_to_string(Or(Metric("State") == "Finished", Config("x") == "it")) == (
        "Metric(\"State\") == 'finished' or Config(\"x\") == 'it'"
    )
    assert filters_to_string(Or(And(Config("a") == 1, Config("b") == 2), Config("c") == 3)) == (
        'Config("a") == 1 and Config("b") == 2 or Config("c") == 3'
    )


def test_filters_to_string_list_with_combinators_is_anded() -> None:
    text = filters_to_string([Config("a") == 1, Or(Config("b") == 2, Config("c") == 3)])
    assert text == 'Config("a") == 1 and (Config("b") == 2 or Config("c") == 3)'


def test_filters_to_string_too_deep() -> None:
    deep = And(
        Config("a") == 1,
        Or(Config("b") == 1, And(Config("c") == 1, Or(Config("d") == 1, Config("e") == 1))),
    )
    with pytest.raises(SpecValidationError, match="Nested groups deeper than 1 level"):
        filters_to_string(deep)


def test_filters_to_string_rejects_other_values() -> None:
    with pytest.raises(SpecValidationError, match="filters must be a string, a filter such as"):
        filters_to_string(42)  # type: ignore[arg-type]


def test_filters_to_string_emits_no_warning() -> None:
    # Warnings are errors in this test suite; the official DeprecationWarning is not emitted.
    assert isinstance(filters_to_string([Config("a") == 1]), str)
    assert isinstance(Config("a") == 1, FilterExpr)
