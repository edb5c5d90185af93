"""``panelbank validate``: workspace files checked where the data is.

Every file is checked (all problems reported, not the first): the declarations and the
spec they write are errors; the metric, config and summary keys that panels, filters,
grouping and sorting name are checked against the project's runs (the embedded store's,
or a server's through its GraphQL API) and a key no run has is a warning with the file
and line that names it and the closest existing key. ``--project`` checks template
files against other projects.

Exit codes: 0 valid, 1 an invalid file (or a project that cannot be read), 2 valid with
warnings (a key no run has).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from wandb_workspaces.backends import Backend

from ..store.backend import LocalBackend
from ..workflow.errors import FileLoadError
from ..workflow.files import Declared, load_views
from ..workflow.keys import (
    KeyRef,
    ProjectKeys,
    RunSource,
    StoreRunSource,
    key_line,
    missing_keys,
    referenced_keys,
)
from ..workflow.match import substitute
from ..workflow.plan import expand
from ..workflow.report_io import grid_keys, side_of_declared
from ..workflow.reports import DeclaredReport
from ..workflow.run_keys import MAX_RUNS, GraphQLRunSource
from ._common import backend_options, fail, open_backend, user_errors

__all__ = ["EXIT_WARNINGS", "validate_command"]

EXIT_WARNINGS = 2


def _run_source(backend: Backend) -> Any:
    """Where the runs are: the embedded store, or a server's GraphQL API (None: neither)."""
    if isinstance(backend, LocalBackend):
        return StoreRunSource(backend.store, backend.home / "history")
    if callable(getattr(backend, "execute", None)):
        return GraphQLRunSource(backend)  # type: ignore[arg-type]  # has execute()
    return None


def _projects(values: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """``--project`` values: ``ENTITY/PROJECT``, or a project name or glob (the file's
    entity, or ``--entity``)."""
    out: list[tuple[str | None, str]] = []
    for value in values:
        entity, slash, project = value.rpartition("/")
        if slash and (not entity or not project or "/" in entity):
            raise fail(f"--project {value!r}: give ENTITY/PROJECT or a project name", 2)
        out.append((entity or None, project))
    return out


def _targets(
    backend: Backend, item: Declared, entity: str | None, projects: list[tuple[str | None, str]]
) -> list[Any]:
    """The workspaces to check for one declaration: itself, or one per target project."""
    if not projects:
        return [w for _, w in expand(backend, [item], entity, [])]
    out = []
    for named_entity, project in projects:
        target_entity = named_entity or entity or item.workspace.entity
        if any(char in project for char in "*?["):
            out += [w for _, w in expand(backend, [item], target_entity, [project])]
        else:
            out.append(substitute(item.workspace, target_entity, project))
    return out


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--offline", is_flag=True, help="Check the declarations only, not the run keys.")
@click.option(
    "--project",
    "projects",
    multiple=True,
    metavar="ENTITY/PROJECT|NAME|GLOB",
    help="Check the files as templates against this project's runs (repeat it; a glob "
    "such as 'exp-*' matches the entity's projects in the embedded store).",
)
@click.option("--entity", default=None, help="The entity of --project NAME (default: the file's).")
@backend_options
@click.pass_context
def validate_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    offline: bool,
    projects: tuple[str, ...],
    entity: str | None,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Check workspace FILES: valid declarations (errors) whose metric, config and summary
    keys exist in the project's runs (warnings, with the file, line and closest name).

    Exit code 0 when everything is valid, 1 when a file is invalid, 2 when the files are
    valid but name keys no run has.
    """
    targets = _projects(projects)
    errors = warnings = 0
    with user_errors(), open_backend(home, base_url) as backend:
        source = None if offline else _run_source(backend)
        try:
            for path in dict.fromkeys(files):
                try:
                    declared, reports = load_views([path])
                except FileLoadError as exc:
                    errors += _report_invalid(path, exc.problems)
                    continue
                text = path.read_text(encoding="utf-8")
                for item in declared:
                    for workspace in _targets(backend, item, entity, targets):
                        warnings += _check(workspace, path, text, source, offline)
                for report in reports:
                    warnings += _check_report(report, path, text, source, offline)
        finally:
            if source is not None:
                source.close()
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} found")
        ctx.exit(1)
    if warnings:
        click.echo(f"valid; {warnings} warning{'s' if warnings != 1 else ''}")
        ctx.exit(EXIT_WARNINGS)


def _check_report(
    declared: DeclaredReport, path: Path, text: str, source: RunSource | None, offline: bool
) -> int:
    """A report's panel grids: the keys their panels name, against their run sets' runs."""
    report = declared.report
    label = f'{path}: {report.entity}/{report.project} "{report.title}" (report)'
    refs = [] if offline else list(grid_keys(side_of_declared(declared).spec))
    if not refs or source is None:
        why = "" if offline else "; no panel keys to check" if source else "; keys not checked"
        click.echo(f"✓ {label}: declaration valid{why}")
        return 0
    found: dict[tuple[str, str], ProjectKeys | None] = {}
    missing: list[tuple[KeyRef, str]] = []
    checked = False
    for projects, ref in refs:
        keys = ProjectKeys()
        for place in projects:
            if place not in found:
                found[place] = source.project_keys(*place)
            known = found[place]
            if known is not None:
                keys.runs += known.runs
                keys.metrics |= known.metrics
                keys.config |= known.config
                keys.summary |= known.summary
        if keys.runs:
            checked = True
            missing += missing_keys([ref], keys)
    if not checked:
        click.echo(f"✓ {label}: declaration valid; keys not checked (no runs in its run sets)")
        return 0
    if not missing:
        click.echo(f"✓ {label}: valid, panel keys checked against the run sets' runs")
        return 0
    click.echo(
        click.style(f"! {label}: valid; panel keys checked against its run sets", fg="yellow")
    )
    for ref, line in missing:
        number = key_line(text, ref.name)
        click.echo(f"    {f'{path}:{number}' if number else path}: warning: {line}")
    return len(missing)


def _report_invalid(path: Path, problems: list[str]) -> int:
    n = len(problems)
    click.echo(click.style(f"✗ {path}: {n} problem{'s' if n != 1 else ''}", fg="red"))
    for problem in problems:
        click.echo("    " + problem.replace("\n", "\n    "))
    return n


def _check(workspace: Any, path: Path, text: str, source: RunSource | None, offline: bool) -> int:
    label = f'{path}: {workspace.entity}/{workspace.project} "{workspace.name}"'
    if offline:
        click.echo(f"✓ {label}: declaration valid")
        return 0
    keys = source.project_keys(workspace.entity, workspace.project) if source else None
    if keys is None or keys.runs == 0:
        why = "no runs in the project" if keys is not None else "runs are not available here"
        click.echo(f"✓ {label}: declaration valid; keys not checked ({why})")
        return 0
    missing = missing_keys(referenced_keys(workspace), keys)
    first = f"the newest {MAX_RUNS}" if getattr(source, "truncated", False) else str(keys.runs)
    if not missing:
        click.echo(f"✓ {label}: valid, keys checked against {first} runs")
        return 0
    click.echo(click.style(f"! {label}: valid; keys checked against {first} runs", fg="yellow"))
    for ref, line in missing:
        number = key_line(text, ref.name)
        where = f"{path}:{number}" if number else str(path)
        click.echo(f"    {where}: warning: {line}")
    return len(missing)
