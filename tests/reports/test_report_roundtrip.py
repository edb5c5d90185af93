"""Lossless round trips of report specs the app writes, and edits that keep the rest."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
from tests.reports.app_specs import EMPTY_P, app_spec, panel_grid
from wandb_workspaces.errors import SpecValidationError


def load(spec: dict[str, Any]) -> wr.Report:
    return wr.Report.from_spec(spec, entity="ent", project="proj", title="T")


def test_app_spec_round_trips_exactly() -> None:
    spec = app_spec()
    report = load(spec)
    assert report.to_spec() == spec
    assert spec == app_spec()  # the caller's dict is not touched
    kinds = [type(block).__name__ for block in report.blocks]
    assert kinds == [
        "H1", "P", "UnknownBlock", "UnknownBlock", "CodeBlock", "PanelGrid", "CalloutBlock",
    ]  # fmt: skip


def test_json_text_loads_too() -> None:
    spec = app_spec()
    assert wr.Report.from_spec(json.dumps(spec), entity="e", project="p").to_spec() == spec


def test_first_and_last_empty_paragraphs_are_not_blocks() -> None:
    report = load(app_spec())
    assert report.blocks[0] != wr.P() and report.blocks[-1] != wr.P()
    spec = report.to_spec()
    assert spec["blocks"][0] == EMPTY_P and spec["blocks"][-1] == EMPTY_P


def test_unknown_block_is_kept_and_readable() -> None:
    report = load(app_spec())
    block = report.blocks[3]
    assert isinstance(block, wr.UnknownBlock)
    assert block.type == "a-new-block" and block.payload == {"k": [1, 2]}
    with pytest.raises(AttributeError, match="no key 'nothing'"):
        _ = block.nothing
    block.spec["payload"]["k"].append(3)  # edited in place: written as edited
    written = report.to_spec()["blocks"][4]
    assert written == {
        "type": "a-new-block",
        "children": [{"text": ""}],
        "payload": {"k": [1, 2, 3]},
    }


def test_marks_and_comments_survive_an_edit_of_the_text() -> None:
    spec = app_spec()
    report = load(spec)
    paragraph = report.blocks[1]
    assert isinstance(paragraph, wr.P) and isinstance(paragraph.text, list)
    paragraph.text[0] = "edited "
    written = report.to_spec()["blocks"][2]
    expected = copy.deepcopy(spec["blocks"][2])
    expected["children"][0] = {"text": "edited "}
    assert written == expected  # bold, italic..., colour, comment anchor, mention, align kept


def test_a_marked_leaf_edits_in_place() -> None:
    report = load(app_spec())
    paragraph = report.blocks[1]
    assert isinstance(paragraph, wr.P) and isinstance(paragraph.text, list)
    bold = paragraph.text[1]
    assert isinstance(bold, wr.TextWithInlineComments)
    bold.text = "BOLD"
    assert report.to_spec()["blocks"][2]["children"][1] == {"text": "BOLD", "bold": True}


def test_report_level_keys_survive_edits() -> None:
    spec = app_spec()
    report = load(spec)
    report.width = "fluid"
    report.blocks.append(wr.P("new"))
    written = report.to_spec()
    assert written["width"] == "fluid"
    for key in ("panelSettings", "authors", "discussionThreads", "appOnlyTopLevel", "version"):
        assert written[key] == spec[key]
    assert written["blocks"][:-2] == spec["blocks"][:-1]
    assert written["blocks"][-2:] == [{"type": "paragraph", "children": [{"text": "new"}]}, EMPTY_P]


def test_panel_grid_keeps_what_no_class_models_when_its_run_set_is_edited() -> None:
    spec = app_spec()
    report = load(spec)
    grid = report.blocks[5]
    assert isinstance(grid, wr.PanelGrid)
    runset = grid.runsets[0]
    assert runset.filters == 'Config("lr") == 0.1 and Metric("State") == \'finished\''
    assert runset.groupby == ["config.optimizer.value"]  # as the official client reads it
    assert runset.run_settings["run-a"] == wr.RunSettings(color="#ff0000", disabled=True)
    runset.query = "roberta"
    written = report.to_spec()["blocks"][6]["metadata"]
    stored = spec["blocks"][6]["metadata"]
    assert written["runSets"][0]["search"] == {"query": "roberta", "isRegex": True}
    # the legacy filter tree (with its disabled item) is written back as stored
    assert written["runSets"][0]["filters"] == stored["runSets"][0]["filters"]
    for key in ("runFeed", "appOnlyRunsetKey", "project", "id", "grouping", "sort"):
        assert written["runSets"][0][key] == stored["runSets"][0][key]
    for key in (
        "panelBankConfig",
        "panelBankSectionConfig",
        "customRunColors",
        "panelSettingsFromApp",
    ):
        assert written[key] == stored[key]


def test_a_changed_filter_string_is_written_anew() -> None:
    report = load(app_spec())
    grid = report.blocks[5]
    assert isinstance(grid, wr.PanelGrid)
    grid.runsets[0].filters = [expr.Summary("acc") >= 0.5]
    written = report.to_spec()["blocks"][6]["metadata"]["runSets"][0]["filters"]
    assert written == expr.string_to_v2("Summary('acc') >= 0.5")


def test_group_colours_read_as_runset_groups() -> None:
    grid = load(app_spec()).blocks[5]
    assert isinstance(grid, wr.PanelGrid)
    group = wr.RunsetGroup("Adam", (wr.RunsetGroupKey(wr.Config("optimizer"), "adam"),))
    assert grid.custom_run_colors == {"run-b": "rgb(1, 2, 3)", group: "#00ff00"}


def test_panels_of_a_grid_edit_like_a_sections() -> None:
    spec = app_spec()
    report = load(spec)
    grid = report.blocks[5]
    assert isinstance(grid, wr.PanelGrid)
    line, unknown = grid.panels
    assert isinstance(line, wr.LinePlot) and isinstance(unknown, wr.UnknownPanel)
    line.title = "Loss"
    panels = report.to_spec()["blocks"][6]["metadata"]["panelBankSectionConfig"]["panels"]
    assert panels[0]["config"] == {**spec["blocks"][6]["metadata"]["panelBankSectionConfig"]
                                   ["panels"][0]["config"], "chartTitle": "Loss"}  # fmt: skip
    assert panels[1] == {"__id__": "u1", "viewType": "Mystery Panel", "config": {}}


def test_collapsed_blocks_load_as_blocks() -> None:
    heading = load(app_spec()).blocks[0]
    assert isinstance(heading, wr.H1)
    assert heading.collapsed_blocks is not None
    assert [type(b) for b in heading.collapsed_blocks] == [wr.PanelGrid, wr.P]


def test_a_language_the_class_does_not_list_is_kept() -> None:
    spec = app_spec()
    report = load(spec)
    code = report.blocks[4]
    assert isinstance(code, wr.CodeBlock) and str(code.language) == "rust"
    code.code = "fn main() { }"
    written = report.to_spec()["blocks"][5]
    assert written["language"] == "rust" and written["children"][0]["language"] == "rust"


def test_a_callout_of_several_lines_keeps_them_until_edited() -> None:
    spec = app_spec()
    report = load(spec)
    callout = report.blocks[6]
    assert isinstance(callout, wr.CalloutBlock) and callout.text == "one"
    assert report.to_spec()["blocks"][7] == spec["blocks"][7]


def test_a_grid_without_run_sets_is_kept_as_unknown() -> None:
    grid = panel_grid()
    grid["metadata"]["runSets"] = []
    report = load({"blocks": [grid]})
    assert isinstance(report.blocks[0], wr.UnknownBlock)
    assert report.to_spec() == {"blocks": [grid]}


def test_new_report_is_written_with_the_official_frame() -> None:
    assert wr.Report(project="p").to_spec() == {
        "version": 5, "panelSettings": {}, "blocks": [EMPTY_P, EMPTY_P], "width": "readable",
        "authors": [], "discussionThreads": [],
    }  # fmt: skip
    # a report that starts and ends with an empty paragraph gets no more
    spec = wr.Report(project="p", blocks=[wr.P(), wr.H2("x"), wr.P("")]).to_spec()
    assert len(spec["blocks"]) == 3


BAD: dict[str, Any] = {"width": "fluidd", "language": "pyton", "txt": "x", "tab": "file",
                       "panel": wr.LinePlot(), "text": "text"}  # fmt: skip


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(lambda: wr.Report(project="p", width=BAD["width"]), "did you mean 'fluid'",
                     id="width"),
        pytest.param(lambda: wr.Report(project="p", title="x" * 129), "at most 128", id="title"),
        pytest.param(lambda: wr.CodeBlock("x", language=BAD["language"]),
                     "did you mean 'python'", id="language"),
        pytest.param(lambda: wr.P(**{"txt": BAD["txt"]}), "did you mean 'text'",
                     id="unknown-field"),
        pytest.param(lambda: wr.PanelGrid(runsets=[]), "at least one run set", id="no-runsets"),
        pytest.param(lambda: wr.Report(project="p", blocks=[BAD["panel"]]),
                     r"item 0 \(LinePlot\) is not a block: panels go in a panel grid",
                     id="panel-as-block"),
        pytest.param(lambda: wr.H1("x", collapsed_blocks=[BAD["text"]]),
                     r"text goes in a paragraph, wr\.P", id="text-as-block"),
        pytest.param(lambda: wr.PanelGrid(runsets=[wr.Runset(filters="Config('lr') >=")])
                     .to_spec(), "expected a value after '>=' at column 16",
                     id="filter-syntax"),
        pytest.param(lambda: wr.RunSettings(color="url(x)"), "colour|color", id="colour"),
        pytest.param(lambda: wr.WeaveBlockArtifact("e", "p", "a", tab=BAD["tab"]),
                     "did you mean 'files'", id="tab"),
    ],
)  # fmt: skip
def test_bad_declarations_say_what_and_how(build: Any, message: str) -> None:
    with pytest.raises(SpecValidationError, match=message):
        build()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="json"),
        pytest.param([], "expected a JSON object", id="not-object"),
        pytest.param({"blocks": {}}, "'blocks' must be a list", id="blocks"),
        pytest.param({"blocks": [1]}, r"blocks\[0\]: a block must be a JSON object", id="block"),
    ],
)
def test_bad_specs_say_what_and_how(spec: Any, message: str) -> None:
    with pytest.raises(SpecValidationError, match=message):
        wr.Report.from_spec(spec, entity="e", project="p")


def test_written_json_is_the_callers_own() -> None:
    report = load(app_spec())
    grid = report.blocks[5]
    assert isinstance(grid, wr.PanelGrid)
    moved = wr.PanelGrid(runsets=[wr.Runset()], panels=list(grid.panels)).to_spec()
    moved["metadata"]["panelBankSectionConfig"]["panels"][0]["config"]["metrics"].append("x")
    written = report.to_spec()
    written["blocks"][6]["metadata"]["runSets"][0]["filters"]["filters"].clear()
    written["blocks"][4]["payload"]["k"].clear()
    assert report.to_spec() == app_spec()
