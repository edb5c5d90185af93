"""``panelbank serve``: the W&B-compatible server (GraphQL at /graphql, JSON under /api/v1/).

On a store without API keys it creates a default user and a first key, shown once in the
banner. Once told to stop it exits at the latest a little after ``shutdown_timeout``.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..settings import Settings, default_username
from ._base import open_store, setting_help, settings_from, store_options

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["serve_command"]


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


@click.command("serve")
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
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help=setting_help("allowed_hosts"),
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

    from ..server import create_app

    options["allowed_hosts"] = options["allowed_hosts"] or None  # none given: the environment's
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
