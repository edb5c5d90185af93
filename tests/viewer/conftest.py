"""Browser tests: the real server on a free loopback port, Debian's chromium via Playwright.

The server is the one ``panelbank serve`` runs (``create_app``), over a store and a
history store seeded through their public APIs (``seed.py``). Screenshots go to
``$PANELBANK_ARTIFACTS`` (default: a temporary folder, printed).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.pages import STATIC_DIR
from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

from .seed import seed_runs
from .workspace import ENTITY, PROJECT, demo_workspace

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
IN_CI = bool(os.environ.get("CI") or os.environ.get("PANELBANK_CI"))


def _require_browser() -> None:
    problems = []
    if not CHROMIUM.exists():
        problems.append("Debian's chromium is not installed (apt-get install -y chromium)")
    if not (STATIC_DIR / "index.html").is_file():
        problems.append("the viewer is not built (cd viewer && npm ci && npm run build)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed (pip install -e '.[test]')")
    if problems:
        if IN_CI:
            pytest.fail("; ".join(problems))
        pytest.skip("; ".join(problems))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """ASGI wrapper that notes the history requests the viewer makes (for the zoom test)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.history_requests: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/history"):
            self.history_requests.append(scope["path"])
        await self.app(scope, receive, send)


class Server:
    def __init__(
        self,
        url: str,
        store: Store,
        history: HistoryStore,
        api_key: str,
        recorder: Recorder,
        view_id: str,
    ):
        self.url = url
        self.store = store
        self.history = history
        self.api_key = api_key
        self.recorder = recorder
        self.view_id = view_id

    @property
    def history_requests(self) -> list[str]:
        return self.recorder.history_requests

    def view_spec(self) -> dict[str, Any]:
        view = self.store.get_view(self.view_id)
        assert view is not None
        return dict(json.loads(view.spec))

    def save_spec(self, spec: dict[str, Any]) -> int:
        view = self.store.get_view(self.view_id)
        assert view is not None
        saved, _ = self.store.upsert_view(
            entity=ENTITY,
            project=PROJECT,
            name=view.name,
            display_name=view.display_name,
            type=view.type,
            spec=json.dumps(spec),
            id=view.id,
            username=ENTITY,
        )
        return saved.version


@contextlib.contextmanager
def serve(app: Any, port: int) -> Iterator[str]:
    """Run ``app`` with uvicorn on a loopback port in a thread; yields its URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


def start_server(
    tmp: Path,
    *,
    runs: int = 12,
    steps: int = 600,
    workspace: Any = None,
    no_auth: bool = False,
    **seed: Any,
) -> Iterator[Server]:
    """The server over ``runs`` seeded runs (``seed``: more options of ``seed_runs``)."""
    port = free_port()
    settings = load_settings(home=tmp, port=port, no_auth=no_auth)
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    key = store.create_api_key(ENTITY)
    seed_runs(store, history, ENTITY, PROJECT, count=runs, steps=steps, **seed)
    spec = (workspace or demo_workspace()).to_spec()
    view, _ = store.upsert_view(
        entity=ENTITY,
        project=PROJECT,
        name="nw-testview-v",
        display_name="Test workspace",
        type="project-view",
        spec=json.dumps(spec),
        username=ENTITY,
    )
    recorder = Recorder(create_app(settings, store=store, history=history))
    try:
        with serve(recorder, port) as url:
            yield Server(url, store, history, key, recorder, view.id)
    finally:
        history.close()
        store.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    given = os.environ.get("PANELBANK_ARTIFACTS")
    folder = Path(given or tempfile.mkdtemp(prefix="panelbank-viewer-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


# Package scope: Playwright's sync API keeps an event loop running in this thread while
# it is open, which breaks later tests (outside tests/viewer) that run their own loop.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path)


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A page logged in (session cookie from the login form's POST)."""
    import httpx

    response = httpx.post(f"{server.url}/login", data={"key": server.api_key, "next": "/"})
    assert response.status_code == 303, response.text
    cookie = response.cookies["panelbank_session"]
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.add_cookies([{"name": "panelbank_session", "value": cookie, "url": server.url}])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors
