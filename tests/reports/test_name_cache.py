"""The cached metric-name conversions of the history family give what the converters give.

``history_to_wire`` / ``history_from_wire`` and their list forms remember the conversion
of each ``str`` name (``_families._NameCache``); the uncached converters
(``_history_to_wire`` / ``_history_from_wire``) stay the one source of truth. Each
property converts names twice (a miss, then a hit), also with a cache so small that it
is cleared on the way, and compares values and types with the converters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wandb_workspaces.reports.v2 as wr
from wandb_workspaces._names import BE_TO_FE, FE_TO_BE
from wandb_workspaces.reports.v2 import _families

_PIECES = ["", ".", "config.", ".value", "summary.", "summary_metrics.", "a", "b.c", "_step"]
names = (
    st.text(max_size=8)
    | st.sampled_from(sorted(FE_TO_BE) + sorted(BE_TO_FE))
    | st.lists(st.sampled_from(_PIECES), max_size=4).map("".join)
)
metrics = (
    names
    | st.builds(wr.Metric, names)
    | st.builds(wr.Config, names)
    | st.builds(wr.SummaryMetric, names)
)
stored = names | st.none() | st.integers() | st.lists(names, max_size=2)


def _typed(value: Any) -> Any:
    """``value`` with its type (and that of a metric's name), to compare exactly."""
    if isinstance(value, list):
        return [_typed(item) for item in value]
    name = getattr(value, "name", None)
    return (type(value), value, type(name))


LIMITS = [
    pytest.param(_families._NameCache.LIMIT, id="default-limit"),
    pytest.param(2, id="tiny-cache"),
]


@contextmanager
def fresh_caches(limit: int) -> Iterator[None]:
    """Empty caches of ``limit`` names (a tiny one is cleared while names are converted)."""
    caches = (_families._HISTORY_TO_WIRE, _families._HISTORY_FROM_WIRE)
    saved = [(cache.found.copy(), cache.LIMIT) for cache in caches]
    for cache in caches:
        cache.found.clear()
        cache.LIMIT = limit
    try:
        yield
    finally:
        for cache, (found, size) in zip(caches, saved, strict=True):
            cache.found.clear()
            cache.found.update(found)
            cache.LIMIT = size


@pytest.mark.parametrize("limit", LIMITS)
@given(values=st.lists(metrics, max_size=6))
def test_to_wire_matches_the_converter(limit: int, values: list[Any]) -> None:
    expected = [_families._history_to_wire(value) for value in values]
    with fresh_caches(limit):
        for _ in range(2):
            one_by_one = [_families.history_to_wire(value) for value in values]
            assert _typed(one_by_one) == _typed(expected)
            assert _typed(_families.histories_to_wire(values)) == _typed(expected)


@pytest.mark.parametrize("limit", LIMITS)
@given(values=st.lists(stored, max_size=6))
def test_from_wire_matches_the_converter(limit: int, values: list[Any]) -> None:
    expected = [_families._history_from_wire(value) for value in values]
    with fresh_caches(limit):
        for _ in range(2):
            one_by_one = [_families.history_from_wire(value) for value in values]
            assert _typed(one_by_one) == _typed(expected)
            assert _typed(_families.histories_from_wire(values)) == _typed(expected)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="null"),
        pytest.param([], id="empty"),
        pytest.param("ab", id="a-string-iterates"),
        pytest.param(("_step", "a"), id="a-tuple"),
    ],
)
def test_a_stored_list_of_another_shape_reads_as_before(value: Any) -> None:
    expected = [_families._history_from_wire(item) for item in value or []]
    assert _typed(_families.histories_from_wire(value)) == _typed(expected)


def test_only_plain_strings_are_cached() -> None:
    class Name(str):
        pass

    _families.history_from_wire(Name("_step"))
    _families.history_to_wire(wr.Metric("Step"))
    assert all(type(key) is str for key in _families._HISTORY_FROM_WIRE.found)
    assert all(type(key) is str for key in _families._HISTORY_TO_WIRE.found)
