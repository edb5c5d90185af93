"""Runs for the browser tests and the viewer benchmark, written through the real APIs:
``Store.upsert_run`` / ``Store.update_run`` for the runs and ``HistoryStore.append`` for
their history, so the viewer reads them as it reads runs the wandb SDK logged.

Run ``i`` is ``run{i:03d}`` with config ``lr`` (0.001, 0.01, 0.1 in turn) and ``seed``,
summary ``acc`` and ``loss``, tag ``baseline`` on odd runs, every fourth run still
``running``; its history logs ``loss``, ``val_loss``, ``acc`` and ``epoch`` per step.

A big project (the viewer benchmark): ``config_keys`` gives every run that many config
keys (``lr``, ``seed``, then ``hp02``, ``hp03``, ...); ``selected`` marks that many runs,
spread over the project, with config ``cohort = "selected"`` (the others ``"rest"``, so a
run set filter picks them out) and gives the others only ``other_steps`` steps.
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


def config(run: int, keys: int, cohort: str | None) -> dict[str, Any]:
    """Run ``run``'s config in W&B's stored form, with ``keys`` keys (at least 2)."""
    values: dict[str, Any] = {"lr": [0.001, 0.01, 0.1][run % 3], "seed": run}
    values.update({f"hp{k:02d}": round((run * 7 + k) % 13 * 0.05, 2) for k in range(2, keys)})
    if cohort is not None:
        values["cohort"] = cohort
    return {key: {"value": value} for key, value in values.items()}


def seed_runs(
    store: Store,
    history: HistoryStore,
    entity: str,
    project: str,
    *,
    count: int,
    steps: int,
    config_keys: int = 2,
    selected: int | None = None,
    other_steps: int = 100,
) -> list[str]:
    """Write ``count`` runs of ``steps`` steps; their names, oldest first."""
    names = []
    every = count // selected if selected else 1
    for i in range(count):
        name = f"run{i:03d}"
        chosen = selected is None or (i % every == 0 and i // every < selected)
        cohort = None if selected is None else "selected" if chosen else "rest"
        run_steps = steps if chosen else other_steps
        run, _ = store.upsert_run(
            entity,
            project,
            name,
            display_name=f"{['brisk', 'calm', 'dusty', 'eager', 'fuzzy'][i % 5]}-{i}",
            config=config(i, config_keys, cohort),
            tags=["baseline"] if i % 2 else [],
            job_type="train",
            username=entity,
        )
        lines = 0
        for start in range(0, run_steps, BATCH):
            lines = history.append(
                run.history_key, rows(i, start, min(run_steps, start + BATCH)), offset=start
            )
        store.update_run(
            entity,
            project,
            name,
            summary={"acc": 0.6 + 0.03 * (i % 10), "loss": 1.0 / (1 + i), "_step": run_steps - 1},
            state="running" if i % 4 == 0 else "finished",
            history_line_count=lines,
        )
        names.append(name)
    return names
