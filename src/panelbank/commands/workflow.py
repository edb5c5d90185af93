"""Workspaces as code: ``export``, ``plan``, ``apply``, ``diff`` and ``validate``.

Thin click commands over :mod:`panelbank.workflow`; :func:`register` adds them (and the
``views`` group) to the ``panelbank`` command line.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import (
    Backend,
    SavedView,
    report_url,
    view_url,
)

from ..workflow.diff import diff_workspaces, render_lines
from ..workflow.errors import WorkflowError
from ..workflow.files import load_views
from ..workflow.plan import Planned, check_unique, expand, plan_json, plan_one
from ..workflow.prune import Pruned, find_pruned, pruned_json
from ..workflow.report_diff import ReportSide, diff_reports
from ..workflow.report_io import is_report_url, side_of_declared, side_of_url
from ..workflow.report_plan import (
    PlannedReport,
    check_unique_reports,
    plan_report,
    report_json,
)
from ..workflow.saved import is_saved_plan, read_saved_plan, saved_plan
from ..workflow.select import select
from ..workflow.show import plan_text, summary
from ..workflow.state import backend_key
from ..workflow.steps import (
    Step,
    changed_since,
    check_conflicts,
    execute,
    step_of,
    step_of_pruned,
    step_of_report,
)
from ._common import backend_options, fail, open_backend, user_errors
from .export import load_url

__all__ = ["register"]

EXIT_CHANGES = 2
T = TypeVar("T")


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


# -- plan and apply --------------------------------------------------------------------------
def _progress(items: list[T], label: str) -> Iterator[T]:
    """``items``, with a progress bar on stderr when there are several (many projects)."""
    if len(items) <= 1:
        yield from items
        return
    bar: Any = click.progressbar(items, label=label, file=sys.stderr)
    with bar:
        yield from bar


@dataclasses.dataclass
class _Plan:
    """A plan made now: the declarations' views, and the views --prune removes."""

    key: str
    planned: list[Planned]
    pruned: list[Pruned]
    notes: list[str]
    reports: list[PlannedReport] = dataclasses.field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        """In the order of :meth:`as_json`'s views: workspaces, reports, deletions."""
        return (
            [step_of(item) for item in self.planned]
            + [step_of_report(item) for item in self.reports]
            + [step_of_pruned(item) for item in self.pruned]
        )

    @property
    def changes(self) -> bool:
        """Something to review: a view apply would change, or one changed elsewhere."""
        return (
            bool(self.pruned)
            or any(item.action != "none" or item.stale for item in self.planned)
            or any(item.action != "none" or item.stale for item in self.reports)
        )

    def as_json(self, prune: bool) -> dict[str, Any]:
        data = plan_json(self.planned)
        for report in self.reports:
            data["views"].append(report_json(report))
            data["summary"][report.action] += 1
            data["summary"]["drift"] += int(report.stale)
        if prune:
            data["views"] += [pruned_json(item, self.key) for item in self.pruned]
            data["summary"]["delete"] = len(self.pruned)
        return data


def _plan(
    backend: Backend,
    files: tuple[Path, ...],
    entity: str | None,
    projects: tuple[str, ...],
    targets: tuple[str, ...] = (),
    prune: bool = False,
    force: bool = False,
) -> _Plan:
    declared, declared_reports = load_views(list(files))
    if declared_reports and (entity or projects):
        raise fail("--entity/--project use workspace files as templates; reports are not", 2)
    pairs = list(expand(backend, declared, entity, list(projects)))
    states: dict[Any, Any] = {}
    planned = [
        plan_one(backend, item, workspace, states, force)
        for item, workspace in _progress(pairs, "Reading views")
    ]
    check_unique(planned)
    reports = [plan_report(backend, item, states, force) for item in declared_reports]
    check_unique_reports(reports)
    key = backend_key(backend)
    pruned, notes = find_pruned(backend, key, planned, list(files), reports) if prune else ([], [])
    planned, pruned = select(targets, planned, pruned)
    if targets:
        reports = [r for r in reports if r.title in targets or r.label in targets]
    return _Plan(key, planned, pruned, notes, reports)


def _show(plan: _Plan) -> None:
    for line in plan_text(plan.planned, plan.pruned, plan.notes, plan.reports):
        click.echo(line)


def _summary(plan: _Plan, prune: bool) -> str:
    return summary(plan.planned, plan.pruned, prune, plan.reports)


def _target_option(command: Any) -> Any:
    return click.option(
        "--target",
        "targets",
        multiple=True,
        metavar="VIEW",
        help="Plan or apply only this view: its URL, display name or ENTITY/PROJECT/NAME "
        "(repeat it for several).",
    )(command)


def _prune_option(command: Any) -> Any:
    return click.option(
        "--prune",
        is_flag=True,
        help="Also delete the managed views (recorded in the state file) whose files are "
        "gone or no longer declare them; listed in the plan as '- ... (pruned)'.",
    )(command)


@click.command("plan")
@_files_argument
@_template_options
@_target_option
@_prune_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the plan as JSON (format_version 1; the schema is in the README).",
)
@click.option(
    "-out",
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also save the plan to this file; `panelbank apply FILE` applies exactly it "
    "(refused if a view changed since).",
)
@backend_options
@click.pass_context
def plan_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    projects: tuple[str, ...],
    entity: str | None,
    targets: tuple[str, ...],
    prune: bool,
    as_json: bool,
    out: Path | None,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Show what `apply` would change for the workspace FILES (.py, .yaml, .json).

    Exit code 0 when nothing would change, 2 when something would (for CI), 1 on errors.
    """
    with user_errors(), open_backend(home, base_url) as backend:
        plan = _plan(backend, files, entity, projects, targets, prune)
    data = plan.as_json(prune)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _show(plan)
        click.echo(_summary(plan, prune))
    if out is not None:
        text = json.dumps(saved_plan(data, plan.steps), indent=2, ensure_ascii=False)
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(
            f"Saved the plan to {out}; `panelbank apply {out}` applies exactly it.", err=True
        )
    if plan.changes:
        ctx.exit(EXIT_CHANGES)


def _interactive() -> bool:
    """Whether someone is there to answer (stdin is a terminal)."""
    return sys.stdin.isatty()


def confirm(question: str, yes: bool, *, required: bool) -> None:
    """Ask ``question`` on a terminal (only ``yes`` goes on); ``--yes`` skips it. Without a
    terminal: go on, unless the question is ``required`` (a deletion)."""
    if yes:
        return
    if not _interactive():
        if required:
            raise fail(f"{question.rstrip('?')}: there is no terminal to ask; pass --yes")
        return
    answer = click.prompt(f"{question} Only 'yes' is accepted", default="", show_default=False)
    if answer.strip() != "yes":
        raise fail("cancelled; nothing was written")


def _report(done: list[tuple[Step, SavedView | None]], backend: Backend) -> None:
    counts = dict.fromkeys(("create", "update", "none", "delete"), 0)
    for step, saved in done:
        counts[step.action] += 1
        if step.action == "delete":
            click.echo(click.style(f"deleted {step.label}", fg="red"))
        elif saved is None:
            click.echo(f"  {step.label}: no changes")
        else:
            verb = "created" if step.action == "create" else "updated"
            url = (
                report_url(backend.app_url, step.entity, step.project, step.display_name, saved.id)
                if step.kind == "report"
                else view_url(step.entity, step.project, saved.name, backend)
            )
            click.echo(click.style(f"{verb} {step.label}: {url}", fg="green"))
    deleted = f", {counts['delete']} deleted" if counts["delete"] else ""
    click.echo(
        f"Apply: {counts['create']} created, {counts['update']} changed, "
        f"{counts['none']} unchanged{deleted}."
    )


def _apply_saved(
    backend: Backend, path: Path, force: bool, options: dict[str, Any]
) -> list[tuple[Step, SavedView | None]]:
    given = [f"--{name.replace('_', '-')}" for name, value in options.items() if value]
    if given:
        raise fail(
            f"{path} is a saved plan, applied exactly as it was made; {', '.join(given)} "
            "belong to `panelbank plan -out FILE`",
            exit_code=2,
        )
    steps = read_saved_plan(path)
    problems = changed_since(backend, steps, backend_key(backend))
    if problems:
        raise WorkflowError(
            f"{path}: the views changed since the plan was made; nothing was written. "
            "Make a new plan (`panelbank plan -out FILE ...`) and review it:\n"
            + "\n".join(f"    {problem}" for problem in problems)
        )
    return execute(backend, steps, force=force)


@click.command("apply")
@_files_argument
@_template_options
@_target_option
@_prune_option
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite (or, with --prune, delete) views edited elsewhere since the last apply.",
)
@click.option(
    "--yes",
    "-y",
    "yes",
    is_flag=True,
    help="Do not ask before applying (as Terraform's -auto-approve); without a terminal "
    "apply does not ask, but --prune needs --yes.",
)
@backend_options
def apply_command(
    files: tuple[Path, ...],
    projects: tuple[str, ...],
    entity: str | None,
    targets: tuple[str, ...],
    prune: bool,
    force: bool,
    yes: bool,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Create or update the views the workspace FILES declare (a no-op when nothing
    changed), or apply a plan saved with `panelbank plan -out FILE` exactly.

    Remembers what it wrote in .panelbank-state.json beside each file; a view edited
    elsewhere since then is not overwritten without --force. On a terminal it shows the
    plan and asks first (--yes skips that).
    """
    with user_errors(), open_backend(home, base_url) as backend:
        if len(files) == 1 and is_saved_plan(files[0]):
            options = {"project": projects, "entity": entity, "target": targets, "prune": prune}
            _report(_apply_saved(backend, files[0], force, options), backend)
            return
        plan = _plan(backend, files, entity, projects, targets, prune, force)
        steps = plan.steps
        check_conflicts(steps, force)
        if plan.changes and not yes and (_interactive() or plan.pruned):
            if _interactive():
                _show(plan)
                click.echo(_summary(plan, prune))
            question = "Apply these changes?"
            if plan.pruned:
                question = f"Apply these changes, deleting {len(plan.pruned)} view(s)?"
            confirm(question, yes, required=bool(plan.pruned))
        done = execute(
            backend, steps, force=force, progress=lambda items: _progress(items, "Applying")
        )
        _report(done, backend)


# -- diff ------------------------------------------------------------------------------------
def _one(backend: Backend, source: str) -> ws.Workspace | ReportSide:
    """The workspace or report at a URL or in a file."""
    if is_report_url(source):
        return side_of_url(backend, source)
    if "?nw=" in source or "://" in source:
        return load_url(backend, source)
    declared, reports = load_views([source])
    if len(declared) + len(reports) != 1:
        what = f"{len(reports)} reports" if reports else f"{len(declared)} workspaces"
        raise fail(f"{source} declares {what}; diff compares one with one")
    return side_of_declared(reports[0]) if reports else declared[0].workspace


@click.command("diff")
@click.argument("a")
@click.argument("b")
@backend_options
@click.pass_context
def diff_command(
    ctx: click.Context, a: str, b: str, home: Path | None, base_url: str | None
) -> None:
    """Compare two workspaces or two reports (URLs or files): what B changes in A.

    Exit code 0 when they are the same, 2 when they differ, 1 on errors.
    """
    with user_errors(), open_backend(home, base_url) as backend:
        old, new = _one(backend, a), _one(backend, b)
    if isinstance(old, ReportSide) and isinstance(new, ReportSide):
        lines = diff_reports(old, new, depth=0)
    elif isinstance(old, ws.Workspace) and isinstance(new, ws.Workspace):
        lines = diff_workspaces(old, new, depth=0)
    else:
        raise fail("diff compares a workspace with a workspace, a report with a report")
    if not lines:
        click.echo("no differences")
        return
    click.echo(render_lines(lines, color=True))
    ctx.exit(EXIT_CHANGES)


def register(group: click.Group) -> None:
    """Add the workspaces-as-code commands to ``group`` (the ``panelbank`` CLI)."""
    from .export import adopt_command, export_command
    from .state import state_group
    from .validate import validate_command
    from .views import views_group

    for command in (
        export_command,
        adopt_command,
        plan_command,
        apply_command,
        diff_command,
        validate_command,
        views_group,
        state_group,
    ):
        group.add_command(command)
