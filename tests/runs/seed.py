"""Runs written straight into a store and history store, for the readers' tests."""

from __future__ import annotations

import math
from typing import Any

from panelbank.history import HistoryStore
from panelbank.store import Store
from panelbank.store.models import RunRecord

SEED_HISTORY = [
    {"_step": 0, "loss": 1.0, "_runtime": 0, "_timestamp": 1700000000.0},
    {"_step": 1, "loss": 0.5, "_runtime": 1, "_timestamp": 1700000001.0},
    {"_step": 2, "loss": 1 / 3, "_runtime": 2, "_timestamp": 1700000002.0},
]


def write_run(
    store: Store,
    history: HistoryStore,
    entity: str,
    project: str,
    name: str,
    *,
    config: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
    rows: list[dict[str, Any]] | None = None,
    state: str = "finished",
    **metadata: Any,
) -> RunRecord:
    """A run as the SDK would leave it: config (unwrapped here, stored wrapped), history
    rows, the summary, then the final state."""
    wrapped = {key: {"value": value, "desc": None} for key, value in (config or {}).items()}
    run, _ = store.upsert_run(entity, project, name, config=wrapped, **metadata)
    count = history.append(run.history_key, rows or [], offset=0) if rows else 0
    return store.update_run(
        entity,
        project,
        name,
        summary=summary or {},
        state=state,
        exitcode=0 if state == "finished" else 1,
        history_line_count=count,
    )


def seed_appendix_run(store: Store, history: HistoryStore, entity: str = "ent") -> RunRecord:
    """``seedrun1`` of the protocol notes' Appendix."""
    return write_run(
        store,
        history,
        entity,
        "proj",
        "seedrun1",
        config={"lr": 0.1},
        summary={"loss": 0.25},
        rows=SEED_HISTORY,
    )


def seed_many(store: Store, history: HistoryStore, entity: str, project: str, count: int) -> None:
    """``count`` runs ``run-000``..: lr, batch size, an optimizer, accuracy, tags, states,
    ten history rows each."""
    for i in range(count):
        lr = [0.1, 0.01, 0.001][i % 3]
        write_run(
            store,
            history,
            entity,
            project,
            f"run-{i:03d}",
            display_name=f"{'adam' if i % 2 else 'sgd'}-{i}",
            config={"lr": lr, "batch_size": 16 * (1 + i % 4), "optimizer": ["adam", "sgd"][i % 2]},
            summary={"acc": round(0.5 + (i * 37 % 50) / 100, 2), "loss": 1 / (i + 1)},
            rows=[
                {"_step": s, "loss": math.exp(-s * lr) + i / 1000, "acc": s / 10} for s in range(10)
            ],
            state="crashed" if i % 7 == 3 else "finished",
            tags=["even"] if i % 2 == 0 else ["odd", "x"],
            group=f"g{i % 3}",
        )
