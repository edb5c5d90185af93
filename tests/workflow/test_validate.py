"""panelbank validate: declarations, and keys against the runs of a fake store."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.commands import validate as commands
from panelbank.workflow.keys import (
    KeyRef,
    StoreRunSource,
    check_keys,
    keys_of_runs,
    referenced_keys,
)

from .test_plan_apply import SCRIPT, write


@dataclasses.dataclass
class FakeRun:
    config: dict[str, Any]
    summary: dict[str, Any]
    history_key: str = "run-1"


class FakeStore:
    def __init__(self, runs: list[FakeRun]) -> None:
        self.runs = runs

    def list_runs(self, entity: str, project: str) -> list[FakeRun]:
        return self.runs if (entity, project) == ("e", "p") else []


RUNS = [
    FakeRun(
        config={"lr": {"value": 0.01, "desc": None}, "optim": {"value": {"name": "adam"}}},
        summary={"loss": 0.1, "acc": 0.9, "_step": 10},
    ),
    FakeRun(config={"lr": {"value": 0.1}}, summary={"val_loss": 0.2}),
]


@pytest.fixture
def fake_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "_run_source", lambda backend: StoreRunSource(FakeStore(RUNS)))


def test_referenced_keys() -> None:
    workspace = ws.Workspace(
        entity="e",
        project="p",
        sections=[
            ws.Section(
                name="S",
                panels=[
                    wr.LinePlot(x="Step", y=["loss", wr.Metric("val_los")]),
                    wr.ScatterPlot(x=wr.Config("lr"), y=wr.SummaryMetric("acc")),
                    wr.ParallelCoordinatesPlot(
                        columns=[wr.ParallelCoordinatesPlotColumn(metric="c::optim.name")]
                    ),
                ],
            )
        ],
        runset_settings=ws.RunsetSettings(
            filters="Config('lr') = 0.01 and Summary('acc') >= 0.5 and State = 'finished'",
            groupby=[ws.Config("optimizer"), ws.Metric("Group")],
            order=[ws.Ordering(ws.Summary("val_loss"))],
        ),
    )
    assert [(ref.kind, ref.name) for ref in referenced_keys(workspace)] == [
        ("metric", "loss"),
        ("metric", "val_los"),
        ("config", "lr"),
        ("summary", "acc"),
        ("config", "optim.name"),
        ("config", "lr"),
        ("summary", "acc"),
        ("config", "optimizer"),
        ("summary", "val_loss"),
    ]


def test_keys_of_runs_and_suggestions() -> None:
    keys = keys_of_runs(RUNS, lambda run: ["loss", "_step"])
    assert keys.runs == 2
    assert keys.config == {"lr", "optim", "optim.name"}
    assert {"loss", "acc", "val_loss"} <= keys.summary
    problems = check_keys(
        [
            KeyRef("metric", "val_los", "w"),
            KeyRef("config", "optimizer", "g"),
            KeyRef("config", "lr", "f"),
        ],
        keys,
    )
    assert problems == [
        "w: metric 'val_los' is in no run (did you mean 'val_loss'?)",
        "g: config key 'optimizer' is in no run (did you mean 'optim'?)",
    ]


@pytest.mark.usefixtures("fake_runs")
def test_validate_reports_missing_keys(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT.replace('y=["loss"]', 'y=["los"]'))
    result = run("validate", path)
    assert result.code == 2  # valid, with warnings
    assert (
        f"""    {path}:9: warning: section "Loss" panels[0].y[0]: metric 'los' is in no run """
        "(did you mean 'loss'?)\n"
    ) in result.out
    assert result.out.endswith("valid; 1 warning\n")


@pytest.mark.usefixtures("fake_runs")
def test_validate_ok(run: Any, tmp_path: Path) -> None:
    result = run("validate", write(tmp_path / "w.py", SCRIPT))
    assert result.code == 0
    assert "valid, keys checked against 2 runs" in result.out


def test_validate_without_runs_checks_the_declaration(run: Any, tmp_path: Path) -> None:
    result = run("validate", write(tmp_path / "w.py", SCRIPT))
    assert result.code == 0
    assert "declaration valid; keys not checked" in result.out
    offline = run("validate", "--offline", write(tmp_path / "w.py", SCRIPT))
    assert offline.out.endswith(': e/p "Training": declaration valid\n')


def test_validate_invalid_files(run: Any, tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        "entity: e\nproject: p\nsections: [{name: S, panels: [{type: Lineplot}]}]\n",
    )
    good = write(tmp_path / "w.py", SCRIPT)
    result = run("validate", "--offline", bad, good)
    assert result.code == 1
    assert "unknown panel type 'Lineplot' (did you mean 'LinePlot'?)" in result.out
    assert "1 problem found" in result.out


def test_validate_against_the_embedded_store(run: Any, tmp_path: Path, home: Path) -> None:
    from panelbank.history import HistoryStore
    from panelbank.store import Store
    from tests.runs.seed import write_run

    home.mkdir(parents=True, exist_ok=True)
    with Store.open(home=home) as store:
        history = HistoryStore(home / "history")
        try:
            rows = [{"_step": 0, "loss": 1.0, "val_loss": 2.0}, {"_step": 1, "loss": 0.5}]
            write_run(store, history, "e", "p", "run1", config={"lr": 0.01}, rows=rows)
        finally:
            history.close()
    text = SCRIPT.replace('metric="acc"', 'metric="val_loss"').replace("'lr'", "'lrr'")
    path = write(tmp_path / "w.py", text)
    result = run("validate", path)
    assert result.code == 2
    assert result.out.splitlines()[1:] == [
        f"    {path}:14: warning: runset_settings.filters: config key 'lrr' is in no run "
        "(did you mean 'lr'?)",
        "valid; 1 warning",
    ]
