"""Runs parsed once per stored version (``Store.run_cache``): the same records while their
rows are unchanged, a fresh parse of any row that changed, whoever wrote it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelbank.store import Store
from panelbank.store import runs as runs_store
from panelbank.store.models import RunRecord
from panelbank.store.run_cache import RunCache


@pytest.fixture
def other(store: Store, tmp_path: Path) -> Iterator[Store]:
    """A second store on the same database: another process's writes."""
    url = store._engine.url  # tests may look inside
    opened = Store.open(url.render_as_string(hide_password=False))
    yield opened
    opened.close()


def seed(store: Store, count: int) -> None:
    for i in range(count):
        store.upsert_run("e", "p", f"r{i}", config={"lr": {"value": i}}, username="u")
        store.update_run("e", "p", f"r{i}", summary={"n": 0})


def test_unchanged_runs_are_not_parsed_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(store, 5)
    first = store.list_runs("e", "p")
    parsed: list[str] = []
    parse = runs_store._run

    def counting(row: Any) -> RunRecord:
        run = parse(row)
        parsed.append(run.name)
        return run

    monkeypatch.setattr(runs_store, "_run", counting)
    again = store.list_runs("e", "p")
    assert parsed == []
    assert [a is b for a, b in zip(first, again, strict=True)] == [True] * 5
    assert store.get_run("e", "p", "r2") is next(r for r in first if r.name == "r2")

    store.update_run("e", "p", "r2", summary={"n": 1})
    parsed.clear()  # the update's own result
    latest = {run.name: run for run in store.list_runs("e", "p")}
    assert parsed == ["r2"]
    assert latest["r2"].summary == {"n": 1}
    assert latest["r3"] is next(r for r in first if r.name == "r3")


def test_writes_of_another_store_are_seen_at_once(store: Store, other: Store) -> None:
    seed(store, 3)
    assert {run.summary["n"] for run in store.list_runs("e", "p")} == {0}
    other.update_run("e", "p", "r1", summary={"n": 7})
    other.upsert_run("e", "p", "r0", tags=["new"])
    other.delete_run("e", "p", "r2")
    runs = {run.name: run for run in store.list_runs("e", "p")}
    assert set(runs) == {"r0", "r1"}
    assert runs["r1"].summary == {"n": 7}
    assert runs["r0"].tags == ("new",)
    # a run deleted and created again under the same name is the new one
    other.delete_run("e", "p", "r1")
    other.upsert_run("e", "p", "r1", config={"lr": {"value": "fresh"}})
    run = store.get_run("e", "p", "r1")
    assert run is not None and run.config == {"lr": {"value": "fresh"}} and run.summary == {}


def test_readers_never_see_an_older_version_than_was_committed(store: Store) -> None:
    """One writer commits summary n = 1, 2, ...; a reader that starts after version n was
    committed sees n or later, never an earlier one the cache held."""
    seed(store, 4)
    committed = 0
    done = threading.Event()
    errors: list[str] = []

    def write() -> None:
        nonlocal committed
        try:
            for n in range(1, 80):
                store.update_run("e", "p", f"r{n % 4}", summary={"n": n})
                committed = n
        finally:
            done.set()

    def read() -> None:
        while not done.is_set():
            floor = committed
            newest = max(run.summary.get("n", 0) for run in store.list_runs("e", "p"))
            if newest < floor:
                errors.append(f"read n={newest} after n={floor} was committed")

    threads = [threading.Thread(target=write), *(threading.Thread(target=read) for _ in range(2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert max(run.summary["n"] for run in store.list_runs("e", "p")) == 79


def test_cache_keeps_the_most_recently_used(sqlite_store: Store) -> None:
    seed(sqlite_store, 3)
    cache = RunCache(size=2)
    sqlite_store.run_cache = cache
    sqlite_store.list_runs("e", "p")
    assert (cache.hits, cache.misses) == (0, 3)
    sqlite_store.get_run("e", "p", "r0")  # the oldest listed last: still held
    sqlite_store.get_run("e", "p", "r2")  # listed first: evicted
    assert (cache.hits, cache.misses) == (1, 4)
    off = RunCache(size=0)
    sqlite_store.run_cache = off
    assert [run.name for run in sqlite_store.list_runs("e", "p")] == ["r2", "r1", "r0"]
    assert (off.hits, off.misses) == (0, 3)
    with pytest.raises(ValueError, match="run cache size must be 0 or more"):
        RunCache(size=-1)
