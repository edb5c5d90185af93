"""HistoryStore: the runs' folders, their locks, and the public operations."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from . import _downsample
from ._codec import run_folder
from ._run import STEP, RunHistory
from ._types import KeyInfo, Series
from .errors import InvalidHistoryError

ROWS_CHUNK = 1024


class HistoryStore:
    """The history of every run, under one folder.

    Example::

        store = HistoryStore(home / "history")
        store.append("run-1", [{"_step": 0, "loss": 0.9}, {"_step": 1, "loss": 0.7}], offset=0)
        list(store.rows("run-1"))  # [{'_step': 0, 'loss': 0.9}, {'_step': 1, 'loss': 0.7}]
        store.downsample(["run-1"], ["loss"], points=1000)  # [Series(...)]

    Safe to share between threads: one lock per run, so appends to different runs run
    in parallel; reads work on a snapshot of the run's manifest and never block appends
    for longer than it takes to copy it.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._runs: dict[str, RunHistory] = {}
        self._lock = threading.Lock()

    def _run(self, run_key: str) -> RunHistory:
        with self._lock:
            run = self._runs.get(run_key)
            if run is None:
                run = self._runs[run_key] = RunHistory(run_folder(self.root, run_key), run_key)
            return run

    def append(self, run_key: str, rows: Sequence[dict[str, Any]], *, offset: int) -> int:
        """Store ``rows`` as lines ``offset, offset+1, ...`` of the run's history.

        Idempotent like file_stream: lines already stored are overwritten by a re-send
        with the same content (no duplicates). Returns the run's line count afterwards.

        Lines below the run's line count are kept as first stored (a re-send, whole or
        overlapping, only adds the lines past the count); an ``offset`` past the count
        leaves the lines in between empty.
        """
        while True:
            run = self._run(run_key)
            with run.lock:
                if not run.deleted:
                    return run.append(rows, offset)

    def line_count(self, run_key: str) -> int:
        """Lines stored for the run (the next file_stream offset); 0 for an unknown run."""
        run = self._run(run_key)
        with run.lock:
            return run.line_count

    def keys(self, run_key: str) -> dict[str, KeyInfo]:
        """Every key the run logged, in first-logged order."""
        run = self._run(run_key)
        with run.lock:
            return {
                name: KeyInfo(name, k.count, k.numeric, k.min_step or 0, k.max_step or 0)
                for name, k in run.keys.items()
            }

    def rows(
        self,
        run_key: str,
        *,
        min_step: int | None = None,
        max_step: int | None = None,
        keys: Sequence[str] | None = None,
        require: Literal["any", "all"] = "any",
    ) -> Iterator[dict[str, Any]]:
        """Rows in step order with ``min_step <= _step < max_step``, optionally only ``keys``
        (plus ``_step``); streamed, never the whole history in memory.

        With ``keys``, only rows holding any of them (``require="all"``: all of them).
        Rows are in line order, which is step order for what the SDK logs.
        """
        run = self._run(run_key)
        with run.lock:
            wanted = _wanted(keys)
            count, snapshot, entries = run.snapshot(wanted)
            regular = run.monotone and run.complete
        lo, hi = 0, count
        step = snapshot.get(STEP)
        column = run.column(step) if step is not None and regular else None
        if column is not None and (min_step is not None or max_step is not None):
            if min_step is not None:
                lo = int(np.searchsorted(column, min_step, side="left"))
            if max_step is not None:
                hi = int(np.searchsorted(column, max_step, side="left"))
        for start in range(lo, hi, ROWS_CHUNK):
            lines = np.arange(start, min(start + ROWS_CHUNK, hi), dtype=np.int64)
            batch = run.rows_at(lines, snapshot, entries, wanted)
            for line, row in zip(lines.tolist(), batch, strict=True):
                if _keep(row, line, min_step, max_step, keys, require):
                    yield row

    def tail(self, run_key: str, count: int) -> list[dict[str, Any]]:
        """The last ``count`` rows in line order (a resumed run continues after them)."""
        if count < 0:
            raise InvalidHistoryError(f"count must be 0 or more, got {count}")
        run = self._run(run_key)
        with run.lock:
            total, snapshot, entries = run.snapshot(None)
        lines = np.arange(max(0, total - count), total, dtype=np.int64)
        return [row for row in run.rows_at(lines, snapshot, entries, None) if row]

    def sample(
        self,
        run_key: str,
        samples: int,
        keys: Sequence[str] | None = None,
        *,
        require: Literal["any", "all"] = "any",
    ) -> list[dict[str, Any]]:
        """About ``samples`` rows spread evenly over the run (``run.history(samples=...)``).

        With ``keys``, spread over the rows holding any (or all) of them.
        """
        if samples < 1:
            raise InvalidHistoryError(f"samples must be at least 1, got {samples}")
        run = self._run(run_key)
        wanted = _wanted(keys)
        with run.lock:
            count, snapshot, entries = run.snapshot(wanted)
        if keys is None:
            lines = np.unique(np.rint(np.linspace(0, count - 1, min(samples, count))))
            lines = lines.astype(np.int64)
            return [row for row in run.rows_at(lines, snapshot, entries, wanted) if row]
        matching = self.count_rows(run_key, keys=keys, require=require)
        chosen = set(np.unique(np.rint(np.linspace(0, matching - 1, min(samples, matching)))))
        out = []
        rows = self.rows(run_key, keys=keys, require=require)
        for i, row in enumerate(rows):
            if i in chosen:
                out.append(row)
        return out

    def count_rows(
        self,
        run_key: str,
        *,
        keys: Sequence[str] | None = None,
        require: Literal["any", "all"] = "any",
    ) -> int:
        """How many rows ``rows(run_key, keys=keys, require=require)`` yields."""
        return sum(1 for _ in self.rows(run_key, keys=keys, require=require))

    def downsample(
        self,
        run_keys: Sequence[str],
        metrics: Sequence[str],
        *,
        x_key: str = "_step",
        points: int = 1000,
        x_min: float | None = None,
        x_max: float | None = None,
    ) -> list[Series]:
        """For each run and metric, bucket the rows by ``x_key`` into at most ``points``
        buckets (min/max/mean per bucket, so spikes survive). Any metric can be x.

        One Series per (run, metric), runs outer, in the order asked; a run or metric
        with no data (or none in ``[x_min, x_max]``) gives a Series with empty columns.
        Buckets are equal-width in x; NaN values are left out, ±inf kept.
        """
        if points < 1:
            raise InvalidHistoryError(f"points must be at least 1, got {points}")

        def one_run(run_key: str) -> list[Series]:
            run = self._run(run_key)
            with run.lock:
                _, snapshot, _ = run.snapshot([*metrics, x_key])
                regular, step0 = run.monotone and run.complete, run.unit_steps()
            out = []
            for metric in metrics:
                x, mn, mx, mean, count = _downsample.series(
                    run, snapshot, regular, step0, metric, x_key, points, x_min, x_max
                )
                # Contiguous float64 columns (a bucketing view may be strided), as the
                # JSON writer and callers expect.
                xs, lows, highs, means = (
                    np.ascontiguousarray(column, dtype=np.float64) for column in (x, mn, mx, mean)
                )
                counts = np.ascontiguousarray(count, dtype=np.int64)
                out.append(Series(run_key, metric, x_key, xs, lows, highs, means, counts))
            return out

        return [series for run_key in run_keys for series in one_run(run_key)]

    def delete(self, run_key: str) -> None:
        """Remove the run's history (a later append starts it anew)."""
        run = self._run(run_key)
        with run.lock:
            run.deleted = True
            run.forget_maps()
            with self._lock:
                self._runs.pop(run_key, None)
            shutil.rmtree(run.folder, ignore_errors=True)

    def close(self) -> None:
        """Forget the open runs (their files are always complete on disk)."""
        with self._lock:
            runs = list(self._runs.values())
            self._runs.clear()
        for run in runs:
            with run.lock:
                run.forget_maps()


def _wanted(keys: Sequence[str] | None) -> set[str] | None:
    if keys is None:
        return None
    if isinstance(keys, str):
        raise InvalidHistoryError(f"keys must be a list of key names, got the string {keys!r}")
    return {*keys, STEP}


def _keep(
    row: dict[str, Any],
    line: int,
    min_step: int | None,
    max_step: int | None,
    keys: Sequence[str] | None,
    require: str,
) -> bool:
    if not row:
        return False
    if min_step is not None or max_step is not None:
        step = row.get(STEP, line)
        if min_step is not None and not step >= min_step:
            return False
        if max_step is not None and not step < max_step:
            return False
    if keys is None:
        return True
    asked = [k for k in keys if k != STEP] or [STEP]
    if require == "all":
        return all(k in row for k in asked)
    return any(k in row for k in asked)
