"""Workspaces as code: ``export``, ``plan``, ``apply``, ``diff`` and ``validate``.

Thin click commands over :mod:`panelbank.workflow`; :func:`register` adds them (and the
``views`` group) to the ``panelbank`` command line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import Backend, parse_workspace_url, view_url

from ..store.backend import LocalBackend
from ..workflow.diff import diff_workspaces, render_lines
from ..workflow.errors import FileLoadError
from ..workflow.export import FORMATS, export_text
from ..workflow.files import load_file, load_files
from ..workflow.keys import StoreRunSource, check_keys, referenced_keys
from ..workflow.match import load_stored
from ..workflow.plan import (
    Planned,
    apply_one,
    check_unique,
    count,
    expand,
    plan_json,
    plan_one,
)
from ._common import backend_options, fail, open_backend, user_errors

__all__ = ["register"]

EXIT_CHANGES = 2
T = TypeVar("T")
_SUFFIX_FORMAT = {".py": "python", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def _files_argument(command: Any) -> Any:
    return click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))(
        command
    )


def _template_options(command: Any) -> Any:
    command = click.option(
        "--entity",
        default=None,
        help="Apply to this entity instead of the one in the file.",
    )(command)
    command = click.option(
        "--project",
        "projects",
        multiple=True,
        metavar="NAME|GLOB",
        help="Use the file as a template for this project (repeat it, or a glob such as "
        "'exp-*' over the entity's projects); {entity} and {project} in the name are "
        "replaced.",
    )(command)
    return command


# -- export ----------------------------------------------------------------------------------
def _load_url(backend: Backend, url: str) -> ws.Workspace:
    entity, project, name = parse_workspace_url(url)
    return load_stored(backend.load_view(entity, project, name), entity, project)


@click.command("export")
@click.argument("url")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="python (a script using ws.Workspace), yaml or json (a declarative document). "
    "Default: from the --output suffix, else python.",
)
@backend_options
def export_command(
    url: str, output: Path | None, fmt: str | None, home: Path | None, base_url: str | None
) -> None:
    """Write the saved workspace at URL as a workspace file."""
    chosen = fmt or (_SUFFIX_FORMAT.get(output.suffix, "python") if output else "python")
    with user_errors(), open_backend(home, base_url) as backend:
        text = export_text(_load_url(backend, url), chosen)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output} ({chosen})", err=True)


# -- plan and apply --------------------------------------------------------------------------
def _progress(items: list[T], label: str) -> Iterator[T]:
    """``items``, with a progress bar on stderr when there are several (many projects)."""
    if len(items) <= 1:
        yield from items
        return
    bar: Any = click.progressbar(items, label=label, file=sys.stderr)
    with bar:
        yield from bar


def _plan(
    backend: Backend, files: tuple[Path, ...], entity: str | None, projects: tuple[str, ...]
) -> list[Planned]:
    declared = load_files(list(files))
    pairs = list(expand(backend, declared, entity, list(projects)))
    states: dict[Any, Any] = {}
    planned = [
        plan_one(backend, item, workspace, states)
        for item, workspace in _progress(pairs, "Reading views")
    ]
    check_unique(planned)
    return planned


def _header(planned: Planned) -> str:
    target = planned.target
    w = target.workspace
    label = f'{w.entity}/{w.project} "{w.name}"'
    if planned.action == "create":
        return click.style(f"+ {label} (new view)", fg="green")
    if planned.action == "none":
        return f"  {label} (no changes)"
    return click.style(f"~ {label} ({target.url})", fg="yellow")


def _show(planned: list[Planned]) -> None:
    for item in planned:
        click.echo(_header(item))
        if item.lines:
            click.echo(render_lines(item.lines, color=True))
        if item.stale and item.action != "none":
            message = f"    ! {item.conflict}; apply needs --force to overwrite it"
            click.echo(click.style(message, fg="red"))
        for note in item.notes:
            click.echo(click.style(f"    note: {note}", fg="cyan"))


def _summary(planned: list[Planned]) -> str:
    counts = count(planned)
    return (
        f"Plan: {counts['create']} to create, {counts['update']} to change, "
        f"{counts['none']} unchanged."
    )


@click.command("plan")
@_files_argument
@_template_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the plan as JSON (format_version 1; the schema is in the README).",
)
@backend_options
@click.pass_context
def plan_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    projects: tuple[str, ...],
    entity: str | None,
    as_json: bool,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Show what `apply` would change for the workspace FILES (.py, .yaml, .json).

    Exit code 0 when nothing would change, 2 when something would (for CI), 1 on errors.
    """
    with user_errors(), open_backend(home, base_url) as backend:
        planned = _plan(backend, files, entity, projects)
    if as_json:
        click.echo(json.dumps(plan_json(planned), indent=2, ensure_ascii=False))
    else:
        _show(planned)
        click.echo(_summary(planned))
    if any(item.action != "none" for item in planned):
        ctx.exit(EXIT_CHANGES)


@click.command("apply")
@_files_argument
@_template_options
@click.option(
    "--force", is_flag=True, help="Overwrite views edited elsewhere since the last apply."
)
@backend_options
def apply_command(
    files: tuple[Path, ...],
    projects: tuple[str, ...],
    entity: str | None,
    force: bool,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Create or update the views the workspace FILES declare (a no-op when nothing changed).

    Remembers what it wrote in .panelbank-state.json beside each file; a view edited
    elsewhere since then is not overwritten without --force.
    """
    with user_errors(), open_backend(home, base_url) as backend:
        planned = _plan(backend, files, entity, projects)
        stale = [item for item in planned if item.stale and item.action != "none"]
        if stale and not force:
            apply_one(backend, stale[0], force=False)  # raises the one-line explanation
        results = [
            (item, apply_one(backend, item, force=force)) for item in _progress(planned, "Applying")
        ]
        for item, saved in results:
            w = item.target.workspace
            label = f'{w.entity}/{w.project} "{w.name}"'
            if saved is None:
                click.echo(f"  {label}: no changes")
                continue
            verb = "created" if item.action == "create" else "updated"
            url = view_url(w.entity, w.project, saved.name, backend)
            click.echo(click.style(f"{verb} {label}: {url}", fg="green"))
    counts = count(planned)
    click.echo(
        f"Apply: {counts['create']} created, {counts['update']} changed, "
        f"{counts['none']} unchanged."
    )


# -- diff ------------------------------------------------------------------------------------
def _one(backend: Backend, source: str) -> ws.Workspace:
    if "?nw=" in source or "://" in source:
        return _load_url(backend, source)
    declared = load_file(source)
    if len(declared) != 1:
        raise fail(f"{source} declares {len(declared)} workspaces; diff compares one with one")
    return declared[0].workspace


@click.command("diff")
@click.argument("a")
@click.argument("b")
@backend_options
@click.pass_context
def diff_command(
    ctx: click.Context, a: str, b: str, home: Path | None, base_url: str | None
) -> None:
    """Compare two workspaces (saved-view URLs or workspace files): what B changes in A.

    Exit code 0 when they are the same, 2 when they differ, 1 on errors.
    """
    with user_errors(), open_backend(home, base_url) as backend:
        old, new = _one(backend, a), _one(backend, b)
    lines = diff_workspaces(old, new, depth=0)
    if not lines:
        click.echo("no differences")
        return
    click.echo(render_lines(lines, color=True))
    ctx.exit(EXIT_CHANGES)


# -- validate --------------------------------------------------------------------------------
def _run_source(backend: Backend) -> StoreRunSource | None:
    if isinstance(backend, LocalBackend):
        return StoreRunSource(backend.store, backend.home / "history")
    return None


@click.command("validate")
@_files_argument
@click.option("--offline", is_flag=True, help="Check the declarations only, not the run keys.")
@backend_options
@click.pass_context
def validate_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    offline: bool,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Check workspace FILES: valid declarations whose metric, config and summary keys
    exist in the project's runs (closest names suggested).

    Exit code 0 when everything is valid, 1 when a problem was found.
    """
    problems = 0
    with user_errors(), open_backend(home, base_url) as backend:
        source = None if offline else _run_source(backend)
        try:
            for path in dict.fromkeys(files):
                try:
                    declared = load_file(path)
                except FileLoadError as exc:
                    problems += _report_invalid(path, exc.problems)
                    continue
                for item in declared:
                    problems += _validate_one(item.workspace, path, source, offline)
        finally:
            if source is not None:
                source.close()
    if problems:
        click.echo(f"{problems} problem{'s' if problems != 1 else ''} found")
        ctx.exit(1)


def _report_invalid(path: Path, problems: list[str]) -> int:
    n = len(problems)
    click.echo(click.style(f"✗ {path}: {n} problem{'s' if n != 1 else ''}", fg="red"))
    for problem in problems:
        click.echo("    " + problem.replace("\n", "\n    "))
    return n


def _validate_one(
    workspace: ws.Workspace, path: Path, source: StoreRunSource | None, offline: bool
) -> int:
    label = f'{path}: {workspace.entity}/{workspace.project} "{workspace.name}"'
    if offline:
        click.echo(f"✓ {label}: declaration valid")
        return 0
    keys = source.project_keys(workspace.entity, workspace.project) if source else None
    if keys is None or keys.runs == 0:
        why = "no runs in the project" if keys is not None else "runs are not available here"
        click.echo(f"✓ {label}: declaration valid; keys not checked ({why})")
        return 0
    lines = check_keys(referenced_keys(workspace), keys)
    if not lines:
        click.echo(f"✓ {label}: valid, keys checked against {keys.runs} runs")
        return 0
    click.echo(click.style(f"✗ {label}", fg="red"))
    for line in lines:
        click.echo(f"    {line}")
    return len(lines)


def register(group: click.Group) -> None:
    """Add the workspaces-as-code commands to ``group`` (the ``panelbank`` CLI)."""
    from .views import views_group

    for command in (
        export_command,
        plan_command,
        apply_command,
        diff_command,
        validate_command,
        views_group,
    ):
        group.add_command(command)
