"""Fixtures for the backend tests: an isolated environment, a fake W&B GraphQL server,
and ``panelbank serve`` on a free loopback port.

Nothing here reads the real ``~/.netrc``, ``WANDB_*`` variables or ``~/.panelbank``, and
no test connects anywhere but 127.0.0.1.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import wandb_workspaces.workspaces as ws
from wandb_workspaces._backends import GraphQLBackend

API_KEY = "local-" + "k" * 40
FAKE_HOST = "api.example.test"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A fresh HOME, PANELBANK_HOME and NETRC; no WANDB_* variables; no backend chosen."""
    for name in ("WANDB_BASE_URL", "WANDB_API_KEY", "WANDB_HTTP_TIMEOUT", "PANELBANK_URL"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NETRC", str(home / "no-such-netrc"))
    monkeypatch.setenv("PANELBANK_HOME", str(tmp_path / "panelbank"))
    monkeypatch.setattr(socket.socket, "connect", _loopback_only(socket.socket.connect))
    ws.configure()
    yield tmp_path
    ws.configure()


def _loopback_only(connect: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
            "127.0.0.1",
            "::1",
            "localhost",
        ):
            raise AssertionError(f"a test tried to connect to {address!r}")
        return connect(self, address)

    return guarded


# -- a fake W&B GraphQL server on httpx.MockTransport -------------------------------------
@dataclasses.dataclass
class Sent:
    """One GraphQL request as the fake server received it."""

    operation: str
    query: str
    variables: dict[str, Any]
    authorization: str


class FakeGraphQLError(Exception):
    """A resolver of the fake refuses the document (answered as a GraphQL error, HTTP 400)."""


@dataclasses.dataclass
class FakeView:
    id: str
    entity: str
    project: str
    name: str
    display_name: str
    spec: str
    updated_at: str


class FakeWandb:
    """Answers the documents the library sends, like W&B does; records every request.

    ``script`` holds answers (``httpx.Response`` or an exception to raise) returned, in
    order, before the normal ones: for retries and error paths. ``ServerFeaturesQuery``
    is answered from ``features`` instead, like W&B cloud (a few of W&B's features, never
    panelbank's); ``features = None`` answers it like a W&B Server too old to have them.
    """

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.views: dict[str, FakeView] = {}
        self.projects: set[tuple[str, str]] = set()
        self.script: list[httpx.Response | Exception] = []
        self.clock = 0
        self.sleeps: list[float] = []  # the backoff delays the backend waited
        self.features: list[dict[str, Any]] | None = [
            {"name": "LARGE_FILENAMES", "isEnabled": True},
            {"name": "ARTIFACT_TAGS", "isEnabled": False},
        ]

    def tick(self) -> str:
        self.clock += 1
        return f"2026-01-01T00:00:{self.clock:02d}"

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.sent.append(
            Sent(
                operation=body.get("operationName") or "",
                query=body["query"],
                variables=body.get("variables") or {},
                authorization=request.headers.get("authorization", ""),
            )
        )
        if self.script and self.sent[-1].operation != "ServerFeaturesQuery":
            answer = self.script.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        if request.headers.get("authorization") != _basic(API_KEY):
            return httpx.Response(401, json={"errors": [{"message": "invalid api key"}]})
        operation = self.sent[-1].operation
        try:
            data = getattr(self, "_" + operation)(self.sent[-1].variables)
        except FakeGraphQLError as exc:  # a document the server's schema rejects
            return httpx.Response(400, json={"errors": [{"message": str(exc)}]})
        return httpx.Response(200, json={"data": data})

    def operations(self, *names: str) -> list[Sent]:
        return [sent for sent in self.sent if not names or sent.operation in names]

    def backend(self, **kwargs: Any) -> GraphQLBackend:
        options: dict[str, Any] = {"api_key": API_KEY, "sleep": self.sleeps.append}
        options.update(kwargs)
        return GraphQLBackend(
            f"https://{FAKE_HOST}", transport=httpx.MockTransport(self.handler), **options
        )

    # -- resolvers, one per operation ----------------------------------------------------
    def _ServerFeaturesQuery(self, v: dict[str, Any]) -> dict[str, Any]:
        if self.features is None:
            raise FakeGraphQLError('Cannot query field "features" on type "ServerInfo".')
        return {"serverInfo": {"features": self.features}}

    def _UpsertView2(self, v: dict[str, Any]) -> dict[str, Any]:
        self.projects.add((v["entityName"], v["projectName"]))
        stamp = self.tick()
        if "id" in v:
            view = self.views[v["id"]]
            view.display_name, view.spec, view.updated_at = v["displayName"], v["spec"], stamp
            inserted = False
        else:
            gid = base64.b64encode(f"View:{len(self.views) + 1}".encode()).decode()
            view = FakeView(gid, v["entityName"], v["projectName"], v["name"], "", "", "")
            view.display_name, view.spec, view.updated_at = v["displayName"], v["spec"], stamp
            self.views[gid] = view
            inserted = True
        return {"upsertView": {"view": {"id": view.id, "name": view.name}, "inserted": inserted}}

    def _View(self, v: dict[str, Any]) -> dict[str, Any]:
        if (v["entityName"], v["name"]) not in self.projects:
            return {"project": None}
        edges = [
            {"node": {"id": view.id, "displayName": view.display_name, "spec": view.spec}}
            for view in self.views.values()
            if (view.entity, view.project, view.name) == (v["entityName"], v["name"], v["viewName"])
        ]
        return {"project": {"allViews": {"edges": edges}}}

    def _ViewUpdatedAt(self, v: dict[str, Any]) -> dict[str, Any]:
        view = self.views.get(v["id"])
        return {"view": {"id": view.id, "updatedAt": view.updated_at} if view else None}

    def _ProjectViews(self, v: dict[str, Any]) -> dict[str, Any]:
        if (v["entityName"], v["name"]) not in self.projects:
            return {"project": None}
        edges = [
            {
                "node": {
                    "id": view.id,
                    "name": view.name,
                    "displayName": view.display_name,
                    "updatedAt": view.updated_at,
                }
            }
            for view in self.views.values()
            if (view.entity, view.project) == (v["entityName"], v["name"])
        ]
        return {"project": {"allViews": {"edges": edges}}}

    def _DeleteView(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"deleteView": {"success": self.views.pop(v["id"], None) is not None}}


def _basic(key: str) -> str:
    return "Basic " + base64.b64encode(f"api:{key}".encode()).decode()


@pytest.fixture
def fake() -> FakeWandb:
    return FakeWandb()


@pytest.fixture
def fake_backend(fake: FakeWandb) -> Iterator[GraphQLBackend]:
    backend = fake.backend()
    ws.configure(backend=backend)
    yield backend
    backend.close()


# -- panelbank serve on a free loopback port -----------------------------------------------
@dataclasses.dataclass
class LiveServer:
    url: str
    api_key: str
    home: Path


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """``panelbank serve`` in a thread (uvicorn), with a tmp home and a created API key."""
    import uvicorn

    from panelbank.server import create_app
    from panelbank.settings import load_settings
    from panelbank.store import Store

    home = tmp_path / "server-home"
    home.mkdir()
    store = Store.open(home=home)
    key = store.create_api_key("tester", "backend tests")
    port = _free_port()
    app = create_app(load_settings(home=home, host="127.0.0.1", port=port), store)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("panelbank serve did not start within 10 s")
        time.sleep(0.01)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", key, home)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
