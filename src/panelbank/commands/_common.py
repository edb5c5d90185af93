"""What the workflow commands share: the backend options and one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from wandb_workspaces.backends import Backend, configure, get_backend
from wandb_workspaces.errors import WorkspacesError

from ..workflow.errors import WorkflowError
from ._base import CliError

__all__ = ["backend_options", "fail", "open_backend", "user_errors"]

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, exit_code: int = 1) -> click.ClickException:
    """The CLI's one-line error (``panelbank: error: ...``)."""
    return CliError(message, exit_code=exit_code)


def backend_options(command: F) -> F:
    """``--home`` / ``--base-url``: where views are read and written."""
    command = click.option(
        "--base-url",
        default=None,
        metavar="URL",
        help="A W&B-compatible server (W&B, panelbank serve); the API key comes from "
        "WANDB_API_KEY or ~/.netrc. Default: WANDB_BASE_URL if set.",
    )(command)
    command = click.option(
        "--home",
        default=None,
        type=click.Path(file_okay=False, path_type=Path),
        help="Use the embedded store in this folder. Default: the server in WANDB_BASE_URL "
        "if set, else the store in PANELBANK_HOME (~/.panelbank).",
    )(command)
    return command


@contextmanager
def open_backend(home: Path | None, base_url: str | None) -> Iterator[Backend]:
    """The backend chosen by the options (else by the environment), closed afterwards."""
    if home is not None and base_url:
        raise fail("--home and --base-url exclude each other; give one", exit_code=2)
    if home is not None:
        configure(local=True, home=home)
    elif base_url:
        configure(base_url=base_url)
    try:
        yield get_backend()
    finally:
        configure()  # forget (and close) the backend this command used


@contextmanager
def user_errors() -> Iterator[None]:
    """Our errors and the library's, every line of them: a validation error lists each
    problem with its file, line and field (``--debug`` shows tracebacks)."""
    try:
        yield
    except (WorkflowError, WorkspacesError) as exc:
        if click.get_current_context().find_root().params.get("debug"):
            raise
        raise fail(str(exc).strip() or type(exc).__name__) from None
