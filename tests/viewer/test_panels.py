"""The viewer's ParallelCoordinatesPlot, ParameterImportancePlot and RunComparer panels,
LinePlot stacked/percent areas and legend templates, and the live update when runs log
new rows: what the components were handed, in ``window.__panelbank``."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

from .conftest import Server, start_server
from .seed import rows
from .test_viewer import PANELS, panel, wait_drawn
from .workspace import ENTITY, PROJECT

RUNS = 9  # run00i: lr 0.001/0.01/0.1 in turn, seed i; summary acc 0.6+0.03i, loss 1/(1+i)
SHOWN = [f"run{i:03d}" for i in reversed(range(RUNS)) if i != 2]  # newest first; run002 off


def panels_workspace() -> ws.Workspace:
    column = wr.ParallelCoordinatesPlotColumn
    return ws.Workspace(
        name="Panels",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Runs",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=2, rows=3),
                panels=[
                    wr.ParallelCoordinatesPlot(
                        title="pc",
                        columns=[
                            column(metric=wr.Config("lr"), log=True),
                            column(metric=wr.Config("seed"), display_name="Seed"),
                            column(metric="acc", inverted=True),
                            column(metric=wr.Metric("State")),
                        ],
                    ),
                    wr.ParameterImportancePlot(with_respect_to="acc"),
                    wr.RunComparer(diff_only="split"),
                    wr.LinePlot(title="stacked", y=["acc"], plot_type="stacked-area"),
                    wr.LinePlot(title="percent", y=["acc"], plot_type="pct-area"),
                    wr.LinePlot(
                        title="templated",
                        y=["loss"],
                        legend_template="${run:displayName} lr=${config:lr}",
                    ),
                ],
            )
        ],
        runset_settings=ws.RunsetSettings(run_settings={"run002": ws.RunSettings(disabled=True)}),
        settings=ws.WorkspaceSettings(max_runs=10),
    )


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path, runs=RUNS, steps=300, workspace=panels_workspace())


def open_panels(page: Any, server: Server, poll: int = 300) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview&poll={poll}")
    wait_drawn(page)


def by_type(page: Any, view_type: str) -> dict[str, Any]:
    found = [p for p in page.evaluate(f"Object.values({PANELS})") if p["type"] == view_type]
    assert len(found) == 1
    return dict(found[0])


def test_parallel_coordinates_one_line_per_shown_run(
    page: Any, server: Server, artifacts: Path
) -> None:
    open_panels(page, server)
    page.screenshot(path=str(artifacts / "panels.png"), full_page=True)
    info = panel(page, "pc")
    assert info["state"] == "ready"
    columns = info["data"]["columns"]
    assert [c["label"] for c in columns] == ["lr", "Seed", "acc", "state"]
    assert [c["kind"] for c in columns] == ["number", "number", "number", "category"]
    assert columns[0]["log"] and (columns[0]["min"], columns[0]["max"]) == (0.001, 0.1)
    assert columns[3]["categories"] == ["finished", "running"]
    lines = {line["run"]: line for line in info["data"]["lines"]}
    assert sorted(lines) == [f"run{i:03d}" for i in range(RUNS) if i != 2]  # run002 is off
    # log lr: 0.01 is half way; acc is inverted: the best run is at the bottom
    assert math.isclose(lines["run001"]["positions"][0], 0.5)
    assert lines["run008"]["positions"][2] == 0.0 and lines["run000"]["positions"][2] == 1.0
    assert lines["run004"]["positions"][3] == 1.0  # running (every fourth run)
    assert page.locator("[data-testid=pc-svg] path.pc-line").count() == RUNS - 1
    assert page.locator("[data-testid=pc-axis]").count() == 4


def test_parameter_importance_table(page: Any, server: Server) -> None:
    open_panels(page, server)
    info = by_type(page, "Parameter Importance")
    assert info["state"] == "ready", info.get("message")
    result = info["data"]
    assert result["target"] == "acc" and result["runs"] == RUNS - 1
    rows = {r["feature"]: r for r in result["rows"]}
    assert set(rows) == {"lr", "seed"}
    # acc = 0.6 + 0.03 * seed: a perfect correlation, and all the importance
    assert math.isclose(rows["seed"]["correlation"], 1.0, abs_tol=1e-9)
    assert result["rows"][0]["feature"] == "seed" and rows["seed"]["importance"] > 0.9
    assert math.isclose(sum(r["importance"] for r in result["rows"]), 1.0)
    table = page.locator("[data-testid=importance-row]")
    assert [table.nth(i).get_attribute("data-feature") for i in range(table.count())] == [
        "seed",
        "lr",
    ]


def test_run_comparer_diff_only(page: Any, server: Server) -> None:
    open_panels(page, server)
    info = by_type(page, "Run Comparer")
    assert info["state"] == "ready"
    data = info["data"]
    assert data["diffOnly"] is True
    assert data["runs"] == SHOWN
    keys = {f"{r['section']}:{r['key']}": r for r in data["rows"]}
    assert "config:lr" in keys and "summary:acc" in keys
    assert "summary:_step" not in keys  # the same for every run: hidden
    assert keys["config:lr"]["values"][:3] == ["0.1", "0.01", "0.001"]  # run008, 7, 6
    card = page.locator("[data-panel-type='Run Comparer']")
    card.locator("[data-testid=comparer-diff-only]").uncheck()
    page.wait_for_function(
        f"() => Object.values({PANELS}).some(p => p.type === 'Run Comparer' && !p.data.diffOnly)"
    )
    every = {f"{r['section']}:{r['key']}" for r in by_type(page, "Run Comparer")["data"]["rows"]}
    assert "summary:_step" in every and card.locator("[data-key='summary:_step']").count() == 1


def test_stacked_and_percent_areas(page: Any, server: Server) -> None:
    open_panels(page, server)
    stacked = panel(page, "stacked")
    assert stacked["settings"]["plotType"] == "stacked-area"
    cols = stacked["data"][1:]
    assert len(cols) == RUNS - 1
    i = len(cols[0]) // 2
    # a running sum: each area sits on the one below it
    assert all(b[i] >= a[i] for a, b in itertools.pairwise(cols))
    x = stacked["data"][0][i]
    assert cols[0][i] == pytest.approx(1 - math.exp(-x / 300) * 0.74, rel=0.02)  # run008's acc
    percent = panel(page, "percent")
    top = percent["data"][-1]
    assert all(v == pytest.approx(100) for v in top if v is not None)


def test_legend_template(page: Any, server: Server) -> None:
    open_panels(page, server)
    labels = [s["label"] for s in panel(page, "templated")["series"] if s["kind"] == "line"]
    assert labels[:2] == ["eager-8 lr=0.1", "dusty-7 lr=0.01"]


def test_new_history_rows_redraw_the_panels(page: Any, server: Server) -> None:
    open_panels(page, server)
    before = panel(page, "templated")
    assert max(before["data"][0]) == 299
    run = server.store.get_run(ENTITY, PROJECT, "run000")
    assert run is not None
    lines = server.history.append(run.history_key, rows(0, 300, 450), offset=300)
    server.store.update_run(ENTITY, PROJECT, "run000", history_line_count=lines)
    page.wait_for_function(
        f"() => Object.values({PANELS}).some(p => p.title === 'templated' && p.data"
        " && Math.max(...p.data[0]) === 449)",
        timeout=10000,
    )
