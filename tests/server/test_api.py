"""The JSON API under /api/v1/: the same store, one error envelope."""

from __future__ import annotations

import httpx
import pytest

from panelbank.store import Store

from .conftest import ENTITY, GraphQL
from .documents import SPEC
from .test_graphql import VIEW_NAME, save


def envelope(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    message: str = error["message"]
    return message


def test_entities_projects_views(client: httpx.Client, gql: GraphQL) -> None:
    view_id = save(gql)["view"]["id"]
    assert client.get("/api/v1/entities").json() == {"entities": [ENTITY]}
    [project] = client.get(f"/api/v1/{ENTITY}/projects").json()["projects"]
    assert (project["entity"], project["name"]) == (ENTITY, "proj")
    assert project["createdAt"].endswith("Z")
    [view] = client.get(f"/api/v1/{ENTITY}/proj/views").json()["views"]
    assert view["id"] == view_id
    assert (view["name"], view["displayName"], view["version"]) == (VIEW_NAME, "W", 1)
    assert "spec" not in view


def test_views_filters(client: httpx.Client, gql: GraphQL) -> None:
    save(gql)
    url = f"/api/v1/{ENTITY}/proj/views"
    assert len(client.get(url, params={"type": "project-view"}).json()["views"]) == 1
    assert client.get(url, params={"type": "runs"}).json()["views"] == []
    assert len(client.get(url, params={"displayName": "W"}).json()["views"]) == 1
    assert client.get(url, params={"name": "nw-zzzzzzzzzzz-v"}).json()["views"] == []


def test_view_with_spec_history_and_restore(client: httpx.Client, gql: GraphQL) -> None:
    view_id = save(gql)["view"]["id"]
    changed = SPEC.replace('"name":"S"', '"name":"T"')
    save(gql, id=view_id, spec=changed, displayName="W2")
    view = client.get(f"/api/v1/views/{view_id}").json()
    assert (view["spec"], view["version"], view["createdBy"]) == (changed, 2, ENTITY)

    versions = client.get(f"/api/v1/views/{view_id}/history").json()["versions"]
    assert [(v["version"], v["displayName"]) for v in versions] == [(1, "W"), (2, "W2")]
    assert "spec" not in versions[0]
    with_spec = client.get(f"/api/v1/views/{view_id}/history", params={"include": "spec"})
    assert with_spec.json()["versions"][0]["spec"] == SPEC

    restored = client.post(f"/api/v1/views/{view_id}/restore", json={"version": 1}).json()
    assert (restored["spec"], restored["displayName"], restored["version"]) == (SPEC, "W", 3)


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        pytest.param("/api/v1/nobody/projects", "GET /api/v1/entities", id="entity"),
        pytest.param(f"/api/v1/{ENTITY}/nope/views", "No project", id="project"),
        pytest.param("/api/v1/views/Vmlldzo5OTk=", "No view with id", id="view"),
        pytest.param("/api/v1/views/garbage/history", "No view with id", id="history"),
        pytest.param("/api/v1/a/b/c/d", "Nothing at", id="route"),
    ],
)
def test_not_found(client: httpx.Client, gql: GraphQL, path: str, needle: str) -> None:
    save(gql)
    assert needle in envelope(client.get(path), 404, "not_found")


def test_restore_bad_requests(client: httpx.Client, gql: GraphQL) -> None:
    view_id = save(gql)["view"]["id"]
    url = f"/api/v1/views/{view_id}/restore"
    message = envelope(client.post(url, content=b"{"), 400, "invalid_request")
    assert "not valid JSON" in message
    message = envelope(client.post(url, json={"version": "1"}), 400, "invalid_request")
    assert '{"version": N}' in message
    message = envelope(client.post(url, json={"version": 7}), 404, "not_found")
    assert "7" in message


def test_restore_with_expected_version(client: httpx.Client, gql: GraphQL, store: Store) -> None:
    view_id = save(gql)["view"]["id"]
    save(gql, id=view_id, displayName="W2")
    url = f"/api/v1/views/{view_id}/restore"
    response = client.post(url, json={"version": 1, "expectedVersion": 1})
    assert "is at version 2, not 1" in envelope(response, 409, "conflict")
    assert response.json()["error"]["currentVersion"] == 2
    message = envelope(
        client.post(url, json={"version": 1, "expectedVersion": "2"}), 400, "invalid_request"
    )
    assert "expectedVersion must be the view's current version number (it is 2)" in message
    assert [v.version for v in store.view_history(view_id)] == [1, 2]  # nothing written
    restored = client.post(url, json={"version": 1, "expectedVersion": 2}).json()
    assert (restored["displayName"], restored["version"]) == ("W", 3)


def test_method_not_allowed(client: httpx.Client) -> None:
    envelope(client.delete("/api/v1/entities"), 405, "method_not_allowed")


def test_store_conflicts_come_back_as_409(
    client: httpx.Client, gql: GraphQL, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from panelbank.store import ConflictError

    view_id = save(gql)["view"]["id"]

    def conflict(*_args: object, **_kwargs: object) -> None:
        raise ConflictError("changed meanwhile; reload", current_version=5)

    monkeypatch.setattr(store, "restore_view", conflict)
    response = client.post(f"/api/v1/views/{view_id}/restore", json={"version": 1})
    assert envelope(response, 409, "conflict") == "changed meanwhile; reload"
    assert response.json()["error"]["currentVersion"] == 5
