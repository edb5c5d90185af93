"""Resolvers of runs, the read side: ``Run``, ``Project.runs/run/runCount`` and the
``JSON``/``Int64`` scalars. The parent of every ``Run`` field is a store
:class:`panelbank.store.models.RunRecord` record (the write side returns them too).
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from typing import Any

from ariadne import ObjectType, ScalarType

from ...runs import (
    FilterError,
    RunQueryError,
    parse_filters,
    parse_order,
    select,
    service,
    sort_runs,
)
from ...store import Project, User
from ...store.models import RunRecord
from ._context import Info, context_of, gid, input_error
from ._paging import connection
from .types import user_for

__all__ = ["int64_scalar", "json_scalar", "run_project_type", "run_type"]

run_type = ObjectType("Run")
run_project_type = ObjectType("Project")  # the runs fields; types.py binds the others
json_scalar = ScalarType("JSON")
int64_scalar = ScalarType("Int64")

DEFAULT_PAGE = 50  # the SDK's per_page


@int64_scalar.value_parser
def _parse_int64(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"an Int64 must be an integer, not {value!r}")
    return value


# -- Project ------------------------------------------------------------------------------
def _matching(project: Project, info: Info, filters: Any, order: str | None) -> list[RunRecord]:
    context = context_of(info)
    try:
        node = parse_filters(filters)
        keys = parse_order(order)
    except RunQueryError as exc:
        raise input_error(str(exc)) from None

    @functools.cache
    def keys_info(name: str) -> dict[str, Any]:
        return service.keys_info(context.history, runs_by_name[name])

    runs = context.store.list_runs(project.entity, project.name)
    runs_by_name = {run.name: run for run in runs}
    kept = select(runs, node, keys_info=lambda run: keys_info(run.name))
    return sort_runs(kept, keys, keys_info=lambda run: keys_info(run.name))


@run_project_type.field("runs")
def _project_runs(
    project: Project,
    info: Info,
    filters: Any = None,
    order: str | None = None,
    first: int | None = None,
    perPage: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    runs = _matching(project, info, filters, order)
    size = first if first is not None else perPage if perPage is not None else DEFAULT_PAGE
    return {"runCount": len(runs), **connection(runs, first=size, after=after)}


@run_project_type.field("runCount")
def _project_run_count(project: Project, info: Info, filters: Any = None) -> int:
    return len(_matching(project, info, filters, None))


@run_project_type.field("run")
def _project_run(project: Project, info: Info, name: str) -> RunRecord | None:
    return context_of(info).store.get_run(project.entity, project.name, name)


# -- Run ----------------------------------------------------------------------------------
def _seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)  # W&B writes whole seconds


_ATTRIBUTES = {
    "displayName": "display_name",
    "systemMetrics": "system_metrics",
    "summaryMetrics": "summary",
    "jobType": "job_type",
    "sweepName": "sweep",
    "historyLineCount": "history_line_count",
}


def _attribute(name: str, attribute: str) -> None:
    @run_type.field(name)
    def resolve(run: RunRecord, _info: Info) -> Any:
        return getattr(run, attribute)


for _name, _attr in _ATTRIBUTES.items():
    _attribute(_name, _attr)


@run_type.field("id")
def _run_id(run: RunRecord, _info: Info) -> str:
    return gid("Run", f"{run.entity}:{run.project}:{run.name}")


@run_type.field("displayName")
def _run_display_name(run: RunRecord, _info: Info) -> str:
    return run.display_name


@run_type.field("sweepName")
def _run_sweep_name(run: RunRecord, _info: Info) -> str | None:
    return run.sweep


@run_type.field("historyLineCount")
def _run_history_line_count(run: RunRecord, _info: Info) -> int:
    return run.history_line_count


@run_type.field("tags")
def _run_tags(run: RunRecord, _info: Info) -> list[str]:
    return list(run.tags)


@run_type.field("readOnly")
def _run_read_only(_run: RunRecord, _info: Info) -> bool:
    return False


@run_type.field("createdAt")
def _run_created_at(run: RunRecord, _info: Info) -> datetime:
    return _seconds(run.created_at)


@run_type.field("updatedAt")
def _run_updated_at(run: RunRecord, _info: Info) -> datetime:
    return _seconds(run.updated_at)


@run_type.field("heartbeatAt")
def _run_heartbeat_at(run: RunRecord, _info: Info) -> datetime:
    return _seconds(run.heartbeat_at)


@run_type.field("user")
def _run_user(run: RunRecord, info: Info) -> User:
    return user_for(info, run.username or run.entity)


@run_type.field("project")
def _run_project(run: RunRecord, info: Info) -> Project | None:
    return context_of(info).store.get_project(run.entity, run.project)


@run_type.field("projectId")
def _run_project_id(run: RunRecord, info: Info) -> str:
    project = context_of(info).store.get_project(run.entity, run.project)
    return str(project.id) if project is not None else "0"


@run_type.field("historyKeys")
def _run_history_keys(run: RunRecord, info: Info, format: str | None = None) -> dict[str, Any]:
    return service.history_keys(context_of(info).history, run)


@run_type.field("history")
def _run_history(
    run: RunRecord,
    info: Info,
    samples: int | None = None,
    minStep: int | None = None,
    maxStep: int | None = None,
    pageSize: int | None = None,
) -> list[str]:
    count = pageSize if pageSize is not None else samples
    if count is not None and count < 0:
        raise input_error(f"samples: must be 0 or more, not {count}")
    rows = service.history_page(
        context_of(info).history, run, samples=count, min_step=minStep, max_step=maxStep
    )
    return [_row_json(row) for row in rows]


@run_type.field("events")
def _run_events(_run: RunRecord, _info: Info, samples: int | None = None) -> list[str]:
    return []  # system metrics history is not kept


@run_type.field("sampledHistory")
def _run_sampled_history(
    run: RunRecord, info: Info, specs: list[Any], packVersion: int | None = None
) -> list[list[dict[str, Any]]]:
    history = context_of(info).history
    out = []
    for index, spec in enumerate(specs):
        keys = spec.get("keys") if isinstance(spec, dict) else None
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise input_error(f'specs[{index}]: expected {{"keys": [...], "samples": n}}')
        samples = spec.get("samples", service.DEFAULT_SAMPLES)
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 0:
            raise input_error(f"specs[{index}].samples: expected a count, got {samples!r}")
        bounds = {name: _spec_step(spec, index, name) for name in ("minStep", "maxStep")}
        out.append(
            service.sampled_history(
                history, run, keys, samples, min_step=bounds["minStep"], max_step=bounds["maxStep"]
            )
        )
    return out


def _spec_step(spec: dict[str, Any], index: int, name: str) -> int | None:
    """A spec's ``minStep``/``maxStep`` (both inclusive); None when not given."""
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise input_error(
            f"specs[{index}].{name}: expected a step (an integer) or null, got {value!r}"
        )
    return value


@run_type.field("parquetHistory")
def _run_parquet_history(run: RunRecord, info: Info, liveKeys: list[str]) -> dict[str, Any]:
    rows = service.live_rows(context_of(info).history, run, liveKeys)
    return {"parquetUrls": [], "liveData": list(rows)}


def _row_json(row: dict[str, Any]) -> str:
    # NaN and infinity as the W&B backend writes them (Python's json reads them back)
    return json.dumps(row, default=str)


__all__ += ["FilterError"]  # re-exported for tests that match resolver errors
