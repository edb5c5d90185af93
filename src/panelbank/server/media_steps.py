"""Which steps of a run logged media under a key, remembered while the run's history is
unchanged.

Finding them reads every row holding the key (their values live in the history's side
file, one JSON document each); a Media Browser asks for the same list on every load and
every page, so it is kept per (run, key) and line count: history lines are only ever
added, so the line count says whether the list is still current.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from ..history import HistoryStore
from .media_values import media_kind

__all__ = ["MAX_STEP_LIST", "media_steps"]

MAX_STEP_LIST = 10_000  # steps listed per run; past it the list is cut (and says so)
_KEEP = 256  # lists remembered (at most 80 KB each)

_known: OrderedDict[tuple[int, str, str, int], tuple[array[int], bool]] = OrderedDict()
_lock = threading.Lock()


def _scan(history: HistoryStore, run_key: str, key: str) -> tuple[array[int], bool]:
    steps: array[int] = array("q")
    for row in history.rows(run_key, keys=[key]):
        step = row.get("_step")
        if isinstance(step, int) and media_kind(row.get(key)) is not None:
            if len(steps) >= MAX_STEP_LIST:
                return steps, True
            steps.append(step)
    return steps, False


def media_steps(history: HistoryStore, run_key: str, key: str) -> tuple[list[int], bool]:
    """The steps (in line order) at which the run logged media under ``key``, at most
    :data:`MAX_STEP_LIST`; and whether the list was cut there."""
    cache_key = (id(history), run_key, key, history.line_count(run_key))
    with _lock:
        found = _known.get(cache_key)
        if found is not None:
            _known.move_to_end(cache_key)
    if found is None:
        found = _scan(history, run_key, key)
        with _lock:
            _known[cache_key] = found
            while len(_known) > _KEEP:
                _known.popitem(last=False)
    return found[0].tolist(), found[1]
