"""panelbank diff: two files, a URL and a file; keys no class models; exit codes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import wandb_workspaces.workspaces as ws
from panelbank.workflow.diff import diff_workspaces, render_lines
from tests.vectors import shared_vector

from .conftest import check_golden, save_spec
from .test_plan_apply import EDITED, SCRIPT, write


def test_diff_two_files(run: Any, tmp_path: Path) -> None:
    a = write(tmp_path / "a.py", SCRIPT)
    b = write(tmp_path / "b.py", EDITED)
    result = run("diff", a, b)
    assert result.code == 2
    check_golden("diff_files.txt", result.out)


def test_no_differences(run: Any, tmp_path: Path) -> None:
    a = write(tmp_path / "a.py", SCRIPT)
    result = run("diff", a, a)
    assert (result.code, result.out) == (0, "no differences\n")


def test_diff_url_and_exported_file(run: Any, tmp_path: Path) -> None:
    vector = shared_vector("seed_example")
    url = save_spec(vector["spec"], name=vector["displayName"])
    path = tmp_path / "seed.yaml"
    assert run("export", url, "-o", path).code == 0
    assert run("diff", url, path).code == 0
    path.write_text(path.read_text().replace("is_open: true", "is_open: false", 1))
    result = run("diff", url, path)
    assert result.code == 2
    assert "~ is_open: true → false" in result.out


def test_keys_no_class_models_are_compared_as_paths() -> None:
    vector = shared_vector("readme_example")
    old_spec = copy.deepcopy(vector["spec"])
    old_spec["section"]["appOnly"] = {"x": 1}
    new_spec = copy.deepcopy(old_spec)
    new_spec["section"]["appOnly"]["x"] = 2
    old = ws.Workspace.from_spec(old_spec, entity="e", project="p", name="R")
    new = ws.Workspace.from_spec(new_spec, entity="e", project="p", name="R")
    text = render_lines(diff_workspaces(old, new))
    assert text == "    ~ other key section.appOnly.x: 1 → 2"


def test_ids_are_not_differences() -> None:
    vector = shared_vector("panel_types")
    spec = copy.deepcopy(vector["spec"])
    old = ws.Workspace.from_spec(spec, entity="e", project="p", name="T")
    for panel in spec["section"]["panelBankConfig"]["sections"][0]["panels"]:
        panel["__id__"] = "changed"
    new = ws.Workspace.from_spec(spec, entity="e", project="p", name="T")
    assert diff_workspaces(old, new) == []


def test_diff_needs_one_workspace_per_side(run: Any, tmp_path: Path) -> None:
    two = write(tmp_path / "two.py", SCRIPT + "\nworkspaces = [workspace, workspace]\n")
    result = run("diff", two, two)
    assert result.code == 1
    assert "declares 2 workspaces; diff compares one with one" in result.err
