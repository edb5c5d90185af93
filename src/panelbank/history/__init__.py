"""Run history: a columnar store of logged metrics, built to scale.

One :class:`HistoryStore` per server under ``$PANELBANK_HOME/history``. A run's history
is addressed by its key (``RunRecord.history_key``). Rows are what ``wandb.log`` produced:
dicts with ``_step`` and any metrics; numbers are stored as float64 columns per metric
(chunked on disk, never the whole run in memory), everything else (strings, media
references, nested dicts) in a side file, so :meth:`HistoryStore.rows` gives the rows
back value for value.

Limits: an append may start at most :data:`MAX_OFFSET_GAP` lines past the run's last
line (:class:`OffsetGapError`), and logged values may nest lists and objects at most
:data:`MAX_DEPTH` levels deep. An append that fails stores nothing.

Each run is a folder (see ``_run``): one float64 column per numeric key, a summary
pyramid per column (min/max/sum/count per 16, 256 and 4096 lines, see ``_pyramid``) so
:meth:`HistoryStore.downsample` reads a few thousand block records instead of every
value, and a side file for what a column cannot give back exactly.

Example::

    >>> store = HistoryStore(tmp / "history")
    >>> store.append("run-1", [{"_step": 0, "loss": 0.5}], offset=0)
    1
    >>> list(store.rows("run-1"))
    [{'_step': 0, 'loss': 0.5}]
"""

from __future__ import annotations

from ._codec import MAX_DEPTH, too_deep
from ._run import MAX_OFFSET_GAP, check_offset_gap
from ._store import HistoryStore
from ._types import KeyInfo, Series
from .errors import CorruptHistoryError, HistoryError, InvalidHistoryError, OffsetGapError

__all__ = [
    "MAX_DEPTH",
    "MAX_OFFSET_GAP",
    "CorruptHistoryError",
    "HistoryError",
    "HistoryStore",
    "InvalidHistoryError",
    "KeyInfo",
    "OffsetGapError",
    "Series",
    "check_offset_gap",
    "too_deep",
]
