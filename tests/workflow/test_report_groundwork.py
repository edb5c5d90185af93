"""Reports as code, the part that does not need ``wr.Report``: report files (``report``
or ``reports``) and the block-by-block diff over report specs (the shared vectors)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
from panelbank.workflow.diff import render_lines
from panelbank.workflow.errors import FileLoadError
from panelbank.workflow.files import load_file
from panelbank.workflow.report_diff import ReportSide, diff_reports, inline_text
from panelbank.workflow.reports import report_bindings
from tests.vectors import SHARED_VECTORS_DIR

REPORTS = SHARED_VECTORS_DIR / "reports"
NAMES = sorted(path.stem for path in REPORTS.glob("report_*.json"))
pytestmark = pytest.mark.skipif(not NAMES, reason=f"no shared report vectors in {REPORTS}")


def side(name: str) -> ReportSide:
    data = json.loads((REPORTS / f"{name}.json").read_text(encoding="utf-8"))
    return ReportSide(data["displayName"], data["description"], data["spec"])


def text(old: ReportSide | None, new: ReportSide) -> str:
    return render_lines(diff_reports(old, new))


def with_spec(report: ReportSide, spec: dict[str, Any], **fields: str) -> ReportSide:
    return ReportSide(fields.get("title", report.title), report.description, spec)


def test_there_are_report_vectors() -> None:
    assert len(NAMES) == 12


@pytest.mark.parametrize("name", NAMES)
def test_a_report_has_no_changes_with_itself_ids_aside(name: str) -> None:
    report = side(name)
    assert diff_reports(report, report) == []
    spec = copy.deepcopy(report.spec)
    for block in spec["blocks"]:
        metadata = block.get("metadata") or {}
        for runset in metadata.get("runSets", []):
            runset["id"], runset["project"]["id"] = "another", "UHJvamVjdDo5OQ=="
        for panel in (metadata.get("panelBankSectionConfig") or {}).get("panels", []):
            panel["__id__"] = "another"
    assert diff_reports(report, with_spec(report, spec)) == []


@pytest.mark.parametrize("name", NAMES)
def test_a_new_report_lists_its_blocks(name: str) -> None:
    report = side(name)
    lines = diff_reports(None, report)
    assert all(line.op == "+" for line in lines)
    assert len(lines) == max(len(report.spec["blocks"]) - 2, 0)  # not the empty ends


def test_text_changes_insertions_and_removals_block_by_block() -> None:
    report = side("report_headings_text")
    spec = copy.deepcopy(report.spec)
    spec["blocks"][2]["children"][0]["text"] = "A changed paragraph."
    del spec["blocks"][3]  # H2 "Details"
    spec["blocks"].insert(4, {"type": "paragraph", "children": [{"text": "New"}]})
    spec["width"] = "fixed"
    assert text(report, with_spec(report, spec, title="Text 2")).splitlines() == [
        '    ~ title: "Text" → "Text 2"',
        '    ~ width: "readable" → "fixed"',
        '    ~ P "A plain paragraph."',
        '        ~ text: "A plain paragraph." → "A changed paragraph."',
        '    - H2 "Details"',
        '    + P "New"',
    ]


def test_inline_text_spells_out_code_links_and_latex() -> None:
    block = side("report_headings_text").spec["blocks"][5]
    assert inline_text(block["children"]) == (
        "Mixed `code`, a [link](https://example.com) and $e^{i\\pi}+1=0$."
    )


def test_panel_grid_changes_name_run_sets_and_panels() -> None:
    report = side("report_two_runsets")
    spec = copy.deepcopy(report.spec)
    [grid] = [block for block in spec["blocks"] if block["type"] == "panel-grid"]
    grid["metadata"]["runSets"][1]["filters"]["filters"][0]["value"] = 0.1
    grid["metadata"]["panelBankSectionConfig"]["panels"][0]["config"]["yLogScale"] = False
    assert text(report, with_spec(report, spec)).splitlines() == [
        "    ~ PanelGrid (run sets: A, B)",
        "        ~ metadata.runSets.B.filters.filters[0].value: 0.01 → 0.1",
        "        ~ metadata.panelBankSectionConfig.panels.Run History Line Plot.config.yLogScale:"
        " true → false",
    ]


def test_long_text_changes_line_by_line_and_uncut() -> None:
    report = side("report_code_markdown_latex")
    spec = copy.deepcopy(report.spec)
    [markdown] = [block for block in spec["blocks"] if block["type"] == "markdown-block"]
    markdown["content"] = markdown["content"] + "\n" + "A long new line. " * 10
    lines = text(report, with_spec(report, spec)).splitlines()
    assert lines[0].startswith("    ~ MarkdownBlock ")
    assert lines[1] == "        ~ text: (line by line)"
    assert lines[2] == "            + " + "A long new line. " * 10
    code = copy.deepcopy(report.spec)
    [block] = [b for b in code["blocks"] if b.get("language") == "python"]
    block["children"][0]["children"][1]["text"] = "wandb.init(project='p')"
    assert text(report, with_spec(report, code)).splitlines()[1:] == [
        "        ~ text: (line by line)",
        "            - wandb.init()",
        "            + wandb.init(project='p')",
    ]


def test_a_mark_no_text_shows_is_a_change_of_the_nodes() -> None:
    report = side("report_headings_text")
    spec = copy.deepcopy(report.spec)
    spec["blocks"][2]["children"][0]["bold"] = True
    lines = diff_reports(report, with_spec(report, spec))
    assert lines[0].text == 'P "A plain paragraph."'
    assert lines[1].text.startswith("children: ")


class StubReport:
    """Stands in for wr.Report until the library has it."""

    def __init__(self, title: str) -> None:
        self.entity, self.project, self.title = "e", "p", title


def test_report_files_bind_report_or_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.py"
    monkeypatch.setattr(wr, "Report", StubReport, raising=False)
    [one] = (
        report_bindings({"report": StubReport("A"), "url": "http://h/e/p/reports/A--x"}, path) or []
    )
    assert (one.label, one.view, one.index) == ('e/p "A"', "http://h/e/p/reports/A--x", 0)
    two = report_bindings({"reports": [StubReport("A"), StubReport("B")]}, path)
    assert [item.label for item in two or []] == ['e/p "A"', 'e/p "B"']
    assert report_bindings({"workspace": 1}, path) is None
    with pytest.raises(FileLoadError, match=r"binds both workspaces and reports"):
        report_bindings({"report": StubReport("A"), "workspace": 1}, path)
    with pytest.raises(FileLoadError, match=r"must bind a wr.Report to `report` .*found int"):
        report_bindings({"report": 3}, path)
    with pytest.raises(FileLoadError, match=r"`url` names the saved report of a single"):
        report_bindings({"reports": [StubReport("A"), StubReport("B")], "url": "u"}, path)


def test_a_report_file_is_refused_clearly_where_only_workspaces_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.py"
    path.write_text("report = 1\n")
    if not hasattr(wr, "Report"):
        with pytest.raises(FileLoadError, match=r"binds `report`: this panelbank has no wr.Rep"):
            load_file(path)
    monkeypatch.setattr(wr, "Report", StubReport, raising=False)
    path.write_text("import wandb_workspaces.reports.v2 as wr\nreport = wr.Report('T')\n")
    with pytest.raises(FileLoadError, match=r"declares 1 report\(s\); this command takes works"):
        load_file(path)
