"""The JSON API for the viewer's runs and charts, under ``/api/v1/{entity}/{project}/``.

* ``GET  runs?view=<view id>``: the runs of the project filtered, sorted and grouped by
  the view's run set (``section.runSets[0]``), colours from ``customRunColors``;
  without ``view``, every run, newest first.
* ``POST runs`` with ``{"runSet": {...}, "customRunColors": {...}}`` (or a bare run set):
  the same for a run set that is not saved.
* ``GET  runs/{name}/keys``: what the run logged, per history key.
* ``POST history`` with ``{"runs": [names], "metrics": [...], "x": "_step", "points":
  1000, "xMin": null, "xMax": null}``: one downsampled series per run and metric, as
  columns (uPlot's format): ``{"run", "metric", "x", "min", "max", "mean", "count"}``.

Errors use the envelope of ``api.py``: ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..history import HistoryStore
from ..runs import RunQueryError, RunSetResult, apply_run_set, service
from ..store import Project, Store
from ..store.models import RunRecord
from .api import iso_time, overlay_view, store_of
from .errors import ApiError
from .limits import read_json

__all__ = ["encoded_response", "routes", "run_json"]

MAX_RUNS = 1000  # runs per history request
MAX_METRICS = 100
MAX_POINTS = 100_000


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: they go out as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _encoded(body: Any) -> bytes:
    """``body`` as JSON (NaN and infinity as null), in the thread that calls it.

    orjson, about ten times faster than Python's json over the runs of a big project;
    what it refuses (integers past 64 bits) goes through Python's json.
    """
    try:
        return orjson.dumps(body, option=orjson.OPT_SERIALIZE_NUMPY)
    except TypeError:
        return json.dumps(_finite(body), allow_nan=False, separators=(",", ":")).encode()


def _json_response(content: bytes) -> Response:
    return Response(content, media_type="application/json")


def encoded_response(body: Any) -> Response:
    """``body`` as a JSON response (NaN and infinity as null); call it in a worker thread."""
    return _json_response(_encoded(body))


def run_json(run: RunRecord, *, color: str | None = None, disabled: bool = False) -> dict[str, Any]:
    return {
        "id": run.name,
        "name": run.name,
        "displayName": run.display_name,
        "state": run.state,
        "config": service.config_values(run.config),
        "summary": run.summary,
        "tags": list(run.tags),
        "group": run.group,
        "jobType": run.job_type,
        "sweep": run.sweep,
        "createdAt": iso_time(run.created_at),
        "heartbeatAt": iso_time(run.heartbeat_at),
        "historyLineCount": run.history_line_count,
        "color": color,
        "disabled": disabled,
    }


def run_or_404(store: Store, entity: str, project: str, name: str) -> RunRecord:
    """The run, or a 404 naming it and where the project's runs are listed."""
    run = store.get_run(entity, project, name)
    if run is None:
        raise ApiError(
            404,
            "not_found",
            f"No run {name!r} in {entity}/{project}; GET /api/v1/{entity}/{project}/runs "
            "lists them.",
        )
    return run


def _history(request: Request) -> HistoryStore | None:
    history: HistoryStore | None = getattr(request.app.state, "history", None)
    return history


async def _project(request: Request) -> Project:
    entity, name = request.path_params["entity"], request.path_params["project"]
    project = await run_in_threadpool(store_of(request).get_project, entity, name)
    if project is None:
        raise ApiError(
            404,
            "not_found",
            f"No project {entity}/{name}; GET /api/v1/{entity}/projects lists them.",
        )
    return project


def _runs_response(result: RunSetResult, colors: Mapping[str, Any]) -> dict[str, Any]:
    def color(name: str) -> str | None:
        value = colors.get(name)
        return value if isinstance(value, str) and value else None

    return {
        "runs": [
            run_json(run, color=color(run.name), disabled=run.name in result.hidden)
            for run in result.runs
        ],
        "groups": [
            {"values": list(group.values), "runs": [run.name for run in group.runs]}
            for group in result.groups
        ],
        "counts": {
            "total": result.total,
            "shown": len(result.runs),
            "disabled": len(result.hidden),
            "groups": len(result.groups),
        },
    }


def _view_run_set(request: Request, project: Project, view_id: str) -> tuple[Any, Any]:
    view = overlay_view(request, view_id) or store_of(request).get_view(view_id)
    if view is None or (view.entity, view.project) != (project.entity, project.name):
        raise ApiError(
            404,
            "not_found",
            f"No view {view_id!r} in {project.entity}/{project.name}; "
            f"GET /api/v1/{project.entity}/{project.name}/views lists them.",
        )
    try:
        section = json.loads(view.spec).get("section") or {}
        run_sets = section.get("runSets") or [{}]
        return run_sets[0], section.get("customRunColors") or {}
    except (ValueError, AttributeError, TypeError):
        raise ApiError(
            400, "invalid_spec", f"The spec of view {view_id!r} has no readable runSets[0]."
        ) from None


def _apply(request: Request, project: Project, run_set: Any, colors: Any) -> dict[str, Any]:
    history = _history(request)
    runs = store_of(request).list_runs(project.entity, project.name)
    by_name = {run.name: run for run in runs}
    infos: dict[str, dict[str, Any]] = {}

    def keys_info(run: RunRecord) -> dict[str, Any]:
        if run.name not in infos:
            infos[run.name] = service.keys_info(history, by_name[run.name])
        return infos[run.name]

    try:
        result = apply_run_set(runs, run_set, keys_info=keys_info)
    except RunQueryError as exc:
        raise ApiError(400, "invalid_run_set", str(exc), where=exc.where) from None
    return _runs_response(result, colors if isinstance(colors, Mapping) else {})


async def list_runs(request: Request) -> Response:
    project = await _project(request)
    view_id = request.query_params.get("view")

    def work() -> bytes:
        run_set, colors = ({}, {}) if not view_id else _view_run_set(request, project, view_id)
        return _encoded(_apply(request, project, run_set, colors))

    return _json_response(await run_in_threadpool(work))


async def query_runs(request: Request) -> Response:
    project = await _project(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", 'Send {"runSet": {...}, "customRunColors": {...}}.')
    run_set = body.get("runSet", body)
    colors = body.get("customRunColors") or {}
    body = await run_in_threadpool(lambda: _encoded(_apply(request, project, run_set, colors)))
    return _json_response(body)


async def run_keys(request: Request) -> JSONResponse:
    project = await _project(request)
    name = request.path_params["name"]
    store = store_of(request)
    run = await run_in_threadpool(run_or_404, store, project.entity, project.name, name)
    history = _history(request)
    infos = {} if history is None else await run_in_threadpool(history.keys, run.history_key)
    keys = {
        key: {
            "count": info.count,
            "numeric": info.numeric,
            "minStep": info.min_step,
            "maxStep": info.max_step,
        }
        for key, info in sorted(infos.items())
    }
    last = max((info.max_step for info in infos.values()), default=-1)
    return JSONResponse({"run": run.name, "lastStep": last, "keys": keys})


def _strings(body: Mapping[str, Any], field: str, limit: int) -> list[str]:
    value = body.get(field)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
        raise ApiError(400, "invalid_request", f'"{field}" must be a non-empty list of names.')
    if len(value) > limit:
        raise ApiError(400, "invalid_request", f'"{field}" lists {len(value)}; at most {limit}.')
    return list(dict.fromkeys(value))


def _number(body: Mapping[str, Any], field: str) -> float | None:
    value = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ApiError(
            400, "invalid_request", f'"{field}" must be a number or null, not {value!r}.'
        )
    return float(value)


def _history_request(
    body: Any,
) -> tuple[list[str], list[str], str, int, float | None, float | None]:
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_request", 'Send {"runs": [...], "metrics": [...], "x": "_step", ...}.'
        )
    x_key = body.get("x", "_step")
    if not isinstance(x_key, str) or not x_key:
        raise ApiError(400, "invalid_request", f'"x" must be a metric name, not {x_key!r}.')
    points = body.get("points", 1000)
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        raise ApiError(
            400, "invalid_request", f'"points" must be an integer 1..{MAX_POINTS}, not {points!r}.'
        )
    runs = _strings(body, "runs", MAX_RUNS)
    metrics = _strings(body, "metrics", MAX_METRICS)
    return runs, metrics, x_key, points, _number(body, "xMin"), _number(body, "xMax")


def _series(
    request: Request, project: Project, names: Sequence[str], metrics: Sequence[str], *args: Any
) -> dict[str, Any]:
    x_key, points, x_min, x_max = args
    keys = store_of(request).history_keys(project.entity, project.name, names)
    by_key = {keys[name]: name for name in names if name in keys}
    history = _history(request)
    series = (
        []
        if history is None or not by_key
        else history.downsample(
            list(by_key), metrics, x_key=x_key, points=points, x_min=x_min, x_max=x_max
        )
    )
    return {
        "x": x_key,
        "series": [
            {
                "run": by_key[s.run_key],
                "metric": s.metric,
                # numpy columns, written by orjson (NaN and ±inf become null)
                "x": s.x,
                "min": s.min,
                "max": s.max,
                "mean": s.mean,
                "count": s.count,
            }
            for s in series
        ],
        "missing": [name for name in names if name not in keys],
    }


async def history(request: Request) -> Response:
    project = await _project(request)
    names, metrics, x_key, points, x_min, x_max = _history_request(await read_json(request))
    body = await run_in_threadpool(
        _series, request, project, names, metrics, x_key, points, x_min, x_max
    )
    return Response(
        orjson.dumps(body, option=orjson.OPT_SERIALIZE_NUMPY), media_type="application/json"
    )


routes = [
    Route("/{entity}/{project}/runs", list_runs, methods=["GET"]),
    Route("/{entity}/{project}/runs", query_runs, methods=["POST"]),
    Route("/{entity}/{project}/runs/{name}/keys", run_keys, methods=["GET"]),
    Route("/{entity}/{project}/history", history, methods=["POST"]),
]
