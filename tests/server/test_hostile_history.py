"""Hostile and edge-case input to run history over the server, in-process (issue 11).

* ``sampledHistory`` specs page with ``minStep``/``maxStep`` (both inclusive), as
  wandb-core sends them for ``run.scan_history(keys=[...])``; bad bounds are a 400.
* ``file_stream`` with an offset far past a file's end, a history line that is not JSON
  or nests 100k levels deep: a 400 that says what was wrong, nothing written, and the
  run's next chunk is stored as usual; a disk that fills up part way leaves the run as
  it was (507), and the chunk sent again is stored.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from panelbank.history import MAX_OFFSET_GAP, HistoryStore, _run
from panelbank.settings import Settings
from panelbank.store import Store
from tests.runs.seed import write_run

from .conftest import ENTITY, GraphQL
from .test_ingest import HISTORY_LINES, UPSERT_BUCKET, bucket_variables, history_rows, stream

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


# -- file_stream -------------------------------------------------------------------------

FILE_STREAM = "file_stream ent/proj/rj840uht"


def _chunk(name: str, offset: int, content: list[str]) -> dict[str, Any]:
    return {"files": {name: {"offset": offset, "content": content}}}


@pytest.fixture
def started(gql: GraphQL, client: Any, store: Store) -> None:
    """A run with three history lines, an event and two console lines."""
    gql(UPSERT_BUCKET, bucket_variables())
    body = _chunk("wandb-history.jsonl", 0, HISTORY_LINES)
    body["files"]["output.log"] = {"offset": 0, "content": ["a", "b"]}
    body["files"]["wandb-events.jsonl"] = {"offset": 0, "content": ['{"cpu": 1}']}
    assert stream(client, body).status_code == 200


def _snapshot(app: Starlette, store: Store, settings: Settings) -> dict[str, Any]:
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None
    history = _history(app)
    files = settings.home / "files" / "ent" / "proj" / "rj840uht"
    return {
        "run": (run.state, run.history_line_count, run.summary),
        "rows": json.dumps(history_rows(history, store), default=str),
        "keys": history.keys(run.history_key),
        "events": history.line_count(f"{run.history_key}/events"),
        "files": {path.name: path.read_bytes() for path in sorted(files.iterdir())},
        "bytes": sum(p.stat().st_size for p in settings.home.rglob("*") if p.is_file()),
    }


def _goes_on(client: Any, app: Starlette, store: Store) -> None:
    """The run's next chunk is stored as if nothing had happened."""
    line = '{"_step": 3, "loss": 0.125}'
    assert stream(client, _chunk("wandb-history.jsonl", 3, [line])).status_code == 200
    rows = history_rows(_history(app), store)
    assert [row["_step"] for row in rows] == [0, 1, 2, 3] and rows[3]["loss"] == 0.125


def _gap_message(name: str, offset: int, count: int) -> str:
    return (
        f"offset {offset} of files[{name!r}] is {offset - count} lines past its end (it "
        f"holds {count} lines); an offset may leave a gap of at most {MAX_OFFSET_GAP} lines: "
        f"send the lines in between first, or start at offset {count}"
    )


@pytest.mark.usefixtures("started")
@pytest.mark.parametrize(
    ("name", "count", "line"),
    [
        pytest.param("wandb-history.jsonl", 3, '{"_step": 9, "loss": 1}', id="history"),
        pytest.param("wandb-events.jsonl", 1, '{"cpu": 2}', id="events"),
        pytest.param("output.log", 2, "hello", id="output"),
    ],
)
def test_huge_offset_is_a_400_and_writes_nothing(
    client: Any,
    app: Starlette,
    store: Store,
    settings: Settings,
    name: str,
    count: int,
    line: str,
) -> None:
    before = _snapshot(app, store, settings)
    # with a line the body also carries that alone would be fine: nothing of it is kept
    body = _chunk(name, 50_000_000, [line])
    body["files"]["wandb-summary.json"] = {"offset": 0, "content": ['{"loss": 9}']}
    response = stream(client, body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == {
        "code": "bad_request",
        "message": f"{FILE_STREAM}: {_gap_message(name, 50_000_000, count)}",
    }
    assert stream(client, _chunk(name, count + MAX_OFFSET_GAP + 1, [line])).status_code == 400
    assert _snapshot(app, store, settings) == before
    _goes_on(client, app, store)
    # the largest gap allowed is stored (the history now holds one more line)
    count += name == "wandb-history.jsonl"
    assert stream(client, _chunk(name, count + MAX_OFFSET_GAP, [line])).status_code == 200


def _deep(depth: int) -> str:
    return '{"_step": 3, "x": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.usefixtures("started")
@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        pytest.param(
            "wandb-history.jsonl",
            _deep(100_000),
            "files['wandb-history.jsonl'].content[0] (line 3) nests lists or objects too deeply "
            "to read",
            id="history-100k-deep",
        ),
        pytest.param(
            "wandb-history.jsonl",
            _deep(500),
            "files['wandb-history.jsonl'].content[0] (line 3): the value of 'x' nests lists "
            "or objects more than 100 levels deep; flatten it, or log it as a string",
            id="history-500-deep",
        ),
        pytest.param(
            "wandb-events.jsonl",
            _deep(100_000),
            "files['wandb-events.jsonl'].content[0] (line 1) nests lists or objects too deeply",
            id="events-100k-deep",
        ),
        pytest.param(
            "wandb-summary.json",
            _deep(100_000),
            "files['wandb-summary.json'].content[0] (line 0) nests lists or objects too deeply",
            id="summary-100k-deep",
        ),
        pytest.param(
            "wandb-history.jsonl",
            '{"_step": 3, "loss": 1',
            "files['wandb-history.jsonl'].content[0] (line 3) is not valid JSON",
            id="history-not-json",
        ),
    ],
)
def test_bad_history_lines_are_a_400(
    client: Any,
    app: Starlette,
    store: Store,
    settings: Settings,
    name: str,
    line: str,
    message: str,
) -> None:
    before = _snapshot(app, store, settings)
    offset = {"wandb-history.jsonl": 3, "wandb-events.jsonl": 1}.get(name, 0)
    response = stream(client, _chunk(name, offset, [line]))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert error["message"].startswith(f"{FILE_STREAM}: {message}")
    assert _snapshot(app, store, settings) == before
    _goes_on(client, app, store)


@pytest.mark.usefixtures("started")
def test_disk_full_leaves_the_run_as_it_was(
    client: Any, app: Starlette, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _run.pwrite
    calls = 0

    def disk_full(path: Path, data: bytes | memoryview, offset: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # the first columns are written, then the disk is full
            real(path, bytes(data)[: len(data) // 2], offset)
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, offset)

    before = _snapshot(app, store, settings)
    chunk = _chunk("wandb-history.jsonl", 3, ['{"_step": 3, "loss": 0.125, "new": "text"}'])
    monkeypatch.setattr(_run, "pwrite", disk_full)
    response = stream(client, chunk)
    monkeypatch.setattr(_run, "pwrite", real)
    assert response.status_code == 507, response.text
    assert response.json()["error"] == {
        "code": "insufficient_storage",
        "message": f"{FILE_STREAM}: the server could not store the chunk (No space left on "
        "device); nothing of it was kept, send it again once there is room",
    }
    assert calls == 3 and _snapshot(app, store, settings) == before
    _goes_on(client, app, store)
