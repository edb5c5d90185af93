"""What every command shares: the one-line error, store options, settings and serving.

Commands live in modules of this package and never import :mod:`panelbank.cli`; ``cli.py``
adds them to the ``panelbank`` group. (Importing the group from a command module made an
import cycle when the CLI runs as ``python -m panelbank.cli``.)
"""

from __future__ import annotations

import socket
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..settings import Settings, SettingsError, is_loopback, load_settings

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "CliError",
    "PanelbankGroup",
    "announce_when_up",
    "check_port",
    "loopback_settings",
    "open_store",
    "serve_until_stopped",
    "setting_help",
    "settings_from",
    "store_options",
]

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """An error the user can fix; printed as one line, exit code ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        # click declares exit_code on the class; each of our errors carries its own.
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(f"panelbank: error: {self.format_message()}", err=True)


class PanelbankGroup(click.Group):
    """Turns unexpected exceptions into one line unless ``--debug`` was given."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            from ..store import StoreError

            text = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
            raise CliError(f"{text} (run with --debug for the traceback)") from exc


def setting_help(field: str) -> str:
    """The --help line of a setting: its description in the Settings object."""
    return Settings.model_fields[field].description or ""


def store_options(command: F) -> F:
    """``--home`` and ``--database-url``, shared by every command that opens the store."""
    command = click.option(
        "--database-url", default=None, metavar="URL", help=setting_help("database_url")
    )(command)
    command = click.option(
        "--home", default=None, type=click.Path(path_type=Path), help=setting_help("home")
    )(command)
    return command


def settings_from(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        raise CliError(str(exc), exit_code=2) from None


def open_store(settings: Settings) -> Store:
    from ..store import Store

    return Store.open(
        settings.database_url, home=settings.home, max_spec_bytes=settings.max_spec_bytes
    )


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            raise CliError(
                f"port {port} on {host} is in use (another panelbank?); pick one with --port"
            ) from None


def announce_when_up(server: object, message: str, open_url: str | None) -> None:
    """Print ``message`` (and open ``open_url``) once ``server`` accepts connections.

    A printed URL then always works: whoever follows it at once is not refused.
    """
    while not getattr(server, "started", False):
        if getattr(server, "should_exit", False):
            return  # it stopped before it started (uvicorn has said why)
        time.sleep(0.02)
    click.echo(message)
    if open_url is not None:
        webbrowser.open(open_url)


def loopback_settings(command: str, why_not: str, **overrides: Any) -> Settings:
    """Settings for a command that serves without login, so only on a loopback host."""
    host = overrides["host"]
    if not is_loopback(host):
        raise CliError(
            f"the {command} serves without login, so only on loopback; {host!r} is not ({why_not})",
            exit_code=2,
        )
    return settings_from(no_auth=True, **overrides)


def serve_until_stopped(app: Any, host: str, port: int, message: str, open_url: str | None) -> None:
    """Run ``app`` on uvicorn until Ctrl+C; print ``message`` and open ``open_url`` once up."""
    import threading

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    watcher = threading.Thread(
        target=announce_when_up, args=(server, message, open_url), daemon=True
    )
    watcher.start()
    server.run()
