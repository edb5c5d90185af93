"""``panelbank export`` and ``adopt``: saved workspaces and reports as files.

``export URL`` writes one view (a workspace as Python, YAML or JSON; a report as
Python); ``export ENTITY/PROJECT DIR`` every view and report of a project, one file
each; ``adopt URL FILE`` writes a view to a file and records it in the state file.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import click

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import (
    Backend,
    ReportBackend,
    parse_report_url,
    parse_workspace_url,
    report_url,
    view_url,
)
from wandb_workspaces.errors import NotFoundError

from ..workflow.drift import applied_text
from ..workflow.export import FORMATS, export_text, file_names
from ..workflow.match import load_stored
from ..workflow.report_io import export_report, is_report_url
from ..workflow.report_plan import report_backend
from ..workflow.state import Applied, StateFile, backend_key
from ._common import backend_options, fail, open_backend, user_errors

__all__ = ["adopt_command", "export_command", "load_url"]

_SUFFIX_FORMAT = {".py": "python", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def load_url(backend: Backend, url: str) -> ws.Workspace:
    entity, project, name = parse_workspace_url(url)
    return load_stored(backend.load_view(entity, project, name), entity, project)


_FORMAT_SUFFIX = {"python": ".py", "yaml": ".yaml", "json": ".json"}


def _is_project(source: str) -> bool:
    parts = source.split("/")
    return "://" not in source and "?" not in source and len(parts) == 2 and all(parts)


def _project_reports(backend: Backend, entity: str, project: str) -> list[Any]:
    """The project's reports, when the backend keeps reports (else none)."""
    if not isinstance(backend, ReportBackend):
        return []
    try:
        return list(backend.list_reports(entity, project))
    except NotFoundError:
        return []


def _export_project(backend: Backend, source: str, folder: Path, fmt: str) -> None:
    entity, project = source.split("/")
    views = backend.list_views(entity, project)
    reports = _project_reports(backend, entity, project)
    if not views and not reports:
        raise fail(f"no saved workspaces or reports in {entity}/{project}; nothing to export")
    folder.mkdir(parents=True, exist_ok=True)
    stems = file_names([v.display_name for v in views] + [r.display_name for r in reports], "")
    suffixes = [_FORMAT_SUFFIX[fmt]] * len(views) + [".py"] * len(reports)  # reports: Python
    names = [stem + suffix for stem, suffix in zip(stems, suffixes, strict=True)]
    clash = [name for name in names if (folder / name).exists()]
    if clash:
        raise fail(
            f"{folder} already has {', '.join(clash)}; export into an empty folder (or "
            "move those files) so nothing is overwritten"
        )
    for view, name in zip(views, names, strict=False):
        url = view_url(entity, project, view.name, backend)
        text = export_text(load_url(backend, url), fmt, url=url)
        (folder / name).write_text(text, encoding="utf-8")
        click.echo(f"wrote {folder / name}\t{view.display_name}\t{url}", err=True)
    for listed, name in zip(reports, names[len(views) :], strict=True):
        stored = report_backend(backend).load_report(listed.id)
        url = report_url(backend.app_url, entity, project, stored.display_name, stored.id)
        (folder / name).write_text(export_report(stored, url), encoding="utf-8")
        click.echo(f"wrote {folder / name}\t{stored.display_name}\t{url}", err=True)
    count = f"{len(views)} view(s)" + (f" and {len(reports)} report(s)" if reports else "")
    click.echo(f"exported {count} of {entity}/{project} to {folder}", err=True)


@click.command("export")
@click.argument("source", metavar="URL|ENTITY/PROJECT")
@click.argument("folder", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
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
@click.option(
    "--url",
    "with_url",
    is_flag=True,
    help="Name the view in the file (url = ...), so apply manages that view whatever its "
    "name becomes (always so for ENTITY/PROJECT DIR).",
)
@backend_options
def export_command(
    source: str,
    folder: Path | None,
    output: Path | None,
    fmt: str | None,
    with_url: bool,
    home: Path | None,
    base_url: str | None,
) -> None:
    """Write the saved workspace at URL as a workspace file; or every saved workspace of
    ENTITY/PROJECT into DIR, one file each (named from the display name, with url =)."""
    if _is_project(source):
        if folder is None or output is not None:
            raise fail(
                f"export {source} writes one file per view: give a folder, "
                f"`panelbank export {source} DIR`",
                exit_code=2,
            )
        with user_errors(), open_backend(home, base_url) as backend:
            _export_project(backend, source, folder, fmt or "python")
        return
    if folder is not None:
        raise fail("a folder goes with ENTITY/PROJECT; for one view use -o FILE", exit_code=2)
    if is_report_url(source):
        _export_report(source, output, fmt, with_url, home, base_url)
        return
    chosen = fmt or (_SUFFIX_FORMAT.get(output.suffix, "python") if output else "python")
    with user_errors(), open_backend(home, base_url) as backend:
        url = view_url(*parse_workspace_url(source), backend) if with_url else None
        text = export_text(load_url(backend, source), chosen, url=url)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output} ({chosen})", err=True)


def _export_report(
    url: str,
    output: Path | None,
    fmt: str | None,
    with_url: bool,
    home: Path | None,
    base_url: str | None,
) -> None:
    if (fmt or "python") != "python" or (output is not None and output.suffix != ".py"):
        raise fail("a report exports as a Python script (-o FILE.py)", exit_code=2)
    with user_errors(), open_backend(home, base_url) as backend:
        _, _, report_id = parse_report_url(url)
        stored = report_backend(backend).load_report(report_id)
        text = export_report(stored, url if with_url else None)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output} (python)", err=True)


@click.command("adopt")
@click.argument("url")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@backend_options
def adopt_command(url: str, file: Path, home: Path | None, base_url: str | None) -> None:
    """Bring the existing view at URL under management: write it to FILE (its format from
    the suffix; with url =) and record it in the state file beside FILE, so the next plan
    shows only what changes, and apply notices edits made elsewhere from now on.

    (Terraform's `import`; `panelbank import` imports run logs.)
    """
    if file.exists():
        raise fail(f"{file} exists; adopt writes a new file (move it, or pick another name)")
    fmt = _SUFFIX_FORMAT.get(file.suffix)
    if fmt is None:
        raise fail(f"{file}: a workspace file ends in .py, .yaml, .yml or .json", exit_code=2)
    entity, project, name = parse_workspace_url(url)
    with user_errors(), open_backend(home, base_url) as backend:
        view = backend.load_view(entity, project, name)
        text = export_text(load_stored(view, entity, project), fmt, url=url)
        state = StateFile(file.resolve().parent)
        key = backend_key(backend)
        if state.by_id(key, view.id, view.name) is not None:
            raise fail(f"{state.path} already manages {url}; `panelbank plan` its file")
        file.write_text(text, encoding="utf-8")
        entry = Applied(key, view.id, view.name, entity, project, view.display_name, view.marker)
        applied = applied_text(json.loads(view.spec))
        state.record(dataclasses.replace(entry, file=file.name, applied_spec=applied))
    click.echo(f'adopted {entity}/{project} "{view.display_name}" into {file} ({state.path})')
