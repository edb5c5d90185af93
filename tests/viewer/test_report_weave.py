"""A report's Weave blocks (issue 16) drawn by the workspace's Weave component: a summary
table over the runs of the report's project (as many as the tables route reads at once,
more than a workspace panel's 20), an artifact on its tab, a file and a table file of an
artifact version; an expression the viewer does not read keeps its card. Each test checks
what the block was given (``window.__panelbank.panels``); screenshots go to
/tmp/i16-weave/ (and ``$PANELBANK_ARTIFACTS``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import wandb_workspaces.reports.v2 as wr
from panelbank.server.panel_data import tables

from .conftest import Server, start_server
from .report import store_report
from .test_data_panels import RUNS, seed
from .workspace import ENTITY, PROJECT

SHOTS = Path("/tmp/i16-weave")
RUN_COUNT = 25  # more than a workspace summary table's 20; the first three logged a table
PANELS = "window.__panelbank.panels"
UNREAD = {
    "type": "weave-panel",
    "children": [{"text": ""}],
    "config": {"panelConfig": {"exp": {"nodeType": "output", "fromOp": {"name": "run-history"}}}},
}


def report_spec() -> dict[str, Any]:
    where = {"entity": ENTITY, "project": PROJECT}
    report = wr.Report(
        entity=ENTITY,
        project=PROJECT,
        title="Weave blocks",
        blocks=[
            wr.H1(text="Weave blocks"),
            wr.WeaveBlockSummaryTable(**where, table_name="predictions"),
            wr.WeaveBlockArtifact(**where, artifact="eval", tab="metadata"),
            wr.WeaveBlockArtifactVersionedFile(
                **where, artifact="eval", version="v0", file="scores.table.json"
            ),
            wr.WeaveBlockArtifactVersionedFile(
                **where, artifact="eval", version="v0", file="scores.txt"
            ),
        ],
    )
    spec = report.to_spec()
    spec["blocks"].insert(-1, UNREAD)
    return spec


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    for server in start_server(tmp_path, runs=RUN_COUNT, steps=20):
        seed(server, tmp_path)
        yield server


@pytest.fixture
def address(server: Server) -> str:
    view = store_report(server.store, report_spec(), "Weave blocks", "report-weave")
    return f"{server.url}/{ENTITY}/{PROJECT}/reports/Weave-blocks--{quote(view.id, safe='=')}"


def open_report(page: Any, address: str) -> dict[str, dict[str, Any]]:
    page.goto(address)
    page.wait_for_function(
        "() => { const d = window.__panelbank; return d && d.report &&"
        " Object.keys(d.panels).length === 4 &&"
        " Object.values(d.panels).every(p => p.state !== 'loading'); }",
        timeout=30000,
    )
    return dict(page.evaluate(PANELS))


def shot(page: Any, name: str, artifacts: Path, selector: str | None = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for folder in (SHOTS, artifacts):
        path = str(folder / f"{name}.png")
        if selector is None:
            page.screenshot(path=path, full_page=True)
        else:
            page.locator(selector).screenshot(path=path)


def block(index: int) -> str:
    return f"[data-kind=weave][data-weave='{index}']"


def test_each_weave_block_is_given_what_it_names(page: Any, address: str, artifacts: Path) -> None:
    panels = open_report(page, address)
    assert {k: p["state"] for k, p in panels.items()} == dict.fromkeys(panels, "ready"), [
        (k, p.get("message")) for k, p in panels.items()
    ]
    # the summary table: every run of the project (newest first), the rows of those that
    # logged the table, the workspace panel's first page
    table = panels["weave-block-0"]
    assert (table["type"], table["title"]) == ("Weave", "predictions")
    data = table["data"]
    assert data["runs"] == [f"run{n:03d}" for n in reversed(range(RUN_COUNT))]
    assert (data["total"], data["rows"]) == (30, 20)
    assert data["columns"] == ["id", "label", "prediction", "confidence", "image"]
    runs_shown = page.locator(f"{block(0)} [data-testid=table-row] td.tbl-run")
    # the first page: the ten rows of each of the two newest runs that logged the table
    assert set(runs_shown.evaluate_all("els => els.map(e => e.title)")) == {RUNS[2], RUNS[1]}

    artifact = panels["weave-block-1"]["data"]
    named = (artifact["artifact"], artifact["version"], artifact["tab"])
    assert named == ("eval", "v0", "metadata")
    assert artifact["metadata"] == {"rows": 10}
    assert page.locator(f"{block(1)} [data-testid=artifact-tab-metadata].active").count() == 1

    scores = panels["weave-block-2"]["data"]
    assert (scores["artifact"], scores["file"], scores["columns"], scores["total"]) == (
        "eval:v0",
        "scores.table.json",
        ["class", "f1"],
        2,
    )
    text_file = panels["weave-block-3"]["data"]
    assert (text_file["file"], text_file["files"]) == ("scores.txt", ["scores.txt"])

    # the expression the viewer does not read keeps its card, and only it
    cards = page.locator("[data-kind=weave] [data-testid=block-card]")
    assert cards.count() == 1
    assert "Weave panel: not shown" in cards.inner_text()
    assert page.locator("[data-kind=weave] [data-testid=panel]").count() == 4

    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "report-weave-blocks", artifacts)
    shot(page, "summary-table-block", artifacts, block(0))
    shot(page, "artifact-block", artifacts, block(1))


def test_the_summary_table_block_sorts_filters_and_keeps_them_on_new_runs(
    page: Any, server: Server, address: str, artifacts: Path
) -> None:
    open_report(page, f"{address}?poll=300")  # the page asks for its runs again every 0.3 s
    table = f"{block(0)} [data-testid=table]"
    within = page.locator(block(0))

    def data() -> dict[str, Any]:
        return dict(page.evaluate(f"{PANELS}['weave-block-0'].data"))

    def wait_for(condition: str) -> None:
        page.wait_for_function(
            f"() => {{ const p = {PANELS}['weave-block-0']; return p.state === 'ready' &&"
            f" ({condition}); }}",
            timeout=30000,
        )

    within.locator("[data-testid=table-header][data-column=confidence]").click()
    within.locator("[data-testid=table-header][data-column=confidence]").click()
    wait_for("p.data.query.sort === 'confidence' && p.data.query.desc")
    confidences = page.locator(f"{table} [data-testid=table-row] td:nth-child(5)")
    assert confidences.first.inner_text() == "0.97"
    within.locator("[data-testid=table-filter]").fill("frog")
    wait_for("p.data.query.filter === 'frog'")
    assert (data()["total"], data()["query"]["offset"]) == (16, 0)  # label or prediction
    shot(page, "summary-table-block-filtered", artifacts, block(0))

    # a run's state changes: the block is drawn again with the same sort and filter
    draws = page.evaluate(f"{PANELS}['weave-block-0'].draws")
    server.store.update_run(ENTITY, PROJECT, RUNS[0], state="crashed")
    wait_for(f"p.draws > {draws} && !p.updating")
    assert (data()["query"]["filter"], data()["query"]["sort"]) == ("frog", "confidence")
    assert within.locator("[data-testid=table-filter]").input_value() == "frog"


def test_a_share_link_draws_the_weave_blocks(browser: Any, server: Server, address: str) -> None:
    view_id = address.rsplit("--", 1)[1]
    token = server.store.create_access_token(view_id, [(ENTITY, PROJECT)]).token
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        stranger = context.new_page()
        panels = open_report(stranger, f"{address}?accessToken={token}")
        assert {k: p["state"] for k, p in panels.items()} == dict.fromkeys(panels, "ready")
        assert panels["weave-block-0"]["data"]["total"] == 30
    finally:
        context.close()


def test_the_viewer_asks_for_at_most_the_tables_routes_runs() -> None:
    source = Path(__file__).parents[2] / "viewer" / "src" / "panelData.ts"
    assert f"export const TABLE_MAX_RUNS = {tables.MAX_RUNS};" in source.read_text("utf-8")
