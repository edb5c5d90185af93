"""The documents the official clients send, with their exact variables, and the answers needed."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import httpx

from panelbank.store import Store

from .conftest import ENTITY, GraphQL
from .documents import (
    FEATURES,
    GET_DEFAULT_ENTITY,
    GET_PROJECT,
    GET_VIEWER,
    SERVER_FEATURES_QUERY,
    SPEC,
    UPSERT_VIEW2,
    VIEW,
    VIEWER,
)

VIEW_NAME = "nw-7s01l2rh657-v"


def save_variables(**changes: Any) -> dict[str, Any]:
    """What wandb-workspaces sends for ``w.save()``: ``locked`` and no ``id`` included."""
    variables = {
        "description": "",
        "displayName": "W",
        "entityName": ENTITY,
        "locked": False,
        "name": VIEW_NAME,
        "projectName": "proj",
        "spec": SPEC,
        "type": "project-view",
    }
    variables.update(changes)
    return variables


def load_variables(view_name: str = VIEW_NAME, project: str = "proj") -> dict[str, Any]:
    """What ``Workspace.from_url`` sends: ``projectName`` is extra and undeclared."""
    return {
        "entityName": ENTITY,
        "name": project,
        "projectName": project,
        "viewName": view_name,
        "viewType": "project-view",
    }


def data(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def save(gql: GraphQL, **changes: Any) -> dict[str, Any]:
    upsert: dict[str, Any] = data(gql(UPSERT_VIEW2, save_variables(**changes)))["upsertView"]
    return upsert


def test_viewer_with_null_variables(client: httpx.Client) -> None:
    # wandb.Api() sends only operationName and query (variables absent) as its login check
    response = client.post("/graphql", json={"operationName": "Viewer", "query": VIEWER})
    viewer = data(response)["viewer"]
    assert viewer["entity"] == ENTITY
    assert viewer["username"] == ENTITY
    assert viewer["flags"] == "{}"
    assert viewer["email"] == ""
    assert base64.b64decode(viewer["id"]).startswith(b"User:")
    assert viewer["teams"] == {"edges": [{"node": {"name": ENTITY}}]}


def test_viewer_with_variables_null_explicitly(gql: GraphQL) -> None:
    assert data(gql(VIEWER, None, "Viewer"))["viewer"]["entity"] == ENTITY


def test_get_viewer_fragment(gql: GraphQL) -> None:
    viewer = data(gql(GET_VIEWER, {}))["viewer"]
    assert viewer["name"] == ENTITY
    assert viewer["admin"] is False
    assert viewer["deletedAt"] is None
    keys = viewer["apiKeys"]["edges"]
    assert [key["node"]["description"] for key in keys] == ["tests"]
    assert all(key["node"]["name"].startswith("local-") for key in keys)


def test_get_default_entity(gql: GraphQL) -> None:
    viewer = data(gql(GET_DEFAULT_ENTITY, {}))["viewer"]
    assert set(viewer) == {"id", "entity"}
    assert viewer["entity"] == ENTITY


def test_server_features_without_variables_key(client: httpx.Client) -> None:
    body = {"operationName": "ServerFeaturesQuery", "query": SERVER_FEATURES_QUERY}
    assert data(client.post("/graphql", json=body)) == FEATURES


def test_save_inserts_and_echoes_the_name(gql: GraphQL) -> None:
    upsert = save(gql)
    assert upsert["inserted"] is True
    assert upsert["view"]["name"] == VIEW_NAME
    assert re.fullmatch(r"View:\d+", base64.b64decode(upsert["view"]["id"]).decode())


def test_load_returns_the_spec_byte_for_byte(gql: GraphQL) -> None:
    view_id = save(gql)["view"]["id"]
    project = data(gql(VIEW, load_variables()))["project"]
    assert project["allViews"]["edges"] == [
        {"node": {"id": view_id, "displayName": "W", "spec": SPEC}}
    ]
    assert "version" not in json.loads(project["allViews"]["edges"][0]["node"]["spec"])


def test_save_with_id_updates_in_place(gql: GraphQL, store: Store) -> None:
    view_id = save(gql)["view"]["id"]
    changed = SPEC.replace('"name":"S"', '"name":"Renamed"')
    upsert = save(gql, id=view_id, displayName="W2", spec=changed)
    assert upsert == {"view": {"id": view_id, "name": VIEW_NAME}, "inserted": False}
    node = data(gql(VIEW, load_variables()))["project"]["allViews"]["edges"][0]["node"]
    assert (node["displayName"], node["spec"]) == ("W2", changed)
    assert [v.version for v in store.view_history(view_id)] == [1, 2]


def test_save_as_new_view_makes_a_second_view(gql: GraphQL) -> None:
    first = save(gql)["view"]["id"]
    second = save(gql, name="nw-abcdefghijk-v", displayName="W copy")
    assert second["inserted"] is True
    assert second["view"]["id"] != first
    edges = data(gql(VIEW, load_variables("nw-abcdefghijk-v")))["project"]["allViews"]["edges"]
    assert [edge["node"]["displayName"] for edge in edges] == ["W copy"]


def test_unknown_view_has_no_edges(gql: GraphQL) -> None:
    save(gql)
    project = data(gql(VIEW, load_variables("nw-00000000000-v")))["project"]
    assert project == {"allViews": {"edges": []}}


def test_unknown_project_is_null(gql: GraphQL) -> None:
    assert data(gql(VIEW, load_variables(project="nope"))) == {"project": None}
    assert data(gql(GET_PROJECT, {"name": "nope", "entity": ENTITY})) == {"project": None}


def test_get_project_after_first_save(gql: GraphQL) -> None:
    save(gql)
    project = data(gql(GET_PROJECT, {"entity": ENTITY, "name": "proj"}))["project"]
    assert project["__typename"] == "Project"
    assert (project["name"], project["entityName"], project["isBenchmark"]) == (
        "proj",
        ENTITY,
        False,
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", project["createdAt"])
    assert project["user"]["username"] == ENTITY
    assert project["user"]["teams"]["edges"][0]["node"]["name"] == ENTITY


def test_internal_id_is_numeric(gql: GraphQL) -> None:
    save(gql)
    query = 'query { project(name: "proj", entityName: "ent") { id internalId readOnly } }'
    project = data(gql(query))["project"]
    assert project["internalId"].isdigit()
    assert project["readOnly"] is False


def test_view_by_id_and_delete(gql: GraphQL) -> None:
    view_id = save(gql)["view"]["id"]
    query = """query ($id: ID!) { view(id: $id) {
        id name displayName type description spec createdAt updatedAt version
        user { username } project { name entityName } } }"""
    view = data(gql(query, {"id": view_id}))["view"]
    assert view["spec"] == SPEC
    assert (view["type"], view["version"], view["user"]["username"]) == ("project-view", 1, ENTITY)
    assert view["project"] == {"name": "proj", "entityName": ENTITY}
    delete = "mutation ($id: ID) { deleteView(input: {id: $id}) { success } }"
    assert data(gql(delete, {"id": view_id})) == {"deleteView": {"success": True}}
    assert data(gql(query, {"id": view_id})) == {"view": None}
    assert data(gql(delete, {"id": view_id})) == {"deleteView": {"success": False}}


def test_projects_and_models_list_an_entitys_projects(gql: GraphQL) -> None:
    save(gql)
    save(gql, projectName="other", name="nw-bbbbbbbbbbb-v")
    for field in ("models", "projects"):
        query = f"""query ($e: String) {{ {field}(entityName: $e, first: 1) {{
            edges {{ node {{ name }} cursor }} pageInfo {{ hasNextPage endCursor }} }} }}"""
        page = data(gql(query, {"e": ENTITY}))[field]
        assert [edge["node"]["name"] for edge in page["edges"]] == ["other"]
        assert page["pageInfo"]["hasNextPage"] is True
        after = page["pageInfo"]["endCursor"]
        query2 = f"""query ($e: String, $a: String) {{ {field}(entityName: $e, after: $a) {{
            edges {{ node {{ name }} }} pageInfo {{ hasNextPage }} }} }}"""
        rest = data(gql(query2, {"e": ENTITY, "a": after}))[field]
        assert [edge["node"]["name"] for edge in rest["edges"]] == ["proj"]
        assert rest["pageInfo"]["hasNextPage"] is False


def test_all_views_filters_by_type_and_user(gql: GraphQL) -> None:
    save(gql)
    query = """query ($t: String, $u: String) { project(name: "proj", entityName: "ent") {
        allViews(viewType: $t, userName: $u) { edges { node { name } } } } }"""

    def names(**variables: Any) -> list[str]:
        edges = data(gql(query, variables))["project"]["allViews"]["edges"]
        return [edge["node"]["name"] for edge in edges]

    assert names(t="project-view") == [VIEW_NAME]
    assert names(t="runs") == []
    assert names(t="project-view", u="someone-else") == []
    assert names(t="project-view", u=ENTITY) == [VIEW_NAME]


def test_expected_version_conflict(gql: GraphQL) -> None:
    view_id = save(gql)["view"]["id"]
    mutation = """mutation ($id: ID, $spec: String, $v: Int) {
        upsertView(input: {id: $id, spec: $spec, expectedVersion: $v}) {
            view { version } inserted } }"""
    ok = data(gql(mutation, {"id": view_id, "spec": SPEC, "v": 1}))
    assert ok == {"upsertView": {"view": {"version": 2}, "inserted": False}}
    stale = gql(mutation, {"id": view_id, "spec": SPEC, "v": 1})
    assert stale.status_code == 400
    error = stale.json()["errors"][0]
    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": 2}
    assert "changed" in error["message"].lower() or "version" in error["message"].lower()
