"""Concurrent writers: no lost update, no corrupt row."""

from __future__ import annotations

import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from panelbank.store import ConflictError, Store

from .conftest import spec_json

THREADS = 8
WRITES_PER_THREAD = 5


def _writer(store: Store, barrier: threading.Barrier, thread: int) -> list[str]:
    barrier.wait()
    written = []
    for n in range(WRITES_PER_THREAD):
        spec = spec_json(f"W{thread}-{n}", f"t{thread}", f"n{n}")
        store.upsert_view(
            entity="e",
            project="p",
            name="nw-shared-v",
            display_name=f"W{thread}-{n}",
            type="project-view",
            spec=spec,
            username=f"user{thread}",
        )
        written.append(spec)
    return written


def test_concurrent_upserts_of_one_view(store: Store) -> None:
    filters = list(warnings.filters)
    barrier = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(_writer, store, barrier, thread) for thread in range(THREADS)]
        written = {spec for future in futures for spec in future.result()}
    total = THREADS * WRITES_PER_THREAD
    assert warnings.filters == filters  # validation's catch_warnings left them as they were

    views = store.find_views("e", "p")
    assert len(views) == 1
    view = views[0]
    assert view.version == total
    assert view.spec in written
    history = store.view_history(view.id)
    assert [entry.version for entry in history] == list(range(1, total + 1))
    assert {entry.spec for entry in history} == written  # every write kept, none torn
    assert history[-1].spec == view.spec
    assert history[-1].display_name == view.display_name
    assert len(store.list_projects()) == 1


def test_concurrent_checked_saves_one_wins(store: Store) -> None:
    view, _ = store.upsert_view(
        entity="e", project="p", name="nw-x-v", display_name="W", type="runs", spec="{}"
    )
    barrier = threading.Barrier(THREADS)

    def attempt(thread: int) -> bool:
        barrier.wait()
        try:
            store.upsert_view(
                entity="e",
                project="p",
                name="nw-x-v",
                display_name=f"W{thread}",
                type="runs",
                spec=f'{{"t":{thread}}}',
                expected_version=view.version,
            )
        except ConflictError:
            return False
        return True

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(attempt, range(THREADS)))
    assert outcomes.count(True) == 1
    assert [entry.version for entry in store.view_history(view.id)] == [1, 2]


def test_concurrent_first_writes_to_new_projects(store: Store) -> None:
    barrier = threading.Barrier(THREADS)

    def create(thread: int) -> None:
        barrier.wait()
        store.upsert_view(
            entity="team",
            project="shared",
            name=f"nw-{thread}-v",
            display_name="W",
            type="runs",
            spec="{}",
        )
        store.create_api_key("team")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(create, range(THREADS)))
    assert [p.name for p in store.list_projects()] == ["shared"]
    assert len(store.find_views("team", "shared")) == THREADS
    assert store.count_api_keys() == THREADS


def test_one_store_per_thread(tmp_path: Path) -> None:
    # Separate handles on one file behave like separate processes (server + library).
    stores = [Store.open(home=tmp_path) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            futures = [
                pool.submit(_writer, stores[thread], barrier, thread) for thread in range(THREADS)
            ]
            written = {spec for future in futures for spec in future.result()}
        (view,) = stores[0].find_views("e", "p")
        history = stores[0].view_history(view.id)
        assert [entry.version for entry in history] == list(
            range(1, THREADS * WRITES_PER_THREAD + 1)
        )
        assert {entry.spec for entry in history} == written
    finally:
        for store in stores:
            store.close()


def test_concurrent_checked_restores_one_wins(store: Store) -> None:
    view, _ = store.upsert_view(
        entity="e", project="p", name="nw-x-v", display_name="W", type="runs", spec="{}"
    )
    store.upsert_view(
        entity="e", project="p", name="nw-x-v", display_name="W2", type="runs", spec='{"a":1}'
    )
    barrier = threading.Barrier(THREADS)

    def attempt(_thread: int) -> bool:
        barrier.wait()
        try:
            store.restore_view(view.id, 1, expected_version=2)
        except ConflictError:
            return False
        return True

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(attempt, range(THREADS)))
    assert outcomes.count(True) == 1
    assert [entry.version for entry in store.view_history(view.id)] == [1, 2, 3]
