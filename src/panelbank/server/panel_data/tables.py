"""``POST /api/v1/{entity}/{project}/tables``: a logged table, a page at a time.

Body: ``{"runs": [names], "key": "predictions", "offset": 0, "limit": 50, "sort":
"column", "desc": false, "filter": "text", "filterColumn": "column"}``. ``key`` names
a summary value ``{"_type": "table-file", "path": ...}`` in each run (what
``run.log({"predictions": wandb.Table(...)})`` leaves); ``path`` instead of ``key``
names the table file directly (a value from history). The runs' rows are concatenated
in the order named (columns united by name), filtered (``filter``: case-insensitive
text in any cell, or in ``filterColumn``), sorted (numbers, then text, then the rest,
empty cells last; stable) and paged. Answer::

    {"columns": [...], "total": 123, "offset": 0, "limit": 50,
     "rows": [{"run": "abc", "index": 7, "cells": [...]}], "missing": ["run-b"]}

``missing`` lists the runs that logged no such table. Cells are given as logged (a
media cell is its ``{"_type": "image-file", "path": ...}`` reference).

A table file of an artifact version instead: ``{"artifact": "eval:v3", "path":
"scores.table.json", ...}`` (no ``runs``); its rows' ``run`` is the version's name.

Why a parsed copy in memory and not a streaming parse: the SDK caps a table logged to a
run at 10,000 rows (``wandb.Table.MAX_ROWS``) and writes it as one JSON document, so a
sort or a filter must see every row anyway. Each file is parsed once (orjson), capped
at :data:`MAX_TABLE_BYTES`, and kept in a small cache keyed by its path, size and
modification time (at most :data:`CACHE_BYTES` of source files), so paging through a
table reads the file once; a response never holds more than :data:`MAX_LIMIT` rows.
Filtering and sorting (:mod:`._select`) read the cached rows in place and keep the
order they chose, so the next page of a sorted table is a slice. ``bench/panel_tables.py``
(20 runs of 10,000 rows, in-process): the first page 0.5 s (parsing), then 9 ms; a sort
0.3 s, its next page 10 ms; a filter 0.6 s the first time, 30 ms once the text is known.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...blobs import BlobError, open_blob_store
from ...store.models import RunRecord
from ..api import store_of
from ..api_runs import encoded_response
from ..artifacts.files import b64_to_hex
from ..errors import ApiError
from ..limits import read_json
from ._common import body_int, body_names, body_text, file_of, runs_named
from ._select import Table, select, united
from .artifacts import find_version

__all__ = ["MAX_TABLE_BYTES", "Table", "artifact_table", "read_table", "tables_route"]

MAX_TABLE_BYTES = 64 * 1024 * 1024  # one table file
CACHE_BYTES = 256 * 1024 * 1024  # table files kept parsed
MAX_RUNS = 100
MAX_LIMIT = 10_000  # rows in one page: wandb.Table.MAX_ROWS, what a chart reads at once
TABLE_TYPES = ("table-file", "table")


class _Cache:
    """Parsed tables by (path, size, mtime), least recently used out past CACHE_BYTES."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, int, int], tuple[int, Table]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int, int]) -> Table | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: tuple[str, int, int], size: int, table: Table) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (size, table)
            self._bytes += size
            while self._bytes > CACHE_BYTES and len(self._items) > 1:
                _, (old, _) = self._items.popitem(last=False)
                self._bytes -= old


_CACHE = _Cache()


def _parse(data: bytes, where: str) -> Table:
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ApiError(422, "unreadable_table", f"{where} is not JSON ({exc}).") from None
    columns = parsed.get("columns") if isinstance(parsed, dict) else None
    rows = parsed.get("data") if isinstance(parsed, dict) else None
    if not isinstance(columns, list) or not isinstance(rows, list):
        raise ApiError(
            422,
            "unreadable_table",
            f'{where} is not a wandb.Table file: it needs {{"columns": [...], "data": [[...]]}}.',
        )
    names = [str(column) for column in columns]
    width = len(names)
    shaped = [
        row
        if isinstance(row, list) and len(row) == width
        else (
            [*row, *[None] * width][:width]
            if isinstance(row, list)
            else [row, *[None] * width][:width]
        )
        for row in rows
    ]
    return Table(names, shaped)


def read_table(path: Path, where: str) -> Table:
    """The table in the file at ``path`` (``where`` names it in errors), parsed once."""
    try:
        stat = path.stat()
    except OSError:
        raise ApiError(
            404,
            "not_found",
            f"{where} has not reached the server (yet): the run names it, but the file was "
            "not uploaded.",
        ) from None
    if stat.st_size > MAX_TABLE_BYTES:
        raise _too_large(where, stat.st_size)
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    table = _CACHE.get(key)
    if table is None:
        table = _parse(path.read_bytes(), where)
        _CACHE.put(key, stat.st_size, table)
    return table


def _too_large(where: str, size: int) -> ApiError:
    return ApiError(
        413,
        "table_too_large",
        f"{where} is {size} bytes; tables up to {MAX_TABLE_BYTES} bytes are read. "
        "Log a smaller table (wandb.Table.MAX_ROWS rows are kept by the SDK anyway).",
    )


def artifact_table(request: Request, name: str, path: str) -> Table:
    """The table file ``path`` of the artifact version ``name``, parsed once."""
    entity, project = request.path_params["entity"], request.path_params["project"]
    where = f"{name}/{path}"
    entry = find_version(request, entity, project, name).contents.get(path)
    if not isinstance(entry, Mapping):
        raise ApiError(
            404,
            "not_found",
            f"Artifact {name!r} has no file {path!r}; GET /api/v1/{entity}/{project}/"
            f"artifacts/{name} lists its files.",
        )
    digest = entry.get("digest")
    md5 = b64_to_hex(digest) if isinstance(digest, str) and not entry.get("ref") else None
    if md5 is None:
        raise ApiError(
            422,
            "unreadable_table",
            f"{where} is a reference to a file elsewhere; only files stored here are read.",
        )
    size = entry.get("size")
    size = size if isinstance(size, int) and not isinstance(size, bool) else 0
    if size > MAX_TABLE_BYTES:
        raise _too_large(where, size)
    key = (f"blob:{md5}", size, 0)
    table = _CACHE.get(key)
    if table is None:
        chunks, read = [], 0
        try:
            for chunk in open_blob_store(request.app.state.settings).iter_bytes(md5):
                read += len(chunk)
                if read > MAX_TABLE_BYTES:
                    raise _too_large(where, read)
                chunks.append(chunk)
        except BlobError:
            raise ApiError(404, "not_found", f"{where} was not uploaded to the server.") from None
        table = _parse(b"".join(chunks), where)
        _CACHE.put(key, read, table)
    return table


def table_path(run: RunRecord, key: str) -> str | None:
    """The file a run's summary value ``key`` names, None when the run has no table there."""
    value = run.summary.get(key)
    if not isinstance(value, Mapping) or value.get("_type") not in TABLE_TYPES:
        return None
    path = value.get("path")
    return path if isinstance(path, str) and path else None


def _sources(
    request: Request, body: Mapping[str, Any]
) -> tuple[str | None, str | None, list[tuple[str, Table]], list[str]]:
    """(key, path, the tables by the run or version they come from, runs without one)."""
    artifact, path = body_text(body, "artifact"), body_text(body, "path")
    if artifact is not None:
        if path is None or body.get("runs") is not None or body.get("key") is not None:
            raise ApiError(
                400,
                "invalid_request",
                'A table of an artifact is named by "artifact" and "path" (its file), '
                'without "runs" or "key".',
            )
        return None, path, [(artifact, artifact_table(request, artifact, path))], []
    entity, project = request.path_params["entity"], request.path_params["project"]
    names = body_names(body, "runs", MAX_RUNS)
    key = body_text(body, "key")
    if (key is None) == (path is None):
        raise ApiError(
            400,
            "invalid_request",
            'Name the table by "key" (a summary key holding a wandb.Table) or by "path" '
            "(its file in the run), one of the two.",
        )
    found: list[tuple[str, Table]] = []
    missing: list[str] = []
    for run in runs_named(store_of(request), entity, project, names):
        file_name = path if path is not None else table_path(run, str(key))
        if file_name is None:
            missing.append(run.name)
            continue
        where = f"{run.name}/{file_name}"
        found.append((run.name, read_table(file_of(request, run, file_name), where)))
    return key, path, found, missing


def _gather(request: Request, body: Mapping[str, Any]) -> dict[str, Any]:
    key, path, found, missing = _sources(request, body)
    offset = body_int(body, "offset", 0, 0, 10_000_000)
    limit = body_int(body, "limit", 50, 1, MAX_LIMIT)
    desc = body.get("desc", False)
    if not isinstance(desc, bool):
        raise ApiError(400, "invalid_request", f'"desc" must be true or false, not {desc!r}.')
    columns, sources = united(found)
    total, page = select(
        columns,
        sources,
        offset=offset,
        limit=limit,
        sort=body_text(body, "sort"),
        desc=desc,
        text=body_text(body, "filter"),
        column=body_text(body, "filterColumn"),
    )
    return {
        "key": key,
        "path": path,
        "columns": columns,
        "total": total,
        "offset": offset,
        "limit": limit,
        "rows": [{"run": label, "index": index, "cells": cells} for label, index, cells in page],
        "missing": missing,
    }


async def tables_route(request: Request) -> Response:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_request", 'Send {"runs": [...], "key": "...", "offset": 0, "limit": 50}.'
        )
    answer = await run_in_threadpool(_gather, request, body)
    return await run_in_threadpool(encoded_response, answer)
