"""Bad input gets a 4xx with a message that says what to do; never a 5xx, never a traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

from .conftest import GraphQL, basic, in_process
from .documents import SPEC, UPSERT_VIEW2, VIEW, VIEWER
from .test_graphql import load_variables, save, save_variables


def errors_of(response: httpx.Response, status: int = 400) -> list[dict[str, Any]]:
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert errors
    return errors


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"{not json", "not valid JSON", id="malformed-json"),
        pytest.param(b"", "not valid JSON", id="empty-body"),
        pytest.param(b"\xff\xfe", "not valid JSON", id="not-utf8"),
        pytest.param(b"[1, 2]", "must be a JSON object", id="array"),
        pytest.param(b'{"variables": {}}', "no GraphQL document", id="no-query"),
        pytest.param(b'{"query": 5}', "no GraphQL document", id="query-not-string"),
        pytest.param(b'{"query": "{ viewer { id } }", "variables": [1]}', "variables", id="vars"),
        pytest.param(
            b'{"query": "{ viewer { id } }", "operationName": 3}', "operationName", id="op"
        ),
    ],
)
def test_bad_bodies(client: httpx.Client, body: bytes, message: str) -> None:
    response = client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    [error] = errors_of(response)
    assert message in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert response.json()["data"] is None


def test_syntax_error_says_where(gql: GraphQL) -> None:
    [error] = errors_of(gql("query Viewer { viewer { id "))
    assert error["message"].startswith("Syntax Error:")
    assert error["locations"] == [{"line": 1, "column": 28}]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_unknown_field(gql: GraphQL) -> None:
    # a field we do not serve is answered 400 (wandb-core carries on after one)
    [error] = errors_of(gql('query { entity(name: "ent") { noSuchField } }'))
    assert "Cannot query field 'noSuchField' on type 'Entity'" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_unknown_operation_name(gql: GraphQL) -> None:
    [error] = errors_of(gql(VIEWER, None, "NoSuchOperation"))
    assert error["message"] == "Unknown operation named 'NoSuchOperation'."


def test_empty_operation_name_picks_the_only_operation(gql: GraphQL) -> None:
    assert gql(VIEWER, None, "").status_code == 200


def test_wrong_variable_type(gql: GraphQL) -> None:
    [error] = errors_of(gql(VIEW, {**load_variables(), "name": 5}))
    assert "$name" in error["message"]


def test_spec_that_is_not_a_spec(gql: GraphQL) -> None:
    for spec, message in [
        ("not json", "not valid JSON"),
        ('{"foo": 1}', "'section' is missing"),
    ]:
        [error] = errors_of(gql(UPSERT_VIEW2, save_variables(spec=spec)))
        assert error["extensions"] == {"code": "INVALID_SPEC"}
        assert message in error["message"]
    project = gql(VIEW, load_variables()).json()["data"]["project"]
    assert project is None  # nothing was written, not even the project


def test_insert_without_required_fields(gql: GraphQL) -> None:
    [error] = errors_of(gql(UPSERT_VIEW2, {"displayName": "W"}))
    assert "entityName, projectName, name, type, spec required" in error["message"]


def test_update_of_unknown_id(gql: GraphQL) -> None:
    [error] = errors_of(gql(UPSERT_VIEW2, save_variables(id="Vmlldzo5OTk5")))
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "Vmlldzo5OTk5" in error["message"]


def big_spec(size: int) -> str:
    spec = json.loads(SPEC)
    spec["padding"] = "x" * size  # unknown keys are carried through untouched
    return json.dumps(spec, separators=(",", ":"))


def test_ten_megabyte_spec_is_accepted_under_the_default_limit(gql: GraphQL) -> None:
    spec = big_spec(10 * 1024 * 1024)
    upsert = save(gql, spec=spec)
    assert upsert["inserted"] is True
    edges = gql(VIEW, load_variables()).json()["data"]["project"]["allViews"]["edges"]
    assert edges[0]["node"]["spec"] == spec


@pytest.mark.parametrize(
    ("limit", "size", "status"),
    [
        pytest.param(1024 * 1024, 2 * 1024 * 1024, 413, id="lower"),
        pytest.param(20 * 1024 * 1024, 17 * 1024 * 1024, 200, id="higher-than-the-default"),
    ],
)
def test_the_servers_own_store_takes_the_spec_limit_from_the_settings(
    tmp_path: Path, limit: int, size: int, status: int
) -> None:
    """The limit is checked once, by the store: a server that opens its own store gives it
    PANELBANK_MAX_SPEC_BYTES, lower or higher than the store's default of 16 MiB."""
    settings = load_settings(home=tmp_path, max_spec_bytes=limit)
    with Store.open(settings.database_url) as store:
        key = store.create_api_key("ent")
    with in_process(create_app(settings), basic(key)) as client:
        variables = save_variables(spec=big_spec(size))
        response = client.post("/graphql", json={"query": UPSERT_VIEW2, "variables": variables})
    if status == 413:
        [error] = errors_of(response, 413)
        assert error["extensions"]["code"] == "SPEC_TOO_LARGE"
        assert f"over the limit of {limit} bytes" in error["message"]
        assert "PANELBANK_MAX_SPEC_BYTES" in error["message"]
    else:
        assert response.status_code == 200, response.text
        assert response.json()["data"]["upsertView"]["inserted"] is True


def test_spec_over_the_limit_is_413(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path, max_spec_bytes=1024 * 1024)
    with Store.open(settings.database_url, max_spec_bytes=settings.max_spec_bytes) as store:
        key = store.create_api_key("ent")
        app = create_app(settings, store=store)
        with in_process(app, basic(key)) as client:
            variables = save_variables(spec=big_spec(2 * 1024 * 1024))
            response = client.post("/graphql", json={"query": UPSERT_VIEW2, "variables": variables})
            [error] = errors_of(response, 413)
            assert error["extensions"]["code"] == "SPEC_TOO_LARGE"
            assert "PANELBANK_MAX_SPEC_BYTES" in error["message"]
            # a body far over the limit is refused before it is parsed
            variables["spec"] = big_spec(4 * 1024 * 1024)
            response = client.post("/graphql", json={"query": UPSERT_VIEW2, "variables": variables})
            [error] = errors_of(response, 413)
            assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_a_resolver_bug_is_a_400_without_details(
    gql: GraphQL, store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(store, "find_views", broken)
    save(gql)
    with caplog.at_level(logging.ERROR, logger="panelbank.server"):
        response = gql(VIEW, load_variables())
    [error] = errors_of(response)
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in response.text
    assert "secret internals" in caplog.text  # the details are in the server log


def test_graphql_get_is_405(client: httpx.Client) -> None:
    [error] = errors_of(client.get("/graphql"), 405)
    assert "POST /graphql" in error["message"]


def test_unknown_path_is_a_json_404(client: httpx.Client) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_client_gone_mid_body_is_no_server_error(
    app: Starlette, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A client that disconnects while its body is read (the SDK cancelling a request at
    # exit) gets no traceback in the log: the ASGI app returns, nothing is raised.
    key = basic(api_key)["Authorization"].encode()
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"authorization", key),
            (b"content-length", b"100"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8080),
    }
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    with caplog.at_level(logging.DEBUG):
        anyio.run(app, scope, receive, send)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 400
