"""Runs parsed once per stored version: a memo of ``RunRecord``s keyed by their whole row.

Listing the runs of a project parses the config, summary and system-metrics JSON of each
one: about 0.15 s for 1,000 runs of 60 config keys, paid by every runs query of the
viewer (a page load, then a poll every few seconds) and every page of GraphQL ``runs``.
The rows are still read from the database on every call, in the caller's transaction;
only turning a row into a :class:`RunRecord` is memoised, and the key is the row itself (every
column, the JSON texts included), so a row that changed in any way, written by this
process or any other, misses and is parsed anew. Nothing can be stale, and there is
nothing to invalidate: old versions just age out (least recently used first).

Records handed out may be shared between readers: a ``RunRecord`` is frozen and nothing
changes its ``config``, ``summary`` or ``system_metrics`` in place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Row

from .models import RunRecord

__all__ = ["DEFAULT_RUN_CACHE_SIZE", "RunCache"]

# About one big project (a few thousand runs of ~60 config keys: tens of MB), per store.
DEFAULT_RUN_CACHE_SIZE = 4096


class RunCache:
    """At most ``size`` parsed runs, keyed by their row; safe to share between threads.

    ::

        cache = RunCache(size=100)
        run = cache.get(row, parse)  # parse(row) the first time, the same RunRecord after
    """

    def __init__(self, size: int = DEFAULT_RUN_CACHE_SIZE) -> None:
        if size < 0:
            raise ValueError(f"the run cache size must be 0 or more, got {size}")
        self.size = size
        self._runs: OrderedDict[tuple[Any, ...], RunRecord] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, row: Row[Any], parse: Callable[[Row[Any]], RunRecord]) -> RunRecord:
        """The run of ``row``: parsed earlier from an equal row, or ``parse(row)`` now."""
        key = tuple(row)
        with self._lock:
            run = self._runs.get(key)
            if run is not None:
                self._runs.move_to_end(key)
                self.hits += 1
                return run
            self.misses += 1
        run = parse(row)  # outside the lock: other readers go on meanwhile
        if self.size:
            with self._lock:
                self._runs[key] = run
                while len(self._runs) > self.size:
                    self._runs.popitem(last=False)
        return run

    def clear(self) -> None:
        with self._lock:
            self._runs.clear()
