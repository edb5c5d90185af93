"""``panelbank demo``'s report: saved through the library's ``Report.save()`` into the
store, updated (not added) when the demo runs again."""

from __future__ import annotations

import json
from pathlib import Path

import wandb_workspaces.reports.v2 as wr
from panelbank.commands.demo import DEMO_ENTITY, DEMO_REPORT_TITLE, save_demo_report
from panelbank.demo import DEMO_PROJECT
from panelbank.store import Store
from wandb_workspaces.backends import parse_report_url

APP = "http://127.0.0.1:8080"


def test_the_demo_report_is_saved_once_and_updated(tmp_path: Path) -> None:
    with Store.open(home=tmp_path) as store:
        url = save_demo_report(store, APP)
        assert url.startswith(f"{APP}/{DEMO_ENTITY}/{DEMO_PROJECT}/reports/Adam-or-SGD--")
        assert save_demo_report(store, APP) == url
        (view,) = store.find_views(DEMO_ENTITY, DEMO_PROJECT, type="runs")
        assert (view.id, view.display_name, view.version) == (
            parse_report_url(url)[2],
            DEMO_REPORT_TITLE,
            2,
        )
        project = store.get_project(DEMO_ENTITY, DEMO_PROJECT)
        assert project is not None
    spec = json.loads(view.spec)
    report = wr.Report.from_spec(spec, entity=DEMO_ENTITY, project=DEMO_PROJECT)
    kinds = [type(block).__name__ for block in report.blocks]
    assert kinds == ["H1", "P", "PanelGrid", "H2", "CodeBlock"]
    grid = report.blocks[2]
    assert isinstance(grid, wr.PanelGrid)
    assert [type(panel).__name__ for panel in grid.panels] == [
        "LinePlot",
        "LinePlot",
        "BarPlot",
        "ScatterPlot",
    ]
    # the run set names the project by its internal id, as the W&B app stores it
    grid_spec = next(block for block in spec["blocks"] if block["type"] == "panel-grid")
    (run_set,) = grid_spec["metadata"]["runSets"]
    assert run_set["project"]["id"] == str(project.id)
