"""Runs: upsert in pieces as the wandb SDK sends them, updates from file_stream, files."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa

from panelbank.store import InvalidNameError, NotFoundError, Store, StoreError
from panelbank.store.runs import state_for_exit

CONFIG = '{"lr":{"value":0.01},"_wandb":{"value":{"cli_version":"0.31.0"}}}'


def test_first_upsert_creates_entity_project_and_running_run(store: Store) -> None:
    run, inserted = store.upsert_run(
        "ent", "proj", "rj840uht", config=CONFIG, host="vm", program="train.py", username="u"
    )
    assert inserted is True
    assert (run.entity, run.project, run.name, run.display_name) == (
        "ent",
        "proj",
        "rj840uht",
        "rj840uht",
    )
    assert run.state == "running"
    assert run.config == {"lr": {"value": 0.01}, "_wandb": {"value": {"cli_version": "0.31.0"}}}
    assert (run.summary, run.system_metrics, run.tags) == ({}, {}, ())
    assert (run.host, run.program, run.username, run.exitcode) == ("vm", "train.py", "u", None)
    assert run.history_line_count == 0
    assert run.history_key == f"run-{run.pk}"
    assert store.get_project("ent", "proj") is not None


def test_none_keeps_stored_values_and_config_is_replaced(store: Store) -> None:
    store.upsert_run("e", "p", "r1", config=CONFIG, host="vm", tags=["a", "b"], notes="n")
    run, inserted = store.upsert_run("e", "p", "r1", config={"lr": {"value": 0.5}}, group="g")
    assert inserted is False
    assert run.config == {"lr": {"value": 0.5}}
    assert (run.host, run.tags, run.notes, run.group) == ("vm", ("a", "b"), "n", "g")
    run, _ = store.upsert_run("e", "p", "r1", display_name="Nice name", tags=[])
    assert (run.display_name, run.tags) == ("Nice name", ())


def test_update_from_file_stream(store: Store) -> None:
    store.upsert_run("e", "p", "r1")
    summary = {"loss": 0.25, "bad": math.inf, "nested": {"a": [1, "x"]}, "ünï": "✓"}
    run = store.update_run(
        "e", "p", "r1", summary=summary, system_metrics={"system.cpu": 3.5}, history_line_count=3
    )
    assert run.summary == summary
    assert run.system_metrics == {"system.cpu": 3.5}
    assert (run.history_line_count, run.state) == (3, "running")
    before = run.heartbeat_at
    run = store.update_run("e", "p", "r1", state=state_for_exit(0), exitcode=0, heartbeat=False)
    assert (run.state, run.exitcode, run.heartbeat_at) == ("finished", 0, before)
    assert run.summary == summary  # unchanged when not given
    nan_run = store.update_run("e", "p", "r1", summary={"x": math.nan})
    assert math.isnan(nan_run.summary["x"])


@pytest.mark.parametrize(
    ("exitcode", "state"),
    [pytest.param(0, "finished", id="zero"), pytest.param(3, "crashed", id="three")],
)
def test_state_for_exit(exitcode: int, state: str) -> None:
    assert state_for_exit(exitcode) == state


def test_big_and_unicode_config(store: Store) -> None:
    config = {f"këy_{i}/ß": {"value": i} for i in range(10_000)}
    run, _ = store.upsert_run("e", "p", "big", config=json.dumps(config))
    assert run.config == config
    assert store.get_run("e", "p", "big") == run


def test_list_runs_newest_first_and_get(store: Store) -> None:
    for name in ("a", "b", "c"):
        store.upsert_run("e", "p", name)
    store.upsert_run("e", "other", "z")
    assert [run.name for run in store.list_runs("e", "p")] == ["c", "b", "a"]
    assert store.list_runs("e", "missing") == []
    assert store.get_run("e", "p", "zz") is None
    assert store.get_run("nobody", "p", "a") is None


def test_history_keys_of_named_runs(store: Store) -> None:
    a, _ = store.upsert_run("e", "p", "a")
    b, _ = store.upsert_run("e", "p", "b")
    store.upsert_run("e", "other", "c")
    assert store.history_keys("e", "p", ["b", "zz", "a", "b", "c"]) == {
        "b": b.history_key,
        "a": a.history_key,
    }
    assert store.history_keys("e", "missing", ["a"]) == {}
    assert store.history_keys("e", "p", []) == {}
    # more names than one query binds
    names = [f"n{i}" for i in range(1200)]
    assert store.history_keys("e", "p", [*names, "a"]) == {"a": a.history_key}


def test_history_keys_read_ids_and_names_through_the_index(sqlite_store: Store) -> None:
    """Resolving run names for a history request reads no JSON column and uses the
    unique (project, name) index, whatever the project's size (issue 12)."""
    for i in range(30):
        sqlite_store.upsert_run("e", "p", f"r{i}", config={"lr": {"value": i}})
    statements: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        statements.append((statement, params))

    engine = sqlite_store._engine  # tests may look inside
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        keys = sqlite_store.history_keys("e", "p", ["r3", "r7"])
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    assert sorted(keys) == ["r3", "r7"]
    runs_queries = [(s, p) for s, p in statements if "FROM runs" in s]
    assert len(runs_queries) == 1
    statement, params = runs_queries[0]
    for column in ("config", "summary", "system_metrics", "tags"):
        assert f"runs.{column}" not in statement
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX" in details or "USING COVERING INDEX" in details, details
    assert "SCAN runs" not in details, details


def test_same_name_in_two_projects_are_two_runs(store: Store) -> None:
    one, _ = store.upsert_run("e", "p1", "r")
    two, inserted = store.upsert_run("e", "p2", "r")
    assert inserted is True
    assert one.pk != two.pk


def test_files(store: Store) -> None:
    store.upsert_run("e", "p", "r")
    store.add_run_file("e", "p", "r", "output.log", 10)
    store.add_run_file("e", "p", "r", "media/images/a.png", 5)
    store.add_run_file("e", "p", "r", "output.log", 12)
    files = store.list_run_files("e", "p", "r")
    assert [(f.name, f.size) for f in files] == [("media/images/a.png", 5), ("output.log", 12)]


def test_delete_run(store: Store, row_counts: Callable[[Store], dict[str, int]]) -> None:
    store.upsert_run("e", "p", "r")
    store.add_run_file("e", "p", "r", "output.log", 1)
    assert store.delete_run("e", "p", "r") is True
    assert store.delete_run("e", "p", "r") is False
    assert store.delete_run("e", "nope", "r") is False
    counts = row_counts(store)
    assert (counts["runs"], counts["run_files"]) == (0, 0)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("a/b", id="slash"),
        pytest.param("..", id="dotdot"),
        pytest.param("a:b", id="colon"),
        pytest.param("x" * 256, id="long"),
    ],
)
def test_bad_run_names(store: Store, name: str) -> None:
    with pytest.raises(InvalidNameError, match="run name"):
        store.upsert_run("e", "p", name)
    assert store.list_projects() == []


@pytest.mark.parametrize(
    "file_name",
    [
        pytest.param("../escape", id="dotdot"),
        pytest.param("/abs", id="absolute"),
        pytest.param("a\\b", id="backslash"),
        pytest.param("a//b", id="empty-part"),
        pytest.param("", id="empty"),
    ],
)
def test_bad_file_names(store: Store, file_name: str) -> None:
    store.upsert_run("e", "p", "r")
    with pytest.raises(InvalidNameError, match="run file name"):
        store.add_run_file("e", "p", "r", file_name, 1)


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param("[1, 2]", id="list"),
    ],
)
def test_bad_config(store: Store, config: str) -> None:
    with pytest.raises(StoreError, match="config"):
        store.upsert_run("e", "p", "r", config=config)
    assert store.get_run("e", "p", "r") is None


def test_unknown_run_and_bad_state(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no run 'r' in e/p"):
        store.update_run("e", "p", "r", summary={})
    with pytest.raises(NotFoundError, match="no run"):
        store.add_run_file("e", "p", "r", "output.log", 1)
    with pytest.raises(NotFoundError, match="no run"):
        store.list_run_files("e", "p", "r")
    store.upsert_run("e", "p", "r")
    with pytest.raises(StoreError, match="run state 'done' is not one of running"):
        store.update_run("e", "p", "r", state="done")


def test_concurrent_first_upserts_make_one_run(store: Store) -> None:
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.upsert_run("e", "p", "r"), range(16)))
    assert sum(inserted for _, inserted in results) == 1
    assert len({run.pk for run, _ in results}) == 1


def test_lone_surrogates_in_config_and_summary_are_kept_escaped(store: Store) -> None:
    # json.loads("\"\\ud800\"") gives a lone surrogate, which UTF-8 cannot encode: the
    # value is stored escaped (as JSON's \ud800) and reads back as the same string.
    config = '{"odd":{"value":"a\\ud800b"}}'
    run, _ = store.upsert_run("e", "p", "r1", config=config, tags=["t\udc00"])
    assert run.config == {"odd": {"value": "a\ud800b"}}
    run = store.update_run("e", "p", "r1", summary={"s\udfff": "\ud83d"})
    assert run.summary == {"s\udfff": "\ud83d"}
    again = store.get_run("e", "p", "r1")
    assert again is not None
    assert (again.config, again.summary, again.tags) == (run.config, run.summary, ("t\udc00",))
