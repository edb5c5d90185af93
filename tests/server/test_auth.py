"""API keys like W&B: HTTP Basic ``api:<key>`` (or Bearer); 401 says how to get a key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from panelbank.server import create_app
from panelbank.settings import SettingsError, default_username, load_settings
from panelbank.store import Store

from .conftest import ENTITY, basic, in_process
from .documents import VIEWER

VIEWER_BODY = {"operationName": "Viewer", "query": VIEWER}


def assert_challenge(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="panelbank"'
    assert "panelbank keys create" in response.text


def test_missing_key_on_graphql(anonymous: httpx.Client) -> None:
    response = anonymous.post("/graphql", json=VIEWER_BODY)
    assert_challenge(response)
    [error] = response.json()["errors"]
    assert error["message"].startswith("This server needs an API key.")
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}


def test_wrong_key_on_graphql(anonymous: httpx.Client, api_key: str) -> None:
    wrong = "local-" + "0" * 40
    response = anonymous.post("/graphql", json=VIEWER_BODY, headers=basic(wrong))
    assert_challenge(response)
    assert response.json()["errors"][0]["message"].startswith("The API key is not valid")
    assert wrong not in response.text


def test_wrong_key_on_the_json_api(anonymous: httpx.Client) -> None:
    response = anonymous.get("/api/v1/entities", headers=basic("local-" + "1" * 40))
    assert_challenge(response)
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(lambda key: basic(key), id="basic-api"),
        pytest.param(lambda key: basic(key, user="anyone"), id="basic-any-user"),
        pytest.param(lambda key: {"Authorization": f"Bearer {key}"}, id="bearer"),
        pytest.param(lambda key: basic("", user=key), id="key-as-user"),  # curl -u KEY:
    ],
)
def test_accepted_ways_to_send_the_key(
    anonymous: httpx.Client, api_key: str, header: Callable[[str], dict[str, str]]
) -> None:
    headers = header(api_key)
    response = anonymous.post("/graphql", json=VIEWER_BODY, headers=headers)
    assert response.json()["data"]["viewer"]["username"] == ENTITY


@pytest.mark.parametrize(
    ("authorization", "problem"),
    [
        ("Basic !!!notbase64", "what follows Basic is not base64 of UTF-8 'user:password'"),
        ("Basic /w==", "what follows Basic is not base64 of UTF-8"),  # not UTF-8
        ("Basic", "nothing follows Basic"),
        ("Basic Og==", "what follows Basic holds no key"),  # ":"
        ("Digest abc", "it uses the scheme 'Digest'; use Basic or Bearer"),
        ("Bearer", "no key follows Bearer"),
    ],
)
def test_garbled_authorization_says_it_is_malformed(
    anonymous: httpx.Client, authorization: str, problem: str
) -> None:
    response = anonymous.post(
        "/graphql", json=VIEWER_BODY, headers={"Authorization": authorization}
    )
    assert_challenge(response)
    message = response.json()["errors"][0]["message"]
    assert message.startswith(f"The Authorization header is malformed: {problem}")
    assert "Authorization: Basic <base64 of api:KEY>" in message
    assert "needs an API key" not in message


def test_revoked_key_is_refused(client: httpx.Client, store: Store, api_key: str) -> None:
    assert client.post("/graphql", json=VIEWER_BODY).status_code == 200
    [info] = store.list_api_keys(ENTITY)
    assert store.revoke_api_key(info.id)
    assert_challenge(client.post("/graphql", json=VIEWER_BODY))


def test_the_viewer_is_the_keys_user(anonymous: httpx.Client, store: Store) -> None:
    key = store.create_api_key("alice")
    response = anonymous.post("/graphql", json=VIEWER_BODY, headers=basic(key))
    assert response.json()["data"]["viewer"]["entity"] == "alice"


def test_public_paths_need_no_key(anonymous: httpx.Client) -> None:
    assert anonymous.get("/healthz").text == "ok\n"
    assert anonymous.get("/").text.startswith("panelbank server")


@pytest.mark.parametrize("path", ["/sdk/otel/v1/metrics", "/sdk/otel/v1/logs"])
def test_telemetry_is_a_quiet_404(anonymous: httpx.Client, path: str) -> None:
    response = anonymous.post(path, content=b"")
    assert response.status_code == 404
    assert response.content == b""


def test_no_auth_serves_keyless_requests_as_the_default_user(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path, no_auth=True)
    with Store.open(settings.database_url) as store:
        key = store.create_api_key("bob")
        with in_process(create_app(settings, store=store)) as client:
            viewer = client.post("/graphql", json=VIEWER_BODY).json()["data"]["viewer"]
            assert viewer["username"] == default_username()
            # a valid key still says who you are
            response = client.post("/graphql", json=VIEWER_BODY, headers=basic(key))
            assert response.json()["data"]["viewer"]["username"] == "bob"


def test_no_auth_is_refused_off_loopback(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="no_auth is only allowed on a loopback host"):
        load_settings(home=tmp_path, no_auth=True, host="0.0.0.0")
