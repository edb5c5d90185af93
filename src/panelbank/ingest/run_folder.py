"""Folding ``.wandb`` records into one run: metadata, config, summary, history, exit.

Plain Python data out (:class:`RunData`), so the store, the HTTP replay and the tests all
consume the same thing. The rules follow what the SDK meant by each record:

* ``run``: metadata and the initial config; a later ``run`` record (a rename, new tags)
  overrides the fields it sets.
* ``config``: ``update[]`` then ``remove[]``; an item's ``key`` replaces that top-level
  key, a ``nested_key`` path sets (or removes) one leaf inside nested dicts.
* ``summary``: incremental ``update[]``/``remove[]`` in the same way; the result is the
  whole summary (``define_metric(summary="min")`` gives ``{"loss": {"min": ...}}``).
* ``history``: one row per record; ``nested_key`` paths are flattened with ``"."``
  (``nested.a``), ``value_json`` is parsed (``NaN`` and ``Infinity`` included), ``_step``
  comes from the items or else ``step.num``.
* ``stats``: one system-metrics sample per record, keys as in ``wandb-events.jsonl``
  (``system.<name>``, ``_timestamp``, ``_runtime``).
* ``output_raw`` / ``output``: console lines. ``environment``: merged machine metadata.
* ``exit``: exit code 0 gives state ``finished``, anything else ``crashed``.

A log without an ``exit`` record (the process was killed, the machine died, or the file
was cut) gives state ``crashed`` with exit code None: W&B itself shows a run whose
heartbeat stopped as crashed, and ``failed`` is kept for runs the server fails on purpose.
Importing the file again once the run has finished updates the state.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from ..history import MAX_DEPTH, too_deep
from . import _schema

__all__ = ["OutputLine", "RunData", "fold_run", "history_rows", "value_problem"]


@dataclasses.dataclass(frozen=True)
class OutputLine:
    """One console write: ``stream`` is ``stdout`` or ``stderr``; ``timestamp`` in seconds."""

    stream: str
    timestamp: float | None
    text: str


@dataclasses.dataclass
class RunData:
    """A run as plain data. ``config`` holds plain values (``{"lr": 0.01}``); the store's
    ``{"lr": {"value": 0.01}}`` form is made when writing (:func:`stored_config`)."""

    run_id: str
    entity: str = ""
    project: str = ""
    display_name: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    notes: str | None = None
    group: str | None = None
    job_type: str | None = None
    host: str | None = None
    program: str | None = None
    commit: str | None = None
    sweep: str | None = None
    start_time: float | None = None
    #: a log written by ``wandb.init(resume=...)`` continues an earlier log of the run,
    #: from this step on (its earlier steps live in that log)
    resumed: bool = False
    starting_step: int = 0
    config: dict[str, Any] = dataclasses.field(default_factory=dict)
    summary: dict[str, Any] = dataclasses.field(default_factory=dict)
    history: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    history_count: int = 0
    system_metrics: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    output: list[OutputLine] = dataclasses.field(default_factory=list)
    environment: dict[str, Any] = dataclasses.field(default_factory=dict)
    exit_code: int | None = None
    runtime: float | None = None
    producer: str | None = None

    @property
    def state(self) -> str:
        """``finished`` (exit code 0) or ``crashed`` (non-zero, or no exit record)."""
        return "finished" if self.exit_code == 0 else "crashed"

    def console_lines(self) -> list[str]:
        """The console output as ``output.log`` lines: writes joined and split at
        newlines, each line prefixed with the ISO time of its first write (as the SDK
        writes ``output.log``)."""
        lines: list[str] = []
        text, started = "", None
        for write in self.output:
            started = write.timestamp if not text else started
            text += write.text
            *done, text = text.split("\n")
            lines.extend(_stamped(started, line) for line in done)
            started = write.timestamp
        if text:
            lines.append(_stamped(started, text))
        return lines


def _stamped(timestamp: float | None, line: str) -> str:
    if timestamp is None:
        return line
    stamp = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)
    return f"{stamp.replace(tzinfo=None).isoformat(timespec='microseconds')} {line}"


def _path(item: Any) -> list[str]:
    return list(item.nested_key) if item.nested_key else [item.key]


def _loads(text: str) -> Any:
    # json.loads reads NaN, Infinity and -Infinity, which the SDK writes for floats.
    return json.loads(text) if text else None


_CONTAINERS = (dict, list)


def _value_items(record: Any) -> Iterable[Any]:
    """The ``key``/``value_json`` items of a record (none for kinds without values)."""
    kind = record.WhichOneof("record_type")
    if kind in ("history", "stats"):
        return getattr(record, kind).item  # type: ignore[no-any-return]
    if kind in ("config", "summary"):
        return getattr(record, kind).update  # type: ignore[no-any-return]
    if kind == "run":
        return [*record.run.config.update, *record.run.summary.update]
    return ()


def value_problem(record: Any) -> str | None:
    """What is wrong with a record's values, or None: a ``value_json`` that is not JSON,
    or that nests lists or objects more than ``history.MAX_DEPTH`` levels (the run's
    history, config and summary could not be stored or served back).

    Such a record is skipped as a whole, like one that is not a protobuf ``Record``.
    """
    for item in _value_items(record):
        text = item.value_json
        if not text:
            continue
        try:
            value = orjson.loads(text)  # fast; fails on NaN and Infinity
        except orjson.JSONDecodeError:
            try:
                value = json.loads(text)
            except ValueError as exc:
                return f"the value_json of {_name(item)} is not valid JSON ({exc})"
            except RecursionError:
                return f"the value_json of {_name(item)} nests lists or objects too deeply to read"
        if isinstance(value, _CONTAINERS) and too_deep(value):
            return (
                f"the value_json of {_name(item)} nests lists or objects more than "
                f"{MAX_DEPTH} levels deep"
            )
    return None


def _name(item: Any) -> str:
    return repr(".".join(_path(item)))


def _set_path(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[path[-1]] = value


def _remove_path(target: dict[str, Any], path: Sequence[str]) -> None:
    for part in path[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            return
        target = child
    target.pop(path[-1], None)


def _apply(target: dict[str, Any], message: Any) -> None:
    """A ConfigRecord or SummaryRecord: ``update[]`` then ``remove[]``."""
    for item in message.update:
        _set_path(target, _path(item), _loads(item.value_json))
    for item in message.remove:
        _remove_path(target, _path(item))


def _seconds(timestamp: Any) -> float | None:
    if not timestamp.seconds and not timestamp.nanos:
        return None
    return float(timestamp.seconds) + float(timestamp.nanos) / 1e9


def history_row(history: Any) -> dict[str, Any]:
    """One ``HistoryRecord`` as a row: flattened keys, parsed values, ``_step``."""
    row = {".".join(_path(item)): _loads(item.value_json) for item in history.item}
    if "_step" not in row and history.HasField("step"):
        row["_step"] = history.step.num
    return row


def history_rows(records: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Only the history rows of a record stream (for writing them in batches)."""
    for record in records:
        if record.WhichOneof("record_type") == "history":
            yield history_row(record.history)


class _Folder:
    def __init__(self, keep_history: bool) -> None:
        self.run = RunData(run_id="")
        self.keep_history = keep_history

    def add(self, record: Any) -> None:
        kind = record.WhichOneof("record_type")
        handler = getattr(self, f"on_{kind}", None)
        if handler is not None:
            handler(getattr(record, kind))

    def on_header(self, header: Any) -> None:
        self.run.producer = header.version_info.producer or None

    def on_run(self, message: Any) -> None:
        run = self.run
        run.run_id = message.run_id or run.run_id
        run.entity = message.entity or run.entity
        run.project = message.project or run.project
        run.display_name = message.display_name or run.display_name
        run.tags = list(message.tags) or run.tags
        run.notes = message.notes or run.notes
        run.group = message.run_group or run.group
        run.job_type = message.job_type or run.job_type
        run.host = message.host or run.host
        run.sweep = message.sweep_id or run.sweep
        run.commit = message.git.commit or run.commit
        run.start_time = _seconds(message.start_time) or run.start_time
        run.resumed = bool(message.resumed) or run.resumed
        run.starting_step = int(message.starting_step) or run.starting_step
        _apply(run.config, message.config)
        _apply(run.summary, message.summary)

    def on_config(self, message: Any) -> None:
        _apply(self.run.config, message)

    def on_summary(self, message: Any) -> None:
        _apply(self.run.summary, message)

    def on_history(self, message: Any) -> None:
        self.run.history_count += 1
        if self.keep_history:
            self.run.history.append(history_row(message))

    def on_stats(self, message: Any) -> None:
        sample = {f"system.{item.key}": _loads(item.value_json) for item in message.item}
        timestamp = _seconds(message.timestamp)
        if timestamp is not None:
            sample["_timestamp"] = timestamp
            if self.run.start_time is not None:
                sample["_runtime"] = timestamp - self.run.start_time
        self.run.system_metrics.append(sample)

    def on_output_raw(self, message: Any) -> None:
        stream = "stderr" if message.output_type == 0 else "stdout"
        self.run.output.append(OutputLine(stream, _seconds(message.timestamp), message.line))

    on_output = on_output_raw  # the record type of older SDKs, same fields

    def on_environment(self, message: Any) -> None:
        found = _schema.message_to_dict(message)
        found.pop("_info", None)
        self.run.environment.update(found)
        self.run.program = message.program or self.run.program
        self.run.host = self.run.host or message.host or None

    def on_exit(self, message: Any) -> None:
        self.run.exit_code = message.exit_code
        self.run.runtime = float(message.runtime) if message.runtime else None


def fold_run(records: Iterable[Any], *, keep_history: bool = True) -> RunData:
    """Fold a stream of ``Record`` messages into one :class:`RunData`.

    With ``keep_history=False`` rows are only counted (``history_count``); read them
    again with :func:`history_rows` to write a long run without holding it in memory.

    >>> from panelbank.ingest import WandbFile
    >>> run = fold_run(WandbFile.open("run-9l9ykq91.wandb").records())  # doctest: +SKIP
    >>> run.config["lr"], run.state  # doctest: +SKIP
    (0.01, 'finished')
    """
    folder = _Folder(keep_history)
    for record in records:
        folder.add(record)
    return folder.run
