"""``POST /files/<entity>/<project>/<run>/file_stream``: what a running run streams.

The body (protocol.md §4.1) is ``{"files": {name: {"offset": N, "content": [line, ...]}},
"uploaded": [...], "complete": bool, "exitcode": int}``. ``offset`` is the line index of
the first content line, so a chunk sent again lands on the same lines: nothing is
counted twice. Files:

* ``wandb-history.jsonl``: one logged row per line, into the history store;
* ``wandb-summary.json``: the whole current summary (it replaces the stored one);
* ``wandb-events.jsonl``: system metrics samples; the latest becomes the run's
  ``system_metrics`` and every sample goes to the history store under
  ``<history key>/events``;
* ``output.log``: console lines, written into the run's ``output.log`` at their offsets.

``complete`` with ``exitcode`` ends the run: ``finished`` for 0, ``crashed`` otherwise.
The whole body is checked before anything is written, so a bad chunk changes nothing:
every line must be JSON (lists and objects nested at most ``history.MAX_DEPTH`` levels
in a history value) and no offset may start more than ``history.MAX_OFFSET_GAP`` lines
past what its file holds. Each file's write is all or nothing (a full disk included).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wandb_workspaces import wire as _json

from ...history import MAX_DEPTH, HistoryStore, InvalidHistoryError, check_offset_gap, too_deep
from ...store import Store
from ...store.models import RunRecord
from ...store.runs import state_for_exit
from .files import RunFiles

__all__ = ["BadFileStream", "FileStreamBody", "apply_file_stream", "parse_file_stream"]

logger = logging.getLogger("panelbank.server")

HISTORY = "wandb-history.jsonl"
SUMMARY = "wandb-summary.json"
EVENTS = "wandb-events.jsonl"
OUTPUT = "output.log"


class BadFileStream(ValueError):
    """A file_stream body the server cannot use; the message says where and why."""


@dataclasses.dataclass(frozen=True)
class FileStreamBody:
    """A checked body: parsed rows per file, and how the run ends (if it does)."""

    history: tuple[int, list[dict[str, Any]]] | None = None
    summary: dict[str, Any] | None = None
    events: tuple[int, list[dict[str, Any]]] | None = None
    output: tuple[int, list[str]] | None = None
    complete: bool = False
    exitcode: int | None = None


def _loads(data: bytes | str, where: str) -> Any:
    try:
        return _json.loads(data)  # orjson: fast, but no NaN
    except (ValueError, RecursionError):
        pass
    try:
        return json.loads(data)  # Python's json writes NaN and Infinity; read them too
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadFileStream(f"{where} is not valid JSON ({exc})") from None
    except RecursionError:
        raise BadFileStream(
            f"{where} nests lists or objects too deeply to read; send values nested at most "
            "a few levels deep (flatten them, or log them as strings)"
        ) from None


def _chunk(files: dict[str, Any], name: str) -> tuple[int, list[str]] | None:
    chunk = files.get(name)
    if chunk is None:
        return None
    where = f"files[{name!r}]"
    if not isinstance(chunk, dict):
        raise BadFileStream(f'{where} must be an object {{"offset": N, "content": [...]}}')
    offset, content = chunk.get("offset", 0), chunk.get("content", [])
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise BadFileStream(f"{where}.offset must be a line number (0 or more), not {offset!r}")
    if not isinstance(content, list) or not all(isinstance(line, str) for line in content):
        raise BadFileStream(f"{where}.content must be a list of strings (one per line)")
    return offset, content


def _rows(files: dict[str, Any], name: str) -> tuple[int, list[dict[str, Any]]] | None:
    chunk = _chunk(files, name)
    if chunk is None:
        return None
    offset, content = chunk
    rows = []
    for index, line in enumerate(content):
        where = f"files[{name!r}].content[{index}] (line {offset + index})"
        row = _loads(line, where)
        if not isinstance(row, dict):
            raise BadFileStream(f"{where} must be a JSON object, not {type(row).__name__}")
        for key, value in row.items():
            if isinstance(value, dict | list) and too_deep(value):
                raise BadFileStream(
                    f"{where}: the value of {key!r} nests lists or objects more than "
                    f"{MAX_DEPTH} levels deep; flatten it, or log it as a string"
                )
        rows.append(row)
    return offset, rows


def parse_file_stream(body: bytes) -> FileStreamBody:
    """Check and parse a body; :class:`BadFileStream` says what is wrong."""
    payload = _loads(body, "the request body")
    if not isinstance(payload, dict):
        raise BadFileStream(
            'the request body must be a JSON object {"files": {...}, "complete": ..., '
            f'"exitcode": ...}}, not {type(payload).__name__}'
        )
    files = payload.get("files", {})
    files = {} if files is None else files
    if not isinstance(files, dict):
        raise BadFileStream('"files" must be an object mapping file names to chunks')
    summary = _rows(files, SUMMARY)
    exitcode = payload.get("exitcode")
    if exitcode is not None and (not isinstance(exitcode, int) or isinstance(exitcode, bool)):
        raise BadFileStream(f'"exitcode" must be an integer or null, not {exitcode!r}')
    return FileStreamBody(
        history=_rows(files, HISTORY),
        # every line is the whole summary; the last one is the current state
        summary=summary[1][-1] if summary and summary[1] else None,
        events=_rows(files, EVENTS),
        output=_chunk(files, OUTPUT),
        complete=payload.get("complete") is True,
        exitcode=exitcode,
    )


def apply_file_stream(
    store: Store,
    history: HistoryStore,
    files: RunFiles,
    run: RunRecord,
    body: FileStreamBody,
) -> RunRecord:
    """Write a parsed body into the store, the history store and the run's files.

    :class:`BadFileStream` (nothing written) for an offset too far past its file's end
    or rows the history store refuses; an ``OSError`` (disk full) leaves each file as it
    was before the write that failed.
    """
    output = files.path(run.entity, run.project, run.name, OUTPUT)
    _check_gaps(history, files, run, body, output)
    line_count: int | None = None
    if body.history is not None and body.history[1]:
        offset, rows = body.history
        try:
            line_count = history.append(run.history_key, rows, offset=offset)
        except InvalidHistoryError as exc:
            raise BadFileStream(str(exc)) from None
    system_metrics = None
    if body.events is not None and body.events[1]:
        offset, samples = body.events
        system_metrics = samples[-1]
        _store_events(history, run, offset, samples)
    if body.output is not None and body.output[1]:
        offset, lines = body.output
        size = files.write_lines(output, offset, lines)
        store.add_run_file(run.entity, run.project, run.name, OUTPUT, size)
    return store.update_run(
        run.entity,
        run.project,
        run.name,
        summary=body.summary,
        system_metrics=system_metrics,
        history_line_count=line_count,
        state=state_for_exit(body.exitcode or 0) if body.complete else None,
        exitcode=body.exitcode if body.complete else None,
    )


def _check_gaps(
    history: HistoryStore, files: RunFiles, run: RunRecord, body: FileStreamBody, output: Path
) -> None:
    """Refuse the body before anything is written if an offset opens too large a gap."""
    events = f"{run.history_key}/events"
    chunks = ((HISTORY, body.history), (EVENTS, body.events), (OUTPUT, body.output))
    for name, chunk in chunks:
        if chunk is None or not chunk[1]:
            continue
        if name == OUTPUT:
            count = files.line_count(output)
        else:
            count = history.line_count(run.history_key if name == HISTORY else events)
        try:
            check_offset_gap(f"files[{name!r}]", chunk[0], count)
        except InvalidHistoryError as exc:
            raise BadFileStream(str(exc)) from None


def _store_events(
    history: HistoryStore, run: RunRecord, offset: int, samples: Sequence[dict[str, Any]]
) -> None:
    # samples carry _timestamp and _runtime but no _step: the line number serves as one
    rows = [{"_step": offset + index, **sample} for index, sample in enumerate(samples)]
    try:
        history.append(f"{run.history_key}/events", rows, offset=offset)
    except (ValueError, OSError):  # system metrics are a bonus; the latest is kept anyway
        logger.warning("could not store system metrics of run %s", run.name, exc_info=True)
