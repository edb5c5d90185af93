"""Threads appending and reading at once, and memory that does not grow with the history."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from panelbank.history import HistoryStore


def test_parallel_appends_to_many_runs_and_one_run(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    errors: list[BaseException] = []

    def log(run: str, lines: int, resend: bool) -> None:
        try:
            for start in range(0, lines, 50):
                rows = [{"_step": i, "v": i * 0.5, "s": str(i)} for i in range(start, start + 50)]
                store.append(run, rows, offset=start)
                if resend:  # a second writer re-sending the same chunks
                    store.append(run, rows, offset=start)
                store.downsample([run], ["v"], points=10)
                list(store.rows(run, min_step=start))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=log, args=(f"run-{i}", 1000, False)) for i in range(6)]
    threads += [threading.Thread(target=log, args=("shared", 1000, True)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for run in [*(f"run-{i}" for i in range(6)), "shared"]:
        rows = list(store.rows(run))
        assert [row["_step"] for row in rows] == list(range(1000)), run
        assert rows[999] == {"_step": 999, "v": 499.5, "s": "999"}
        [series] = store.downsample([run], ["v"], points=1000)
        assert series.count.tolist() == [1] * 1000


_MEMORY_PROBE = """
import sys, tracemalloc
import numpy as np
from pathlib import Path
from panelbank.history import HistoryStore

store = HistoryStore(Path(sys.argv[1]))
lines, metrics, batch = 120_000, 5, 1000

def append(start):
    steps = range(start, start + batch)
    rows = [{"_step": s, **{f"m{k}": s * 0.001 + k for k in range(metrics)}} for s in steps]
    store.append("big", rows, offset=start)

for start in range(0, lines - 10 * batch, batch):
    append(start)
tracemalloc.start()  # slows everything down: trace the last appends and the reads
for start in range(lines - 10 * batch, lines, batch):
    append(start)
total = 0.0
for row in store.rows("big"):
    total += row["m0"]
store.downsample(["big"], ["m0", "m4"], points=1000)
store.downsample(["big"], ["m0"], x_key="m1", points=1000)
store.sample("big", 500)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
assert total == np.sum(np.arange(lines) * 0.001), total
print(peak)
"""


def test_memory_does_not_hold_the_history(tmp_path: Path) -> None:
    # In a process of its own: tracemalloc counts every thread's allocations, and other
    # tests leave threads (servers, watchers) running in this one.
    history_bytes = 120_000 * (5 + 1) * 8  # the numbers alone, as float64: 5.8 MB
    probe = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    peak = int(probe.stdout.strip())
    assert peak < history_bytes / 2, peak
