"""Host, Origin and Content-Type checks (server/origin.py): no DNS rebinding, no
cross-site request forgery, while the official clients (no Origin, Basic auth, JSON)
keep working."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from panelbank.cli import cli
from panelbank.pages.session import COOKIE
from panelbank.server import create_app
from panelbank.server.origin import host_name
from panelbank.settings import Settings, load_settings
from panelbank.store import Store

from .conftest import ENTITY, in_process
from .documents import SPEC, UPSERT_VIEW2, VIEWER

CREATE = {
    "query": UPSERT_VIEW2,
    "variables": {
        "entityName": ENTITY,
        "projectName": "p",
        "name": "nw-csrf-v",
        "type": "project-view",
        "spec": SPEC,
    },
}


def views(store: Store) -> list[Any]:
    return store.find_views(ENTITY, "p") if store.get_project(ENTITY, "p") else []


@pytest.fixture
def open_app(tmp_path: Path, store: Store) -> Starlette:
    """A --no-auth server: nothing but these checks stands between a page and the data."""
    return create_app(load_settings(home=tmp_path, no_auth=True), store=store)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost", "localhost"),
        ("localhost:8080", "localhost"),
        ("127.0.0.1:9", "127.0.0.1"),
        ("[::1]:8080", "::1"),
        ("[::1]", "::1"),
        ("Example.COM:443", "example.com"),
    ],
)
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize("host", ["localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080"])
def test_loopback_names_are_served(client: httpx.Client, host: str) -> None:
    response = client.post("/graphql", json={"query": VIEWER}, headers={"Host": host})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("path", ["/graphql", "/api/v1/entities", "/", "/ent/p"])
def test_a_foreign_host_is_refused(client: httpx.Client, path: str) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends its own name
    headers = {"Host": "evil.example:8080"}
    response = client.post(path, json={"query": VIEWER}, headers=headers)
    if path != "/graphql":
        response = client.get(path, headers=headers)
    assert response.status_code == 400
    assert "--allowed-host evil.example" in response.text
    assert "PANELBANK_ALLOWED_HOSTS" in response.text


def test_allowed_hosts_and_the_public_url_are_served(tmp_path: Path, store: Store) -> None:
    settings = load_settings(
        home=tmp_path,
        public_url="https://pb.example.com/",
        allowed_hosts=("i11-browser, Other.Example", "[fd00::1]"),
    )
    assert settings.allowed_hosts == ("i11-browser", "other.example", "fd00::1")
    app = create_app(settings, store=store)
    key = store.create_api_key(ENTITY)
    for host in ["pb.example.com", "i11-browser:8080", "other.example", "[fd00::1]:80"]:
        with in_process(app) as client:
            response = client.get("/api/v1/entities", headers={"Host": host}, auth=("api", key))
        assert response.status_code == 200, (host, response.text)
    with in_process(app) as client:
        assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_any_host_with_a_star(tmp_path: Path, store: Store) -> None:
    app = create_app(load_settings(home=tmp_path, allowed_hosts="*"), store=store)
    with in_process(app) as client:
        assert client.get("/healthz", headers={"Host": "anything.example"}).status_code == 200


def test_the_environment_and_the_command_line_name_allowed_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANELBANK_ALLOWED_HOSTS", "a.example,b.example")
    assert load_settings(home=tmp_path).allowed_hosts == ("a.example", "b.example")
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--allowed-host NAME" in help_text and "PANELBANK_ALLOWED_HOSTS" in help_text


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Origin": "http://localhost:3000"}, id="other-port"),
        pytest.param({"Origin": "https://evil.example"}, id="other-site"),
        pytest.param({"Origin": "null"}, id="null"),
        pytest.param({"Sec-Fetch-Site": "cross-site"}, id="fetch-cross-site"),
        pytest.param({"Sec-Fetch-Site": "same-site"}, id="fetch-same-site"),
    ],
)
def test_cross_origin_writes_are_refused_without_auth(
    open_app: Starlette, store: Store, headers: dict[str, str]
) -> None:
    with in_process(open_app) as client:
        response = client.post("/graphql", json=CREATE, headers=headers)
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "CROSS_ORIGIN"
    assert "pages of other sites or ports may not change data here" in error["message"]
    assert views(store) == []


def test_cross_origin_writes_are_refused_with_a_session(
    app: Starlette, store: Store, api_key: str
) -> None:
    with in_process(app) as client:
        login = client.post("/login", data={"key": api_key, "next": "/"})
    cookie = {"Cookie": f"{COOKIE}={login.cookies[COOKIE]}"}
    with in_process(app, cookie) as client:
        response = client.post("/graphql", json=CREATE, headers={"Origin": "http://127.0.0.1:5173"})
        assert response.status_code == 403
        assert views(store) == []
        restore = client.post("/api/v1/views/x/restore", headers={"Sec-Fetch-Site": "same-site"})
        assert restore.status_code == 403
        assert "cross_origin" in restore.text
        # reads are not writes: a GET from the page itself works
        assert client.get("/api/v1/entities", headers={"Origin": "null"}).status_code == 200
        # and the viewer's own writes (same origin) go through
        own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
        assert client.post("/graphql", json=CREATE, headers=own).status_code == 200
    assert len(views(store)) == 1


def test_cross_origin_login_is_refused(app: Starlette, api_key: str) -> None:
    with in_process(app) as client:
        response = client.post(
            "/login", data={"key": api_key}, headers={"Origin": "http://localhost:8000"}
        )
    assert response.status_code == 403 and COOKIE not in response.cookies


def test_the_public_url_is_an_own_origin(tmp_path: Path, store: Store) -> None:
    settings = load_settings(home=tmp_path, no_auth=True, public_url="https://pb.example.com")
    with in_process(create_app(settings, store=store)) as client:
        response = client.post(
            "/graphql",
            json=CREATE,
            headers={"Host": "pb.example.com", "Origin": "https://pb.example.com"},
        )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_graphql_posts_must_be_json(
    open_app: Starlette, store: Store, content_type: str | None
) -> None:
    # what a page may send cross-origin without a preflight, with no Origin check to meet
    headers = {"Content-Type": content_type} if content_type else {}
    with in_process(open_app) as client:
        response = client.post("/graphql", content=json.dumps(CREATE), headers=headers)
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["errors"][0]["message"]
    assert views(store) == []


def test_the_official_clients_requests_pass(client: httpx.Client, settings: Settings) -> None:
    # wandb and wandb-workspaces: Basic auth, JSON (maybe with a charset), no Origin
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "W&B Internal"}
    response = client.post("/graphql", content=json.dumps(CREATE), headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["upsertView"]["inserted"] is True
