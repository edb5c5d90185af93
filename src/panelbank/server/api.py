"""The JSON API under ``/api/v1/``: the same store functions as GraphQL, plain JSON out.

Errors use the one envelope ``{"error": {"code", "message"}}`` (see ``errors.py``).
Routes under ``/api/v1/views/`` come first, so an entity cannot be named ``views`` here.
Views of ``app.state.view_overlay`` (``panelbank preview``'s unsaved workspace) are read
before the store's and never written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Protocol, TypeGuard

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..store import Project, Store, View, ViewVersion
from .errors import ApiError
from .limits import read_json

__all__ = ["ViewOverlay", "overlay_view", "routes"]


class ViewOverlay(Protocol):
    """Views served beside the store's and never saved in it (``app.state.view_overlay``)."""

    def get_view(self, view_id: str) -> View | None: ...

    def find_views(self, entity: str, project: str) -> list[View]: ...

    def problem(self, view_id: str) -> str | None:
        """An error to show on the view (e.g. its file no longer loads), or None."""


def iso_time(value: datetime) -> str:
    """A stored time as ISO 8601 in UTC with a ``Z`` (naive times are UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def project_json(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "entity": project.entity,
        "name": project.name,
        "createdAt": iso_time(project.created_at),
    }


def view_json(view: View, *, spec: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": view.id,
        "entity": view.entity,
        "project": view.project,
        "name": view.name,
        "displayName": view.display_name,
        "type": view.type,
        "description": view.description,
        "version": view.version,
        "createdAt": iso_time(view.created_at),
        "updatedAt": iso_time(view.updated_at),
        "createdBy": view.created_by,
    }
    if spec:
        out["spec"] = view.spec  # the JSON text as stored, byte for byte
    return out


def version_json(version: ViewVersion, *, spec: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "version": version.version,
        "displayName": version.display_name,
        "createdAt": iso_time(version.created_at),
        "createdBy": version.created_by,
    }
    if spec:
        out["spec"] = version.spec
    return out


def store_of(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


def _overlay(request: Request) -> ViewOverlay | None:
    overlay: ViewOverlay | None = getattr(request.app.state, "view_overlay", None)
    return overlay


def overlay_view(request: Request, view_id: str) -> View | None:
    """The overlay's view with this id, if there is an overlay and it has one."""
    overlay = _overlay(request)
    return None if overlay is None else overlay.get_view(view_id)


async def _view_or_404(request: Request) -> View:
    view_id = request.path_params["id"]
    view = await run_in_threadpool(store_of(request).get_view, view_id)
    if view is None:
        raise ApiError(404, "not_found", f"No view with id {view_id!r}.")
    return view


async def list_entities(request: Request) -> JSONResponse:
    entities = await run_in_threadpool(store_of(request).list_entities)
    return JSONResponse({"entities": entities})


async def list_projects(request: Request) -> JSONResponse:
    entity = request.path_params["entity"]
    store = store_of(request)
    if entity not in await run_in_threadpool(store.list_entities):
        raise ApiError(404, "not_found", f"No entity {entity!r}; GET /api/v1/entities lists them.")
    projects = await run_in_threadpool(store.list_projects, entity)
    return JSONResponse({"projects": [project_json(p) for p in projects]})


def _matches(view: View, query: Mapping[str, str]) -> bool:
    fields = {"type": view.type, "name": view.name, "displayName": view.display_name}
    return all(query.get(key) in (None, value) for key, value in fields.items())


async def list_views(request: Request) -> JSONResponse:
    entity, name = request.path_params["entity"], request.path_params["project"]
    store = store_of(request)
    if await run_in_threadpool(store.get_project, entity, name) is None:
        raise ApiError(
            404,
            "not_found",
            f"No project {entity}/{name}; GET /api/v1/{entity}/projects lists them.",
        )
    query = request.query_params
    views = await run_in_threadpool(
        lambda: store.find_views(
            entity,
            name,
            type=query.get("type"),
            name=query.get("name"),
            display_name=query.get("displayName"),
        )
    )
    overlay = _overlay(request)
    if overlay is not None:
        extra = await run_in_threadpool(overlay.find_views, entity, name)
        views = [v for v in extra if _matches(v, query)] + views
    return JSONResponse({"views": [view_json(v, spec=False) for v in views]})


async def get_view(request: Request) -> JSONResponse:
    overlay, view_id = _overlay(request), request.path_params["id"]
    if overlay is not None and (view := await run_in_threadpool(overlay.get_view, view_id)):
        return JSONResponse({**view_json(view, spec=True), "problem": overlay.problem(view_id)})
    return JSONResponse(view_json(await _view_or_404(request), spec=True))


async def view_history(request: Request) -> JSONResponse:
    view = await _view_or_404(request)
    with_spec = request.query_params.get("include") == "spec"
    versions = await run_in_threadpool(store_of(request).view_history, view.id)
    return JSONResponse({"versions": [version_json(v, spec=with_spec) for v in versions]})


async def restore_view(request: Request) -> JSONResponse:
    view = await _view_or_404(request)
    payload = await read_json(request)
    version = payload.get("version") if isinstance(payload, dict) else None
    if not _is_int(version):
        raise ApiError(
            400,
            "invalid_request",
            'Send {"version": N} with the version to restore; '
            f"GET /api/v1/views/{view.id}/history lists them.",
        )
    expected = payload.get("expectedVersion")
    if expected is not None and not _is_int(expected):
        raise ApiError(
            400,
            "invalid_request",
            f"expectedVersion must be the view's current version number (it is {view.version}), "
            "or left out to restore whatever the view holds now.",
        )
    user = request.state.user
    restored = await run_in_threadpool(
        lambda: store_of(request).restore_view(
            view.id, version, username=user.username if user else "", expected_version=expected
        )
    )
    return JSONResponse(view_json(restored, spec=True))


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


routes = [
    Route("/entities", list_entities, methods=["GET"]),
    Route("/views/{id}", get_view, methods=["GET"]),
    Route("/views/{id}/history", view_history, methods=["GET"]),
    Route("/views/{id}/restore", restore_view, methods=["POST"]),
    Route("/{entity}/projects", list_projects, methods=["GET"]),
    Route("/{entity}/{project}/views", list_views, methods=["GET"]),
]
