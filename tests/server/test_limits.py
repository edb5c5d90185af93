"""Limits against denial of service: GraphQL tokens, depth, cost and time; request bodies;
a prompt shutdown. Issue 11, items 5 and 6."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse, specified_rules, validate
from starlette.applications import Starlette

from panelbank.server import create_app
from panelbank.server.graphql_limits import limit_rules
from panelbank.server.schema import build_schema
from panelbank.settings import Settings, load_settings
from panelbank.store import Store
from tests.server import documents, documents_runs
from tests.server.conftest import ENTITY, LiveServer, basic, in_process
from tests.server.test_ingest import CREATE_RUN_FILES, UPSERT_BUCKET
from tests.vectors import SHARED_DIR
from wandb_workspaces._backends import _graphql as workspaces_documents

MiB = 1024 * 1024


# -- the official clients' documents stay under every limit -------------------------------


def official_documents() -> list[Any]:
    """Every document the official clients send: the protocol notes' appendix (wandb
    0.31.0, wandb-workspaces), our copies of them, and the workspace client's own."""
    notes = SHARED_DIR / "spec" / "protocol.md"  # not in a plain clone: our copies remain
    text = notes.read_text(encoding="utf-8") if notes.is_file() else ""
    found = {
        f"protocol:{name}": document
        for name, document in re.findall(r"### `(\w+)`.*?```graphql\n(.*?)```", text, re.S)
    }
    for module in (documents, documents_runs):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and "{" in value and name != "SPEC":
                found[f"{module.__name__.rsplit('.', 1)[-1]}:{name}"] = value
    found["test_ingest:UPSERT_BUCKET"] = UPSERT_BUCKET
    found["test_ingest:CREATE_RUN_FILES"] = CREATE_RUN_FILES
    for name in ("UPSERT_VIEW2", "VIEW", "VIEW_UPDATED_AT", "LIST_VIEWS", "DELETE_VIEW"):
        found[f"wandb_workspaces:{name}"] = getattr(workspaces_documents, name)
    assert len(found) >= (30 if text else 15), sorted(found)  # the appendix was read
    return [pytest.param(document, id=name) for name, document in sorted(found.items())]


@pytest.mark.parametrize("document", official_documents())
def test_official_documents_are_under_the_limits(document: str) -> None:
    defaults = Settings()
    # parse raises if the document has more tokens than the limit
    parsed = parse(document, max_lexical_tokens=defaults.graphql_max_tokens)
    rules = [*specified_rules, *limit_rules(defaults.graphql_max_depth, defaults.graphql_max_cost)]
    assert validate(build_schema(), parsed, rules) == []
    # and with room to spare: three levels, two thirds of the cost
    tight = limit_rules(defaults.graphql_max_depth - 3, defaults.graphql_max_cost // 3)
    assert validate(build_schema(), parsed, [*specified_rules, *tight]) == []


# -- GraphQL: depth, cost, tokens, time ---------------------------------------------------


PROJECT = f'project(name: "p", entityName: "{ENTITY}")'
ALL_VIEWS = 'allViews(viewType: "project-view") {{ edges {{ node {{ {} }} }} }}'


def _nested_views(levels: int) -> str:
    inner = "id spec"
    for _ in range(levels):
        inner = f"project {{ {ALL_VIEWS.format(inner)} }}"
    return f"{{ {PROJECT} {{ {ALL_VIEWS.format(inner)} }} }}"


def _upsert_views(client: httpx.Client, count: int) -> None:
    for index in range(count):
        variables = {
            "entityName": ENTITY,
            "projectName": "p",
            "name": f"v{index}",
            "displayName": f"View {index}",
            "type": "project-view",
            "spec": documents.SPEC,
        }
        response = client.post(
            "/graphql", json={"query": documents.UPSERT_VIEW2, "variables": variables}
        )
        assert response.status_code == 200, response.text


def _errors(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 400, response.text
    errors: list[dict[str, Any]] = response.json()["errors"]
    return errors


def test_deeply_nested_views_are_refused_before_running(client: httpx.Client) -> None:
    _upsert_views(client, 3)
    response = client.post("/graphql", json={"query": _nested_views(4)})
    [error] = [e for e in _errors(response) if e["extensions"]["code"] == "QUERY_TOO_DEEP"]
    assert "PANELBANK_GRAPHQL_MAX_DEPTH" in error["message"]
    assert error["extensions"]["max"] == Settings().graphql_max_depth == 12
    assert response.json()["data"] is None


def _cost(document: str) -> int:
    """The cost the limit rule reports for ``document`` (through a limit of 1)."""
    errors = validate(build_schema(), parse(document), limit_rules(10, 1))
    [error] = [e for e in errors if (e.extensions or {}).get("code") == "QUERY_TOO_COSTLY"]
    cost: int = error.extensions["cost"]  # type: ignore[index]
    return cost


def test_an_artifacts_aliases_and_tags_count_once_per_version() -> None:
    def page(fields: str) -> str:
        """A page of a run's logged versions with ``fields`` each, as the SDK asks."""
        edges = f"edges {{ node {{ id {fields} }} }}"
        return (
            f'{{ {PROJECT} {{ run(name: "r") {{ outputArtifacts(first: 50) {{ {edges} }} }} }} }}'
        )

    bare = _cost(page(""))
    # per version: aliases 1 + alias 1 + artifactCollection 2 = 4, not 1 + 10 * 3
    assert _cost(page("aliases { alias artifactCollection { name } }")) - bare == 10 * 4
    assert _cost(page("tags { id name }")) - bare == 10 * 3
    # a collection's aliases are a real list (a connection): counted LIST_SIZE times
    edges = "aliases { edges { node { alias } } }"
    listed = f'{{ {PROJECT} {{ artifactCollection(name: "c") {{ {edges} }} }} }}'
    assert _cost(listed) == 1 + 1 + 1 + 1 + 10 * (1 + 1)
    full = "tags { id name } aliases { alias artifactCollection { name project { name } } }"
    assert _cost(page(full)) <= Settings().graphql_max_cost // 3


def test_a_collections_versions_with_their_aliases_projects_are_not_too_deep() -> None:
    # the shape of the SDK's api.artifacts(): 11 fields deep, fields under the
    # ArtifactCollection interface included
    inner = "aliases { artifactCollection { project { entity { name } } } }"
    versions = f"artifacts {{ edges {{ node {{ {inner} }} }} }}"
    document = (
        f'{{ {PROJECT} {{ artifactType(name: "t") {{ artifactCollection(name: "c") '
        f"{{ {versions} }} }} }} }}"
    )
    defaults = Settings()
    rules = limit_rules(defaults.graphql_max_depth, defaults.graphql_max_cost)
    assert validate(build_schema(), parse(document), rules) == []
    [error] = validate(build_schema(), parse(document), limit_rules(10, 10_000))
    assert "nests fields 11 deep" in error.message


@pytest.fixture
def many_tokens(tmp_path: Path, store: Store, api_key: str) -> Iterator[httpx.Client]:
    """A client of a server whose token limit does not get in the way."""
    settings = load_settings(home=tmp_path, graphql_max_tokens=1_000_000)
    with in_process(create_app(settings, store=store), basic(api_key)) as client:
        yield client


def test_many_aliases_are_refused_by_their_cost(many_tokens: httpx.Client) -> None:
    aliases = " ".join(f"a{i}: {PROJECT} {{ {ALL_VIEWS.format('spec')} }}" for i in range(1000))
    response = many_tokens.post("/graphql", json={"query": f"{{ {aliases} }}"})
    [error] = _errors(response)
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] == 1000 * (3 + 10 * (1 + 10))
    assert "PANELBANK_GRAPHQL_MAX_COST" in error["message"]


def test_fragments_count_where_they_are_spread(many_tokens: httpx.Client) -> None:
    spreads = " ".join(f"a{i}: viewer {{ ...U }}" for i in range(400))
    fragment = "fragment U on User { id name teams { edges { node { name } } } }"
    query = f"{{ {spreads} }} {fragment}"
    [error] = _errors(many_tokens.post("/graphql", json={"query": query}))
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_fragment_cycles_are_reported_not_followed(client: httpx.Client) -> None:
    query = "{ viewer { ...A } } fragment A on User { id ...B } fragment B on User { ...A }"
    errors = _errors(client.post("/graphql", json={"query": query}))
    assert all(error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" for error in errors)
    assert any("Cannot spread fragment" in error["message"] for error in errors)


def test_documents_with_too_many_tokens_are_refused_while_parsing(client: httpx.Client) -> None:
    aliases = " ".join(f"a{i}: viewer {{ id }}" for i in range(1000))
    [error] = _errors(client.post("/graphql", json={"query": f"{{ {aliases} }}"}))
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "more than 2000 tokens" in error["message"]
    assert "PANELBANK_GRAPHQL_MAX_TOKENS" in error["message"]


def test_fields_after_the_time_limit_fail(tmp_path: Path, store: Store, api_key: str) -> None:
    settings = load_settings(home=tmp_path, graphql_time_limit=1e-9)  # over before it starts
    with in_process(create_app(settings, store=store), basic(api_key)) as client:
        response = client.post("/graphql", json={"query": documents.GET_VIEWER})
    [error] = _errors(response)
    assert error["extensions"] == {"code": "TIME_LIMIT"}
    assert "PANELBANK_GRAPHQL_TIME_LIMIT" in error["message"]
    assert error["path"] == ["viewer"]


# -- request bodies -----------------------------------------------------------------------


@pytest.fixture
def small_app(tmp_path: Path, store: Store) -> Starlette:
    settings = load_settings(home=tmp_path, max_body_bytes=1000, max_spec_bytes=10_000)
    return create_app(settings, store=store)


@pytest.fixture
def small_bodies(small_app: Starlette, api_key: str) -> Iterator[httpx.Client]:
    with in_process(small_app, basic(api_key)) as client:
        yield client


@pytest.fixture
def small_bodies_live(small_app: Starlette, api_key: str) -> Iterator[httpx.Client]:
    """The same app on a socket: a body sent in chunks, without a length."""
    server = LiveServer(small_app)
    server.start()
    with httpx.Client(base_url=server.url, headers=basic(api_key)) as client:
        yield client
    server.stop()


BODY_ROUTES = [
    pytest.param("/login", id="login"),
    pytest.param("/api/v1/views/Vmlldzox/restore", id="restore"),
    pytest.param(f"/api/v1/{ENTITY}/p/runs", id="runs"),
    pytest.param(f"/api/v1/{ENTITY}/p/history", id="history"),
]


@pytest.mark.parametrize("path", BODY_ROUTES)
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_bodies_over_the_limit_are_413(
    request: pytest.FixtureRequest, path: str, declared: bool
) -> None:
    _upsert_views(request.getfixturevalue("small_bodies"), 1)  # view Vmlldzox in ent/p
    body = b"[" + b"0," * 1000 + b"0]"
    if declared:
        response = request.getfixturevalue("small_bodies").post(path, content=body)
    else:
        client = request.getfixturevalue("small_bodies_live")
        response = client.post(path, content=iter([body[:600], body[600:]]))
        assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert response.json()["error"] == {
        "code": "payload_too_large",
        "message": f"The request body is larger than 1000 bytes, the most this server accepts "
        f"on POST {path}; raise PANELBANK_MAX_BODY_BYTES to allow more.",
    }


def test_graphql_bodies_have_their_own_limit(small_bodies: httpx.Client) -> None:
    limit = 2 * 10_000 + MiB
    under = small_bodies.post("/graphql", json={"query": "{ viewer { id } }", "x": "a" * 5000})
    assert under.status_code == 200, under.text
    over = small_bodies.post("/graphql", content=b" " * (limit + 1))
    assert over.status_code == 413
    [error] = over.json()["errors"]
    assert error["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}
    assert f"larger than {limit} bytes" in error["message"]
    assert "PANELBANK_MAX_SPEC_BYTES" in error["message"]


def test_uploads_keep_their_larger_limit(small_bodies: httpx.Client) -> None:
    # over max_body_bytes, under max_upload_bytes: refused for its URL, not its size
    response = small_bodies.put("/upload/abc.123.def", content=b"x" * 5000)
    assert response.status_code == 403, response.text


# -- the real server, in its own process --------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Served:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url

    def rss(self) -> int:
        """The server process's resident memory, in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        [kilobytes] = re.findall(r"^VmRSS:\s+(\d+) kB", status, re.M)
        return int(kilobytes) * 1024


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    """Start ``panelbank serve`` (no key, loopback) with extra environment variables."""
    started: list[subprocess.Popen[bytes]] = []
    stack = contextlib.ExitStack()

    def start(**env: str) -> Served:
        port = _free_port()
        command = [sys.executable, "-m", "panelbank.cli", "serve", "--no-auth"]
        command += ["--home", str(tmp_path), "--port", str(port), "--log-level", "warning"]
        log = stack.enter_context((tmp_path / f"serve-{port}.log").open("wb"))
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        for _ in range(400):  # until it answers, or fails
            if process.poll() is not None:
                raise RuntimeError(f"panelbank serve exited: {log.name}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                    return Served(process, url)
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"panelbank serve did not answer at {url}")

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
    stack.close()


def _send_raw(url: str, head: bytes, chunks: Iterator[bytes]) -> bytes:
    """Send a request over a socket; the answer (the server may stop reading early)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused: the server closed the connection
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while data := sock.recv(65536):
                answer += data
        except ConnectionResetError:
            pass
        return answer


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_refused_body_does_not_grow_the_server(served: Any, declared: bool) -> None:
    server = served()
    size, piece = 50 * MiB, b"k" * MiB
    before = server.rss()
    if declared:
        head = f"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: {size}\r\n"
        chunks: Iterator[bytes] = iter([piece] * 50)
    else:
        head = "POST /login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
        chunks = iter([b"%x\r\n%s\r\n" % (len(piece), piece)] * 50 + [b"0\r\n\r\n"])
    head += "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
    answer = _send_raw(server.url, head.encode(), chunks)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"PANELBANK_MAX_BODY_BYTES" in answer
    growth = server.rss() - before
    assert growth < 16 * MiB, f"the server grew by {growth / MiB:.1f} MiB"


def test_stop_does_not_wait_for_a_running_request(served: Any) -> None:
    server = served(
        PANELBANK_GRAPHQL_MAX_DEPTH="100",
        PANELBANK_GRAPHQL_MAX_COST=str(10**12),
        PANELBANK_GRAPHQL_TIME_LIMIT="3600",
        PANELBANK_SHUTDOWN_TIMEOUT="1",
    )
    with httpx.Client(base_url=server.url) as client:
        _upsert_views(client, 20)
    # the query of the issue: minutes of work in resolvers, in a worker thread
    running = threading.Thread(
        target=lambda: httpx.post(
            f"{server.url}/graphql", json={"query": _nested_views(4)}, timeout=600
        ),
        daemon=True,
    )
    running.start()
    time.sleep(1.0)  # let it get going (it would run for minutes)
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=120)  # without the fix: minutes, not this
    except subprocess.TimeoutExpired:
        pytest.fail("panelbank serve did not exit after SIGTERM while a request was running")
    # uvicorn ends by raising the signal it caught again
    assert server.process.returncode in (0, -signal.SIGTERM)
