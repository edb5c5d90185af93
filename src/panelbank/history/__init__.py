"""Run history: a columnar store of logged metrics, built to scale (interface).

One :class:`HistoryStore` per server under ``$PANELBANK_HOME/history``. A run's history
is addressed by its key (``Run.history_key``). Rows are what ``wandb.log`` produced:
dicts with ``_step`` and any metrics; numbers are stored as float64 columns per metric
(chunked on disk, never the whole run in memory), everything else (strings, media
references, nested dicts) in a side file, so :meth:`HistoryStore.rows` gives the rows
back value for value.

(Implementation in progress; the interface below is what callers code against.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["HistoryStore", "KeyInfo", "Series"]


@dataclasses.dataclass(frozen=True)
class KeyInfo:
    """What a run logged under one key."""

    name: str
    count: int  # rows that hold this key
    numeric: bool  # every value a number (bool, int, float, NaN, inf)
    min_step: int
    max_step: int


@dataclasses.dataclass(frozen=True)
class Series:
    """One metric of one run against an x key, downsampled into buckets.

    Columns of equal length (uPlot's data format): ``x`` the bucket's x (mean of the x
    values in it), ``min``/``max``/``mean`` of the metric in the bucket, ``count`` rows.
    With no more rows than buckets, min = max = mean = the values and count = 1.
    """

    run_key: str
    metric: str
    x_key: str
    x: list[float]
    min: list[float]
    max: list[float]
    mean: list[float]
    count: list[int]


class HistoryStore:
    """The history of every run, under one folder."""

    def __init__(self, root: Path) -> None:
        raise NotImplementedError

    def append(self, run_key: str, rows: Sequence[dict[str, Any]], *, offset: int) -> int:
        """Store ``rows`` as lines ``offset, offset+1, ...`` of the run's history.

        Idempotent like file_stream: lines already stored are overwritten by a re-send
        with the same content (no duplicates). Returns the run's line count afterwards.
        """
        raise NotImplementedError

    def line_count(self, run_key: str) -> int:
        raise NotImplementedError

    def keys(self, run_key: str) -> dict[str, KeyInfo]:
        raise NotImplementedError

    def rows(
        self,
        run_key: str,
        *,
        min_step: int | None = None,
        max_step: int | None = None,
        keys: Sequence[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Rows in step order with ``min_step <= _step < max_step``, optionally only ``keys``
        (plus ``_step``); streamed, never the whole history in memory."""
        raise NotImplementedError

    def sample(
        self, run_key: str, samples: int, keys: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """About ``samples`` rows spread evenly over the run (``run.history(samples=...)``)."""
        raise NotImplementedError

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
        buckets (min/max/mean per bucket, so spikes survive). Any metric can be x."""
        raise NotImplementedError

    def delete(self, run_key: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError
