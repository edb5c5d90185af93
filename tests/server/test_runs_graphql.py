"""The public API's run documents (protocol notes, Appendix) against seeded runs, in-process."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from starlette.applications import Starlette

from panelbank.history import HistoryStore
from panelbank.store import Store
from tests.runs.seed import SEED_HISTORY, seed_appendix_run, seed_many

from .conftest import ENTITY, GraphQL
from .documents_runs import (
    GET_DEFAULT_ENTITY,
    HISTORY_PAGE,
    RUN,
    RUN_FULL_HISTORY,
    RUN_HISTORY_KEYS,
    RUN_PARQUET_HISTORY,
    RUNS,
)

RUN_VARIABLES = {"entity": ENTITY, "name": "seedrun1", "project": "proj"}


def runs_variables(**changes: Any) -> dict[str, Any]:
    variables = {
        "cursor": None,
        "entity": ENTITY,
        "filters": "{}",
        "order": "+created_at",
        "perPage": 50,
        "project": "proj",
    }
    return {**variables, **changes}


def history_of(app: Starlette) -> HistoryStore:
    history = app.state.history
    assert isinstance(history, HistoryStore)
    return history


@pytest.fixture
def seeded(app: Starlette, store: Store) -> None:
    seed_appendix_run(store, history_of(app))


@pytest.fixture
def many(app: Starlette, store: Store) -> None:
    seed_many(store, history_of(app), ENTITY, "many", 60)


def data(response: Any) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body
    return body["data"]


def test_get_default_entity(gql: GraphQL) -> None:
    assert data(gql(GET_DEFAULT_ENTITY, {}))["viewer"]["entity"] == ENTITY


@pytest.mark.usefixtures("seeded")
def test_runs_page_as_in_the_appendix(gql: GraphQL, store: Store) -> None:
    project = data(gql(RUNS, runs_variables()))["project"]
    project_id = str(store.get_project(ENTITY, "proj").id)  # type: ignore[union-attr]
    assert project["internalId"] == project_id
    assert project["runCount"] == 1
    assert project["readOnly"] is False
    [edge] = project["runs"]["edges"]
    node = edge["node"]
    assert node["projectId"] == project_id
    assert base64.b64decode(node["id"]).decode() == "Run:ent:proj:seedrun1"
    assert {k: node[k] for k in ("name", "displayName", "state", "tags", "historyLineCount")} == {
        "name": "seedrun1",
        "displayName": "seedrun1",
        "state": "finished",
        "tags": [],
        "historyLineCount": 3,
    }
    assert node["user"] == {"name": ENTITY, "username": ENTITY}
    assert node["sweepName"] is None and node["group"] is None
    assert "." not in node["createdAt"]  # whole seconds, as W&B writes them
    assert project["runs"]["pageInfo"] == {"endCursor": edge["cursor"], "hasNextPage": False}


@pytest.mark.usefixtures("seeded")
def test_run_with_config_and_summary(gql: GraphQL) -> None:
    run = data(gql(RUN, RUN_VARIABLES))["project"]["run"]
    assert json.loads(run["config"]) == {"lr": {"value": 0.1, "desc": None}}
    assert json.loads(run["summaryMetrics"]) == {"loss": 0.25}
    assert json.loads(run["systemMetrics"]) == {}
    assert int(run["projectId"]) > 0
    assert run["historyKeys"]["lastStep"] == 2
    assert run["historyKeys"]["keys"]["loss"] == {"typeCounts": [{"type": "number", "count": 3}]}


@pytest.mark.usefixtures("seeded")
def test_unknown_run_is_null(gql: GraphQL) -> None:
    assert data(gql(RUN, {**RUN_VARIABLES, "name": "nope"}))["project"]["run"] is None


@pytest.mark.usefixtures("seeded")
def test_full_history_and_keys(gql: GraphQL) -> None:
    lines = data(gql(RUN_FULL_HISTORY, {**RUN_VARIABLES, "samples": 10}))["project"]["run"]
    assert [json.loads(line) for line in lines["history"]] == SEED_HISTORY
    two = data(gql(RUN_FULL_HISTORY, {**RUN_VARIABLES, "samples": 2}))["project"]["run"]
    assert len(two["history"]) == 2
    keys = data(gql(RUN_HISTORY_KEYS, RUN_VARIABLES))["project"]["run"]["historyKeys"]
    assert keys["lastStep"] == 2
    assert set(keys["keys"]) == {"_step", "loss", "_runtime", "_timestamp"}


@pytest.mark.usefixtures("seeded")
def test_parquet_history_and_pages(gql: GraphQL) -> None:
    variables = {"entity": ENTITY, "project": "proj", "runName": "seedrun1", "liveKeys": ["_step"]}
    parquet = data(gql(RUN_PARQUET_HISTORY, variables, "RunParquetHistory"))
    assert parquet["project"]["run"]["parquetHistory"] == {
        "parquetUrls": [],
        "liveData": [{"_step": 0}, {"_step": 1}, {"_step": 2}],
    }
    page = {"entity": ENTITY, "project": "proj", "run": "seedrun1", "minStep": 0, "maxStep": 3}
    rows = data(gql(HISTORY_PAGE, {**page, "pageSize": 3}, "HistoryPage"))
    assert [json.loads(line) for line in rows["project"]["run"]["history"]] == SEED_HISTORY
    rows = data(gql(HISTORY_PAGE, {**page, "minStep": 1, "pageSize": 1}, "HistoryPage"))
    assert [json.loads(line)["_step"] for line in rows["project"]["run"]["history"]] == [1]


def _all_pages(gql: GraphQL, **changes: Any) -> tuple[int, list[str]]:
    names: list[str] = []
    cursor = None
    while True:
        variables = runs_variables(project="many", cursor=cursor, **changes)
        project = data(gql(RUNS, variables))["project"]
        runs = project["runs"]
        names += [edge["node"]["name"] for edge in runs["edges"]]
        if not runs["pageInfo"]["hasNextPage"]:
            return project["runCount"], names
        cursor = runs["pageInfo"]["endCursor"]


@pytest.mark.usefixtures("many")
def test_pagination_filters_and_order(gql: GraphQL) -> None:
    count, names = _all_pages(gql)
    assert count == 60 and names == [f"run-{i:03d}" for i in range(60)]
    count, names = _all_pages(gql, perPage=7, order="-created_at")
    assert count == 60 and names == [f"run-{i:03d}" for i in reversed(range(60))]
    filters = {"$and": [{"config.lr.value": {"$gte": 0.01}}, {"state": "finished"}]}
    count, names = _all_pages(gql, filters=json.dumps(filters), perPage=10)
    want = [f"run-{i:03d}" for i in range(60) if i % 3 != 2 and i % 7 != 3]
    assert count == len(want) and names == want
    count, names = _all_pages(
        gql, filters=json.dumps({"tags": "odd"}), order="-summary_metrics.acc"
    )
    assert count == 30
    accs = [round(0.5 + (int(n[4:]) * 37 % 50) / 100, 2) for n in names]
    assert accs == sorted(accs, reverse=True)


@pytest.mark.usefixtures("many")
def test_bad_filters_are_user_errors(gql: GraphQL) -> None:
    response = gql(RUNS, runs_variables(project="many", filters='{"stat": "finished"}'))
    assert response.status_code == 400
    errors = response.json()["errors"]  # runCount and runs both filter
    assert {error["extensions"]["code"] for error in errors} == {"BAD_USER_INPUT"}
    for error in errors:
        assert error["message"].startswith('filters."stat": "stat" is not a run attribute')


def test_sampled_history(gql: GraphQL, app: Starlette, store: Store) -> None:
    seed_appendix_run(store, history_of(app))
    history_of(app).append(
        store.get_run(ENTITY, "proj", "seedrun1").history_key,  # type: ignore[union-attr]
        [{"_step": 3, "acc": 1.0}],
        offset=3,
    )
    query = """query RunSampledHistory($project: String!, $entity: String!, $name: String!,
        $specs: [JSONString!]!) {
        project(name: $project, entityName: $entity) {
            run(name: $name) { sampledHistory(specs: $specs) }
        }
    }"""
    spec = json.dumps({"keys": ["_step", "loss"], "samples": 500})
    [rows] = data(gql(query, {**RUN_VARIABLES, "specs": [spec]}))["project"]["run"][
        "sampledHistory"
    ]
    assert rows == [{"_step": r["_step"], "loss": r["loss"]} for r in SEED_HISTORY]
