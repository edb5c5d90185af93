"""The ``panelbank`` command line: a thin shell over the library, the store and the server.

``panelbank spec SCRIPT`` runs a workspace script (Python that binds ``workspace``, as
written for the official ``wandb_workspaces`` package) and prints the W&B view spec it
declares, so a declaration can be checked or diffed without any server.
``panelbank serve`` runs the W&B-compatible server; ``panelbank keys`` manages API keys.

Errors are one readable line on stderr and exit code 1 (2 for usage errors); ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .commands import demo, import_runs, preview
from .commands._base import (
    CliError,
    PanelbankGroup,
    open_store,
    setting_help,
    settings_from,
    store_options,
)
from .commands.workflow import register as register_workflow
from .settings import Settings, default_username

if TYPE_CHECKING:
    from .store import Store

__all__ = ["cli", "main"]


@click.group(cls=PanelbankGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panelbank")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug: bool) -> None:
    """Workspaces as code for W&B-compatible experiment tracking."""


# -- spec ------------------------------------------------------------------------------------
@cli.command("spec")
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


# -- serve -----------------------------------------------------------------------------------
def _first_key(store: Store) -> str | None:
    """On a store without keys: a default user and a key for them (returned once)."""
    if store.count_api_keys():
        return None
    username = default_username()
    store.ensure_user(username)
    return store.create_api_key(username, "created by the first panelbank serve")


def _banner(settings: Settings, store: Store, new_key: str | None) -> str:
    url = settings.public_url
    lines = [
        f"panelbank {__version__} serving {url}",
        f"  GraphQL: {url}/graphql   JSON API: {url}/api/v1/   store: {store.url}",
    ]
    if settings.no_auth:
        lines.append("  Authentication is OFF (--no-auth): any local process can read and write.")
    if settings.test_fixtures:
        lines.append(
            "  W&B's test fixture protocol is ON (--test-fixtures): POST /db/user creates "
            "users whose API key is their name. For tests only."
        )
    if new_key:
        lines += [
            "",
            "  A first API key was created. It is shown only this once:",
            f"    {new_key}",
        ]
    key = new_key or "<key>"
    lines += [
        "",
        "  Point the wandb clients at this server with:",
        f"    export WANDB_BASE_URL={url} WANDB_API_KEY={key}",
        "  (HTTP Basic auth, user `api`, the key as password). More keys: panelbank keys create",
    ]
    return "\n".join(lines)


@cli.command("serve")
@click.option("--host", default=None, help=setting_help("host"))
@click.option("--port", default=None, type=int, help=setting_help("port"))
@store_options
@click.option("--no-auth", "no_auth", flag_value=True, default=None, help=setting_help("no_auth"))
@click.option("--public-url", default=None, metavar="URL", help=setting_help("public_url"))
@click.option(
    "--test-fixtures",
    "test_fixtures",
    flag_value=True,
    default=None,
    help=setting_help("test_fixtures"),
)
@click.option(
    "--shutdown-timeout",
    default=None,
    type=int,
    metavar="SECONDS",
    help=setting_help("shutdown_timeout"),
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="uvicorn's log level.",
)
def serve_command(log_level: str, **options: Any) -> None:
    """Run the W&B-compatible server (GraphQL at /graphql, JSON under /api/v1/)."""
    import uvicorn

    from .server import create_app

    settings = settings_from(**options)
    store = open_store(settings)
    try:
        new_key = _first_key(store)
        click.echo(_banner(settings, store, new_key))
        app = create_app(settings, store=store)
        config = uvicorn.Config(
            app,
            host=settings.host,
            port=settings.port,
            log_level=log_level,
            timeout_graceful_shutdown=settings.shutdown_timeout,
        )
        _stopping_server_class()(config, settings.shutdown_timeout).run()
    finally:
        store.close()


def _stopping_server_class() -> type[Any]:
    import uvicorn

    class StoppingServer(uvicorn.Server):
        """A uvicorn server that exits at the latest a little after ``shutdown_timeout``
        once told to stop: uvicorn then cancels the running requests, but a request
        running in a worker thread cannot be cancelled, and Python would wait for it."""

        def __init__(self, config: uvicorn.Config, shutdown_timeout: int) -> None:
            super().__init__(config)
            self.shutdown_timeout = shutdown_timeout

        def handle_exit(self, sig: int, frame: Any) -> None:
            if not self.should_exit:
                grace = self.shutdown_timeout + 2.0  # uvicorn's own cancelling comes first
                timer = threading.Timer(grace, _abandon, args=(grace,))
                timer.daemon = True
                timer.start()
            super().handle_exit(sig, frame)

    return StoppingServer


def _abandon(after: float) -> None:
    message = f"panelbank: requests still running {after:g} s after the stop were abandoned"
    click.echo(message, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# -- keys ------------------------------------------------------------------------------------
@cli.group("keys")
def keys_group() -> None:
    """Create, list and revoke API keys."""


@keys_group.command("create")
@click.option("--user", "username", default=None, help="Whose key (created if missing).")
@click.option("--description", default="", help="A note to recognise the key by.")
@store_options
def keys_create(username: str | None, description: str, **options: Any) -> None:
    """Create an API key and print it (shown only this once)."""
    store = open_store(settings_from(**options))
    try:
        user = username or default_username()
        key = store.create_api_key(user, description)
    finally:
        store.close()
    click.echo(key)
    click.echo(f"API key for user {user!r}; it is shown only once, keep it.", err=True)


@keys_group.command("list")
@click.option("--user", "username", default=None, help="Only this user's keys.")
@store_options
def keys_list(username: str | None, **options: Any) -> None:
    """List API keys (id, user, prefix, created, description); never the secrets."""
    store = open_store(settings_from(**options))
    try:
        keys = store.list_api_keys(username)
    finally:
        store.close()
    if not keys:
        click.echo("no API keys; create one with: panelbank keys create", err=True)
        return
    for key in keys:
        created = key.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{key.id}\t{key.username}\t{key.prefix}…\t{created}\t{key.description}")


@keys_group.command("revoke")
@click.argument("key_id", type=int, metavar="ID")
@store_options
def keys_revoke(key_id: int, **options: Any) -> None:
    """Revoke the key with this ID (see `panelbank keys list`)."""
    store = open_store(settings_from(**options))
    try:
        revoked = store.revoke_api_key(key_id)
    finally:
        store.close()
    if not revoked:
        raise CliError(f"no active API key with id {key_id}; see `panelbank keys list`")
    click.echo(f"revoked API key {key_id}")


# Commands defined in their own modules.
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
