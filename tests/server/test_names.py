"""Hostile names over the wire: GraphQL upsertView/upsertBucket, lookups and file_stream
answer 4xx with the naming rules; lone surrogates and NUL never make a 5xx."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store
from tests.store.conftest import POSTGRES_URL, needs_postgres, wipe_postgres

from .conftest import ENTITY, basic, in_process
from .documents import SPEC, UPSERT_VIEW2, VIEW

UPSERT_BUCKET = (
    "mutation UpsertBucket($input: UpsertBucketInput!) {"
    " upsertBucket(input: $input) { bucket { id name } inserted } }"
)


def post(client: httpx.Client, query: str, variables: dict[str, Any]) -> httpx.Response:
    # ensure_ascii: "\ud800" travels as the JSON escape, as a hostile client sends it
    body = json.dumps({"query": query, "variables": variables}, ensure_ascii=True)
    return client.post("/graphql", content=body, headers={"Content-Type": "application/json"})


def refused(response: httpx.Response, code: str, message: str) -> None:
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    if "surrogate" in message and error["extensions"]["code"] == "BAD_REQUEST":
        # the endpoint's JSON parser refuses a lone surrogate before any name is read
        assert "surrogate" in error["message"]
        return
    assert error["extensions"]["code"] == code
    assert message in error["message"]


HOSTILE = [
    pytest.param("../..", "contains /", id="dotdot-path"),
    pytest.param("..", "is a relative path", id="dotdot"),
    pytest.param("a\ud800", "lone surrogate U+D800", id="surrogate"),
    pytest.param("a\x00", "control character U+0000", id="nul"),
    pytest.param("a#b", "contains #", id="hash"),
]


@pytest.mark.parametrize(("name", "problem"), HOSTILE)
@pytest.mark.parametrize("field", ["entityName", "projectName", "name"])
def test_upsert_view_refuses_hostile_names(
    client: httpx.Client, store: Store, field: str, name: str, problem: str
) -> None:
    variables = {
        "entityName": ENTITY,
        "projectName": "p",
        "name": "nw-ok-v",
        "type": "project-view",
        "spec": SPEC,
        field: name,
    }
    response = post(client, UPSERT_VIEW2, variables)
    refused(response, "INVALID_NAME", problem)
    if "INVALID_NAME" in response.text:
        assert "names are 1 to 128 characters" in response.text
    assert store.list_projects() == []


@pytest.mark.parametrize(
    ("field", "name", "problem"),
    [
        *[
            pytest.param(field, *param.values, id=f"{field}-{param.id}")
            for field in ("entityName", "modelName", "name")
            for param in HOSTILE
        ],
        pytest.param("name", "a;b", "contains ;", id="name-semicolon"),  # W&B's run id rule
    ],
)
def test_upsert_bucket_refuses_hostile_names(
    client: httpx.Client, store: Store, field: str, name: str, problem: str
) -> None:
    given = {"entityName": ENTITY, "modelName": "p", "name": "r1", field: name}
    refused(post(client, UPSERT_BUCKET, {"input": given}), "INVALID_NAME", problem)
    assert store.list_projects() == []


@pytest.mark.parametrize("text", ["e\ud800", "e\x00"], ids=["surrogate", "nul"])
def test_lookups_of_unstorable_names_are_not_a_crash(client: httpx.Client, text: str) -> None:
    response = post(client, VIEW, {"entityName": text, "name": "p"})
    assert response.status_code in (200, 400), response.text
    body = response.json()
    if response.status_code == 400:
        refused(response, "INVALID_TEXT", "cannot be stored" if "\x00" in text else "surrogate")
    else:
        assert body == {"data": {"project": None}}


def test_a_lone_surrogate_in_a_display_name_is_a_400(client: httpx.Client) -> None:
    given = {"entityName": ENTITY, "modelName": "p", "name": "r1", "displayName": "x\ud800"}
    refused(post(client, UPSERT_BUCKET, {"input": given}), "INVALID_TEXT", "lone surrogate")


@pytest.mark.parametrize("run", ["..", "a;b", "a%00b"])
def test_file_stream_refuses_hostile_run_names(client: httpx.Client, run: str) -> None:
    response = client.post(f"/files/{ENTITY}/p/{run}/file_stream", json={"files": {}})
    assert 400 <= response.status_code < 500, response.text


@needs_postgres
def test_nul_over_graphql_on_postgresql_is_a_400(tmp_path: Path) -> None:
    wipe_postgres(POSTGRES_URL)
    settings = load_settings(home=tmp_path, database_url=POSTGRES_URL)
    with Store.open(POSTGRES_URL) as store:
        key = store.create_api_key(ENTITY)
        with in_process(create_app(settings, store=store), basic(key)) as client:
            lookup = post(client, VIEW, {"entityName": "e\x00", "name": "p"})
            refused(lookup, "INVALID_TEXT", "NUL character (U+0000)")
            given = {"entityName": ENTITY, "modelName": "p", "name": "r1", "notes": "a\x00b"}
            refused(post(client, UPSERT_BUCKET, {"input": given}), "INVALID_TEXT", "NUL")
            given = {"entityName": "e\x00", "modelName": "p", "name": "r1"}
            refused(post(client, UPSERT_BUCKET, {"input": given}), "INVALID_NAME", "U+0000")
