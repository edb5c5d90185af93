"""Server fixtures: a fresh store and key per test, the app in-process, and the app on a socket."""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from panelbank.server import create_app
from panelbank.settings import Settings, load_settings
from panelbank.store import Store

ENTITY = "ent"


def basic(key: str, user: str = "api") -> dict[str, str]:
    """The header the wandb clients send: HTTP Basic ``api:<key>``."""
    token = base64.b64encode(f"{user}:{key}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


class InProcess(httpx.BaseTransport):
    """Drive the ASGI app in-process from a synchronous ``httpx.Client``.

    (starlette's TestClient now wants the ``httpx2`` package; this is all we need of it.)
    """

    def __init__(self, app: Starlette) -> None:
        self._asgi = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return anyio.run(run)


def in_process(app: Starlette, headers: dict[str, str] | None = None) -> httpx.Client:
    return httpx.Client(transport=InProcess(app), base_url="http://localhost", headers=headers)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = Store.open(settings.database_url, max_spec_bytes=settings.max_spec_bytes)
    yield store
    store.close()


@pytest.fixture
def api_key(store: Store) -> str:
    return store.create_api_key(ENTITY, "tests")


@pytest.fixture
def app(settings: Settings, store: Store) -> Starlette:
    return create_app(settings, store=store)


@pytest.fixture
def client(app: Starlette, api_key: str) -> Iterator[httpx.Client]:
    with in_process(app, basic(api_key)) as client:
        yield client


@pytest.fixture
def anonymous(app: Starlette) -> Iterator[httpx.Client]:
    """A client that sends no key."""
    with in_process(app) as client:
        yield client


GraphQL = Callable[..., httpx.Response]


@pytest.fixture
def gql(client: httpx.Client) -> GraphQL:
    """POST a document the way wandb-core does: ``{"query", "variables", "operationName"}``."""

    def post(query: str, variables: Any = None, operation_name: str = "") -> httpx.Response:
        body = {"query": query, "variables": variables, "operationName": operation_name}
        return client.post("/graphql", json=body)

    return post


class LiveServer:
    """uvicorn serving the app on a loopback socket, in a thread of the test process."""

    def __init__(self, app: Starlette) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))  # a free port, held until uvicorn takes over
        port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self, timeout: float = 10.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the server at {self.url} did not answer /healthz in {timeout}s")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def live_server(app: Starlette) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()
