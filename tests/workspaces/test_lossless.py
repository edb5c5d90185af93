"""Specs the W&B app writes come back byte for byte; edits through the objects take effect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

APP_SPEC = json.loads((Path(__file__).parent / "fixtures" / "app_written_spec.json").read_text())


def load(spec: dict[str, Any] | None = None) -> ws.Workspace:
    return ws.Workspace.from_spec(spec or APP_SPEC, entity="e", project="p", name="App view")


def test_app_spec_round_trips_exactly() -> None:
    assert load().to_spec() == APP_SPEC


def test_app_spec_is_read_into_objects() -> None:
    workspace = load()
    assert [section.name for section in workspace.sections] == ["Charts", "Hidden Panels"]
    charts = workspace.sections[0]
    assert charts._id == "sec1"
    assert charts.is_open is True
    assert charts.pinned is False
    assert isinstance(charts.panels[0], wr.LinePlot)
    assert charts.panels[0].smoothing_factor == 0.5
    assert isinstance(charts.panels[2], wr.UnknownPanel)
    assert charts.panels[2].view_type == "Some Future Panel"
    assert workspace.sections[1].layout_settings.layout == "custom"
    settings = workspace.settings
    # Read by value (the official package reads these by presence and flips them).
    assert settings.remove_legends_from_panels is False
    assert settings.tooltip_color_run_names is True
    assert settings.smoothing_type == "exponential"
    assert workspace.auto_generate_panels is None  # the modern block says "pending"
    runset = workspace.runset_settings
    assert runset.query == "bert"
    assert runset.pinned_columns == ["run:displayName", "summary:acc"]
    assert runset.run_settings["run1"].color == "#ff0000"
    assert runset.run_settings["run2"].disabled is True
    assert runset.run_settings["run3"].disabled is True
    assert runset.baseline_run == "run1"
    assert runset.pinned_runs == ["run1", ws.RunRef("xyz", "team", "other")]
    assert isinstance(runset.filters, str)  # stored as the string, whatever was given
    assert "Config(" in runset.filters and "finished" in runset.filters


def test_edit_a_panel_keeps_everything_else() -> None:
    workspace = load()
    plot = workspace.sections[0].panels[0]
    assert isinstance(plot, wr.LinePlot)
    plot.title = "Training loss"
    spec = workspace.to_spec()
    panel = spec["section"]["panelBankConfig"]["sections"][0]["panels"][0]
    assert panel["config"]["chartTitle"] == "Training loss"
    assert panel["config"]["startingXAxis"] == "_step"  # unmodelled key kept
    assert panel["isAuto"] is True
    spec["section"]["panelBankConfig"]["sections"][0]["panels"][0]["config"].pop("chartTitle")
    assert spec == APP_SPEC


def test_edit_settings_changes_only_those_keys() -> None:
    workspace = load()
    workspace.settings.max_runs = 25
    workspace.settings.smoothing_type = "gaussian"
    spec = workspace.to_spec()
    settings = spec["section"]["settings"]
    assert settings["maxRuns"] == 25
    assert settings["smoothingType"] == "gaussian"
    assert settings["smoothingActive"] is True
    assert settings["linePlot"] == {"fontSize": "auto"}
    assert settings["suppressLegends"] is False


def test_edit_filters_rewrites_them_and_keeps_other_runsets() -> None:
    workspace = load()
    workspace.runset_settings.filters = "Config('lr') = 0.1"
    spec = workspace.to_spec()
    runsets = spec["section"]["runSets"]
    assert runsets[0]["filters"] == {
        "filterFormat": "filterV2",
        "filters": [
            {"key": {"section": "config", "name": "lr"}, "op": "=", "value": 0.1, "disabled": False}
        ],
    }
    assert runsets[0]["ref"] == APP_SPEC["section"]["runSets"][0]["ref"]
    assert runsets[1] == APP_SPEC["section"]["runSets"][1]


def test_unchanged_filters_keep_legacy_tree_and_disabled_flags() -> None:
    spec = load().to_spec()
    assert spec["section"]["runSets"][0]["filters"] == APP_SPEC["section"]["runSets"][0]["filters"]


def test_add_section_and_remove_run_colour() -> None:
    workspace = load()
    workspace.sections.append(ws.Section(name="New", panels=[wr.BarPlot(metrics=["acc"])]))
    del workspace.runset_settings.run_settings["run1"]
    spec = workspace.to_spec()
    sections = spec["section"]["panelBankConfig"]["sections"]
    assert [section["name"] for section in sections] == ["Charts", "Hidden Panels", "New"]
    assert sections[0] == APP_SPEC["section"]["panelBankConfig"]["sections"][0]
    assert "run1" not in spec["section"]["customRunColors"]
    assert spec["section"]["customRunColors"]["ref"] == {"type": "run-colors", "id": "abc"}


def test_replacing_runset_settings_keeps_unmodelled_runset_keys() -> None:
    workspace = load()
    workspace.runset_settings = ws.RunsetSettings(query="gpt")
    runset = workspace.to_spec()["section"]["runSets"][0]
    assert runset["search"] == {"query": "gpt"}
    assert runset["ref"] == {"type": "runSet", "id": "r1"}
    assert runset["id"] == "rs1"
    assert "baselineRunId" not in runset


def test_unknown_panel_is_written_verbatim_after_moving() -> None:
    workspace = load()
    unknown = workspace.sections[0].panels.pop(2)
    workspace.sections[1].panels.append(unknown)
    moved = workspace.to_spec()["section"]["panelBankConfig"]["sections"][1]["panels"][0]
    assert moved == APP_SPEC["section"]["panelBankConfig"]["sections"][0]["panels"][2]


def test_loading_does_not_mutate_the_input() -> None:
    before = json.dumps(APP_SPEC, sort_keys=True)
    workspace = load()
    workspace.settings.max_runs = 3
    workspace.to_spec()
    assert json.dumps(APP_SPEC, sort_keys=True) == before


def test_output_is_independent_of_the_workspace() -> None:
    workspace = load()
    first = workspace.to_spec()
    first["section"]["panelBankConfig"]["sections"][0]["name"] = "mutated"
    assert workspace.to_spec() == APP_SPEC
