"""The panel-data routes: tables in pages, histograms per step, a run's code, artifacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from panelbank.history import HistoryStore
from panelbank.server.panel_data import _select, tables
from panelbank.settings import Settings
from panelbank.store import Store
from tests.runs.seed import write_run

from .conftest import ENTITY, GraphQL
from .test_artifacts import PROJECT, log_artifact

BASE = f"/api/v1/{ENTITY}/charts"
TABLE = "media/tables/predictions_1_abc.table.json"


def put_file(settings: Settings, store: Store, run: str, name: str, data: bytes) -> None:
    path = settings.home / "files" / ENTITY / "charts" / run / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    store.add_run_file(ENTITY, "charts", run, name, len(data))


def table_ref(nrows: int) -> dict[str, Any]:
    return {
        "_type": "table-file",
        "path": TABLE,
        "sha256": "x",
        "size": 1,
        "ncols": 3,
        "nrows": nrows,
    }


def histogram(step: int) -> dict[str, Any]:
    return {"_type": "histogram", "values": [step, 2, 1], "bins": [0.0, 1.0, 2.0, 3.0]}


@pytest.fixture
def history(app: Starlette) -> HistoryStore:
    history = app.state.history
    if not isinstance(history, HistoryStore):
        raise TypeError("the app has no history store")
    return history


@pytest.fixture
def seeded(settings: Settings, store: Store, history: HistoryStore) -> None:
    for i, run in enumerate(["run-a", "run-b"]):
        rows: list[dict[str, Any]] = [
            {"_step": s, "loss": 1.0 / (s + 1), "weights": histogram(s)} for s in range(20)
        ]
        rows.append({"_step": 20, "weights": 3.5})  # a number under the key: left out
        rows.append(
            {
                "_step": 21,
                "weights": {
                    "_type": "histogram",
                    "values": [1, 2],
                    "packedBins": {"min": -1.0, "size": 0.5, "count": 2},
                },
            }
        )
        write_run(
            store,
            history,
            ENTITY,
            "charts",
            run,
            summary={"predictions": table_ref(30)},
            rows=rows,
            program="train.py",
        )
        data = [
            [
                f"{run}-{r}",
                r * (1 if i == 0 else -1),
                {"_type": "image-file", "path": f"media/images/{r}.png"},
            ]
            for r in range(30)
        ]
        put_file(
            settings,
            store,
            run,
            TABLE,
            json.dumps({"columns": ["id", "score", "image"], "data": data}).encode(),
        )
    write_run(store, history, ENTITY, "charts", "run-none", summary={"acc": 1})
    put_file(settings, store, "run-a", "code/train.py", b"print('a')\n")
    put_file(settings, store, "run-a", "diff.patch", b"--- a\n+++ b\n")
    put_file(
        settings,
        store,
        "run-a",
        "wandb-metadata.json",
        json.dumps(
            {
                "program": "train.py",
                "codePath": "train.py",
                "git": {"remote": "https://example.invalid/r.git", "commit": "abc"},
            }
        ).encode(),
    )
    put_file(settings, store, "run-a", "code/blob.bin", b"\xff\xfe\x00")


def post_table(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post(f"{BASE}/tables", json={"runs": ["run-a"], "key": "predictions", **body})


def test_table_pages(client: httpx.Client, seeded: None) -> None:
    first = post_table(client, limit=10).json()
    assert first["columns"] == ["id", "score", "image"]
    assert first["total"] == 30
    assert [row["index"] for row in first["rows"]] == list(range(10))
    assert first["rows"][0] == {
        "run": "run-a",
        "index": 0,
        "cells": ["run-a-0", 0, {"_type": "image-file", "path": "media/images/0.png"}],
    }
    last = post_table(client, offset=25, limit=10).json()
    assert [row["index"] for row in last["rows"]] == [25, 26, 27, 28, 29]
    assert post_table(client, offset=40).json()["rows"] == []


def test_table_sort_and_filter_across_runs(client: httpx.Client, seeded: None) -> None:
    body = post_table(
        client, runs=["run-a", "run-b", "run-none"], sort="score", desc=True, limit=3
    ).json()
    assert body["total"] == 60
    assert body["missing"] == ["run-none"]
    assert [(r["run"], r["cells"][1]) for r in body["rows"]] == [
        ("run-a", 29),
        ("run-a", 28),
        ("run-a", 27),
    ]
    ascending = post_table(client, runs=["run-a", "run-b"], sort="score", limit=2).json()
    assert [r["cells"][1] for r in ascending["rows"]] == [-29, -28]
    found = post_table(client, runs=["run-a", "run-b"], filter="A-1", filterColumn="id").json()
    assert found["total"] == 11  # run-a-1 and run-a-10 .. run-a-19
    media = post_table(client, filter="images/7.png").json()
    assert [r["index"] for r in media["rows"]] == [7]


def test_table_by_path(client: httpx.Client, seeded: None) -> None:
    body = client.post(f"{BASE}/tables", json={"runs": ["run-b"], "path": TABLE, "limit": 1})
    assert body.json()["rows"][0]["cells"][:2] == ["run-b-0", 0]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"runs": ["run-a"]}, 400, "one of the two", id="no-key"),
        pytest.param(
            {"runs": ["run-a"], "key": "k", "path": "p"}, 400, "one of the two", id="both"
        ),
        pytest.param({"runs": [], "key": "k"}, 400, "non-empty list", id="no-runs"),
        pytest.param({"runs": ["x"] * 101, "key": "k"}, 400, "at most 100", id="many-runs"),
        pytest.param({"runs": ["nope"], "key": "k"}, 404, "No run 'nope'", id="unknown-run"),
        pytest.param(
            {"runs": ["run-a"], "key": "predictions", "limit": 10_001},
            400,
            "from 1 to 10000",
            id="limit",
        ),
        pytest.param(
            {"runs": ["run-a"], "key": "predictions", "offset": -1}, 400, "offset", id="offset"
        ),
        pytest.param(
            {"runs": ["run-a"], "key": "predictions", "sort": "nope"},
            400,
            "no column 'nope'",
            id="sort-column",
        ),
        pytest.param(
            {"runs": ["run-a"], "key": "predictions", "desc": "yes"},
            400,
            "true or false",
            id="desc",
        ),
        pytest.param({"runs": ["run-a"], "path": "../../x"}, 400, "run file path", id="escape"),
        pytest.param(
            {"runs": ["run-a"], "path": "media/none.json"}, 404, "not uploaded", id="missing-file"
        ),
        pytest.param(
            {"runs": ["run-a"], "path": "code/train.py"}, 422, "not JSON", id="not-a-table"
        ),
        pytest.param(
            {"runs": ["run-a"], "path": "wandb-metadata.json"},
            422,
            "not a wandb.Table",
            id="other-json",
        ),
        pytest.param([1], 400, "Send", id="not-an-object"),
    ],
)
def test_table_errors(
    client: httpx.Client, seeded: None, body: Any, status: int, message: str
) -> None:
    response = client.post(f"{BASE}/tables", json=body)
    assert response.status_code == status, response.text
    assert message in response.json()["error"]["message"]


def test_table_too_large(
    client: httpx.Client, seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 10)
    response = post_table(client)
    assert response.status_code == 413
    assert "tables up to 10 bytes" in response.json()["error"]["message"]


def test_table_cache_sees_a_new_file(
    client: httpx.Client, seeded: None, settings: Settings, store: Store
) -> None:
    assert post_table(client).json()["total"] == 30
    put_file(settings, store, "run-a", TABLE, b'{"columns": ["a"], "data": [[1], [2, 3], 4]}')
    body = post_table(client).json()
    assert body["columns"] == ["a"]
    assert [row["cells"] for row in body["rows"]] == [[1], [2], [4]]


def test_histograms(client: httpx.Client, seeded: None) -> None:
    body = client.post(
        f"{BASE}/histograms", json={"runs": ["run-a", "run-none"], "key": "weights", "steps": 500}
    ).json()
    run_a, none = body["runs"]
    assert none == {"run": "run-none", "steps": [], "histograms": []}
    assert run_a["steps"] == [*range(20), 21]
    assert run_a["histograms"][3] == {"bins": [0.0, 1.0, 2.0, 3.0], "values": [3.0, 2.0, 1.0]}
    assert run_a["histograms"][-1] == {"bins": [-1.0, -0.5, 0.0], "values": [1.0, 2.0]}
    few = client.post(f"{BASE}/histograms", json={"runs": ["run-a"], "key": "weights", "steps": 5})
    assert 1 <= len(few.json()["runs"][0]["steps"]) <= 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"runs": ["run-a"]}, '"key" must be', id="no-key"),
        pytest.param(
            {"runs": ["run-a"], "key": "weights", "steps": 0}, "from 1 to 1000", id="steps"
        ),
        pytest.param({"runs": ["run-a"] * 51, "key": "w"}, "at most 50", id="runs"),
        pytest.param("x", "Send", id="not-an-object"),
    ],
)
def test_histogram_errors(client: httpx.Client, seeded: None, body: Any, message: str) -> None:
    response = client.post(f"{BASE}/histograms", json=body)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_code(client: httpx.Client, seeded: None) -> None:
    listing = client.get(f"{BASE}/runs/run-a/code").json()
    assert listing == {
        "run": "run-a",
        "program": "train.py",
        "codePath": "train.py",
        "git": {"remote": "https://example.invalid/r.git", "commit": "abc"},
        "files": [
            {"name": "code/blob.bin", "size": 3},
            {"name": "code/train.py", "size": 11},
            {"name": "diff.patch", "size": 12},
        ],
    }
    text = client.get(f"{BASE}/runs/run-a/code", params={"file": "code/train.py"}).json()
    assert text == {"name": "code/train.py", "text": "print('a')\n", "truncated": False}
    empty = client.get(f"{BASE}/runs/run-b/code").json()
    assert empty["files"] == [] and empty["codePath"] is None


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        pytest.param(
            "run-a", {"file": "wandb-metadata.json"}, 404, "saved no code file", id="not-code"
        ),
        pytest.param("run-a", {"file": "code/blob.bin"}, 415, "not UTF-8", id="binary"),
        pytest.param("nope", {}, 404, "No run 'nope'", id="no-run"),
    ],
)
def test_code_errors(
    client: httpx.Client, seeded: None, path: str, params: dict[str, str], status: int, message: str
) -> None:
    response = client.get(f"{BASE}/runs/{path}/code", params=params)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


def test_artifact_not_found(client: httpx.Client, seeded: None) -> None:
    response = client.get(f"{BASE}/artifacts/nope:v0")
    assert response.status_code == 404
    assert "collection:alias" in response.json()["error"]["message"]


def test_tables_module_reads_a_file_once(tmp_path: Path) -> None:
    path = tmp_path / "t.table.json"
    path.write_text('{"columns": ["x"], "data": [[1]]}')
    first = tables.read_table(path, "t")
    assert tables.read_table(path, "t") is first


def test_artifact(client: httpx.Client, gql: GraphQL) -> None:
    files = {"scores.table.json": b'{"columns": ["a"], "data": [[1]]}', "notes.txt": b"hi"}
    log_artifact(client, gql, files, name="eval", aliases=("best",))
    log_artifact(client, gql, {"notes.txt": b"second"}, name="eval")
    base = f"/api/v1/{ENTITY}/{PROJECT}/artifacts"
    first = client.get(f"{base}/eval:best").json()
    assert {k: first[k] for k in ("name", "version", "type", "state", "metadata", "run")} == {
        "name": "eval",
        "version": "v0",
        "type": "data",
        "state": "COMMITTED",
        "metadata": {"k": 1},
        "run": "r1",
    }
    assert first["aliases"] == ["best", "v0"]
    assert first["versions"] == ["v0", "v1"]
    assert [(f["name"], f["size"]) for f in first["files"]] == [
        ("scores.table.json", 33),
        ("notes.txt", 2),
    ]
    latest = client.get(f"{base}/eval").json()
    assert latest["version"] == "v1" and "latest" in latest["aliases"]


def test_artifact_table(client: httpx.Client, gql: GraphQL) -> None:
    table = b'{"columns": ["a", "b"], "data": [[1, "x"], [3, "y"], [2, "z"]]}'
    log_artifact(client, gql, {"scores.table.json": table, "notes.txt": b"hi"}, name="eval")
    url = f"/api/v1/{ENTITY}/{PROJECT}/tables"
    body = {"artifact": "eval:v0", "path": "scores.table.json", "sort": "a", "limit": 2}
    page = client.post(url, json=body).json()
    assert page["columns"] == ["a", "b"] and page["total"] == 3
    assert [(r["run"], r["cells"]) for r in page["rows"]] == [
        ("eval:v0", [1, "x"]),
        ("eval:v0", [2, "z"]),
    ]
    for bad, status, message in [
        ({"artifact": "eval", "path": "nope.json"}, 404, "has no file 'nope.json'"),
        ({"artifact": "eval", "path": "notes.txt"}, 422, "not JSON"),
        ({"artifact": "eval"}, 400, 'named by "artifact" and "path"'),
        ({"artifact": "gone:v0", "path": "x"}, 404, "No artifact 'gone:v0'"),
        ({"artifact": ":v0", "path": "x"}, 400, "names no artifact collection"),
    ]:
        response = client.post(url, json=bad)
        assert response.status_code == status, response.text
        assert message in response.json()["error"]["message"]


def test_select_orders_mixed_cells_and_keeps_the_order() -> None:
    first = _select.Table(["v"], [[3], ["b"], [None], [1.5], [{"k": 1}], ["A"], [float("nan")]])
    second = _select.Table(["w", "v"], [["x", 2]])
    columns, sources = _select.united([("r1", first), ("r2", second)])
    assert columns == ["v", "w"]
    total, page = _select.select(columns, sources, offset=0, limit=10, sort="v")
    assert total == 8
    assert [(label, index) for label, index, _ in page] == [
        ("r1", 3),
        ("r2", 0),
        ("r1", 0),
        ("r1", 5),
        ("r1", 1),
        ("r1", 4),
        ("r1", 2),
        ("r1", 6),
    ]  # numbers, text, other values, then empty cells (also when descending)
    _, down = _select.select(columns, sources, offset=0, limit=3, sort="v", desc=True)
    assert [cells for _, _, cells in down] == [[{"k": 1}, None], ["b", None], ["A", None]]
    _, again = _select.select(columns, sources, offset=6, limit=3, sort="v", desc=True)
    assert [(label, index) for label, index, _ in again] == [("r1", 2), ("r1", 6)]
    _, found = _select.select(columns, sources, offset=0, limit=5, text="x", column="w")
    assert found == [("r2", 0, [2, "x"])]
    assert _select.select(columns, sources, offset=7, limit=5)[1] == [("r2", 0, [2, "x"])]
