"""``panelbank views list|history|restore|delete``: saved views and the versions kept of
them, in the embedded store (``--home``) or on a panelbank server (``--base-url``)."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import click
import httpx

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import (
    Backend,
    api_key_for,
    parse_report_url,
    parse_workspace_url,
    view_url,
)
from wandb_workspaces.errors import NotFoundError

from ..store.backend import LocalBackend
from ..workflow.diff import Line, diff_workspaces, render_lines
from ..workflow.report_diff import ReportSide, diff_reports
from ..workflow.report_io import is_report_url
from ._common import backend_options, fail, open_backend, user_errors

__all__ = ["views_group"]


@click.group("views")
def views_group() -> None:
    """List saved workspaces, show a view's versions, restore an earlier one, delete one."""


def _entity_project(value: str) -> tuple[str, str]:
    entity, _, project = value.partition("/")
    if not entity or not project or "/" in project:
        raise fail(f"expected ENTITY/PROJECT, got {value!r}", exit_code=2)
    return entity, project


@views_group.command("list")
@click.argument("project", metavar="ENTITY/PROJECT")
@backend_options
def views_list(project: str, home: Path | None, base_url: str | None) -> None:
    """List the saved workspaces of a project, most recently updated first."""
    entity, name = _entity_project(project)
    with user_errors(), open_backend(home, base_url) as backend:
        views = backend.list_views(entity, name)
        for view in views:
            updated = view.updated_at.strftime("%Y-%m-%d %H:%M") if view.updated_at else "-"
            url = view_url(entity, name, view.name, backend)
            click.echo(f"{view.display_name}\t{updated}\t{url}")
    if not views:
        click.echo(f"no saved workspaces in {entity}/{name}", err=True)


@dataclasses.dataclass(frozen=True)
class _Version:
    version: int
    display_name: str
    spec: str
    created_at: datetime
    created_by: str


class _Versions(Protocol):
    def history(self) -> list[_Version]: ...

    def restore(self, version: int) -> int:
        """Make ``version`` current again; the new version number."""


class _StoreVersions:
    """A view's versions in the embedded store."""

    def __init__(self, backend: LocalBackend, url: str, view_id: str) -> None:
        self.store, self.url, self.view_id = backend.store, url, view_id

    def history(self) -> list[_Version]:
        return [
            _Version(v.version, v.display_name, v.spec, v.created_at, v.created_by)
            for v in self.store.view_history(self.view_id)
        ]

    def restore(self, version: int) -> int:
        from ..store import NotFoundError

        try:
            return self.store.restore_view(self.view_id, version).version
        except NotFoundError as exc:
            raise fail(f"{exc}; `panelbank views history {self.url}` lists the versions") from None


class _ServerVersions:
    """A view's versions on ``panelbank serve``: ``/api/v1/views/{id}/history`` and
    ``/restore``, with the API key the GraphQL backend uses (``WANDB_API_KEY`` or
    ``~/.netrc``)."""

    def __init__(self, base_url: str, url: str, view_id: str) -> None:
        self.base, self.url, self.view_id = base_url.rstrip("/"), url, view_id
        key = os.environ.get("WANDB_API_KEY") or api_key_for(self.base)
        if not key:
            host = urlsplit(self.base).netloc
            raise fail(f"no API key for {host}; set WANDB_API_KEY or add it to ~/.netrc")
        self.auth = ("api", key)

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        address = f"{self.base}/api/v1/views/{quote(self.view_id, safe='')}/{path}"
        try:
            response = httpx.request(method, address, json=body, auth=self.auth, timeout=30.0)
        except httpx.HTTPError as exc:
            raise fail(f"could not reach {self.base}: {exc}") from None
        try:
            data = response.json()
        except ValueError:
            data = None
        error = data.get("error") if isinstance(data, dict) else None
        if response.status_code == 404 and not isinstance(error, dict):
            raise fail(
                f"{self.base} keeps no view versions (W&B does not; panelbank serve and "
                "the embedded store do)"
            )
        if response.status_code >= 400 or not isinstance(data, dict):
            message = error.get("message") if isinstance(error, dict) else response.text[:200]
            raise fail(f"{self.base} answered HTTP {response.status_code}: {message}")
        return data

    def history(self) -> list[_Version]:
        data = self._call("GET", "history?include=spec")
        return [
            _Version(
                int(item["version"]),
                str(item.get("displayName", "")),
                str(item.get("spec", "{}")),
                datetime.fromisoformat(str(item["createdAt"]).replace("Z", "+00:00")),
                str(item.get("createdBy") or ""),
            )
            for item in data.get("versions", [])
        ]

    def restore(self, version: int) -> int:
        return int(self._call("POST", "restore", {"version": version})["version"])


def _report_versions(backend: Backend, url: str) -> tuple[_Versions, str, str]:
    """The versions of the report at ``url`` (a report is a view; its address ends in
    the view id)."""
    entity, project, report_id = parse_report_url(url)
    if isinstance(backend, LocalBackend):
        if backend.store.get_view(report_id) is None:
            raise fail(f"no saved report at {url}")
        return _StoreVersions(backend, url, report_id), entity, project
    base_url = getattr(backend, "base_url", None)
    if not isinstance(base_url, str):
        raise fail("report versions need the embedded store (--home) or a server (--base-url)")
    return _ServerVersions(base_url, url, report_id), entity, project


def _versions(backend: Backend, url: str) -> tuple[_Versions, str, str]:
    """The versions of the view at ``url``, from the store or the server it lives on."""
    if is_report_url(url):
        return _report_versions(backend, url)
    entity, project, name = parse_workspace_url(url)
    if isinstance(backend, LocalBackend):
        views = backend.store.find_views(entity, project, type="project-view", name=name)
        if not views:
            raise fail(
                f"no saved workspace at {url}; see `panelbank views list {entity}/{project}`"
            )
        return _StoreVersions(backend, url, views[0].id), entity, project
    base_url = getattr(backend, "base_url", None)
    if not isinstance(base_url, str):
        raise fail("view versions need the embedded store (--home) or a server (--base-url)")
    view = backend.load_view(entity, project, name)
    return _ServerVersions(base_url, url, view.id), entity, project


@views_group.command("history")
@click.argument("url")
@click.option("--diff", "show_diff", is_flag=True, help="Show what each version changed.")
@backend_options
def views_history(url: str, show_diff: bool, home: Path | None, base_url: str | None) -> None:
    """List the stored versions of the view (or report) at URL, oldest first (from the
    embedded store or a panelbank server)."""
    with user_errors(), open_backend(home, base_url) as backend:
        versions, entity, project = _versions(backend, url)
        history = versions.history()
    previous: Any = None
    report = is_report_url(url)
    for version in history:
        when = version.created_at.strftime("%Y-%m-%d %H:%M:%S")
        spec = json.loads(version.spec)
        current: Any = (
            ReportSide(version.display_name, "", spec)
            if report
            else ws.Workspace.from_spec(
                spec, entity=entity, project=project, name=version.display_name
            )
        )
        lines: list[Line] = []
        if previous is not None:
            lines = (
                diff_reports(previous, current) if report else diff_workspaces(previous, current)
            )
        n = len([line for line in lines if line.op in "+-" or "→" in line.text])
        changes = f"{n} change{'s' if n != 1 else ''}" if previous else "created"
        by = version.created_by or "-"
        click.echo(f"v{version.version}\t{when}\t{by}\t{version.display_name}\t{changes}")
        if show_diff and lines:
            click.echo(render_lines(lines, color=True))
        previous = current


@views_group.command("restore")
@click.argument("url")
@click.argument("version", type=int)
@backend_options
def views_restore(url: str, version: int, home: Path | None, base_url: str | None) -> None:
    """Make VERSION of the view at URL current again (kept as a new version), in the
    embedded store or on a panelbank server."""
    with user_errors(), open_backend(home, base_url) as backend:
        versions, _, _ = _versions(backend, url)
        new = versions.restore(version)
    click.echo(f"restored version {version} of {url} as version {new}")


@views_group.command("delete")
@click.argument("url")
@click.option(
    "--yes", "-y", "yes", is_flag=True, help="Do not ask first (needed without a terminal)."
)
@backend_options
def views_delete(url: str, yes: bool, home: Path | None, base_url: str | None) -> None:
    """Delete the saved view at URL (asks first on a terminal; --yes skips that)."""
    from .workflow import confirm

    entity, project, name = parse_workspace_url(url)
    with user_errors(), open_backend(home, base_url) as backend:
        try:
            view = backend.load_view(entity, project, name)
        except NotFoundError:
            raise fail(
                f"no saved workspace at {url}; see `panelbank views list {entity}/{project}`"
            ) from None
        click.echo(click.style(f'- {entity}/{project} "{view.display_name}" ({url})', fg="red"))
        confirm(f'Delete {entity}/{project} "{view.display_name}"?', yes, required=True)
        backend.delete_view(view.id)
    click.echo(f'deleted {entity}/{project} "{view.display_name}"')
