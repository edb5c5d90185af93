"""``panelbank spec SCRIPT``: print the W&B view spec a workspace script declares.

The script is Python that binds ``workspace`` (as written for the official
``wandb_workspaces`` package); the spec is printed so a declaration can be checked or
diffed without any server.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import click

__all__ = ["spec_command"]


@click.command("spec")
@click.argument("script")
@click.option(
    "--variable",
    default="workspace",
    show_default=True,
    help="The name the script binds to a ws.Workspace.",
)
@click.option("--compact", is_flag=True, help="One line of JSON, as stored.")
@click.pass_context
def spec_command(ctx: click.Context, script: str, variable: str, compact: bool) -> None:
    """Print the W&B view spec that a workspace script declares."""
    from wandb_workspaces.errors import WorkspacesError
    from wandb_workspaces.workspaces import Workspace

    path = Path(script)
    if not path.is_file():
        click.echo(f"panelbank spec: no such file: {path}", err=True)
        ctx.exit(2)
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
    spec = workspace.to_spec()
    if compact:
        text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(spec, indent=2, ensure_ascii=False)
    click.echo(text)
