"""Drift shown apart from code changes: the plan compares the file and the stored view
with the spec the last apply wrote (``applied_spec`` in the state file); changed in code
only is applied, changed elsewhere only is left as it is (``--force`` reverts it), both
is a conflict apply refuses without ``--force``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import stored
from .test_plan_apply import SCRIPT, edit_elsewhere, the_url, write

CODE = SCRIPT.replace('title="Acc", metric="acc"', 'title="Acc", metric="accuracy"')


def _applied(run: Any, tmp_path: Path) -> tuple[Path, str]:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    state = json.loads((tmp_path / ".panelbank-state.json").read_text())
    [entries] = state["backends"].values()
    [entry] = entries.values()
    assert "__id__" not in entry["applied_spec"] and '"loss"' in entry["applied_spec"]
    return path, the_url(run)


def _view(run: Any, path: Path) -> dict[str, Any]:
    result = run("plan", "--json", path)
    assert result.code == 2
    data = json.loads(result.out)
    [view] = data["views"]
    return {**view, "summary": data["summary"]}


def test_changed_in_code_only(run: Any, tmp_path: Path) -> None:
    path, url = _applied(run, tmp_path)
    write(path, CODE)
    planned = run("plan", path)
    assert planned.code == 2
    assert "changed elsewhere" not in planned.out and "!" not in planned.out
    assert '            ~ metric.Metric: "acc" → "accuracy"\n' in planned.out
    view = _view(run, path)
    assert (view["action"], view["conflict"], view["drift"]) == ("update", "", [])
    changed = {"depth": 4, "op": "~", "text": 'metric.Metric: "acc" → "accuracy"'}
    assert changed in view["code_changes"]
    assert view["summary"]["drift"] == 0
    assert run("apply", path).code == 0 and stored(url).version == 2


def test_changed_elsewhere_only_is_shown_and_left_alone(run: Any, tmp_path: Path) -> None:
    path, url = _applied(run, tmp_path)
    edit_elsewhere()
    planned = run("plan", path)
    assert planned.code == 2  # something to review, though apply changes nothing
    assert planned.out.startswith('  e/p "Training" (no changes in code; changed elsewhere)\n')
    assert "    changed elsewhere since the last apply (1 → 2):\n" in planned.out
    assert "        ~ settings.max_runs: 10 → 42" in planned.out
    assert f"take the edit into the file (`panelbank export {url} -o FILE`)" in planned.out
    assert "Plan: 0 to create, 0 to change, 1 unchanged, 1 changed elsewhere." in planned.out
    view = _view(run, path)
    assert (view["action"], view["conflict"], view["code_changes"]) == ("none", "", [])
    assert view["drift"] == [{"depth": 2, "op": "~", "text": "settings.max_runs: 10 → 42"}]
    assert view["summary"] == {"create": 0, "update": 0, "none": 1, "drift": 1}
    kept = run("apply", path)
    assert kept.code == 0, kept.err
    assert stored(url).version == 2  # the edit made elsewhere is kept
    assert "changed elsewhere since the last apply (1 → 2)" in run("plan", path).out
    reverted = run("apply", path, "--force")
    assert reverted.code == 0 and "updated" in reverted.out
    assert stored(url).version == 3
    assert run("plan", path).code == 0


def test_changed_in_both_is_a_conflict(run: Any, tmp_path: Path) -> None:
    path, url = _applied(run, tmp_path)
    edit_elsewhere()
    write(path, CODE)
    planned = run("plan", path)
    assert planned.code == 2
    out = planned.out
    assert out.index("    changed in code:") < out.index('                ~ metric.Metric: "acc"')
    assert out.index("    changed elsewhere since the last apply (1 → 2):") < out.index(
        "        ~ settings.max_runs: 10 → 42"
    )
    assert "! edited elsewhere since the last apply (1 → 2); apply needs --force" in out
    view = _view(run, path)
    assert view["action"] == "update" and view["conflict"].startswith("edited elsewhere")
    assert view["code_changes"] and view["drift"]
    refused = run("apply", path)
    assert refused.code == 1 and "apply --force to overwrite it" in refused.err
    assert stored(url).version == 2
    assert run("apply", path, "--force").code == 0 and stored(url).version == 3


def test_a_saved_plan_keeps_a_view_changed_elsewhere_only(run: Any, tmp_path: Path) -> None:
    path, url = _applied(run, tmp_path)
    edit_elsewhere()
    saved = tmp_path / "plan.json"
    assert run("plan", path, "-out", saved).code == 2
    assert run("apply", saved).code == 0
    assert stored(url).version == 2
    assert "changed elsewhere since the last apply (1 → 2)" in run("plan", path).out


def test_without_a_record_of_the_apply_the_marker_decides(run: Any, tmp_path: Path) -> None:
    path, _ = _applied(run, tmp_path)
    state_path = tmp_path / ".panelbank-state.json"
    state = json.loads(state_path.read_text())
    for entries in state["backends"].values():
        for entry in entries.values():
            del entry["applied_spec"]  # as an older panelbank wrote it
    state_path.write_text(json.dumps(state))
    edit_elsewhere()
    view = _view(run, path.parent / write(path, CODE).name)
    assert view["code_changes"] is None and view["drift"] is None
    assert view["conflict"].startswith("edited elsewhere since the last apply (1 → 2)")


def test_no_drift_while_the_marker_is_the_one_apply_left(run: Any, tmp_path: Path) -> None:
    # A server that rewrites what apply sent (adds a key) is not "changed elsewhere":
    # nobody wrote the view since, its marker says so.
    path, url = _applied(run, tmp_path)
    state_path = tmp_path / ".panelbank-state.json"
    state = json.loads(state_path.read_text())
    [entries] = state["backends"].values()
    [entry] = entries.values()
    applied = json.loads(entry["applied_spec"])
    applied["section"]["serverOnly"] = 1  # what apply recorded differs from what is stored
    entry["applied_spec"] = json.dumps(applied)
    state_path.write_text(json.dumps(state))
    view = _view(run, write(path, CODE))
    assert view["drift"] == [] and view["conflict"] == ""
    assert view["summary"]["drift"] == 0
    assert run("apply", path).code == 0 and stored(url).version == 2
