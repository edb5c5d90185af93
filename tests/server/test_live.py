"""Over a real socket: uvicorn on a free loopback port, and ``panelbank serve`` as a process."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from panelbank.store import Store

from .conftest import ENTITY, LiveServer, basic
from .documents import (
    FEATURES,
    GET_PROJECT,
    SERVER_FEATURES_QUERY,
    SPEC,
    UPSERT_VIEW2,
    VIEW,
    VIEWER,
)
from .test_graphql import VIEW_NAME, load_variables, save_variables

THREADS = 8
SAVES_PER_THREAD = 5

# what wandb-core sends besides the body (protocol notes, §1.2)
GO_HEADERS = {
    "User-Agent": "W&B Public Client 0.31.0",
    "Use-Admin-Privileges": "true",
    "X-Wandb-Username": "",
    "X-Wandb-User-Email": "",
    "Accept-Encoding": "gzip",
}


def post(client: httpx.Client, query: str, variables: Any = None) -> dict[str, Any]:
    body = {"query": query, "variables": variables, "operationName": ""}
    response = client.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]
    return result


def http(server: LiveServer, key: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={**GO_HEADERS, **basic(key)}, timeout=30)


def test_save_load_update_over_the_socket(live_server: LiveServer, api_key: str) -> None:
    with http(live_server, api_key) as client:
        assert post(client, VIEWER)["viewer"]["entity"] == ENTITY
        assert post(client, SERVER_FEATURES_QUERY) == FEATURES
        upsert = post(client, UPSERT_VIEW2, save_variables())["upsertView"]
        assert (upsert["inserted"], upsert["view"]["name"]) == (True, VIEW_NAME)
        edges = post(client, VIEW, load_variables())["project"]["allViews"]["edges"]
        assert edges[0]["node"]["spec"] == SPEC
        again = post(client, UPSERT_VIEW2, save_variables(id=upsert["view"]["id"]))["upsertView"]
        assert again["inserted"] is False
        project = post(client, GET_PROJECT, {"entity": ENTITY, "name": "proj"})["project"]
        assert project["entityName"] == ENTITY


def test_wrong_key_over_the_socket(live_server: LiveServer, api_key: str) -> None:
    with http(live_server, "local-" + "f" * 40) as client:
        response = client.post("/graphql", json={"query": VIEWER})
    assert response.status_code == 401
    assert "panelbank keys create" in response.json()["errors"][0]["message"]


def spec_for(thread: int, save: int) -> str:
    return SPEC.replace('"name":"S"', f'"name":"t{thread}-s{save}"')


def test_concurrent_saves_of_one_view_lose_nothing(
    live_server: LiveServer, api_key: str, store: Store
) -> None:
    with http(live_server, api_key) as client:
        view_id = post(client, UPSERT_VIEW2, save_variables())["upsertView"]["view"]["id"]
    barrier = threading.Barrier(THREADS)

    def saver(thread: int) -> list[int]:
        statuses = []
        with http(live_server, api_key) as client:
            barrier.wait()
            for save in range(SAVES_PER_THREAD):
                variables = save_variables(id=view_id, spec=spec_for(thread, save))
                response = client.post(
                    "/graphql", json={"query": UPSERT_VIEW2, "variables": variables}
                )
                statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [status for result in pool.map(saver, range(THREADS)) for status in result]
    assert Counter(statuses) == {200: THREADS * SAVES_PER_THREAD}

    history = store.view_history(view_id)
    total = 1 + THREADS * SAVES_PER_THREAD
    assert [version.version for version in history] == list(range(1, total + 1))
    sent = {spec_for(t, s) for t in range(THREADS) for s in range(SAVES_PER_THREAD)}
    assert {version.spec for version in history[1:]} == sent  # every save kept, none torn
    current = store.get_view(view_id)
    assert current is not None
    assert (current.version, current.spec) == (total, history[-1].spec)


def test_concurrent_saves_with_expected_version_conflict_cleanly(
    live_server: LiveServer, api_key: str, store: Store
) -> None:
    mutation = """mutation ($id: ID, $spec: String, $v: Int) {
        upsertView(input: {id: $id, spec: $spec, expectedVersion: $v}) { view { version } } }"""
    read = "query ($id: ID!) { view(id: $id) { version } }"
    with http(live_server, api_key) as client:
        view_id = post(client, UPSERT_VIEW2, save_variables())["upsertView"]["view"]["id"]
    barrier = threading.Barrier(THREADS)

    def saver(thread: int) -> Counter[str]:
        outcomes: Counter[str] = Counter()
        with http(live_server, api_key) as client:
            barrier.wait()
            for save in range(SAVES_PER_THREAD):
                version = post(client, read, {"id": view_id})["view"]["version"]
                variables = {"id": view_id, "spec": spec_for(thread, save), "v": version}
                response = client.post("/graphql", json={"query": mutation, "variables": variables})
                body = response.json()
                if response.status_code == 200:
                    assert body["data"]["upsertView"]["view"]["version"] > version
                    outcomes["saved"] += 1
                else:
                    assert response.status_code == 400, response.text
                    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"
                    outcomes["conflict"] += 1
        return outcomes

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = sum(pool.map(saver, range(THREADS)), Counter())
    assert outcomes["saved"] + outcomes["conflict"] == THREADS * SAVES_PER_THREAD
    assert outcomes["saved"] >= 1
    current = store.get_view(view_id)
    assert current is not None
    assert current.version == 1 + outcomes["saved"]  # no lost update: one version per save


def test_concurrent_restores_with_expected_version_one_wins(
    live_server: LiveServer, api_key: str, store: Store
) -> None:
    with http(live_server, api_key) as client:
        view_id = post(client, UPSERT_VIEW2, save_variables())["upsertView"]["view"]["id"]
        post(client, UPSERT_VIEW2, save_variables(id=view_id, displayName="W2"))
    barrier = threading.Barrier(THREADS)

    def restore(thread: int) -> int:
        with http(live_server, api_key) as client:
            barrier.wait()
            body = {"version": 1, "expectedVersion": 2}
            return client.post(f"/api/v1/views/{view_id}/restore", json=body).status_code

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = Counter(pool.map(restore, range(THREADS)))
    assert statuses == {200: 1, 409: THREADS - 1}
    assert [v.version for v in store.view_history(view_id)] == [1, 2, 3]


def test_concurrent_first_saves_create_the_project_once(
    live_server: LiveServer, api_key: str, store: Store
) -> None:
    barrier = threading.Barrier(THREADS)

    def first_save(thread: int) -> int:
        with http(live_server, api_key) as client:
            barrier.wait()
            variables = save_variables(projectName="fresh", name=f"nw-thread{thread:04d}-v")
            body = {"query": UPSERT_VIEW2, "variables": variables}
            return client.post("/graphql", json=body).status_code

    with ThreadPoolExecutor(THREADS) as pool:
        assert set(pool.map(first_save, range(THREADS))) == {200}
    assert [p.name for p in store.list_projects(ENTITY)] == ["fresh"]
    assert len(store.find_views(ENTITY, "fresh")) == THREADS


# -- panelbank serve, as a process ---------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Serve:
    """``panelbank serve`` in a child process, its output collected by a thread."""

    def __init__(self, home: Path, port: int) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("PANELBANK_NO_AUTH", None)
        command = [sys.executable, "-m", "panelbank.cli", "serve"]
        self.process = subprocess.Popen(
            [*command, "--home", str(home), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(
            target=lambda: self.lines.extend(self.process.stdout or []), daemon=True
        )
        self.reader.start()
        self.url = f"http://127.0.0.1:{port}"

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise AssertionError(f"panelbank serve exited: {self.output}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"panelbank serve did not answer /healthz: {self.output}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextlib.contextmanager
def serving(home: Path, port: int) -> Iterator[Serve]:
    serve = Serve(home, port)
    try:
        serve.wait_ready()
        yield serve
    finally:
        serve.stop()


def test_panelbank_serve_prints_a_first_key_once(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, port) as serve:
        banner = serve.output
        assert f"serving {serve.url}" in banner
        assert "WANDB_BASE_URL=" in banner
        [key] = set(re.findall(r"local-[0-9a-f]{40}", banner))  # the key and the export line
        with httpx.Client(base_url=serve.url, headers=basic(key)) as client:
            response = client.post("/graphql", json={"query": VIEWER, "operationName": "Viewer"})
            assert response.status_code == 200
            assert response.json()["data"]["viewer"]["entity"]
            assert client.get("/api/v1/entities").status_code == 200

    with serving(tmp_path, port) as serve:
        assert not re.findall(r"local-[0-9a-f]{40}", serve.output)  # shown once, never again
        assert "WANDB_API_KEY=<key>" in serve.output
