"""A view spec's run set (``section.runSets[0]``) applied to runs: search, filters,
sort, grouping and the hidden (deselected) runs, as the W&B app shows them.

::

    >>> result = apply_run_set(runs, spec["section"]["runSets"][0])
    >>> [run.name for run in result.runs], [g.values for g in result.groups]

* ``search {"query", "isRegex"}``: runs whose display name contains the query, case
  insensitive; with ``isRegex`` the query is a regular expression found anywhere in
  the display name, also case insensitive.
* ``filters``: the v2 flat list (``connector`` joins item *k* to item *k-1*; AND binds
  before OR; one level of parenthesised groups) or the legacy nested tree. Disabled
  items and groups are skipped, and so are leaves with no key name, or with a null
  value under an operator other than ``=``/``!=`` (the app's half-edited filters).
  Operators ``= == != < <= > >= IN NIN WITHINSECONDS``; sections run, config, summary,
  tags, keys_info (see ``_match`` for the comparison rules).
* ``sort.keys``: in order, ``createdAt`` descending when there are none.
* ``grouping``: one level per key; groups come in the order of their first run.
* ``selections.tree``: run ids the user deselected (hidden in panels, still listed).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..store.models import RunRecord
from ._fields import MISSING, SECTIONS, Key, KeysInfo, value_of
from ._match import AllOf, AnyOf, Cond, Node, check_depth, select
from ._sort import SortKey, sort_runs
from .errors import FilterError, OrderError, RunSetError, suggest

__all__ = [
    "Group",
    "RunSetQuery",
    "RunSetResult",
    "apply_run_set",
    "parse_run_set",
    "parse_view_filters",
]

_VIEW_OPS = {
    "=": "=",
    "==": "=",
    "!=": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "IN": "IN",
    "NIN": "NIN",
    "WITHINSECONDS": "WITHINSECONDS",
}
NO_FILTER: Node = AllOf(())
DEFAULT_SORT = (SortKey(Key("run", "createdAt"), ascending=False),)


@dataclasses.dataclass(frozen=True)
class RunSetQuery:
    """A run set, read: what to keep, how to order and group it, what is hidden."""

    search: str = ""
    is_regex: bool = False
    filters: Node = NO_FILTER
    sort: tuple[SortKey, ...] = DEFAULT_SORT
    grouping: tuple[Key, ...] = ()
    hidden: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class Group:
    """Runs sharing one value per grouping key (None for runs without the key)."""

    values: tuple[Any, ...]
    runs: tuple[RunRecord, ...]


@dataclasses.dataclass(frozen=True)
class RunSetResult:
    runs: list[RunRecord]  # filtered and sorted
    groups: list[Group]  # empty without grouping keys
    hidden: frozenset[str]  # names of listed runs that are deselected
    total: int  # runs before search and filters


# -- reading ------------------------------------------------------------------------------
def _key(raw: Any, where: str) -> Key:
    if not isinstance(raw, Mapping):
        raise FilterError(where, f'expected {{"section": ..., "name": ...}}, got {raw!r}')
    section = raw.get("section", "summary")  # the official models' default
    if section not in SECTIONS:
        raise FilterError(
            f"{where}.section",
            f"unknown section {section!r}{suggest(str(section), SECTIONS)}; "
            f"valid: {', '.join(SECTIONS)}",
        )
    return Key(str(section), str(raw.get("name") or ""))


def _leaf(item: Mapping[str, Any], where: str) -> Node | None:
    key = _key(item.get("key"), f"{where}.key")
    raw_op = item.get("op", "=")
    op = _VIEW_OPS.get(raw_op) if isinstance(raw_op, str) else None
    if op is None:
        raise FilterError(
            f"{where}.op",
            f"unknown operator {raw_op!r}{suggest(str(raw_op), _VIEW_OPS)}; "
            f"valid: {', '.join(_VIEW_OPS)}",
        )
    value = item.get("value")
    if not key.name or (value is None and op not in ("=", "!=")):
        return None
    if op in ("IN", "NIN") and not isinstance(value, list):
        raise FilterError(f"{where}.value", f"{op} expects a list of values, got {value!r}")
    if key.section == "tags":
        if op in ("IN", "NIN"):
            return Cond(Key("run", "tags"), op, value)
        return Cond(key, op, value is not False)  # the app writes true/false: has the tag
    if key == Key("run", "state"):
        value = (
            [v.lower() if isinstance(v, str) else v for v in value]
            if isinstance(value, list)
            else (value.lower() if isinstance(value, str) else value)
        )
    return Cond(key, op, value)


def _active(item: Any, where: str) -> bool:
    if not isinstance(item, Mapping):
        raise FilterError(where, f"expected a filter object, got {item!r}")
    return not item.get("disabled")


def _v2_items(items: Any, where: str, depth: int) -> Node:
    if not isinstance(items, list):
        raise FilterError(where, f"expected a list of filters, got {items!r}")
    chunks: list[list[Node]] = []
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        if not _active(item, here):
            continue
        if item.get("key") is None and isinstance(item.get("filters"), list):
            if depth >= 1:
                raise FilterError(here, "groups nest one level deep at most")
            group = _v2_items(item["filters"], f"{here}.filters", depth + 1)
            node: Node | None = None if group == AllOf(()) else group
        else:
            node = _leaf(item, here)
        if node is None:
            continue
        connector = str(item.get("connector") or "AND").upper()
        if connector not in ("AND", "OR"):
            raise FilterError(f"{here}.connector", f"expected AND or OR, got {connector!r}")
        if not chunks or connector == "OR":
            chunks.append([node])
        else:
            chunks[-1].append(node)
    alternatives = [chunk[0] if len(chunk) == 1 else AllOf(tuple(chunk)) for chunk in chunks]
    if not alternatives:
        return AllOf(())
    return alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))


def _legacy(node: Any, where: str, depth: int = 0) -> Node | None:
    check_depth(depth, where)
    if not _active(node, where):
        return None
    if node.get("key") is not None:
        return _leaf(node, where)
    children = node.get("filters") or []
    if not isinstance(children, list):
        raise FilterError(f"{where}.filters", f"expected a list, got {children!r}")
    op = str(node.get("op", "OR")).upper()
    if op not in ("AND", "OR"):
        raise FilterError(f"{where}.op", f"a group's op is AND or OR, not {op!r}")
    items = [
        parsed
        for index, child in enumerate(children)
        if (parsed := _legacy(child, f"{where}.filters[{index}]", depth + 1)) is not None
    ]
    if not items:
        return None
    return AllOf(tuple(items)) if op == "AND" else AnyOf(tuple(items))


def parse_view_filters(filters: Any, where: str = "filters") -> Node:
    """The filter tree of a run set's ``filters`` (v2 dict, legacy tree, or absent)."""
    if filters is None:
        return AllOf(())
    if isinstance(filters, Mapping) and filters.get("filterFormat") == "filterV2":
        return _v2_items(filters.get("filters") or [], f"{where}.filters", 0)
    if isinstance(filters, Mapping):
        return _legacy(filters, where) or AllOf(())
    raise FilterError(where, f"expected a filterV2 object or a filter tree, got {filters!r}")


def _sort(raw: Any, where: str) -> tuple[SortKey, ...]:
    keys = raw.get("keys") if isinstance(raw, Mapping) else None
    if not keys:
        return DEFAULT_SORT
    if not isinstance(keys, list):
        raise OrderError(f"{where}.keys", f"expected a list of sort keys, got {keys!r}")
    out = []
    for index, entry in enumerate(keys):
        here = f"{where}.keys[{index}]"
        if not isinstance(entry, Mapping):
            raise OrderError(here, f'expected {{"key": ..., "ascending": ...}}, got {entry!r}')
        try:
            key = _key(entry.get("key"), f"{here}.key")
        except FilterError as exc:
            raise OrderError(exc.where, exc.problem) from None
        out.append(SortKey(key, bool(entry.get("ascending", False))))
    return tuple(out)


def _hidden(selections: Any) -> frozenset[str]:
    tree = selections.get("tree") if isinstance(selections, Mapping) else None
    hidden: set[str] = set()
    for node in tree if isinstance(tree, list) else []:
        if isinstance(node, str):
            hidden.add(node)
        elif isinstance(node, Mapping):
            hidden.update(c for c in node.get("children") or [] if isinstance(c, str))
    return frozenset(hidden)


def parse_run_set(run_set: Mapping[str, Any], where: str = "runSet") -> RunSetQuery:
    """Read a run set's JSON; raises :class:`RunQueryError` subclasses with the path."""
    if not isinstance(run_set, Mapping):
        raise RunSetError(where, f"expected a run set object, got {run_set!r}")
    search = run_set.get("search") or {}
    if not isinstance(search, Mapping):
        raise RunSetError(f"{where}.search", f'expected {{"query": ...}}, got {search!r}')
    grouping = run_set.get("grouping") or []
    if not isinstance(grouping, list):
        raise RunSetError(f"{where}.grouping", f"expected a list of keys, got {grouping!r}")
    try:
        group_keys = tuple(_key(k, f"{where}.grouping[{i}]") for i, k in enumerate(grouping))
    except FilterError as exc:
        raise RunSetError(exc.where, exc.problem) from None
    query = str(search.get("query") or "")
    is_regex = bool(search.get("isRegex"))
    if is_regex:
        try:
            re.compile(query)
        except re.error as exc:
            raise RunSetError(
                f"{where}.search.query", f"invalid regular expression {query!r} ({exc})"
            ) from None
    return RunSetQuery(
        search=query,
        is_regex=is_regex,
        filters=parse_view_filters(run_set.get("filters"), f"{where}.filters"),
        sort=_sort(run_set.get("sort"), f"{where}.sort"),
        grouping=group_keys,
        hidden=_hidden(run_set.get("selections")),
    )


# -- applying -----------------------------------------------------------------------------
def _searched(runs: Sequence[RunRecord], query: str, is_regex: bool) -> list[RunRecord]:
    if not query:
        return list(runs)
    if is_regex:
        pattern = re.compile(query, re.IGNORECASE)
        return [run for run in runs if pattern.search(run.display_name)]
    needle = query.casefold()
    return [run for run in runs if needle in run.display_name.casefold()]


def _identity(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def group_runs(
    runs: Sequence[RunRecord], keys: Sequence[Key], *, keys_info: KeysInfo | None = None
) -> list[Group]:
    """Runs grouped by their values of ``keys``, groups in order of their first run."""
    if not keys:
        return []
    groups: dict[str, tuple[tuple[Any, ...], list[RunRecord]]] = {}
    for run in runs:
        values = tuple(
            None if (v := value_of(run, key, keys_info)) is MISSING else v for key in keys
        )
        groups.setdefault(_identity(values), (values, []))[1].append(run)
    return [Group(values, tuple(members)) for values, members in groups.values()]


def apply_run_set(
    runs: Sequence[RunRecord],
    run_set: Mapping[str, Any] | RunSetQuery,
    *,
    keys_info: KeysInfo | None = None,
    now: datetime | None = None,
) -> RunSetResult:
    """The runs a run set shows: searched, filtered, sorted, grouped."""
    query = run_set if isinstance(run_set, RunSetQuery) else parse_run_set(run_set)
    kept = _searched(runs, query.search, query.is_regex)
    kept = select(kept, query.filters, keys_info=keys_info, now=now)
    ordered = sort_runs(kept, query.sort, keys_info=keys_info)
    return RunSetResult(
        runs=ordered,
        groups=group_runs(ordered, query.grouping, keys_info=keys_info),
        hidden=frozenset(run.name for run in ordered if run.name in query.hidden),
        total=len(runs),
    )
