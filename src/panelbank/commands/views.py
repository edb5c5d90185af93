"""``panelbank views list|history|restore``: saved views and the versions the store keeps."""

from __future__ import annotations

import json
from pathlib import Path

import click

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import Backend, parse_workspace_url, view_url

from ..store.backend import LocalBackend
from ..workflow.diff import Line, diff_workspaces, render_lines
from ._common import backend_options, fail, open_backend, user_errors

__all__ = ["views_group"]


@click.group("views")
def views_group() -> None:
    """List saved workspaces, show a view's versions, restore an earlier one."""


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


def _store_view(backend: Backend, url: str) -> tuple[LocalBackend, str, str, str]:
    if not isinstance(backend, LocalBackend):
        raise fail(
            "view versions are kept by the panelbank store; use --home (or PANELBANK_HOME) "
            "on the machine that runs it"
        )
    entity, project, name = parse_workspace_url(url)
    views = backend.store.find_views(entity, project, type="project-view", name=name)
    if not views:
        raise fail(f"no saved workspace at {url}; see `panelbank views list {entity}/{project}`")
    return backend, entity, project, views[0].id


@views_group.command("history")
@click.argument("url")
@click.option("--diff", "show_diff", is_flag=True, help="Show what each version changed.")
@backend_options
def views_history(url: str, show_diff: bool, home: Path | None, base_url: str | None) -> None:
    """List the stored versions of the view at URL, oldest first."""
    with user_errors(), open_backend(home, base_url) as backend:
        local, entity, project, view_id = _store_view(backend, url)
        versions = local.store.view_history(view_id)
    previous = None
    for version in versions:
        when = version.created_at.strftime("%Y-%m-%d %H:%M:%S")
        current = ws.Workspace.from_spec(
            json.loads(version.spec), entity=entity, project=project, name=version.display_name
        )
        lines: list[Line] = diff_workspaces(previous, current) if previous is not None else []
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
    """Make VERSION of the view at URL current again (kept as a new version)."""
    from ..store import NotFoundError

    with user_errors(), open_backend(home, base_url) as backend:
        local, _, _, view_id = _store_view(backend, url)
        try:
            view = local.store.restore_view(view_id, version)
        except NotFoundError as exc:
            raise fail(f"{exc}; `panelbank views history {url}` lists the versions") from None
    click.echo(f"restored version {version} of {url} as version {view.version}")
