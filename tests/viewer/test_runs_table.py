"""The runs table of a big project, a page at a time (issue 12): at most 100 run rows in
the page, a pager that keeps its place while runs are switched off or logged, group
headers on every page that shows a group's runs, and the project page's table too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

from .conftest import Server, start_server
from .test_viewer import wait_drawn
from .workspace import ENTITY, PROJECT

RUNS = 230


def small_workspace() -> ws.Workspace:
    return ws.Workspace(
        name="Big project",
        entity=ENTITY,
        project=PROJECT,
        sections=[ws.Section(name="S", is_open=True, panels=[wr.LinePlot(title="l", y=["loss"])])],
        settings=ws.WorkspaceSettings(max_runs=10),
    )


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path, runs=RUNS, steps=5, workspace=small_workspace())


def run_rows(page: Any) -> list[str]:
    rows: list[str] = page.eval_on_selector_all(
        "[data-testid=runs-table] tr[data-testid=run-row], [data-testid=runs-table] tr.group",
        "rows => rows.map(r => r.dataset.run ?? 'group:' + r.dataset.group)",
    )
    return rows


def label(page: Any) -> str:
    """The pager's "1-100 of 230", with a plain hyphen for the en dash."""
    return str(page.locator("[data-testid=runs-pager-label]").inner_text()).replace("\u2013", "-")


def open_big(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview&poll=300")
    wait_drawn(page)


def newest_first(start: int, stop: int) -> list[str]:
    return [f"run{i:03d}" for i in range(RUNS - 1 - start, RUNS - 1 - stop, -1)]


def test_a_page_of_runs_at_a_time(page: Any, server: Server, artifacts: Path) -> None:
    open_big(page, server)
    page.locator("[data-testid=sidebar]").screenshot(path=str(artifacts / "runs-paged.png"))
    assert page.locator("[data-testid=run-count]").inner_text() == f"{RUNS} of {RUNS}"
    assert run_rows(page) == newest_first(0, 100)
    assert page.evaluate("window.__panelbank.runsTable.rows") == 100
    assert label(page) == f"1-100 of {RUNS}"
    assert page.locator("[data-testid=runs-pager-prev]").is_disabled()

    page.locator("[data-testid=runs-pager-next]").click()
    assert label(page) == f"101-200 of {RUNS}"
    assert run_rows(page) == newest_first(100, 200)
    page.locator("[data-testid=runs-pager-next]").click()
    assert label(page) == f"201-{RUNS} of {RUNS}"
    assert run_rows(page) == newest_first(200, RUNS)
    assert page.locator("[data-testid=runs-pager-next]").is_disabled()

    # switching a run off keeps the page, as does a poll that finds the runs changed
    row = page.locator("[data-testid=run-row][data-run=run010]")
    row.locator("[data-testid=run-eye]").click()
    assert row.get_attribute("data-disabled") == "true"
    assert label(page) == f"201-{RUNS} of {RUNS}"
    updates = page.evaluate("window.__panelbank.runsUpdates ?? 0")
    server.store.update_run(ENTITY, PROJECT, "run005", history_line_count=99)
    page.wait_for_function(f"() => (window.__panelbank.runsUpdates ?? 0) > {updates}")
    assert label(page) == f"201-{RUNS} of {RUNS}"
    assert (
        page.locator("[data-testid=run-row][data-run=run010]").get_attribute("data-disabled")
        == "true"
    )
    page.locator("[data-testid=runs-pager-prev]").click()
    assert label(page) == f"101-200 of {RUNS}"


def test_groups_are_headed_on_every_page_that_shows_their_runs(page: Any, server: Server) -> None:
    spec = server.view_spec()
    spec["section"]["runSets"][0]["grouping"] = [{"section": "config", "name": "lr.value"}]
    server.save_spec(spec)
    open_big(page, server)
    seen: list[str] = []
    while True:
        rows = run_rows(page)
        assert rows[0].startswith("group:")  # the page starts with its group's header
        assert len([r for r in rows if not r.startswith("group:")]) <= 100
        seen += [r for r in rows if not r.startswith("group:")]
        following = page.locator("[data-testid=runs-pager-next]")
        if following.is_disabled():
            break
        following.click()
        page.wait_for_function(
            f"() => document.querySelector('[data-testid=runs-pager-label]')"
            f".textContent.startsWith('{len(seen) + 1}\\u2013')"
        )
    assert sorted(seen) == [f"run{i:03d}" for i in range(RUNS)]


def test_project_page_pages_its_runs(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}")
    page.wait_for_selector("[data-testid=project-runs]")
    assert page.locator("[data-testid=project-runs] tr").count() == 100
    assert label(page) == f"1-100 of {RUNS}"
    page.locator("[data-testid=runs-pager-next]").click()
    page.locator("[data-testid=runs-pager-next]").click()
    assert label(page) == f"201-{RUNS} of {RUNS}"
    assert page.locator("[data-testid=project-runs] tr").count() == RUNS - 200
