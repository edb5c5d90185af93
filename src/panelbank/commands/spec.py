"""``panelbank spec FILE``: print the W&B view spec a workspace file declares.

The file is a Python script that binds ``workspace`` (as written for the official
``wandb_workspaces`` package), or a YAML/JSON workspace document, which is read as data
and never run; the spec is printed so a declaration can be checked or diffed without any
server.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import click

from ..workflow.errors import FileLoadError
from ..workflow.files import DOCUMENT_SUFFIXES, load_file

__all__ = ["spec_command"]


@click.command("spec")
@click.argument("script", metavar="FILE")
@click.option(
    "--variable",
    default="workspace",
    show_default=True,
    help="The name the script binds to a ws.Workspace.",
)
@click.option("--compact", is_flag=True, help="One line of JSON, as stored.")
@click.pass_context
def spec_command(ctx: click.Context, script: str, variable: str, compact: bool) -> None:
    """Print the W&B view spec that a workspace FILE declares: a Python script, or a
    YAML/JSON document (read as data, never run)."""
    from wandb_workspaces.errors import WorkspacesError
    from wandb_workspaces.workspaces import Workspace

    path = Path(script)
    if not path.is_file():
        click.echo(f"panelbank spec: no such file: {path}", err=True)
        ctx.exit(2)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        try:
            declared = load_file(path)
        except FileLoadError as exc:
            click.echo(f"panelbank spec: {len(exc.problems)} problem(s) in {path}", err=True)
            click.echo("\n".join(exc.problems), err=True)
            ctx.exit(1)
        specs = [item.workspace.to_spec() for item in declared]
        _echo_json(specs[0] if len(specs) == 1 else specs, compact)
        return
    try:
        namespace = runpy.run_path(str(path), run_name="__panelbank__")
    except WorkspacesError as exc:
        click.echo(f"panelbank spec: {path}: {exc}", err=True)
        ctx.exit(1)
    workspace = namespace.get(variable)
    if not isinstance(workspace, Workspace):
        found = type(workspace).__name__ if workspace is not None else "nothing"
        click.echo(
            f"panelbank spec: {path} must bind a ws.Workspace to {variable!r} (found {found})",
            err=True,
        )
        ctx.exit(2)
    _echo_json(workspace.to_spec(), compact)


def _echo_json(data: object, compact: bool) -> None:
    if compact:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False)
    click.echo(text)
