"""Finding run logs on disk and writing runs into the embedded store and history store.

:func:`find_run_logs` turns the paths a user gives (a ``.wandb`` file, a run folder
``wandb/run-*`` or ``wandb/offline-run-*``, a ``wandb/`` folder, or a project folder
holding ``wandb/``) into ``.wandb`` files. :func:`import_log` reads one and writes it
with :func:`write_run`, which is also how synthetic runs get into the store.

Importing is idempotent: the run is upserted by its id and its history is written from
line 0 again, so a second import updates the run and never duplicates rows.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import IngestError
from .run_folder import RunData, fold_run, history_rows
from .wandb_file import ReadReport, WandbFile

if TYPE_CHECKING:
    from panelbank.history import HistoryStore
    from panelbank.store import Store
    from panelbank.store.models import RunRecord

__all__ = [
    "DEFAULT_PROJECT",
    "ImportResult",
    "find_run_logs",
    "import_log",
    "read_run",
    "stored_config",
    "write_run",
    "write_run_file",
]

DEFAULT_PROJECT = "uncategorized"  # where W&B puts runs started without a project
HISTORY_BATCH = 1000
_RUN_DIR_PREFIXES = ("run-", "offline-run-")


def _logs_in_run_dir(folder: Path) -> list[Path]:
    return sorted(folder.glob("run-*.wandb")) or sorted(folder.glob("*.wandb"))


def _started(folder: Path) -> str:
    """Sort key of a run folder: ``run-20240101_120000-<id>`` and ``offline-run-...`` by
    their time, so the logs of a resumed run are imported in the order they were written."""
    return folder.name.removeprefix("offline-")


def _logs_under(folder: Path) -> list[Path]:
    found = _logs_in_run_dir(folder)
    if found:
        return found
    if (folder / "wandb").is_dir():
        folder = folder / "wandb"
    runs = [
        child
        for child in sorted(folder.iterdir(), key=_started)
        if child.is_dir() and not child.is_symlink() and child.name.startswith(_RUN_DIR_PREFIXES)
    ]
    return [log for child in runs for log in _logs_in_run_dir(child)]


def find_run_logs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The ``.wandb`` files behind ``paths``, each once, in the order given.

    Raises :class:`IngestError` for a path that does not exist or holds no run log.
    """
    logs: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found = [path]
        elif path.is_dir():
            found = _logs_under(path)
            if not found:
                raise IngestError(
                    f"{path}: no .wandb run logs found; give a run folder "
                    "(wandb/run-* or wandb/offline-run-*), a wandb/ folder, or a .wandb file"
                )
        else:
            raise IngestError(f"{path}: no such file or folder")
        for log in found:
            logs.setdefault(log.resolve(), None)
    return list(logs)


def stored_config(config: dict[str, Any]) -> dict[str, Any]:
    """Plain config values in W&B's stored form, as the SDK's UpsertBucket sends them."""
    return {key: {"value": value} for key, value in config.items()}


def _last_sample(samples: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return dict(samples[-1]) if samples else {}


def write_run(
    store: Store,
    history: HistoryStore,
    run: RunData,
    rows: Callable[[], Iterable[dict[str, Any]]] | None = None,
    *,
    entity: str,
    project: str,
    username: str = "",
    files_root: Path | None = None,
) -> RunRecord:
    """Upsert ``run`` and write its history from line 0 (so a second write updates it).

    ``rows`` gives the history rows when they are not in ``run.history`` (streamed from
    the log in batches of 1,000); history left over from a longer earlier import is
    dropped first. System-metrics samples go to the history store under
    ``<history key>/events`` and, with ``files_root`` (``$PANELBANK_HOME/files``), the
    console output to the run's ``output.log``, where the server's file_stream puts them.

    A log that continues the run from a later step (``wandb.init(resume=...)`` writes a
    new log per session) is merged into what earlier logs of the run left: its rows
    follow the stored rows of earlier steps, its config and summary update the stored
    ones, its system metrics and console lines follow theirs.
    """
    before = store.get_run(entity, project, run.run_id)
    first, all_rows = _peek(rows() if rows is not None else run.history)
    start = 0
    if before is not None and first is not None:
        start = _lines_before(history, before.history_key, first, run)
    resumed = start > 0 and before is not None
    config = stored_config(run.config)
    summary = run.summary
    if resumed and before is not None:
        config = {**before.config, **config}
        summary = {**before.summary, **run.summary}
    stored, _ = store.upsert_run(
        entity,
        project,
        run.run_id,
        display_name=run.display_name or None,
        config=config,
        tags=list(run.tags),
        group=run.group,
        job_type=run.job_type,
        notes=run.notes,
        host=run.host,
        program=run.program,
        commit=run.commit,
        sweep=run.sweep,
        username=username,
    )
    key = stored.history_key
    written = _write_history(
        history, key, all_rows, run.history_count or len(run.history), start=start
    )
    events_start = _events_before(history, f"{key}/events", run) if resumed else 0
    events = [
        {"_step": events_start + index, **sample} for index, sample in enumerate(run.system_metrics)
    ]
    _write_history(history, f"{key}/events", events, len(events), start=events_start)
    if files_root is not None and run.output:
        _write_output(store, files_root, entity, project, run, append=resumed)
    return store.update_run(
        entity,
        project,
        run.run_id,
        summary=summary,
        system_metrics=_last_sample(run.system_metrics),
        state=run.state,
        exitcode=run.exit_code,
        history_line_count=written,
        heartbeat=False,
    )


def _peek(
    rows: Iterable[dict[str, Any]],
) -> tuple[int | None, Iterable[dict[str, Any]]]:
    """The first row's ``_step`` (None without rows), and every row still to read."""
    iterator = iter(rows)
    for row in iterator:
        step = row.get("_step")
        first = step if isinstance(step, int) and not isinstance(step, bool) else None
        return first, itertools.chain([row], iterator)
    return None, ()


def _lines_before(history: HistoryStore, key: str, first_step: int, run: RunData) -> int:
    """Stored lines of steps before ``first_step``: where a log that continues the run
    (its first step past 0, or a resumed run record) goes on; 0 for any other log."""
    if first_step <= 0 and not run.resumed:
        return 0
    return sum(1 for _ in history.rows(key, max_step=first_step))


def _events_before(history: HistoryStore, key: str, run: RunData) -> int:
    """Stored system metrics samples from before this log's first one (by time), so a
    second import of the same log replaces its samples instead of adding them again."""
    first = run.system_metrics[0].get("_timestamp") if run.system_metrics else None
    if not isinstance(first, int | float):
        return history.line_count(key)
    return sum(
        1
        for row in history.rows(key)
        if isinstance(row.get("_timestamp"), int | float) and row["_timestamp"] < first
    )


def _write_history(
    history: HistoryStore,
    key: str,
    rows: Iterable[dict[str, Any]],
    expected: int,
    *,
    start: int = 0,
) -> int:
    if history.line_count(key) > start + expected:
        if start:  # keep the earlier logs' lines: rewrite them, then this log's
            kept = list(history.rows(key))[:start]
            history.delete(key)
            history.append(key, kept, offset=0)
        else:
            history.delete(key)  # an earlier import held more lines than this one will write
    written = start
    for batch in _batches(rows):
        history.append(key, batch, offset=written)
        written += len(batch)
    return written


def write_run_file(
    store: Store, files_root: Path, entity: str, project: str, run_id: str, name: str, data: bytes
) -> None:
    """Write the run's file ``name`` (a ``/``-separated path) where uploads go
    (``files_root/entity/project/run_id/name``) and record it as the run's file."""
    path = files_root.joinpath(entity, project, run_id, *name.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    store.add_run_file(entity, project, run_id, name, len(data))


def _write_output(
    store: Store, files_root: Path, entity: str, project: str, run: RunData, *, append: bool
) -> None:
    """The run's ``output.log``: this log's console lines (after the earlier logs' ones
    with ``append``)."""
    path = files_root / entity / project / run.run_id / "output.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = run.console_lines()
    if append and lines and path.exists():
        # the earlier logs' lines: those stamped before this log's first line (so a
        # second import of this log replaces its lines instead of adding them again)
        first = lines[0].partition(" ")[0]
        earlier = path.read_text(encoding="utf-8").splitlines()
        lines = [line for line in earlier if line.partition(" ")[0] < first] + lines
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8", newline="\n")
    store.add_run_file(entity, project, run.run_id, "output.log", path.stat().st_size)


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= HISTORY_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """One imported log: where it went, what was read, and the reader's report."""

    path: Path
    entity: str
    project: str
    run: RunData
    report: ReadReport
    history_rows: int


def read_run(path: Path, *, keep_history: bool = False) -> tuple[RunData, ReadReport]:
    """Fold one log (history counted, not kept, unless ``keep_history``)."""
    log = WandbFile.open(path)
    run = fold_run(log.records(), keep_history=keep_history)
    if not run.run_id:
        run.run_id = path.stem.removeprefix("run-")
    return run, log.report


def import_log(
    store: Store,
    history: HistoryStore,
    path: Path,
    *,
    entity: str | None = None,
    project: str | None = None,
    default_entity: str = "",
    username: str = "",
    files_root: Path | None = None,
) -> ImportResult:
    """Read one ``.wandb`` file and write it into the store.

    ``entity``/``project`` override what the run recorded; a run that recorded none goes
    to ``default_entity`` and ``uncategorized``.
    """
    run, report = read_run(path)
    entity = entity or run.entity or default_entity
    project = project or run.project or DEFAULT_PROJECT
    if not entity:
        raise IngestError(f"{path}: the run names no entity; pass --entity")
    rows = lambda: history_rows(WandbFile.open(path).records())  # noqa: E731
    write_run(
        *(store, history, run, rows),
        entity=entity,
        project=project,
        username=username,
        files_root=files_root,
    )
    return ImportResult(path, entity, project, run, report, run.history_count)
