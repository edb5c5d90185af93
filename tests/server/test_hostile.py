"""Malformed input gets a 4xx saying what was wrong, never a 5xx (issue 11, item 7): deep
JSON, odd view ids and versions, forged upload tokens, deep filters, and arbitrary JSON
sent to every route and GraphQL operation (hypothesis)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store
from tests.server import documents, documents_runs
from tests.server.conftest import ENTITY, basic
from tests.server.test_ingest import CREATE_RUN_FILES, UPSERT_BUCKET

INTERNAL = "Internal server error"


class Answering(httpx.BaseTransport):
    """The app in-process, with a crash answered as the 500 a client would see."""

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return anyio.run(run)


def gid(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, str]]:
    """One server for the module (hypothesis runs many examples): a view and a run in ent/p."""
    home: Path = tmp_path_factory.mktemp("hostile")
    server_settings = load_settings(home=home)
    store = Store.open(server_settings.database_url)
    key = store.create_api_key(ENTITY, "tests")
    store.upsert_run(ENTITY, "p", "r1", username=ENTITY)
    app = create_app(server_settings, store=store)
    with httpx.Client(
        transport=Answering(app), base_url="http://localhost", headers=basic(key)
    ) as client:
        variables = {
            "entityName": ENTITY,
            "projectName": "p",
            "name": "v",
            "displayName": "V",
            "type": "project-view",
            "spec": documents.SPEC,
        }
        response = client.post(
            "/graphql", json={"query": documents.UPSERT_VIEW2, "variables": variables}
        )
        view_id = response.json()["data"]["upsertView"]["view"]["id"]
        yield client, view_id
    store.close()


def client_error(response: httpx.Response) -> str:
    """The message of a 4xx answer (JSON envelope or GraphQL errors)."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    assert INTERNAL not in response.text, response.text[:500]
    body = response.json()
    if "errors" in body:
        return " | ".join(error["message"] for error in body["errors"])
    message: str = body["error"]["message"]
    return message


# -- the cases of the issue ---------------------------------------------------------------

DEEP = b"[" * 3000 + b"]" * 3000


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/views/{view}/restore",
        f"/api/v1/{ENTITY}/p/runs",
        f"/api/v1/{ENTITY}/p/history",
        "/graphql",
    ],
)
def test_deep_json_is_400(world: tuple[httpx.Client, str], path: str) -> None:
    client, view = world
    headers = {"Content-Type": "application/json"}  # /graphql takes JSON only (server/origin.py)
    message = client_error(client.post(path.format(view=view), content=DEEP, headers=headers))
    assert "nests deeper than 100 levels" in message


def test_deep_json_strings_are_400(world: tuple[httpx.Client, str]) -> None:
    client, _ = world
    query = (
        'query($f: JSONString) { project(name: "p", entityName: "ent") { runCount(filters: $f) } }'
    )
    deep = "[" * 3000 + "]" * 3000
    message = client_error(client.post("/graphql", json={"query": query, "variables": {"f": deep}}))
    assert "nests deeper than 100 levels" in message


ODD_IDS = [
    pytest.param(gid("View:²"), id="superscript-digit"),
    pytest.param(gid("View:" + "9" * 30), id="30-digits"),
    pytest.param(gid("View:-1"), id="negative"),
    pytest.param("not base64!", id="not-base64"),
]


@pytest.mark.parametrize("view_id", ODD_IDS)
@pytest.mark.parametrize("route", ["", "/history"])
def test_odd_view_ids_are_404(world: tuple[httpx.Client, str], view_id: str, route: str) -> None:
    client, _ = world
    response = client.get(f"/api/v1/views/{quote(view_id, safe='')}{route}")
    assert response.status_code == 404
    assert "No view with id" in client_error(response)


@pytest.mark.parametrize("view_id", ODD_IDS)
def test_odd_view_ids_in_graphql(world: tuple[httpx.Client, str], view_id: str) -> None:
    client, _ = world
    query = "query($id: ID!) { view(id: $id) { id } }"
    response = client.post("/graphql", json={"query": query, "variables": {"id": view_id}})
    assert response.status_code == 200
    assert response.json() == {"data": {"view": None}}
    delete = "mutation($id: ID) { deleteView(input: {id: $id}) { success: __typename } }"
    response = client.post("/graphql", json={"query": delete, "variables": {"id": view_id}})
    assert response.status_code < 500 and INTERNAL not in response.text


@pytest.mark.parametrize("version", [2**62, -(2**62), 0, -1, 10**6])
def test_restore_of_a_version_out_of_range_is_404(
    world: tuple[httpx.Client, str], version: int
) -> None:
    client, view = world
    response = client.post(f"/api/v1/views/{view}/restore", json={"version": version})
    assert response.status_code == 404
    assert f"has no version {version}; its versions are 1 to" in client_error(response)


def test_restore_of_a_version_beyond_64_bits_is_400(world: tuple[httpx.Client, str]) -> None:
    client, view = world
    response = client.post(f"/api/v1/views/{view}/restore", content=b'{"version": %d}' % 10**30)
    assert response.status_code == 400  # read as a float, which no version is
    assert client_error(response).startswith('Send {"version": N} with the version to restore')


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("abc.²³.def", id="superscript-expiry"),
        pytest.param("abc.١٢٣.def", id="arabic-indic-expiry"),
        pytest.param("abc." + "9" * 5000 + ".def", id="long-expiry"),
        pytest.param("ab%C3%A9.123.def", id="non-ascii-token"),
        pytest.param("abc.123", id="no-signature"),
    ],
)
def test_forged_upload_tokens_are_403(world: tuple[httpx.Client, str], token: str) -> None:
    client, _ = world
    response = client.put(f"/upload/{token}", content=b"x")
    assert response.status_code == 403
    assert client_error(response).startswith("Upload refused: ")


def _legacy_tree(depth: int) -> dict[str, Any]:
    tree: dict[str, Any] = {"key": {"section": "run", "name": "state"}, "op": "=", "value": "x"}
    for _ in range(depth):
        tree = {"op": "AND", "filters": [tree]}
    return tree


def test_deep_run_set_filters_are_400(world: tuple[httpx.Client, str]) -> None:
    client, _ = world
    body = {"runSet": {"filters": _legacy_tree(40)}}
    message = client_error(client.post(f"/api/v1/{ENTITY}/p/runs", json=body))
    assert "filter groups nest more than 32 levels deep" in message
    # the 450 levels are refused as JSON already
    body = {"runSet": {"filters": _legacy_tree(450)}}
    message = client_error(client.post(f"/api/v1/{ENTITY}/p/runs", json=body))
    assert "nests deeper than 100 levels" in message


def test_deep_mongo_filters_are_400(world: tuple[httpx.Client, str]) -> None:
    client, _ = world
    filters: dict[str, Any] = {"state": "finished"}
    for _ in range(40):
        filters = {"$and": [filters]}
    query = (
        'query($f: JSONString) { project(name: "p", entityName: "ent") { runCount(filters: $f) } }'
    )
    variables = {"f": json.dumps(filters)}
    message = client_error(client.post("/graphql", json={"query": query, "variables": variables}))
    assert "filter groups nest more than 32 levels deep" in message


# -- arbitrary JSON everywhere (hypothesis) -----------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
SEGMENT = st.sampled_from(["ent", "p", "r1", "views", gid("View:1"), gid("View:²"), "x"]) | st.text(
    min_size=1, max_size=12
)

JSON_ROUTES = [
    ("POST", "/api/v1/views/{a}/restore"),
    ("POST", "/api/v1/{a}/{b}/runs"),
    ("POST", "/api/v1/{a}/{b}/history"),
    ("GET", "/api/v1/views/{a}"),
    ("GET", "/api/v1/views/{a}/history"),
    ("GET", "/api/v1/{a}/projects"),
    ("GET", "/api/v1/{a}/{b}/views"),
    ("GET", "/api/v1/{a}/{b}/runs"),
    ("GET", "/api/v1/{a}/{b}/runs/{a}/keys"),
    ("POST", "/api/v1/{a}/{b}/media"),
    ("GET", "/api/v1/{a}/{b}/runs/{a}/files/{b}"),
    ("POST", "/graphql"),
    ("POST", "/login"),
    ("PUT", "/upload/{a}"),
]


def _fields_like_the_routes_read() -> st.SearchStrategy[Any]:
    names = ["version", "runSet", "customRunColors", "runs", "metrics", "x", "points", "xMin"]
    names += ["xMax", "filters", "query", "variables", "operationName", "search", "grouping"]
    names += ["sort", "selections", "filterFormat", "key", "op", "value", "connector"]
    names += ["minStep", "maxStep", "limit", "withSteps", "latest", "inlineBytes"]
    return st.dictionaries(st.sampled_from(names), JSON, max_size=6) | JSON


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(JSON_ROUTES),
    a=SEGMENT,
    b=SEGMENT,
    body=_fields_like_the_routes_read(),
    query=st.dictionaries(st.sampled_from(["view", "type", "name", "include"]), SEGMENT),
)
def test_arbitrary_json_to_every_route_is_never_5xx(
    world: tuple[httpx.Client, str],
    route: tuple[str, str],
    a: str,
    b: str,
    body: Any,
    query: dict[str, str],
) -> None:
    client, _ = world
    method, template = route
    path = template.format(a=quote(a, safe=""), b=quote(b, safe=""))
    response = client.request(method, path, params=query, json=body)
    assert response.status_code < 500, (method, path, body, response.text[:500])
    assert INTERNAL not in response.text, (method, path, body, response.text[:500])


OPERATIONS = [
    documents.VIEWER,
    documents.GET_VIEWER,
    documents.GET_PROJECT,
    documents.UPSERT_VIEW2,
    documents.VIEW,
    documents_runs.RUNS,
    documents_runs.RUN,
    documents_runs.RUN_FULL_HISTORY,
    documents_runs.RUN_HISTORY_KEYS,
    documents_runs.RUN_PARQUET_HISTORY,
    documents_runs.HISTORY_PAGE,
    UPSERT_BUCKET,
    CREATE_RUN_FILES,
]


def _variables() -> st.SearchStrategy[dict[str, Any]]:
    names = ["id", "entityName", "projectName", "name", "displayName", "type", "spec"]
    names += ["project", "entity", "cursor", "perPage", "order", "filters", "samples"]
    names += ["runName", "liveKeys", "run", "minStep", "maxStep", "pageSize", "config"]
    names += ["tags", "summaryMetrics", "files", "state", "viewName", "viewType"]
    value = JSON | JSON.map(json.dumps) | SEGMENT
    return st.dictionaries(st.sampled_from(names), value, max_size=8)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    document=st.sampled_from(OPERATIONS),
    variables=_variables(),
    base=st.fixed_dictionaries(
        {"entityName": st.just(ENTITY), "entity": st.just(ENTITY), "project": st.just("p")}
    ),
)
def test_arbitrary_variables_to_every_operation_are_never_5xx(
    world: tuple[httpx.Client, str], document: str, variables: dict[str, Any], base: Any
) -> None:
    client, _ = world
    payload = {"query": document, "variables": {**base, **variables}, "operationName": ""}
    response = client.post("/graphql", json=payload)
    assert response.status_code < 500, (variables, response.text[:500])
    assert INTERNAL not in response.text, (variables, response.text[:500])
