"""Reports over GraphQL with the official clients' documents: projects (upsertModel),
report views, drafts, deleteView with drafts, access tokens, and the errors."""

from __future__ import annotations

import json
from typing import Any

import httpx

from panelbank.store import Store
from wandb_workspaces._backends._report_documents import (
    CREATE_ACCESS_TOKEN,
    CREATE_PROJECT,
    DELETE_REPORT,
    REVOKE_ACCESS_TOKEN,
    SPECIFIC_REPORT,
    UPDATE_ACCESS_TOKEN_PROJECTS,
    UPSERT_REPORT,
    VIEW_ACCESS_TOKENS,
)

from .conftest import ENTITY, GraphQL

SPEC = '{"version":5,"blocks":[{"type":"paragraph","children":[{"text":""}]}],"width":"readable"}'


def data(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def error(response: httpx.Response, code: str) -> str:
    assert response.status_code == 400, response.text
    (first,) = response.json()["errors"]
    assert first["extensions"]["code"] == code, first
    message: str = first["message"]
    return message


def save_variables(**changes: Any) -> dict[str, Any]:
    """What ``Report.save()`` sends (wandb-workspaces 0.4.13)."""
    variables = {
        "id": None,
        "name": "k2j4h5g6f7d8",
        "entityName": ENTITY,
        "projectName": "proj",
        "description": "Findings",
        "displayName": "My report",
        "type": "runs",
        "spec": SPEC,
    }
    variables.update(changes)
    return variables


def save(gql: GraphQL, **changes: Any) -> dict[str, Any]:
    view: dict[str, Any] = data(gql(UPSERT_REPORT, save_variables(**changes)))["upsertView"]
    return view


def test_upsert_model_creates_a_project_with_its_description(gql: GraphQL, store: Store) -> None:
    variables = {"input": {"name": "fresh", "entityName": ENTITY, "description": "About it"}}
    result = data(gql(CREATE_PROJECT, variables))["result"]
    assert result["inserted"] is True
    assert result["project"] == result["model"]
    project = result["project"]
    assert (project["name"], project["entityName"], project["description"]) == (
        "fresh",
        ENTITY,
        "About it",
    )
    assert (project["access"], project["views"]) == ("PRIVATE", "{}")
    assert store.get_project(ENTITY, "fresh").description == "About it"  # type: ignore[union-attr]
    again = data(gql(CREATE_PROJECT, {"input": {"name": "fresh", "entityName": ENTITY}}))
    assert again["result"]["inserted"] is False
    assert again["result"]["project"]["description"] == "About it"  # kept when not given


def test_upsert_model_needs_a_name(gql: GraphQL) -> None:
    message = error(gql(CREATE_PROJECT, {"input": {"entityName": ENTITY}}), "BAD_USER_INPUT")
    assert "name" in message and "required" in message


def test_upsert_model_refuses_a_bad_name(gql: GraphQL) -> None:
    variables = {"input": {"name": "a/b", "entityName": ENTITY}}
    assert "project name" in error(gql(CREATE_PROJECT, variables), "INVALID_NAME")


def test_save_and_load_a_report(gql: GraphQL, store: Store) -> None:
    upsert = save(gql)
    view = upsert["view"]
    assert upsert["inserted"] is True
    assert (view["type"], view["spec"], view["description"]) == ("runs", SPEC, "Findings")
    assert view["project"] == {"id": view["project"]["id"], "name": "proj", "entityName": ENTITY}
    loaded = data(gql(SPECIFIC_REPORT, {"reportId": view["id"]}))["view"]
    assert (loaded["displayName"], loaded["spec"], loaded["name"]) == (
        "My report",
        SPEC,
        "k2j4h5g6f7d8",
    )
    assert store.get_view(view["id"]).spec == SPEC  # type: ignore[union-attr]


def test_unknown_view_types_are_refused_with_the_valid_ones(gql: GraphQL) -> None:
    message = error(gql(UPSERT_REPORT, save_variables(type="report")), "INVALID_VIEW_TYPE")
    assert "'report' is not a view type" in message
    assert "'project-view', 'runs', 'runs/draft'" in message


def test_a_report_spec_must_be_a_json_object(gql: GraphQL) -> None:
    message = error(gql(UPSERT_REPORT, save_variables(spec="[1]")), "INVALID_SPEC")
    assert "must be a JSON object, got array" in message


def test_a_report_over_the_spec_limit_is_413(gql: GraphQL, store: Store) -> None:
    big = json.dumps({"blocks": ["x" * store.max_spec_bytes]})
    response = gql(UPSERT_REPORT, save_variables(spec=big))
    assert response.status_code == 413, response.text[:300]


def test_draft_and_delete_with_and_without_drafts(gql: GraphQL, store: Store) -> None:
    report = save(gql)["view"]
    draft = save(gql, id=report["id"], type="runs/draft", name="draft0000001")["view"]
    assert draft["id"] != report["id"] and draft["type"] == "runs/draft"
    kept = data(gql(DELETE_REPORT, {"id": report["id"]}))["deleteView"]
    assert kept == {"success": True, "pendingDrafts": True, "__typename": "DeleteViewPayload"}
    assert store.get_view(draft["id"]) is not None

    other = save(gql)["view"]
    other_draft = save(gql, id=other["id"], type="runs/draft")["view"]
    gone = data(gql(DELETE_REPORT, {"id": other["id"], "deleteDrafts": True}))["deleteView"]
    assert (gone["success"], gone["pendingDrafts"]) == (True, False)
    assert store.get_view(other_draft["id"]) is None
    again = data(gql(DELETE_REPORT, {"id": other["id"], "deleteDrafts": True}))["deleteView"]
    assert again["success"] is False


def test_access_tokens(gql: GraphQL) -> None:
    report = save(gql)["view"]
    projects = [{"entityName": ENTITY, "projectName": "proj"}]
    created = data(gql(CREATE_ACCESS_TOKEN, {"viewId": report["id"], "projects": projects}))
    token = created["createAccessToken"]["accessToken"]
    assert token["type"] == "PUBLIC" and len(token["token"]) >= 40

    def listed() -> list[dict[str, Any]]:
        view = data(gql(VIEW_ACCESS_TOKENS, {"reportId": report["id"]}))["view"]
        tokens: list[dict[str, Any]] = view["accessTokens"]
        return tokens

    assert listed() == [
        {
            "token": token["token"],
            "type": "PUBLIC",
            "revokedAt": None,
            "projects": [{"entityName": ENTITY, "name": "proj"}],
        }
    ]
    wider = [*projects, {"entityName": "other", "projectName": "not-yet"}]
    update = {"token": token["token"], "projects": wider}
    assert data(gql(UPDATE_ACCESS_TOKEN_PROJECTS, update)) == {
        "updateAccessTokenProjects": {"success": True}
    }
    assert listed()[0]["projects"] == [
        {"entityName": ENTITY, "name": "proj"},
        {"entityName": "other", "name": "not-yet"},  # named even before it exists
    ]
    revoke = data(gql(REVOKE_ACCESS_TOKEN, {"token": token["token"]}))
    assert revoke == {"revokeAccessToken": {"success": True}}
    assert listed()[0]["revokedAt"] is not None
    message = error(gql(UPDATE_ACCESS_TOKEN_PROJECTS, update), "NOT_FOUND")
    assert "revoked" in message and token["token"] not in message


def test_token_errors_never_echo_the_token(gql: GraphQL) -> None:
    secret = "s3cr3t-" + "x" * 40
    message = error(gql(REVOKE_ACCESS_TOKEN, {"token": secret}), "NOT_FOUND")
    assert "no such access token" in message and secret not in message


def test_only_reports_have_share_links(gql: GraphQL) -> None:
    variables = {"viewId": "VmlldzozMzMz", "projects": []}
    assert "no report with id" in error(gql(CREATE_ACCESS_TOKEN, variables), "NOT_FOUND")
    workspace = save(gql, type="project-view", spec=_workspace_spec())["view"]
    variables = {"viewId": workspace["id"], "projects": []}
    assert "not a report" in error(gql(CREATE_ACCESS_TOKEN, variables), "INVALID_VIEW_TYPE")


def _workspace_spec() -> str:
    import wandb_workspaces.workspaces as ws

    return json.dumps(ws.Workspace(entity=ENTITY, project="proj", name="W").to_spec())
