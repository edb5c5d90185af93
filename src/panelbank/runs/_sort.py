"""Sorting runs by keys, as the W&B app's runs table does.

Runs without a value (missing, null, NaN) come last in either direction. Values of
different kinds order numbers and times first, then strings, then booleans, then
anything else (by its JSON text). Ties are broken by the run name, so every order is
total and pages are stable.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from ..store.models import RunRecord
from ._fields import MISSING, Key, KeysInfo, value_of

__all__ = ["SortKey", "sort_runs"]


@dataclasses.dataclass(frozen=True)
class SortKey:
    key: Key
    ascending: bool = True


def _rank(value: Any) -> tuple[int, Any] | None:
    """(kind, comparable) for a value, or None for no value."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, bool):
        return 2, value
    if isinstance(value, (int, float)):
        return None if math.isnan(value) else (0, value)
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return 0, aware.timestamp()
    if isinstance(value, str):
        return 1, value
    return 3, json.dumps(value, sort_keys=True, default=str)


def _cmp(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def sort_runs(
    runs: Sequence[RunRecord], keys: Sequence[SortKey], *, keys_info: KeysInfo | None = None
) -> list[RunRecord]:
    """``runs`` ordered by ``keys`` (first key first), then by name."""
    decorated = [
        ([_rank(value_of(run, sk.key, keys_info)) for sk in keys], run.name, run) for run in runs
    ]

    def compare(
        left: tuple[list[Any], str, RunRecord], right: tuple[list[Any], str, RunRecord]
    ) -> int:
        for sort_key, a, b in zip(keys, left[0], right[0], strict=True):
            if a is None or b is None:
                if a is None and b is None:
                    continue
                return 1 if a is None else -1  # no value last, either direction
            order = _cmp(a, b)
            if order:
                return order if sort_key.ascending else -order
        return _cmp(left[1], right[1])

    decorated.sort(key=functools.cmp_to_key(compare))
    return [run for _, _, run in decorated]
