"""Issue 14, defects 2, 3 and 11: every validation problem with file, line and field
path (Python and YAML) in validate, plan and apply; validate --offline catches malformed
filters and reports every file; ``panelbank spec`` reads YAML/JSON as documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .test_plan_apply import write

BAD_PY = """import wandb_workspaces.workspaces as ws

workspace = ws.Workspace(
    entity="e", project="p", name="T",
    settings=ws.WorkspaceSettings(smoothing_type="gausian", max_runs="x"),
)
"""
BAD_FILTER_PY = """import wandb_workspaces.workspaces as ws
workspace = ws.Workspace(entity="e", project="p", name="F",
    runset_settings=ws.RunsetSettings(filters="Config('lr') >= "))
"""
BAD_YAML = """entity: e
project: p
name: Y
settings:
  smoothing_type: gausian
  max_runs: x
sections:
  - name: A
    panels:
      - type: LinePlot
        title: L
        smoothing_type: bad
      - type: LinPlot
"""


def files(tmp_path: Path) -> list[Path]:
    return [
        write(tmp_path / "bad.py", BAD_PY),
        write(tmp_path / "filter.py", BAD_FILTER_PY),
        write(tmp_path / "bad.yaml", BAD_YAML),
        write(tmp_path / "ok.yaml", "entity: e\nproject: p\nname: OK\n"),
    ]


EXPECTED = [
    "bad.py:5: WorkspaceSettings.smoothing_type: 'gausian' is not one of",
    "(did you mean 'gaussian'?)",
    "bad.py:5: WorkspaceSettings.max_runs: Input should be a valid integer",
    "filter.py:3: runset_settings.filters: filters: expected a value after '>=' at column 16",
    "bad.yaml:5: settings.smoothing_type: 'gausian' is not one of",
    "bad.yaml:6: settings.max_runs: Input should be a valid integer",
    "bad.yaml:12: sections[0].panels[0].smoothing_type: 'bad' is not one of",
    "bad.yaml:13: sections[0].panels[1].type: unknown panel type 'LinPlot' "
    "(did you mean 'LinePlot'?)",
]


def test_validate_offline_reports_every_problem_of_every_file(run: Any, tmp_path: Path) -> None:
    result = run("validate", "--offline", *files(tmp_path))
    assert result.code == 1
    for text in EXPECTED:
        assert text in result.out
    assert "✗ " + str(tmp_path / "filter.py") + ": 1 problem" in result.out
    assert 'ok.yaml: e/p "OK": declaration valid' in result.out
    assert "7 problems found" in result.out


@pytest.mark.parametrize("command", ["plan", "apply"])
def test_plan_and_apply_show_every_problem(run: Any, tmp_path: Path, command: str) -> None:
    result = run(command, *files(tmp_path))
    assert result.code == 1
    for text in EXPECTED:
        assert text in result.err
    assert "Traceback" not in result.err and "2 problems" not in result.err


def test_a_list_of_documents_names_the_item(run: Any, tmp_path: Path) -> None:
    text = (
        "workspaces:\n- {entity: e, project: p, name: A}\n- entity: e\n  project: p\n  bogus: 1\n"
    )
    result = run("validate", "--offline", write(tmp_path / "two.yaml", text))
    assert "two.yaml:5: workspaces[1].bogus: Workspace has no field 'bogus'" in result.out


def test_spec_reads_yaml_and_json_as_documents(run: Any, tmp_path: Path) -> None:
    doc = write(tmp_path / "w.yaml", "entity: e\nproject: p\nname: Y\nsettings: {max_runs: 3}\n")
    result = run("spec", doc)
    assert result.code == 0, result.err
    assert json.loads(result.out)["section"]["settings"]["maxRuns"] == 3
    as_json = write(tmp_path / "w.json", json.dumps({"entity": "e", "project": "p"}))
    assert run("spec", as_json, "--compact").out.startswith('{"section":')
    bad = run("spec", write(tmp_path / "bad.yaml", BAD_YAML))
    assert bad.code == 1
    assert "bad.yaml:12: sections[0].panels[0].smoothing_type" in bad.err
