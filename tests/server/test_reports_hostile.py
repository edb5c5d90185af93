"""Arbitrary variables to every report and share-link operation, and arbitrary tokens
and paths to share links: always a 4xx or an answer, never a 5xx (hypothesis)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.conftest import ENTITY
from tests.server.test_hostile import INTERNAL, JSON, SEGMENT, world
from wandb_workspaces._backends import _report_documents as documents

__all__ = ["world"]  # the module's server fixture, shared with test_hostile

OPERATIONS = [
    documents.SPECIFIC_REPORT,
    documents.UPSERT_REPORT,
    documents.DELETE_REPORT,
    documents.PROJECT_INTERNAL_ID,
    documents.VIEW_ACCESS_TOKENS,
    documents.CREATE_ACCESS_TOKEN,
    documents.UPDATE_ACCESS_TOKEN_PROJECTS,
    documents.REVOKE_ACCESS_TOKEN,
    documents.CREATE_PROJECT,
    documents.GET_PROJECTS,
]

PROJECT_SPECIFIER = st.fixed_dictionaries(
    {"entityName": SEGMENT | st.just(ENTITY), "projectName": SEGMENT | st.just("p")}
)


def _variables(view_id: str) -> st.SearchStrategy[dict[str, Any]]:
    value = JSON | JSON.map(json.dumps) | SEGMENT | st.just(view_id)
    return st.fixed_dictionaries(
        {},
        optional={
            "reportId": value,
            "viewId": value,
            "id": value,
            "token": value,
            "deleteDrafts": value,
            "type": st.sampled_from(["runs", "runs/draft", "project-view"]) | value,
            "spec": value,
            "name": value,
            "projectName": value,
            "entityName": value,
            "projects": st.lists(PROJECT_SPECIFIER, max_size=3) | value,
            "input": st.dictionaries(
                st.sampled_from(["name", "entityName", "description", "access", "id"]),
                value,
            )
            | value,
        },
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=st.sampled_from(OPERATIONS), data=st.data())
def test_arbitrary_variables_to_report_operations_are_never_5xx(
    world: tuple[httpx.Client, str], document: str, data: st.DataObject
) -> None:
    client, view_id = world
    variables = data.draw(_variables(view_id))
    response = client.post("/graphql", json={"query": document, "variables": variables})
    assert response.status_code < 500, (variables, response.text[:500])
    assert INTERNAL not in response.text, (variables, response.text[:500])


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    token=st.text(max_size=80),
    path=st.sampled_from(["/api/v1/views/{view}", f"/api/v1/{ENTITY}/p/runs", "/graphql"]),
    method=st.sampled_from(["GET", "POST"]),
)
def test_arbitrary_share_tokens_are_never_5xx(
    world: tuple[httpx.Client, str], token: str, path: str, method: str
) -> None:
    client, view_id = world
    with httpx.Client(transport=client._transport, base_url=client.base_url) as anonymous:
        response = anonymous.request(
            method, path.format(view=view_id), params={"accessToken": token}, json={}
        )
    assert response.status_code in (401, 403, 405), response.text[:300]
    assert INTERNAL not in response.text
