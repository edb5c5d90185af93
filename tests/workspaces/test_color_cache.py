"""The colour checks remember what they accepted; a remembered answer is the full check's.

``validate_color`` (run and group colours) and ``check_stored_color`` (colours a stored
spec holds) keep the values their full check accepted, so the next check of a palette
colour is a set lookup. Each property checks values cold (the full check), then warm,
also with a set so small that it is cleared on the way, and compares the outcomes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wandb_workspaces import _colors

_HEX_DIGITS = "0123456789abcdefABCDEFgG"
colors = (
    st.text(max_size=12)
    | st.text(_HEX_DIGITS, min_size=0, max_size=9).map(lambda digits: "#" + digits)
    | st.sampled_from(sorted(_colors.CSS_COLOR_NAMES))
    | st.sampled_from(["RED", "rgb(1, 2, 3)", "rgba(255,0,0,.5)", "rgb(256, 0, 0)", "url(x)"])
    | st.builds(
        "rgb({}, {}, {})".format,
        st.integers(0, 300),
        st.integers(0, 300),
        st.integers(0, 300),
    )
)
LIMITS = [pytest.param(_colors._Accepted.LIMIT, id="default-limit"), pytest.param(2, id="tiny")]


@contextmanager
def fresh(limit: int) -> Iterator[None]:
    saved = [
        (accepted.values.copy(), accepted.LIMIT) for accepted in (_colors._VALID, _colors._STORED)
    ]
    for accepted in (_colors._VALID, _colors._STORED):
        accepted.values.clear()
        accepted.LIMIT = limit
    try:
        yield
    finally:
        for accepted, (values, size) in zip((_colors._VALID, _colors._STORED), saved, strict=True):
            accepted.values.clear()
            accepted.values.update(values)
            accepted.LIMIT = size


def _validated(value: str) -> Any:
    try:
        return _colors.validate_color(value)
    except ValueError as exc:
        return ("refused", str(exc))


@pytest.mark.parametrize("limit", LIMITS)
@given(values=st.lists(colors, max_size=6))
def test_a_remembered_colour_gets_the_full_checks_answer(limit: int, values: list[str]) -> None:
    with fresh(limit):
        cold = [(_validated(value), _colors.check_stored_color(value)) for value in values]
        for _ in range(2):
            warm = [(_validated(value), _colors.check_stored_color(value)) for value in values]
            assert warm == cold


@given(values=st.lists(colors, max_size=6))
def test_known_stored_colours_are_those_the_check_accepted(values: list[Any]) -> None:
    with fresh(_colors._Accepted.LIMIT):
        assert _colors.stored_colors_known(values) is (not values)
        accepted = all(_colors.check_stored_color(value) is None for value in values)
        assert _colors.stored_colors_known(values) is accepted


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([{"a": 1}], id="unhashable"),
        pytest.param([1], id="a-number"),
        pytest.param([None], id="null"),
    ],
)
def test_other_stored_values_are_not_known(values: list[Any]) -> None:
    assert _colors.stored_colors_known(values) is False


def test_only_plain_strings_are_remembered() -> None:
    class Text(str):
        pass

    with fresh(_colors._Accepted.LIMIT):
        _colors.validate_color(Text("#ffffff"))
        _colors.check_stored_color(Text("#ffffff"))
        assert not _colors._VALID.values
        assert not _colors._STORED.values
