"""Filter trees and their evaluation on runs: one evaluator for every filter syntax.

The public API's MongoDB-style filters (``mongo.py``) and a view spec's v2 or legacy
filters (``runset.py``) both compile to these nodes. Semantics (those of the W&B app
and of MongoDB, which its backend follows):

* ``=``: numbers compare as numbers (``1 == 1.0``; a bool is not a number), strings
  exactly; ``= null`` matches a null or a missing value; a list field (tags) matches
  if any element does. ``!=`` is its negation, so it matches runs without the key.
* ``< <= > >=``: numbers with numbers, strings with strings, times with ISO strings or
  epoch seconds; anything else (missing, null, NaN, other types) does not match.
* ``IN``/``NIN``: ``=`` against any value of the list, and its negation.
* ``REGEX``: a string (or any element of a list) where the pattern is found
  (``re.search``); ``EXISTS``: the run has the key (even as null).
* ``WITHINSECONDS``: a time no more than ``value`` seconds before ``now``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Union

from ..store.models import RunRecord
from ._fields import MISSING, Key, KeysInfo, value_of
from .errors import FilterError

__all__ = [
    "MAX_FILTER_DEPTH",
    "OPS",
    "AllOf",
    "AnyOf",
    "Cond",
    "Node",
    "NoneOf",
    "check_depth",
    "compare",
    "matches",
    "to_time",
]

OPS = ("=", "!=", "<", "<=", ">", ">=", "IN", "NIN", "REGEX", "EXISTS", "WITHINSECONDS")

#: how deep filter groups may nest, in every syntax: far beyond what the app writes, and
#: well within what the recursive parsers and ``matches`` can walk
MAX_FILTER_DEPTH = 32


def check_depth(depth: int, where: str) -> None:
    """Raise :class:`FilterError` at ``where`` if a group there nests too deep."""
    if depth > MAX_FILTER_DEPTH:
        raise FilterError(
            where,
            f"filter groups nest more than {MAX_FILTER_DEPTH} levels deep here; "
            "flatten the groups (AND and OR of AND groups express any filter)",
        )


@dataclasses.dataclass(frozen=True)
class Cond:
    """One condition: ``key op value``. ``value`` of REGEX is a compiled pattern."""

    key: Key
    op: str
    value: Any


@dataclasses.dataclass(frozen=True)
class AllOf:
    items: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class AnyOf:
    """True if any item is; an empty AnyOf is true (no filter), as in the W&B app."""

    items: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class NoneOf:
    items: tuple[Node, ...]


Node = Union[Cond, AllOf, AnyOf, NoneOf]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def to_time(value: Any) -> datetime | None:
    """A naive UTC time from a datetime, an ISO 8601 string or epoch seconds."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    elif _is_number(value) and math.isfinite(value):
        try:
            return datetime.fromtimestamp(value, timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _equal(actual: Any, expected: Any) -> bool:
    if expected is None:
        return actual is None or actual is MISSING
    if isinstance(actual, list) and not isinstance(expected, list):
        return any(_equal(item, expected) for item in actual)
    if isinstance(actual, datetime):
        return to_time(expected) == actual
    if _is_number(actual) and _is_number(expected):
        return bool(actual == expected)
    if isinstance(actual, bool) or isinstance(expected, bool):
        return isinstance(actual, bool) and isinstance(expected, bool) and actual == expected
    if _is_number(actual) or _is_number(expected):
        return False
    return bool(actual == expected)


def _order(actual: Any, expected: Any) -> tuple[Any, Any] | None:
    """Both sides as comparable values, or None when they cannot be ordered."""
    if isinstance(actual, datetime):
        moment = to_time(expected)
        return None if moment is None else (actual, moment)
    if _is_number(actual) and _is_number(expected):
        if math.isnan(actual) or math.isnan(expected):
            return None
        return actual, expected
    if isinstance(actual, str) and isinstance(expected, str):
        return actual, expected
    return None


def _regex(actual: Any, pattern: re.Pattern[str]) -> bool:
    if isinstance(actual, list):
        return any(_regex(item, pattern) for item in actual)
    return isinstance(actual, str) and pattern.search(actual) is not None


def compare(actual: Any, op: str, expected: Any, *, now: datetime | None = None) -> bool:
    """Whether a run's value ``actual`` satisfies ``op expected`` (see the module doc)."""
    if op == "=":
        return _equal(actual, expected)
    if op == "!=":
        return not _equal(actual, expected)
    if op in ("<", "<=", ">", ">="):
        pair = _order(actual, expected)
        if pair is None:
            return False
        left, right = pair
        if op == "<":
            return bool(left < right)
        if op == "<=":
            return bool(left <= right)
        if op == ">":
            return bool(left > right)
        return bool(left >= right)
    if op == "IN":
        return any(_equal(actual, item) for item in expected)
    if op == "NIN":
        return not any(_equal(actual, item) for item in expected)
    if op == "REGEX":
        return _regex(actual, expected)
    if op == "EXISTS":
        return (actual is not MISSING) == bool(expected)
    if op == "WITHINSECONDS":
        if not isinstance(actual, datetime) or not _is_number(expected):
            return False
        moment = now or datetime.now(timezone.utc).replace(tzinfo=None)
        return bool(actual >= moment - timedelta(seconds=expected))
    raise ValueError(f"unknown operator {op!r}")  # the parsers only build OPS


def matches(
    node: Node, run: RunRecord, *, keys_info: KeysInfo | None = None, now: datetime | None = None
) -> bool:
    """Whether ``run`` passes the filter tree ``node``."""
    if isinstance(node, Cond):
        return compare(value_of(run, node.key, keys_info), node.op, node.value, now=now)
    results = (matches(item, run, keys_info=keys_info, now=now) for item in node.items)
    if isinstance(node, AllOf):
        return all(results)
    if isinstance(node, AnyOf):
        return not node.items or any(results)
    return not any(results)


def select(
    runs: Sequence[RunRecord],
    node: Node,
    *,
    keys_info: KeysInfo | None = None,
    now: datetime | None = None,
) -> list[RunRecord]:
    """The runs that pass ``node``, in their order."""
    return [run for run in runs if matches(node, run, keys_info=keys_info, now=now)]
