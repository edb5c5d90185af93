"""The runs sidebar: the run set's pinned columns (``runFeed.columnPinned`` in
``columnOrder`` order) with compact values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Server, start_server
from .test_viewer import open_workspace
from .workspace import demo_workspace


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    workspace = demo_workspace(pinned_columns=["summary:loss", "config:lr", "config:seed.value"])
    yield from start_server(tmp_path, runs=12, steps=50, workspace=workspace)


def headers(page: Any) -> list[str | None]:
    cols = page.locator("[data-testid=pinned-column]")
    return [cols.nth(i).get_attribute("data-column") for i in range(cols.count())]


def cells(page: Any, run: str) -> dict[str, str]:
    row = page.locator(f"[data-testid=run-row][data-run={run}] [data-testid=pinned-cell]")
    return {
        str(row.nth(i).get_attribute("data-column")): row.nth(i).inner_text()
        for i in range(row.count())
    }


def test_pinned_columns_in_column_order_with_compact_values(
    page: Any, server: Server, artifacts: Path
) -> None:
    open_workspace(page, server)
    page.locator("[data-testid=sidebar]").screenshot(path=str(artifacts / "sidebar-pinned.png"))
    # run:displayName is pinned too (the SDK puts it first) but is the name column already
    assert headers(page) == ["summary:loss", "config:lr", "config:seed.value"]
    labels = page.locator("[data-testid=pinned-column]").all_inner_texts()
    assert labels == ["loss", "lr", "seed"]
    # summary loss = 1/(1+i), config lr 0.001/0.01/0.1 in turn (unwrapped by the API), seed i
    assert cells(page, "run006") == {
        "summary:loss": "0.1429",
        "config:lr": "0.001",
        "config:seed.value": "6",
    }
    assert cells(page, "run001")["config:lr"] == "0.01"
    assert page.locator("[data-run=run006] [data-testid=pinned-cell]").first.get_attribute(
        "title"
    ) == str(1 / 7)
    # every row has a cell per column; a group row spans them all
    assert page.locator("[data-testid=pinned-cell]").count() == 12 * 3

    # a re-saved view with another order (and a column unpinned) follows it
    spec = server.view_spec()
    feed = spec["section"]["runSets"][0]["runFeed"]
    feed["columnOrder"] = ["config:seed.value", "run:displayName", "summary:loss", "config:lr"]
    feed["columnPinned"]["config:lr"] = False
    feed["columnPinned"]["summary:nothing"] = True  # not in the order: last; no value: a dash
    version = server.save_spec(spec)
    page.wait_for_function(f"() => window.__panelbank.view.version === {version}", timeout=10000)
    assert headers(page) == ["config:seed.value", "summary:loss", "summary:nothing"]
    assert cells(page, "run003") == {
        "config:seed.value": "3",
        "summary:loss": "0.25",
        "summary:nothing": "\u2013",  # an en dash
    }


def test_large_and_tiny_numbers_are_short(page: Any, server: Server) -> None:
    summary = {"tokens": 12_345_678, "tiny": 1.5e-6, "big_int": 123_456, "name": "x" * 40}
    server.store.update_run("alice", "vision", "run000", summary=summary)
    spec = server.view_spec()
    spec["section"]["runSets"][0]["runFeed"]["columnPinned"] = {
        f"summary:{k}": True for k in summary
    }
    server.save_spec(spec)
    open_workspace(page, server)
    assert cells(page, "run000") == {
        "summary:tokens": "12.3M",
        "summary:tiny": "1.5e-6",
        "summary:big_int": "123k",
        "summary:name": "x" * 23 + "…",
    }


def test_no_pinned_columns_no_extra_cells(page: Any, server: Server) -> None:
    spec = server.view_spec()
    spec["section"]["runSets"][0]["runFeed"]["columnPinned"] = {}
    server.save_spec(spec)
    open_workspace(page, server)
    assert page.locator("[data-testid=pinned-column]").count() == 0
    assert page.locator("[data-testid=pinned-cell]").count() == 0
    width = page.locator("[data-testid=sidebar]").evaluate("e => e.getBoundingClientRect().width")
    assert width == pytest.approx(300, abs=1)
