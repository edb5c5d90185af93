"""What the panel-data routes share: the run files' folder, runs by name, body fields."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from starlette.requests import Request

from ...store import Store
from ...store.errors import InvalidNameError
from ...store.models import RunRecord
from ..api_runs import run_or_404
from ..errors import ApiError
from ..ingest.files import RunFiles

__all__ = ["body_int", "body_names", "body_text", "file_of", "runs_named"]


def file_of(request: Request, run: RunRecord, name: str) -> Path:
    """Where the server keeps the run file ``name`` (it may not exist)."""
    files = RunFiles(request.app.state.settings.home / "files")
    try:
        return files.path(run.entity, run.project, run.name, name)
    except InvalidNameError as exc:
        raise ApiError(400, "invalid_name", f"Not a run file path: {exc}") from None


def runs_named(store: Store, entity: str, project: str, names: list[str]) -> list[RunRecord]:
    """The runs, in the order named; a 404 naming the first that does not exist."""
    return [run_or_404(store, entity, project, name) for name in names]


def body_names(body: Mapping[str, Any], field: str, limit: int) -> list[str]:
    value = body.get(field)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ApiError(400, "invalid_request", f'"{field}" must be a non-empty list of run names.')
    if len(value) > limit:
        raise ApiError(
            400, "invalid_request", f'"{field}" lists {len(value)} runs; at most {limit}.'
        )
    return list(dict.fromkeys(value))


def body_text(body: Mapping[str, Any], field: str, *, required: bool = False) -> str | None:
    value = body.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise ApiError(400, "invalid_request", f'"{field}" must be a non-empty string.')
    return value


def body_int(body: Mapping[str, Any], field: str, default: int, low: int, high: int) -> int:
    value = body.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(
            400,
            "invalid_request",
            f'"{field}" must be a whole number from {low} to {high}, not {value!r}.',
        )
    return value
