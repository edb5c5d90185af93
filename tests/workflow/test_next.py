"""What users of Terraform-style tooling expect next (issue 14): saved plans applied
exactly (and refused when a view changed since), confirmation on a terminal, --target,
--prune, views delete and bulk export."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from panelbank.commands import workflow as workflow_commands

from .conftest import stored
from .test_plan_apply import EDITED, SCRIPT, edit_elsewhere, the_url, write

OTHER = SCRIPT.replace('name="Training"', 'name="Other"')


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A terminal that answers ``answer`` to the question asked."""

    def answer(text: str) -> None:
        monkeypatch.setattr(workflow_commands, "_interactive", lambda: True)
        monkeypatch.setattr(sys, "stdin", io.StringIO(text + "\n"))

    return answer


# -- saved plans -----------------------------------------------------------------------------
def test_a_saved_plan_is_applied_exactly(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    url = the_url(run)
    write(path, EDITED)
    planned = run("plan", path, "-out", tmp_path / "plan.json")
    assert planned.code == 2
    assert "Saved the plan to" in planned.err
    saved = json.loads((tmp_path / "plan.json").read_text())
    assert saved["saved_plan"] == 1 and saved["format_version"] == 1
    [view] = saved["views"]
    assert (view["action"], view["marker"]) == ("update", 1)
    assert view["apply"]["spec"]["section"]["panelBankConfig"]["sections"]
    write(path, SCRIPT)  # the file changes again: the saved plan is what is applied
    applied = run("apply", tmp_path / "plan.json")
    assert applied.code == 0, applied.err
    assert 'updated e/p "Training"' in applied.out
    assert stored(url).version == 2
    assert '"gaussian"' in stored(url).spec  # EDITED's settings, as planned
    state = json.loads((tmp_path / ".panelbank-state.json").read_text())
    [entries] = state["backends"].values()
    assert [entry["marker"] for entry in entries.values()] == [2]
    again = run("apply", tmp_path / "plan.json")  # made against version 1: now refused
    assert again.code == 1
    assert "changed since the plan (version 1 → 2)" in again.err


def test_a_saved_plan_is_refused_when_a_view_changed_since(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    other = write(tmp_path / "other.py", OTHER)
    assert run("apply", path, other).code == 0
    url = the_url(run)
    write(path, EDITED)
    assert run("plan", path, other, "-out", tmp_path / "plan.json").code == 2
    edit_elsewhere()
    refused = run("apply", tmp_path / "plan.json")
    assert refused.code == 1
    assert "the views changed since the plan was made; nothing was written" in refused.err
    assert 'e/p "Training": changed since the plan (version 1 → 2)' in refused.err
    assert '"Other"' not in refused.err  # unchanged views are not listed
    assert "Traceback" not in refused.err
    assert stored(url).version == 2  # the edit made elsewhere, nothing more


def test_a_saved_create_is_refused_when_the_view_was_made_since(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("plan", path, "-out", tmp_path / "plan.json").code == 2
    assert run("apply", path).code == 0  # someone applied meanwhile
    refused = run("apply", tmp_path / "plan.json")
    assert refused.code == 1
    assert 'e/p "Training": a view with this name was made since the plan' in refused.err
    assert len(run("views", "list", "e/p").out.splitlines()) == 1


def test_a_saved_plan_takes_no_plan_options(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    run("plan", path, "--out", tmp_path / "plan.json")
    refused = run("apply", tmp_path / "plan.json", "--project", "x")
    assert refused.code == 2
    assert "is a saved plan, applied exactly as it was made; --project" in refused.err


def test_a_broken_saved_plan_says_so(run: Any, tmp_path: Path) -> None:
    bad = write(tmp_path / "plan.json", json.dumps({"saved_plan": 1, "views": [{}]}))
    refused = run("apply", bad)
    assert refused.code == 1
    assert "not a saved plan this panelbank can apply" in refused.err
    assert "panelbank plan -out FILE" in refused.err


def test_a_saved_plan_against_another_backend_is_refused(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    run("plan", path, "-out", tmp_path / "plan.json")
    monkeypatch.setenv("PANELBANK_HOME", str(tmp_path / "elsewhere"))
    refused = run("apply", tmp_path / "plan.json")
    assert refused.code == 1
    assert "the plan was made against sqlite:" in refused.err


def test_a_saved_plan_with_a_conflict_needs_force(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    edit_elsewhere()
    write(path, EDITED)
    assert run("plan", path, "-out", tmp_path / "plan.json").code == 2
    refused = run("apply", tmp_path / "plan.json")
    assert refused.code == 1 and "apply --force to overwrite it" in refused.err
    forced = run("apply", tmp_path / "plan.json", "--force")
    assert forced.code == 0, forced.err
    assert stored(the_url(run)).version == 3


# -- confirmation ----------------------------------------------------------------------------
def test_apply_on_a_terminal_shows_the_plan_and_asks(
    run: Any, tmp_path: Path, terminal: Any
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    terminal("no")
    cancelled = run("apply", path)
    assert cancelled.code == 1
    assert '+ e/p "Training" (new view)' in cancelled.out
    assert "Apply these changes? Only 'yes' is accepted" in cancelled.out
    assert "cancelled; nothing was written" in cancelled.err
    assert run("views", "list", "e/p").out == ""
    terminal("yes")
    applied = run("apply", path)
    assert applied.code == 0, applied.err
    assert 'created e/p "Training"' in applied.out
    terminal("")  # nothing to do: nothing asked
    assert "Apply these changes?" not in run("apply", path).out


def test_yes_skips_the_question(run: Any, tmp_path: Path, terminal: Any) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    terminal("no")
    applied = run("apply", path, "--yes")
    assert applied.code == 0, applied.err
    assert "Apply these changes?" not in applied.out


def test_without_a_terminal_apply_does_not_ask(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    applied = run("apply", path)  # as the README's CI recipe runs it
    assert applied.code == 0, applied.err
    assert "Apply these changes?" not in applied.out


# -- --target --------------------------------------------------------------------------------
def test_target_plans_and_applies_one_view(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    other = write(tmp_path / "other.py", OTHER)
    planned = run("plan", path, other, "--target", "Other")
    assert planned.code == 2
    assert '"Other"' in planned.out and '"Training"' not in planned.out
    applied = run("apply", path, other, "--target", "e/p/Other")
    assert applied.code == 0, applied.err
    assert 'created e/p "Other"' in applied.out and "Training" not in applied.out
    url = the_url(run)
    write(other, OTHER.replace("0.01", "0.02"))
    by_url = run("plan", path, other, "--target", url)
    assert by_url.code == 2
    assert '~ e/p "Other"' in by_url.out and "Training" not in by_url.out


def test_an_unknown_target_lists_the_views(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    refused = run("plan", path, "--target", "Trainig")
    assert refused.code == 1
    assert "--target 'Trainig' names none of the views planned" in refused.err
    assert "'Training'" in refused.err


# -- --prune ---------------------------------------------------------------------------------
def test_prune_deletes_managed_views_whose_files_are_gone(
    run: Any, tmp_path: Path, terminal: Any
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    other = write(tmp_path / "other.py", OTHER)
    assert run("apply", path, other).code == 0
    other.unlink()
    planned = run("plan", path, "--prune")
    assert planned.code == 2
    assert '- e/p "Other" (pruned: http://127.0.0.1:8080/e/p?nw=' in planned.out
    assert "Plan: 0 to create, 0 to change, 1 unchanged, 1 to delete." in planned.out
    as_json = json.loads(run("plan", path, "--prune", "--json").out)
    assert as_json["summary"]["delete"] == 1
    assert [v["action"] for v in as_json["views"]] == ["none", "delete"]
    assert run("plan", path).code == 0  # without --prune a gone file is left alone
    refused = run("apply", path, "--prune")  # no terminal: deleting needs --yes
    assert refused.code == 1 and "pass --yes" in refused.err
    terminal("no")
    assert run("apply", path, "--prune").code == 1
    assert len(run("views", "list", "e/p").out.splitlines()) == 2
    terminal("yes")
    applied = run("apply", path, "--prune")
    assert applied.code == 0, applied.err
    assert 'deleted e/p "Other"' in applied.out
    assert "Apply: 0 created, 0 changed, 1 unchanged, 1 deleted." in applied.out
    assert len(run("views", "list", "e/p").out.splitlines()) == 1
    state = json.loads((tmp_path / ".panelbank-state.json").read_text())
    [entries] = state["backends"].values()
    assert [entry["display_name"] for entry in entries.values()] == ["Training"]
    assert run("plan", path, "--prune").code == 0


def test_prune_leaves_files_not_given_and_needs_force_for_edited_views(
    run: Any, tmp_path: Path
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    other = write(tmp_path / "other.py", OTHER)
    assert run("apply", path, other).code == 0
    assert run("plan", other, "--prune").code == 0  # training.py exists, just not given
    path.unlink()
    edit_elsewhere()
    planned = run("plan", other, "--prune")
    assert "! edited elsewhere since the last apply (1 → 2); apply needs --force" in planned.out
    refused = run("apply", other, "--prune", "--yes")
    assert refused.code == 1 and "apply --force to delete it" in refused.err
    forced = run("apply", other, "--prune", "--yes", "--force")
    assert forced.code == 0, forced.err
    assert 'deleted e/p "Training"' in forced.out


# -- views delete ----------------------------------------------------------------------------
def test_views_delete_asks_unless_yes(run: Any, tmp_path: Path, terminal: Any) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    url = the_url(run)
    refused = run("views", "delete", url)  # no terminal, no --yes
    assert refused.code == 1 and "there is no terminal to ask; pass --yes" in refused.err
    terminal("no")
    cancelled = run("views", "delete", url)
    assert cancelled.code == 1 and "cancelled; nothing was written" in cancelled.err
    assert '- e/p "Training"' in cancelled.out
    terminal("yes")
    deleted = run("views", "delete", url)
    assert deleted.code == 0, deleted.err
    assert 'deleted e/p "Training"' in deleted.out
    assert run("views", "list", "e/p").out == ""
    gone = run("views", "delete", url, "--yes")
    assert gone.code == 1 and "no saved workspace at" in gone.err
    planned = run("plan", path)  # the file's next plan makes it again
    assert "no longer exists; apply creates a new one" in planned.out


# -- bulk export -----------------------------------------------------------------------------
def test_export_a_project_writes_one_file_per_view(run: Any, tmp_path: Path) -> None:
    for name, text in (
        ("a.py", SCRIPT),
        ("b.py", OTHER),
        ("c.py", OTHER.replace("Other", "other!")),
    ):
        assert run("apply", write(tmp_path / name, text)).code == 0
    out = tmp_path / "exported"
    exported = run("export", "e/p", out)
    assert exported.code == 0, exported.err
    assert sorted(p.name for p in out.iterdir()) == ["other.py", "other_2.py", "training.py"]
    assert "exported 3 view(s) of e/p" in exported.err
    text = (out / "training.py").read_text()
    assert 'url = "http://127.0.0.1:8080/e/p?nw=' in text
    planned = run("plan", *sorted(out.iterdir()))  # the files manage those very views
    assert planned.code == 0, planned.out + planned.err
    assert "Plan: 0 to create, 0 to change, 3 unchanged." in planned.out
    again = run("export", "e/p", out)
    assert again.code == 1 and "so nothing is overwritten" in again.err
    as_yaml = run("export", "e/p", tmp_path / "yaml", "--format", "yaml")
    assert as_yaml.code == 0
    assert (tmp_path / "yaml" / "training.yaml").read_text().startswith("url: http")
    assert run("plan", *sorted((tmp_path / "yaml").iterdir())).code == 0


def test_export_a_project_needs_a_folder(run: Any) -> None:
    refused = run("export", "e/p")
    assert refused.code == 2 and "give a folder, `panelbank export e/p DIR`" in refused.err
    empty = run("export", "e/nothing", "out")
    assert empty.code == 1 and "Project e/nothing not found" in empty.err


# -- adopt -----------------------------------------------------------------------------------
def test_adopt_brings_a_view_under_management(run: Any, tmp_path: Path) -> None:
    made = run("apply", write(tmp_path / "made_elsewhere.py", SCRIPT))
    assert made.code == 0
    url = the_url(run)
    folder = tmp_path / "repo"
    folder.mkdir()
    adopted = run("adopt", url, folder / "training.yaml")
    assert adopted.code == 0, adopted.err
    assert 'adopted e/p "Training" into' in adopted.out
    assert (folder / "training.yaml").read_text().startswith(f"url: {url}")
    state = json.loads((folder / ".panelbank-state.json").read_text())
    [entries] = state["backends"].values()
    assert [(e["file"], e["marker"]) for e in entries.values()] == [("training.yaml", 1)]
    assert run("plan", folder / "training.yaml").code == 0  # nothing to change
    edit_elsewhere()  # drift is noticed from now on
    planned = run("plan", folder / "training.yaml")
    assert "changed elsewhere since the last apply (1 → 2)" in planned.out
    again = run("adopt", url, folder / "training.yaml")
    assert again.code == 1 and "exists; adopt writes a new file" in again.err
    twice = run("adopt", url, folder / "second.py")
    assert twice.code == 1 and "already manages" in twice.err
