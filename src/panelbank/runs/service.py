"""Reading runs and their history: the service functions GraphQL and the JSON API share.

The history store is optional (``None`` until one is configured): a run then has no
history. Nothing here holds a run's whole history in memory unless asked for every row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..history import HistoryStore
from ..store.models import RunRecord

__all__ = [
    "DEFAULT_SAMPLES",
    "config_values",
    "history_keys",
    "history_page",
    "keys_info",
    "live_rows",
    "sampled_history",
    "spread",
]

DEFAULT_SAMPLES = 500  # W&B's default for run.history()


def config_values(config: Mapping[str, Any]) -> dict[str, Any]:
    """W&B's stored config ``{"lr": {"value": 0.1, "desc": None}}`` as ``{"lr": 0.1}``,
    without the SDK's own ``_wandb`` entry."""
    return {
        # dict first: the ABC check alone costs more than the rest, over a big project
        key: entry["value"] if isinstance(entry, (dict, Mapping)) and "value" in entry else entry
        for key, entry in config.items()
        if key != "_wandb"
    }


def keys_info(history: HistoryStore | None, run: RunRecord) -> dict[str, Any]:
    """W&B's ``keys_info.keys``: ``{key: {"typeCounts": [{"type", "count"}]}}``."""
    if history is None:
        return {}
    return {
        name: {
            "typeCounts": [{"type": "number" if info.numeric else "string", "count": info.count}]
        }
        for name, info in history.keys(run.history_key).items()
    }


def history_keys(history: HistoryStore | None, run: RunRecord) -> dict[str, Any]:
    """``Run.historyKeys``: ``{"lastStep": N, "keys": {...}}`` (lastStep -1: no history)."""
    if history is None:
        return {"lastStep": -1, "keys": {}}
    infos = history.keys(run.history_key)
    last = max((info.max_step for info in infos.values()), default=-1)
    return {"lastStep": last, "keys": keys_info(history, run)}


def spread(count: int, samples: int) -> list[int]:
    """``samples`` indexes spread evenly over ``range(count)``, first and last included."""
    if samples <= 0 or count <= 0:
        return []
    if count <= samples:
        return list(range(count))
    if samples == 1:
        return [0]
    return sorted({round(i * (count - 1) / (samples - 1)) for i in range(samples)})


def history_page(
    history: HistoryStore | None,
    run: RunRecord,
    *,
    samples: int | None = None,
    min_step: int | None = None,
    max_step: int | None = None,
) -> list[dict[str, Any]]:
    """``Run.history``: with a step range, the first ``samples`` rows with
    ``min_step <= _step < max_step`` (HistoryPage); without, about ``samples`` rows spread
    over the run (``run.history(samples=...)``)."""
    if history is None:
        return []
    if min_step is None and max_step is None:
        return history.sample(run.history_key, samples or DEFAULT_SAMPLES)
    rows: list[dict[str, Any]] = []
    for row in history.rows(run.history_key, min_step=min_step, max_step=max_step):
        if samples is not None and len(rows) >= samples:
            break
        rows.append(row)
    return rows


def sampled_history(
    history: HistoryStore | None,
    run: RunRecord,
    keys: Sequence[str],
    samples: int,
    *,
    min_step: int | None = None,
    max_step: int | None = None,
) -> list[dict[str, Any]]:
    """``Run.sampledHistory`` for one spec: rows holding every one of ``keys`` (only
    those keys) with ``min_step <= _step <= max_step``, about ``samples`` of them spread
    over that range.

    Both bounds are inclusive, as in W&B's spec: wandb-core pages ``scan_history(keys=...)``
    with ``{"minStep": a, "maxStep": a + page_size - 1, "samples": page_size}``.
    """
    if history is None:
        return []
    wanted = list(dict.fromkeys(keys))
    stop = None if max_step is None else max_step + 1  # the store's bound is exclusive
    rows = history.rows(run.history_key, keys=wanted, min_step=min_step, max_step=stop)
    complete = [{key: row[key] for key in wanted} for row in rows if all(k in row for k in wanted)]
    return [complete[i] for i in spread(len(complete), samples)]


def live_rows(
    history: HistoryStore | None, run: RunRecord, keys: Sequence[str]
) -> Iterator[dict[str, Any]]:
    """``parquetHistory.liveData``: every row, only ``keys`` (and ``_step``)."""
    if history is None:
        return iter(())
    return history.rows(run.history_key, keys=list(keys) or None)
