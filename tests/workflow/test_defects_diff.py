"""Issue 14, defects 1 and 6: plans show every change in full (filters item by item,
long and multi-line text uncut) and a reordered panel is a move that keeps its id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.workflow.diff import diff_workspaces, render_lines

from .conftest import stored
from .test_plan_apply import the_url, write

LONG = " and ".join(f"Config('param_{n}') = {n}" for n in range(12))


def workspace(filters: str = "", markdown: str = "notes", panels: Any = None) -> ws.Workspace:
    return ws.Workspace(
        entity="e",
        project="p",
        name="W",
        sections=[ws.Section(name="S", panels=panels or [wr.MarkdownPanel(markdown=markdown)])],
        runset_settings=ws.RunsetSettings(filters=filters),
    )


def test_a_change_deep_in_a_long_filter_is_shown_item_by_item() -> None:
    text = render_lines(diff_workspaces(workspace(LONG), workspace(LONG.replace("= 11", "= 12"))))
    assert "…" not in text
    assert text.splitlines() == [
        "    ~ runset_settings.filters: (item by item)",
        '        - Config("param_11") == 11',
        '        + Config("param_11") == 12',
    ]


def test_an_added_filter_item_is_one_line() -> None:
    text = render_lines(
        diff_workspaces(workspace(LONG), workspace(LONG + " and Summary('acc') >= 0.5"))
    )
    assert text.splitlines()[1:] == ['        + SummaryMetric("acc") >= 0.5']


def test_long_markdown_is_compared_line_by_line_and_never_cut() -> None:
    body = "\n".join(f"line {n}: " + "word " * 30 for n in range(5))
    edited = body.replace("line 3: word", "line 3: WORD")
    text = render_lines(diff_workspaces(workspace(markdown=body), workspace(markdown=edited)))
    assert "…" not in text
    assert "- line 3: " + "word " * 29 + "word" in text
    assert "+ line 3: WORD " + "word " * 28 + "word" in text
    assert "line 2" not in text  # unchanged lines are left out


def test_a_long_single_line_value_shows_both_sides_in_full() -> None:
    old = "x" * 150 + "a"
    new = "x" * 150 + "b"
    lines = diff_workspaces(workspace(markdown=old), workspace(markdown=new))
    texts = [line.text for line in lines]
    assert json.dumps(old) in texts and json.dumps(new) in texts


PANELS = [
    wr.LinePlot(title="Loss", y=["loss"]),
    wr.LinePlot(title="Acc", y=["acc"]),
    wr.ScalarChart(title="Steps", metric="_step"),
]


def test_reordered_panels_are_moves() -> None:
    swapped = [PANELS[1], PANELS[0], PANELS[2]]
    text = render_lines(diff_workspaces(workspace(panels=PANELS), workspace(panels=swapped)))
    assert text.splitlines() == [
        '    ~ section "S"',
        '        ~ LinePlot "Loss" moved: position 1 → 2',
    ]


def test_apply_of_a_reorder_keeps_each_panels_id(run: Any, tmp_path: Path) -> None:
    source = """
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
workspace = ws.Workspace(entity="e", project="p", name="W", sections=[ws.Section(name="S",
    panels=[wr.LinePlot(title="Loss", y=["loss"]), wr.LinePlot(title="Acc", y=["acc"])])])
"""
    path = write(tmp_path / "w.py", source)
    assert run("apply", path).code == 0

    def ids() -> dict[str, str]:
        spec = json.loads(stored(the_url(run)).spec)
        panels = spec["section"]["panelBankConfig"]["sections"][0]["panels"]
        return {p["config"]["chartTitle"]: p["__id__"] for p in panels}

    before = ids()
    write(
        path,
        source.replace('title="Loss", y=["loss"]', 'title="Acc", y=["acc"]', 1).replace(
            'wr.LinePlot(title="Acc", y=["acc"])])', 'wr.LinePlot(title="Loss", y=["loss"])])'
        ),
    )
    planned = run("plan", path)
    assert planned.code == 2
    assert 'LinePlot "Loss" moved: position 1 → 2' in planned.out
    assert "+ LinePlot" not in planned.out and "- LinePlot" not in planned.out
    assert run("apply", path).code == 0
    assert ids() == before
