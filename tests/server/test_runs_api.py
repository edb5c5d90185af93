"""The viewer's JSON API for runs: run sets from views and bodies, keys, downsampled history."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from panelbank.history import HistoryStore
from panelbank.store import Store
from panelbank.store import runs as runs_store
from tests.runs.seed import seed_many, write_run

from .conftest import ENTITY
from .documents import SPEC

BASE = f"/api/v1/{ENTITY}/many"


def leaf(section: str, name: str, op: str, value: Any, **extra: Any) -> dict[str, Any]:
    return {"key": {"section": section, "name": name}, "op": op, "value": value, **extra}


RUN_SET = {
    "search": {"query": "adam"},
    "filters": {
        "filterFormat": "filterV2",
        "filters": [leaf("config", "lr", ">=", 0.01), leaf("run", "state", "=", "finished")],
    },
    "grouping": [{"section": "config", "name": "lr.value"}],
    "sort": {"keys": [{"key": {"section": "summary", "name": "acc"}, "ascending": False}]},
    "selections": {"root": 1, "bounds": [], "tree": ["run-001"]},
}


def expected_names() -> list[str]:
    kept = [i for i in range(20) if i % 2 and [0.1, 0.01, 0.001][i % 3] >= 0.01 and i % 7 != 3]
    acc = {i: round(0.5 + (i * 37 % 50) / 100, 2) for i in kept}
    return [f"run-{i:03d}" for i in sorted(kept, key=lambda i: (-acc[i], i))]


@pytest.fixture
def history(app: Starlette) -> HistoryStore:
    history = app.state.history
    assert isinstance(history, HistoryStore)
    return history


@pytest.fixture
def many(store: Store, history: HistoryStore) -> None:
    seed_many(store, history, ENTITY, "many", 20)


def save_view(store: Store, run_set: dict[str, Any], colors: dict[str, str]) -> str:
    spec = json.loads(SPEC)
    spec["section"]["runSets"][0].update(run_set)
    spec["section"]["customRunColors"] = colors
    view, _ = store.upsert_view(
        entity=ENTITY,
        project="many",
        name="nw-runs-v",
        display_name="W",
        type="project-view",
        spec=json.dumps(spec),
    )
    return view.id


@pytest.mark.usefixtures("many")
def test_runs_of_a_view(client: httpx.Client, store: Store) -> None:
    view_id = save_view(store, RUN_SET, {"run-007": "#ff0000"})
    response = client.get(f"{BASE}/runs", params={"view": view_id})
    assert response.status_code == 200, response.text
    body = response.json()
    names = [run["name"] for run in body["runs"]]
    assert names == expected_names()
    by_name = {run["name"]: run for run in body["runs"]}
    assert by_name["run-007"]["color"] == "#ff0000"
    assert by_name["run-001"]["disabled"] is True
    assert by_name["run-007"]["disabled"] is False
    assert by_name["run-001"]["config"] == {"lr": 0.01, "batch_size": 32, "optimizer": "sgd"}
    assert body["counts"] == {"total": 20, "shown": len(names), "disabled": 1, "groups": 2}
    groups = {tuple(g["values"]): g["runs"] for g in body["groups"]}
    assert set(groups) == {(0.1,), (0.01,)}
    assert sorted(name for members in groups.values() for name in members) == sorted(names)


@pytest.mark.usefixtures("many")
def test_runs_of_a_posted_run_set(client: httpx.Client) -> None:
    response = client.post(f"{BASE}/runs", json={"runSet": RUN_SET})
    assert [run["name"] for run in response.json()["runs"]] == expected_names()
    bare = client.post(f"{BASE}/runs", json=RUN_SET)
    assert bare.json()["runs"] == response.json()["runs"]


@pytest.mark.usefixtures("many")
def test_runs_without_a_view_are_newest_first(client: httpx.Client) -> None:
    body = client.get(f"{BASE}/runs").json()
    assert [run["name"] for run in body["runs"]] == [f"run-{i:03d}" for i in reversed(range(20))]
    assert body["groups"] == []


@pytest.mark.usefixtures("many")
@pytest.mark.parametrize(
    ("request_args", "status", "code", "match"),
    [
        pytest.param(
            ("get", "/api/v1/ent/nope/runs", None), 404, "not_found", "No project", id="project"
        ),
        pytest.param(
            ("get", f"{BASE}/runs?view=VmlldzoxMjM=", None), 404, "not_found", "No view", id="view"
        ),
        pytest.param(
            (
                "post",
                f"{BASE}/runs",
                {
                    "filters": {
                        "filterFormat": "filterV2",
                        "filters": [leaf("run", "state", "LIKE", 1)],
                    }
                },
            ),
            400,
            "invalid_run_set",
            r"runSet\.filters\.filters\[0\]\.op: unknown operator 'LIKE'",
            id="op",
        ),
        pytest.param(("post", f"{BASE}/runs", [1]), 400, "invalid_request", "runSet", id="body"),
        pytest.param(
            ("post", f"{BASE}/history", {"runs": [], "metrics": ["loss"]}),
            400,
            "invalid_request",
            '"runs" must be a non-empty list',
            id="no-runs",
        ),
        pytest.param(
            ("post", f"{BASE}/history", {"runs": ["a"], "metrics": ["loss"], "points": 0}),
            400,
            "invalid_request",
            '"points" must be',
            id="points",
        ),
        pytest.param(
            ("post", f"{BASE}/history", {"runs": ["a"], "metrics": ["loss"], "xMin": "0"}),
            400,
            "invalid_request",
            '"xMin" must be',
            id="x-min",
        ),
        pytest.param(
            ("get", f"{BASE}/runs/nope/keys", None), 404, "not_found", "No run", id="keys"
        ),
    ],
)
def test_errors(
    client: httpx.Client, request_args: tuple[str, str, Any], status: int, code: str, match: str
) -> None:
    method, url, body = request_args
    response = client.request(method, url, json=body) if body is not None else client.get(url)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert re.search(match, error["message"]), error["message"]


@pytest.mark.usefixtures("many")
def test_keys(client: httpx.Client) -> None:
    body = client.get(f"{BASE}/runs/run-003/keys").json()
    assert body["lastStep"] == 9
    assert body["keys"]["loss"] == {"count": 10, "numeric": True, "minStep": 0, "maxStep": 9}
    assert set(body["keys"]) == {"_step", "loss", "acc"}


def test_history_downsampled(client: httpx.Client, store: Store, history: HistoryStore) -> None:
    spiky = [{"_step": s, "loss": 100.0 if s == 500 else 1.0, "acc": s / 1000} for s in range(1000)]
    write_run(store, history, ENTITY, "many", "spiky", rows=spiky)
    write_run(store, history, ENTITY, "many", "other", rows=spiky[:10])
    body = {"runs": ["spiky", "other", "ghost"], "metrics": ["loss"], "points": 50}
    response = client.post(f"{BASE}/history", json=body)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["x"] == "_step" and out["missing"] == ["ghost"]
    series = {(s["run"], s["metric"]): s for s in out["series"]}
    spike = series[("spiky", "loss")]
    assert 1 < len(spike["x"]) <= 50
    assert len(spike["min"]) == len(spike["max"]) == len(spike["mean"]) == len(spike["x"])
    assert max(spike["max"]) == 100.0 and min(spike["min"]) == 1.0  # the spike survives
    assert series[("other", "loss")]["x"] == [float(s) for s in range(10)]
    by_acc = client.post(
        f"{BASE}/history",
        json={"runs": ["spiky"], "metrics": ["loss"], "x": "acc", "xMin": 0.2, "xMax": 0.3},
    ).json()["series"][0]
    assert min(by_acc["x"]) >= 0.2 and max(by_acc["x"]) <= 0.3


def test_history_parses_no_run(
    client: httpx.Client, store: Store, history: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A history request resolves run names with one indexed query: it never reads (and
    parses the JSON of) every run of the project, as it did once per panel (issue 12)."""
    rows = [{"_step": s, "loss": 1.0 / (1 + s)} for s in range(20)]
    write_run(store, history, ENTITY, "many", "a", rows=rows)
    write_run(store, history, ENTITY, "many", "b", rows=rows[:5])

    def no_parsing(*_: Any) -> Any:
        raise AssertionError("a history request parsed a run's JSON")

    monkeypatch.setattr(runs_store, "_run", no_parsing)
    body = {"runs": ["b", "ghost", "a"], "metrics": ["loss"], "points": 10}
    response = client.post(f"{BASE}/history", json=body)
    assert response.status_code == 200, response.text
    out = response.json()
    assert [(s["run"], len(s["x"])) for s in out["series"]] == [("b", 5), ("a", 10)]
    assert out["missing"] == ["ghost"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param({"seed": 7}, {"seed": 7}, id="plain"),
        pytest.param({"seed": 2**70}, {"seed": 2**70}, id="past-64-bits"),
    ],
)
def test_runs_json_keeps_every_value(
    client: httpx.Client,
    store: Store,
    history: HistoryStore,
    config: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    """The runs response is written by orjson; what it refuses (integers past 64 bits)
    still goes out exactly, and NaN and infinity go out as null."""
    summary = {"nan": math.nan, "inf": math.inf, "nested": [1.5, -math.inf]}
    write_run(store, history, ENTITY, "many", "r", config=config, summary=summary)
    response = client.get(f"{BASE}/runs")
    assert response.status_code == 200, response.text
    [run] = json.loads(response.content)["runs"]
    assert run["config"] == expected
    assert run["summary"] == {"nan": None, "inf": None, "nested": [1.5, None]}
