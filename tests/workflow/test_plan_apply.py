"""plan and apply through the CLI against the embedded store: create, no-op, semantic
diffs, ids kept, conflicts with edits made elsewhere, explicit views, templates, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from panelbank.workflow.errors import FileLoadError

from .conftest import check_golden, save_spec, stored

SCRIPT = """
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

workspace = ws.Workspace(
    entity="e", project="p", name="Training",
    sections=[
        ws.Section(name="Loss", is_open=True, panels=[
            wr.LinePlot(title="Loss", y=["loss"]),
            wr.ScalarChart(title="Acc", metric="acc"),
        ]),
        ws.Section(name="Old", panels=[wr.MarkdownPanel(markdown="notes")]),
    ],
    runset_settings=ws.RunsetSettings(filters="Config('lr') = 0.01"),
)
"""

EDITED = """
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

workspace = ws.Workspace(
    entity="e", project="p", name="Training",
    sections=[
        ws.Section(name="Loss", is_open=True, panels=[
            wr.LinePlot(title="Loss", y=["loss"], log_y=True),
            wr.BarPlot(title="Acc bars", metrics=["acc"]),
        ]),
        ws.Section(name="Validation", panels=[wr.LinePlot(title="Val", y=["val_loss"])]),
    ],
    settings=ws.WorkspaceSettings(smoothing_type="gaussian", smoothing_weight=3),
    runset_settings=ws.RunsetSettings(
        filters="Config('lr') = 0.02", groupby=[ws.Config("optimizer")]
    ),
)
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def scrub(text: str) -> str:
    """Random view ids out of the output, for golden files."""
    return re.sub(r"nw=[0-9a-z]+", "nw=<id>", text)


def panel_ids(url: str) -> dict[str, Any]:
    spec = json.loads(stored(url).spec)
    sections = spec["section"]["panelBankConfig"]["sections"]
    return {
        section["name"]: [section.get("__id__"), *[p["__id__"] for p in section["panels"]]]
        for section in sections
    }


def the_url(run: Any, project: str = "e/p") -> str:
    listed = run("views", "list", project)
    assert listed.code == 0
    return str(listed.out.split("\t")[-1].strip())


def test_create_then_nothing_to_do(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    planned = run("plan", path)
    assert planned.code == 2
    check_golden("plan_create.txt", planned.out)
    applied = run("apply", path)
    assert applied.code == 0, applied.err
    assert re.search(r'created e/p "Training": http://127.0.0.1:8080/e/p\?nw=\w+', applied.out)
    url = the_url(run)
    assert stored(url).version == 1
    again = run("plan", path)
    assert again.code == 0
    assert 'e/p "Training" (no changes)' in again.out
    assert "Plan: 0 to create, 0 to change, 1 unchanged." in again.out
    assert run("apply", path).code == 0
    assert stored(url).version == 1  # a no-op writes nothing
    state = json.loads((tmp_path / ".panelbank-state.json").read_text())
    [entries] = state["backends"].values()
    [entry] = entries.values()
    assert (entry["display_name"], entry["marker"]) == ("Training", 1)


def test_plan_shows_a_semantic_diff(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    write(path, EDITED)
    planned = run("plan", path)
    assert planned.code == 2
    check_golden("plan_update.txt", scrub(planned.out))
    assert "__id__" not in planned.out


def test_apply_keeps_the_ids_of_what_stays(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    url = the_url(run)
    before = panel_ids(url)
    write(path, EDITED)
    assert run("apply", path).code == 0
    after = panel_ids(url)
    assert after["Loss"][:2] == before["Loss"][:2]  # the section and its LinePlot
    assert after["Loss"][2] != before["Loss"][2]  # ScalarChart replaced by a BarPlot
    assert stored(url).version == 2


def edit_elsewhere() -> None:
    workspace = ws.Workspace.load("e", "p", display_name="Training")
    workspace.settings.max_runs = 42
    workspace.save()
    ws.configure()


def test_apply_refuses_a_view_edited_elsewhere(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    edit_elsewhere()
    write(path, EDITED)
    planned = run("plan", path)
    assert "! edited elsewhere since the last apply (1 → 2)" in planned.out
    refused = run("apply", path)
    assert refused.code == 1
    assert refused.err.startswith('panelbank: error: e/p "Training" was edited elsewhere')
    assert "apply --force to overwrite it" in refused.err
    assert refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert stored(the_url(run)).version == 2
    forced = run("apply", path, "--force")
    assert forced.code == 0, forced.err
    assert stored(the_url(run)).version == 3
    assert run("plan", path).code == 0


def test_first_apply_adopts_an_existing_view(run: Any, tmp_path: Path) -> None:
    url = save_spec(ws.Workspace(entity="e", project="p").to_spec(), name="Training")
    path = write(tmp_path / "training.py", SCRIPT)
    applied = run("apply", path)
    assert applied.code == 0
    assert "updated e/p" in applied.out
    assert stored(url).version == 2


def test_explicit_view_in_a_document(run: Any, tmp_path: Path) -> None:
    url = save_spec(ws.Workspace(entity="e", project="p").to_spec(), name="Old name")
    path = write(tmp_path / "w.yaml", f"url: {url}\nentity: e\nproject: p\nname: New name\n")
    planned = run("plan", path)
    assert planned.code == 2
    assert '~ name: "Old name" → "New name"' in planned.out
    assert run("apply", path).code == 0
    view = stored(url)
    assert (view.display_name, view.version) == ("New name", 2)
    missing = write(tmp_path / "m.yaml", "view: nope\nentity: e\nproject: p\nname: X\n")
    result = run("plan", missing)
    assert result.code == 1
    assert "the view 'nope' named in the file does not exist in e/p" in result.err


def test_two_views_with_the_name_are_ambiguous(run: Any, tmp_path: Path) -> None:
    spec = ws.Workspace(entity="e", project="p").to_spec()
    save_spec(spec, name="Training")
    save_spec(spec, name="Training")
    result = run("plan", write(tmp_path / "training.py", SCRIPT))
    assert result.code == 1
    assert "2 views in e/p are named 'Training'" in result.err
    assert "name one with `url = ...` in the file" in result.err


def test_template_across_projects(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "t.py", SCRIPT.replace('name="Training"', 'name="{project} loss"'))
    applied = run("apply", path, "--project", "exp-1", "--project", "exp-2")
    assert applied.code == 0, applied.err
    assert 'created e/exp-1 "exp-1 loss"' in applied.out
    assert 'created e/exp-2 "exp-2 loss"' in applied.out
    assert "Applying" in applied.err  # the progress bar, on stderr
    assert run("apply", path, "--project", "other").code == 0
    write(path, EDITED.replace('name="Training"', 'name="{project} loss"'))
    planned = run("plan", path, "--project", "exp-*")
    assert planned.code == 2
    assert "Plan: 0 to create, 2 to change, 0 unchanged." in planned.out
    assert 'e/other "other loss"' not in planned.out
    assert run("apply", path, "--project", "exp-*").code == 0
    assert run("plan", path, "--project", "exp-*").code == 0
    nothing = run("plan", path, "--project", "nope-*")
    assert nothing.code == 1
    assert "--project 'nope-*' matches no project of 'e'" in nothing.err


def test_file_errors_say_where(run: Any, tmp_path: Path) -> None:
    missing = run("plan", tmp_path / "missing.py")
    assert missing.code == 1
    assert missing.err == f"panelbank: error: no such file: {tmp_path / 'missing.py'}\n"
    bad_yaml = run("plan", write(tmp_path / "bad.yaml", "entity: e\nproject: [p\n"))
    assert bad_yaml.code == 1
    assert re.match(r"panelbank: error: .*bad.yaml:3:1: invalid YAML: ", bad_yaml.err)
    nothing = run("apply", write(tmp_path / "x.py", "x = 1\n"))
    assert "must bind a ws.Workspace to `workspace` or a list of them" in nothing.err
    invalid = run("plan", write(tmp_path / "i.py", SCRIPT.replace('"Old"', "5")))
    assert invalid.code == 1
    assert "i.py:12: Section.name: Input should be a valid string" in invalid.err
    assert "Traceback" not in invalid.err
    kind = run("plan", write(tmp_path / "w.txt", ""))
    assert "a workspace file ends in .py, .yaml, .yml or .json" in kind.err


def test_debug_shows_the_exception(tmp_path: Path) -> None:
    from panelbank import cli

    with pytest.raises(FileLoadError, match=r"no such file"):
        cli.main(["--debug", "plan", str(tmp_path / "missing.py")])


def test_workspaces_list_in_one_file(run: Any, tmp_path: Path) -> None:
    text = SCRIPT + "\nworkspaces = [workspace, ws.Workspace(entity='e', project='q', name='B')]\n"
    applied = run("apply", write(tmp_path / "two.py", text))
    assert applied.code == 0
    assert "Apply: 2 created, 0 changed, 0 unchanged." in applied.out


@pytest.mark.parametrize("command", ["export", "plan", "apply", "diff", "validate", "views"])
def test_help(run: Any, command: str) -> None:
    result = run(command, "--help")
    assert result.code == 0
    assert "Usage: panelbank " + command in result.out
    for option in ("--home", "--base-url"):
        assert option in result.out or command == "views"


def test_script_names_its_view_and_entity_moves_it(run: Any, tmp_path: Path) -> None:
    url = save_spec(ws.Workspace(entity="e", project="p").to_spec(), name="Old")
    path = write(tmp_path / "w.py", SCRIPT + f"\nurl = {url!r}\n")
    assert run("apply", path).code == 0
    assert stored(url).display_name == "Training"
    moved = run("apply", write(tmp_path / "m.py", SCRIPT), "--entity", "team")
    assert 'created team/p "Training"' in moved.out


def test_documents_with_several_workspaces(run: Any, tmp_path: Path) -> None:
    text = "workspaces:\n- {entity: e, project: p, name: A}\n- {entity: e, project: p, name: B}\n"
    result = run("apply", write(tmp_path / "two.yaml", text))
    assert result.code == 0
    assert "Apply: 2 created, 0 changed, 0 unchanged." in result.out


def test_plan_is_coloured_on_a_terminal() -> None:
    from panelbank.workflow.diff import Line, render_lines

    lines = [Line(1, "+", 'section "A"'), Line(1, "-", 'section "B"')]
    assert render_lines(lines, color=True) == (
        '\x1b[32m    + section "A"\x1b[0m\n\x1b[31m    - section "B"\x1b[0m'
    )
    assert render_lines(lines) == '    + section "A"\n    - section "B"'
