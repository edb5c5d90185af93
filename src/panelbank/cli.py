"""The ``panelbank`` command line.

``panelbank spec SCRIPT`` runs a workspace script (Python that binds ``workspace``, as
written for the official ``wandb_workspaces`` package) and prints the W&B view spec it
declares, so a declaration can be checked or diffed without any server.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

__all__ = ["main"]


def _spec_command(args: argparse.Namespace) -> int:
    from wandb_workspaces.errors import WorkspacesError
    from wandb_workspaces.workspaces import Workspace

    script = Path(args.script)
    if not script.is_file():
        print(f"panelbank spec: no such file: {script}", file=sys.stderr)
        return 2
    try:
        namespace = runpy.run_path(str(script), run_name="__panelbank__")
    except WorkspacesError as exc:
        print(f"panelbank spec: {script}: {exc}", file=sys.stderr)
        return 1
    workspace = namespace.get(args.variable)
    if not isinstance(workspace, Workspace):
        found = type(workspace).__name__ if workspace is not None else "nothing"
        print(
            f"panelbank spec: {script} must bind a ws.Workspace to {args.variable!r} "
            f"(found {found})",
            file=sys.stderr,
        )
        return 2
    spec = workspace.to_spec()
    if args.compact:
        text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(spec, indent=2, ensure_ascii=False)
    print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="panelbank", description="Workspaces as code for W&B-compatible experiment tracking."
    )
    parser.add_argument("--version", action="version", version=f"panelbank {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    spec = commands.add_parser(
        "spec", help="print the W&B view spec that a workspace script declares"
    )
    spec.add_argument("script", help="a Python file that binds `workspace` to a ws.Workspace")
    spec.add_argument(
        "--variable", default="workspace", help="the name the script binds (default: workspace)"
    )
    spec.add_argument("--compact", action="store_true", help="one line of JSON, as stored")
    spec.set_defaults(handler=_spec_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = args.handler
    result: int = handler(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
