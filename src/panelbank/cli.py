"""The ``panelbank`` command line: a thin shell over the library, the store and the server.

This module only assembles the ``panelbank`` group; each command (or command group) is
defined in its own module of :mod:`panelbank.commands`: ``spec``, ``serve``, ``keys``,
``demo``, ``import_runs``, ``preview`` and ``workflow`` (plan, apply, export, views).

Errors are one readable line on stderr and exit code 1 (2 for usage errors); ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from . import __version__
from .commands import demo, import_runs, keys, preview, serve, spec
from .commands._base import PanelbankGroup
from .commands.workflow import register as register_workflow

__all__ = ["cli", "main"]


@click.group(cls=PanelbankGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panelbank")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug: bool) -> None:
    """Workspaces as code for W&B-compatible experiment tracking."""


cli.add_command(spec.spec_command)
cli.add_command(serve.serve_command)
cli.add_command(keys.keys_group)
cli.add_command(demo.demo_command)
cli.add_command(import_runs.import_command)
cli.add_command(preview.preview_command)
register_workflow(cli)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the ``panelbank`` script's entry point)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = cli.main(args=args, prog_name="panelbank", standalone_mode=False)
    except click.exceptions.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
