"""``POST /api/v1/{entity}/{project}/histograms``: a histogram key's values per step.

Body: ``{"runs": [names], "key": "weights", "steps": 100}``. For each run, about
``steps`` of the history rows holding ``key`` (spread evenly over the run, as
``run.history(samples=...)`` picks them; the history store reads only that key), each a
``wandb.Histogram`` as the SDK logs it: ``{"_type": "histogram", "values": [...],
"bins": [...]}`` (``len(bins) == len(values) + 1``) or with ``packedBins`` (``{"min",
"size", "count"}``) instead of ``bins``. Answer, with bins always as edges::

    {"key": "weights", "runs": [{"run": "abc", "steps": [0, 10, ...],
      "histograms": [{"bins": [e0, e1, ...], "values": [c0, ...]}, ...]}]}

Values under the key that are not histograms (a number logged there once) are left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...history import HistoryStore
from ..api import store_of
from ..api_runs import encoded_response
from ..errors import ApiError
from ..limits import read_json
from ._common import body_int, body_names, body_text, runs_named

__all__ = ["MAX_BINS", "histogram_of", "histograms_route"]

MAX_RUNS = 50
MAX_STEPS = 1000
MAX_BINS = 512  # the SDK's own limit on num_bins


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def histogram_of(value: Any) -> dict[str, list[float]] | None:
    """``{"bins": edges, "values": counts}`` of a logged histogram, None if not one."""
    if not isinstance(value, Mapping) or value.get("_type") != "histogram":
        return None
    raw = value.get("values")
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_BINS:
        return None
    counts = [_number(v) for v in raw]
    if any(c is None for c in counts):
        return None
    packed = value.get("packedBins")
    if isinstance(packed, Mapping):
        low, size = _number(packed.get("min")), _number(packed.get("size"))
        if low is None or size is None or size <= 0:
            return None
        edges: list[float | None] = [low + size * i for i in range(len(counts) + 1)]
    else:
        bins = value.get("bins")
        if not isinstance(bins, list) or len(bins) != len(counts) + 1:
            return None
        edges = [_number(b) for b in bins]
    if any(e is None for e in edges):
        return None
    return {
        "bins": [float(e) for e in edges if e is not None],
        "values": [float(c or 0) for c in counts],
    }


def _gather(request: Request, body: Mapping[str, Any]) -> dict[str, Any]:
    entity, project = request.path_params["entity"], request.path_params["project"]
    names = body_names(body, "runs", MAX_RUNS)
    key = body_text(body, "key", required=True)
    steps = body_int(body, "steps", 100, 1, MAX_STEPS)
    history: HistoryStore | None = getattr(request.app.state, "history", None)
    out = []
    for run in runs_named(store_of(request), entity, project, names):
        rows = [] if history is None else history.sample(run.history_key, steps, keys=[str(key)])
        found_steps, histograms = [], []
        for line, row in enumerate(rows):
            histogram = histogram_of(row.get(str(key)))
            if histogram is not None:
                step = row.get("_step", line)
                found_steps.append(step)
                histograms.append(histogram)
        out.append({"run": run.name, "steps": found_steps, "histograms": histograms})
    return {"key": key, "runs": out}


async def histograms_route(request: Request) -> Response:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", 'Send {"runs": [...], "key": "...", "steps": 100}.')
    answer = await run_in_threadpool(_gather, request, body)
    return await run_in_threadpool(encoded_response, answer)
