"""Hostile and edge-case input to run history over the server, in-process (issue 11).

* ``sampledHistory`` specs page with ``minStep``/``maxStep`` (both inclusive), as
  wandb-core sends them for ``run.scan_history(keys=[...])``; bad bounds are a 400.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.applications import Starlette

from panelbank.history import HistoryStore
from panelbank.store import Store
from tests.runs.seed import write_run

from .conftest import ENTITY, GraphQL

SAMPLED = """query RunSampledHistory($project: String!, $entity: String!, $name: String!,
    $specs: [JSONString!]!) {
    project(name: $project, entityName: $entity) {
        run(name: $name) { sampledHistory(specs: $specs) }
    }
}"""
RUN = {"entity": ENTITY, "project": "proj", "name": "long"}
STEPS = 300


def _history(app: Starlette) -> HistoryStore:
    history = app.state.history
    assert isinstance(history, HistoryStore)
    return history


@pytest.fixture
def long_run(app: Starlette, store: Store) -> list[dict[str, Any]]:
    rows = [{"_step": step, "loss": step / 2} for step in range(STEPS)]
    write_run(store, _history(app), ENTITY, "proj", "long", rows=rows)
    return rows


def _sampled(gql: GraphQL, *specs: dict[str, Any]) -> Any:
    response = gql(SAMPLED, {**RUN, "specs": [json.dumps(spec) for spec in specs]})
    assert response.status_code == 200, response.text
    return response.json()["data"]["project"]["run"]["sampledHistory"]


def test_sampled_history_pages_as_wandb_core_sends_them(
    gql: GraphQL, long_run: list[dict[str, Any]]
) -> None:
    # scan_history(keys=["loss"], page_size=100): maxStep is the page's last step
    pages = [
        {"keys": ["_step", "loss", "_step"], "minStep": lo, "maxStep": lo + 99, "samples": 100}
        for lo in range(0, STEPS, 100)
    ]
    got = [row for page in _sampled(gql, *pages) for row in page]
    assert got == long_run


@pytest.mark.parametrize(
    ("bounds", "steps"),
    [
        pytest.param({"minStep": 10, "maxStep": 10}, [10], id="one-step"),
        pytest.param({"minStep": 295}, [295, 296, 297, 298, 299], id="min-only"),
        pytest.param({"maxStep": 2}, [0, 1, 2], id="max-only"),
        pytest.param({"minStep": 20, "maxStep": 10}, [], id="empty"),
        pytest.param({"minStep": None, "maxStep": None, "samples": 3}, [0, 150, 299], id="null"),
    ],
)
def test_sampled_history_bounds_are_inclusive(
    gql: GraphQL, long_run: list[dict[str, Any]], bounds: dict[str, Any], steps: list[int]
) -> None:
    [rows] = _sampled(gql, {"keys": ["_step", "loss"], "samples": 500, **bounds})
    assert [row["_step"] for row in rows] == steps


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        pytest.param({"minStep": "0"}, "specs[0].minStep: expected a step (an integer)", id="str"),
        pytest.param({"maxStep": 1.5}, "specs[0].maxStep: expected a step", id="float"),
        pytest.param({"maxStep": True}, "specs[0].maxStep: expected a step", id="bool"),
    ],
)
def test_sampled_history_bad_bounds_are_user_errors(
    gql: GraphQL, long_run: list[dict[str, Any]], bounds: dict[str, Any], message: str
) -> None:
    spec = json.dumps({"keys": ["loss"], "samples": 5, **bounds})
    response = gql(SAMPLED, {**RUN, "specs": [spec]})
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(message)
