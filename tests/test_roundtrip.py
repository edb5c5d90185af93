"""copy_json: a deep copy of JSON data, exact for every value a spec can hold."""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import pytest

from wandb_workspaces._roundtrip import copy_json


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value, {"k": 1}]
    return value


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"a": [1, 2.5, None, True, "s"], "b": {"c": [{"d": []}] * 40}}, id="json"),
        pytest.param({"big": 10**40, "neg": -(2**63) - 1, 1: "int key"}, id="big-ints"),
        pytest.param({"kept": OrderedDict(a=[1])}, id="dict-subclass"),  # not marshal's
        pytest.param(_nested(600), id="deep"),
    ],
)
def test_the_copy_is_equal_and_shares_no_container(value: Any) -> None:
    copied = copy_json(value)
    assert copied == value
    stack = [(copied, value)]
    while stack:
        mine, theirs = stack.pop()
        if isinstance(theirs, (dict, list)):
            assert mine is not theirs
            if isinstance(theirs, dict):
                stack.extend(zip(mine.values(), theirs.values(), strict=True))
            else:
                stack.extend(zip(mine, theirs, strict=True))


def test_floats_are_kept_exactly() -> None:
    copied = copy_json({"values": [math.nan, math.inf, -0.0, 0.1] * 20})
    values = copied["values"]
    assert math.isnan(values[0]) and values[1] == math.inf
    assert math.copysign(1, values[2]) == -1 and values[3] == 0.1


def test_a_dict_subclass_keeps_its_type() -> None:
    copied = copy_json({"kept": OrderedDict(a=[1]), "list": [[1]] * 40})
    assert type(copied["kept"]) is OrderedDict
