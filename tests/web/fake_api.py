"""A stand-in for the runs JSON API (``server/api_runs.py``, in progress elsewhere):
the same shapes, over in-memory runs with computed histories.

``GET /api/v1/{entity}/{project}/runs?view=<id>`` applies the view's run set with
:func:`panelbank.runs.apply_run_set`; ``POST .../history`` buckets computed series.
Used only while the real routes are missing (see ``conftest.py``).
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from panelbank.runs import apply_run_set
from panelbank.store.models import Run

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def make_runs(entity: str, project: str, count: int, steps: int) -> list[Run]:
    runs = []
    for i in range(count):
        lr = [0.001, 0.01, 0.1][i % 3]
        when = T0 + timedelta(hours=i)
        runs.append(
            Run(
                pk=i + 1, entity=entity, project=project, name=f"run{i:03d}",
                display_name=f"{['brisk', 'calm', 'dusty', 'eager', 'fuzzy'][i % 5]}-{i}",
                state="finished" if i % 4 else "running",
                config={"lr": {"value": lr, "desc": None}, "seed": {"value": i, "desc": None}},
                summary={"acc": 0.6 + 0.03 * (i % 10), "loss": 1.0 / (1 + i), "_step": steps - 1},
                system_metrics={}, tags=("baseline",) if i % 2 else (), group=None,
                job_type="train", notes=None, description=None, host=None, program=None,
                commit=None, sweep=None, exitcode=0, history_line_count=steps,
                created_at=when, updated_at=when, heartbeat_at=when, username=entity,
            )
        )
    return runs


def value(run: int, metric: str, step: float) -> float | None:
    if metric == "_step":
        return step
    if metric == "epoch":
        return step / 100
    if metric == "loss":
        return 2.0 * math.exp(-step / 400) / (1 + 0.1 * run) + 0.05 * math.sin(step / 7 + run)
    if metric == "val_loss":
        return 2.2 * math.exp(-step / 500) / (1 + 0.1 * run) + 0.02 * math.cos(step / 11)
    if metric == "acc":
        return 1 - math.exp(-step / 300) * (0.9 - 0.02 * run)
    return None  # never logged


class FakeRunsApi:
    def __init__(self, store: Any, runs: list[Run], steps: int) -> None:
        self.store = store
        self.runs = runs
        self.steps = steps
        self.history_requests: list[dict[str, Any]] = []
        self._answers: dict[str, bytes] = {}  # the benchmark measures the viewer, not us

    async def list_runs(self, request: Request) -> JSONResponse:
        view_id = request.query_params.get("view")
        run_set: dict[str, Any] = {}
        colors: dict[str, str] = {}
        if view_id:
            view = self.store.get_view(view_id)
            section = json.loads(view.spec)["section"]
            run_set = section["runSets"][0]
            colors = {k: v for k, v in section.get("customRunColors", {}).items() if v}
        result = apply_run_set(self.runs, run_set)
        return JSONResponse({
            "runs": [self._run(r, colors, r.name in result.hidden) for r in result.runs],
            "groups": [
                {"path": [json.dumps(v) if not isinstance(v, str) else v for v in g.values],
                 "runs": [r.name for r in g.runs]}
                for g in result.groups
            ],
            "total": result.total,
            "matched": len(result.runs),
        })

    @staticmethod
    def _run(run: Run, colors: dict[str, str], hidden: bool) -> dict[str, Any]:
        return {
            "name": run.name, "displayName": run.display_name, "state": run.state,
            "config": {k: v["value"] for k, v in run.config.items()}, "summary": run.summary,
            "tags": list(run.tags), "createdAt": run.created_at.isoformat(),
            "color": colors.get(run.name), "disabled": hidden,
        }

    async def history(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.history_requests.append(body)
        cache_key = json.dumps(body, sort_keys=True)
        if cache_key in self._answers:
            return Response(self._answers[cache_key], media_type="application/json")
        x_key, points = body.get("x", "_step"), int(body.get("points", 1000))
        lo = body.get("xMin")
        hi = body.get("xMax")
        series = []
        for name in body["runs"]:
            index = int(name[3:])
            for metric in body["metrics"]:
                rows = []
                for step in range(self.steps):
                    x, y = value(index, x_key, step), value(index, metric, step)
                    if x is None or y is None:
                        continue
                    if (lo is not None and x < lo) or (hi is not None and x > hi):
                        continue
                    rows.append((x, y))
                if not rows:
                    continue
                size = max(1, math.ceil(len(rows) / points))
                out: dict[str, list[Any]] = {"x": [], "min": [], "max": [], "mean": [], "count": []}
                for start in range(0, len(rows), size):
                    chunk = rows[start : start + size]
                    ys = [y for _, y in chunk]
                    out["x"].append(sum(x for x, _ in chunk) / len(chunk))
                    out["min"].append(min(ys))
                    out["max"].append(max(ys))
                    out["mean"].append(sum(ys) / len(ys))
                    out["count"].append(len(chunk))
                series.append({"run": name, "metric": metric, **out})
        answer = json.dumps({"series": series}).encode()
        self._answers[cache_key] = answer
        return Response(answer, media_type="application/json")

    async def keys(self, request: Request) -> JSONResponse:
        return JSONResponse({"keys": ["_step", "acc", "epoch", "loss", "val_loss"]})

    def routes(self) -> list[Route]:
        return [
            Route("/api/v1/{entity}/{project}/runs", self.list_runs, methods=["GET"]),
            Route("/api/v1/{entity}/{project}/history", self.history, methods=["POST"]),
            Route("/api/v1/{entity}/{project}/runs/{name}/keys", self.keys, methods=["GET"]),
        ]
