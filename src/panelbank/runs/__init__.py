"""Runs of a project filtered, sorted and grouped with the W&B app's semantics.

Two inputs, one evaluator: the public API's MongoDB-style ``filters`` and ``order``
(:func:`parse_filters`, :func:`parse_order`) and a view spec's run set
(:func:`apply_run_set`). Pure functions over :class:`panelbank.store.models.RunRecord`
records; the server's GraphQL resolvers and JSON routes both call them::

    >>> from panelbank.runs import parse_filters, parse_order, query_runs
    >>> page = query_runs(runs, filters={"state": "finished"}, order="-summary_metrics.acc")
"""

from __future__ import annotations

from ..store.models import RunRecord
from ._fields import MISSING, Key, KeysInfo, value_of
from ._match import AllOf, AnyOf, Cond, Node, NoneOf, compare, matches, select
from ._sort import SortKey, sort_runs
from .errors import FilterError, OrderError, RunQueryError, RunSetError
from .mongo import parse_filters, parse_order
from .runset import (
    Group,
    RunSetQuery,
    RunSetResult,
    apply_run_set,
    group_runs,
    parse_run_set,
    parse_view_filters,
)

__all__ = [
    "MISSING",
    "AllOf",
    "AnyOf",
    "Cond",
    "FilterError",
    "Group",
    "Key",
    "KeysInfo",
    "Node",
    "NoneOf",
    "OrderError",
    "RunQueryError",
    "RunSetError",
    "RunSetQuery",
    "RunSetResult",
    "SortKey",
    "apply_run_set",
    "compare",
    "group_runs",
    "matches",
    "parse_filters",
    "parse_order",
    "parse_run_set",
    "parse_view_filters",
    "query_runs",
    "select",
    "sort_runs",
    "value_of",
]


def query_runs(
    runs: list[RunRecord],
    *,
    filters: object = None,
    order: str | None = None,
    keys_info: KeysInfo | None = None,
) -> list[RunRecord]:
    """``runs`` that pass the public API's ``filters``, sorted by ``order``."""
    kept = select(runs, parse_filters(filters), keys_info=keys_info)
    return sort_runs(kept, parse_order(order), keys_info=keys_info)
