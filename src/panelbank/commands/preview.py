"""``panelbank preview FILE``: the viewer on the workspace in a file, re-rendered on save.

The workspaces the file declares are served as views that are never written to the store
(:class:`panelbank.workflow.preview.PreviewViews`, consulted by the JSON API before the
store) over the runs of the store in ``--home``; ``panelbank apply FILE`` saves them.
Like ``panelbank demo`` the server opens without login, so it binds to loopback only.
"""

from __future__ import annotations

import shlex
import threading
import time
from pathlib import Path

import click

from wandb_workspaces.backends import Backend, view_url

from ..settings import default_username
from ..workflow.preview import PreviewViews, watch
from ._base import CliError, check_port, loopback_settings, serve_until_stopped

__all__ = ["preview_command"]


def _echo_event(line: str) -> None:
    stamp = time.strftime("%H:%M:%S")
    error = line.startswith("error:")
    click.echo(click.style(f"[{stamp}] {line}", fg="red" if error else None), err=error)


def _urls(backend: Backend, overlay: PreviewViews) -> list[str]:
    """The address of each previewed view on ``backend`` (the library's ``view_url``)."""
    return [view_url(v.entity, v.project, v.name, backend) for v in overlay.views]


@click.command("preview")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--home",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="The store whose runs the workspace draws (default: PANELBANK_HOME or ~/.panelbank).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="A loopback address.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to serve on.")
@click.option("--no-open", is_flag=True, help="Do not open a browser; just print the URL.")
def preview_command(file: Path, home: Path | None, host: str, port: int, no_open: bool) -> None:
    """Serve the viewer on the workspace in FILE; it re-renders whenever FILE is saved.

    Nothing is written to the store: `panelbank apply FILE` saves the workspace.
    """
    from ..history import HistoryStore
    from ..server import create_app
    from ..store import Store
    from ..store.backend import LocalBackend

    settings = loopback_settings("preview", "use 127.0.0.1", home=home, host=host, port=port)
    overlay = PreviewViews(file, username=default_username())
    overlay.refresh(force=True)
    if overlay.error is not None:
        raise CliError(f"{overlay.error} (fix it and run the preview again)")
    overlay.on_event = _echo_event
    check_port(settings.host, port)
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    stop = threading.Event()
    try:
        store.ensure_user(default_username())
        for view in overlay.views:
            if store.get_project(view.entity, view.project) is None:
                click.echo(
                    f"warning: {store.url} has no runs in {view.entity}/{view.project}; "
                    "the page needs the project's runs (import or log some first)",
                    err=True,
                )
        served = LocalBackend(settings.home, app_url=settings.public_url, store=store)
        urls = _urls(served, overlay)
        apply = "panelbank apply " + shlex.quote(str(file))
        if home is not None:
            apply += " --home " + shlex.quote(str(home))
        message = (
            f"panelbank preview: {file} over the runs in {store.url}\n\n"
            + "".join(f"  Open the preview:  {url}\n" for url in urls)
            + f"\n  The page re-renders when {file.name} is saved. Nothing is saved to the "
            f"store;\n  `{apply}` does that.\n  Press Ctrl+C to stop."
        )
        app = create_app(settings, store=store, history=history)
        app.state.view_overlay = overlay
        threading.Thread(target=watch, args=(overlay, stop), daemon=True).start()
        serve_until_stopped(app, settings.host, port, message, None if no_open else urls[0])
    finally:
        stop.set()
        history.close()
        store.close()
