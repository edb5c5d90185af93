"""A page of rows from one or more parsed tables: filtered, sorted and paged without
copying the tables' rows.

Each :class:`Table` computes, once and when first asked, what a filter or sort reads of
it (a column's sort keys, a column's text, a row's text); the order of the rows a
filter and sort pick is kept for the last few requests (:data:`ORDERS_KEPT`), so paging
through a sorted table of 200,000 rows costs a page, not a sort.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from ..errors import ApiError

__all__ = ["Source", "Table", "select", "united"]

ORDERS_KEPT = 32
_EMPTY = (3, 0)


def sort_key(value: Any) -> tuple[int, Any]:
    """Numbers, then text, then anything else (as JSON text), then empty cells."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _EMPTY
    if isinstance(value, bool):
        return (1, str(value).casefold())
    if isinstance(value, (int, float)):
        return (0, float(value))
    if isinstance(value, str):
        return (1, value.casefold())
    return (2, orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode())


def cell_text(value: Any) -> str:
    """What a filter matches a cell by: its text; a media cell by caption and path."""
    if isinstance(value, str):
        return value.casefold()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        return " ".join(str(value.get(k, "")) for k in ("caption", "path", "_type")).casefold()
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY).decode().casefold()


@dataclasses.dataclass(eq=False)
class Table:
    """A parsed table file: column names and rows (each as long as the columns)."""

    columns: list[str]
    rows: list[list[Any]]
    _keys: dict[int, list[tuple[int, Any]]] = dataclasses.field(default_factory=dict)
    _texts: dict[int, list[str]] = dataclasses.field(default_factory=dict)
    _row_texts: list[str] | None = None

    def sort_keys(self, column: int) -> list[tuple[int, Any]]:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [sort_key(row[column]) for row in self.rows]
        return keys

    def texts(self, column: int) -> list[str]:
        texts = self._texts.get(column)
        if texts is None:
            texts = self._texts[column] = [cell_text(row[column]) for row in self.rows]
        return texts

    def row_texts(self) -> list[str]:
        if self._row_texts is None:
            columns = [self.texts(i) for i in range(len(self.columns))]
            self._row_texts = ["\x00".join(parts) for parts in zip(*columns, strict=True)]
            if not columns:
                self._row_texts = [""] * len(self.rows)
        return self._row_texts


@dataclasses.dataclass(frozen=True)
class Source:
    """One table in a request: who it belongs to (a run, an artifact version) and, for
    each of the request's columns, where that column is in the table (None: not there)."""

    label: str
    table: Table
    at: tuple[int | None, ...]


def united(tables: Sequence[tuple[str, Table]]) -> tuple[list[str], list[Source]]:
    """The columns of all the tables (in first-seen order) and each table as a Source."""
    columns: list[str] = []
    for _, table in tables:
        columns.extend(name for name in table.columns if name not in columns)
    sources = []
    for label, table in tables:
        where = {name: i for i, name in enumerate(table.columns)}
        sources.append(Source(label, table, tuple(where.get(name) for name in columns)))
    return columns, sources


Row = tuple[str, int, list[Any]]  # (label, index in its table, cells in the request's columns)

_orders: OrderedDict[tuple[Any, ...], tuple[tuple[Table, ...], list[tuple[int, int]]]] = (
    OrderedDict()
)
_orders_lock = threading.Lock()


def _cells(source: Source, index: int) -> list[Any]:
    row = source.table.rows[index]
    return [None if i is None else row[i] for i in source.at]


def _matching(source: Source, needle: str, column: int | None) -> list[int]:
    if column is None:
        texts = source.table.row_texts()
    else:
        at = source.at[column]
        if at is None:
            return []
        texts = source.table.texts(at)
    return [i for i, text in enumerate(texts) if needle in text]


def _order(
    sources: Sequence[Source], sort: int | None, desc: bool, text: str, column: int | None
) -> list[tuple[int, int]]:
    picked = [
        (s, i)
        for s, source in enumerate(sources)
        for i in (
            _matching(source, text.casefold(), column) if text else range(len(source.table.rows))
        )
    ]
    if sort is None:
        return picked
    keys: list[list[tuple[int, Any]] | None] = []
    for source in sources:
        at = source.at[sort]
        keys.append(None if at is None else source.table.sort_keys(at))

    def key(pair: tuple[int, int]) -> tuple[int, Any]:
        found = keys[pair[0]]
        return _EMPTY if found is None else found[pair[1]]

    filled = [pair for pair in picked if key(pair)[0] < 3]
    empty = [pair for pair in picked if key(pair)[0] == 3]  # empty cells last, either way
    filled.sort(key=key, reverse=desc)
    return filled + empty


def select(
    columns: Sequence[str],
    sources: Sequence[Source],
    *,
    offset: int,
    limit: int,
    sort: str | None = None,
    desc: bool = False,
    text: str | None = None,
    column: str | None = None,
) -> tuple[int, list[Row]]:
    """(how many rows match ``text``, the page of them at ``offset``, sorted by ``sort``)."""
    for name in (sort, column):
        if name is not None and name not in columns:
            raise ApiError(
                400,
                "invalid_request",
                f"The table has no column {name!r}; its columns are {list(columns)}.",
            )
    if not text and sort is None:  # the tables one after the other: only the page is read
        total = sum(len(s.table.rows) for s in sources)
        page: list[Row] = []
        skip = offset
        for source in sources:
            size = len(source.table.rows)
            if skip >= size:
                skip -= size
                continue
            for index in range(skip, min(size, skip + limit - len(page))):
                page.append((source.label, index, _cells(source, index)))
            skip = 0
            if len(page) >= limit:
                break
        return total, page
    sort_at = None if sort is None else list(columns).index(sort)
    column_at = None if column is None else list(columns).index(column)
    tables = tuple(s.table for s in sources)
    cache_key = (
        tuple((s.label, id(s.table), s.at) for s in sources),
        sort_at,
        desc,
        text or "",
        column_at,
    )
    with _orders_lock:
        kept = _orders.get(cache_key)
        if kept is not None and all(a is b for a, b in zip(kept[0], tables, strict=True)):
            _orders.move_to_end(cache_key)
            order = kept[1]
        else:
            kept = None
    if kept is None:
        order = _order(sources, sort_at, desc, text or "", column_at)
        with _orders_lock:
            _orders[cache_key] = (tables, order)
            while len(_orders) > ORDERS_KEPT:
                _orders.popitem(last=False)
    window = order[offset : offset + limit]
    return len(order), [(sources[s].label, i, _cells(sources[s], i)) for s, i in window]
