"""Runs for the browser tests and the viewer benchmark, written through the real APIs:
``Store.upsert_run`` / ``Store.update_run`` for the runs and ``HistoryStore.append`` for
their history, so the viewer reads them as it reads runs the wandb SDK logged.

Run ``i`` is ``run{i:03d}`` with config ``lr`` (0.001, 0.01, 0.1 in turn) and ``seed``,
summary ``acc`` and ``loss``, tag ``baseline`` on odd runs, every fourth run still
``running``; its history logs ``loss``, ``val_loss``, ``acc`` and ``epoch`` per step.
"""

from __future__ import annotations

import math
from typing import Any

from panelbank.history import HistoryStore
from panelbank.store import Store

BATCH = 5_000  # rows per append, about what a file_stream body carries at most


def loss(run: int, step: float) -> float:
    return 2.0 * math.exp(-step / 400) / (1 + 0.1 * run) + 0.05 * math.sin(step / 7 + run)


def val_loss(run: int, step: float) -> float:
    return 2.2 * math.exp(-step / 500) / (1 + 0.1 * run) + 0.02 * math.cos(step / 11)


def acc(run: int, step: float) -> float:
    return 1 - math.exp(-step / 300) * (0.9 - 0.02 * run)


def rows(run: int, start: int, stop: int) -> list[dict[str, Any]]:
    return [
        {
            "_step": s,
            "epoch": s / 100,
            "loss": loss(run, s),
            "val_loss": val_loss(run, s),
            "acc": acc(run, s),
        }
        for s in range(start, stop)
    ]


def seed_runs(
    store: Store, history: HistoryStore, entity: str, project: str, *, count: int, steps: int
) -> list[str]:
    """Write ``count`` runs of ``steps`` steps; their names, oldest first."""
    names = []
    for i in range(count):
        name = f"run{i:03d}"
        run, _ = store.upsert_run(
            entity,
            project,
            name,
            display_name=f"{['brisk', 'calm', 'dusty', 'eager', 'fuzzy'][i % 5]}-{i}",
            config={"lr": {"value": [0.001, 0.01, 0.1][i % 3]}, "seed": {"value": i}},
            tags=["baseline"] if i % 2 else [],
            job_type="train",
            username=entity,
        )
        lines = 0
        for start in range(0, steps, BATCH):
            lines = history.append(
                run.history_key, rows(i, start, min(steps, start + BATCH)), offset=start
            )
        store.update_run(
            entity,
            project,
            name,
            summary={"acc": 0.6 + 0.03 * (i % 10), "loss": 1.0 / (1 + i), "_step": steps - 1},
            state="running" if i % 4 == 0 else "finished",
            history_line_count=lines,
        )
        names.append(name)
    return names
