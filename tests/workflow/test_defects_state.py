"""Issue 14, defects 4, 5, 7, 8 and 9: state keyed by backend and view id (renames with
``url=`` keep the drift check, a view deleted and made again and a state file from
another backend are told apart, version 1 files migrate), ``url=`` checked against the
target project, one view declared in two files, and a no-op apply that writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import wandb_workspaces.workspaces as ws
from panelbank.store.backend import LocalBackend

from .conftest import save_spec, stored
from .test_plan_apply import EDITED, SCRIPT, edit_elsewhere, the_url, write

STATE = ".panelbank-state.json"


def test_a_rename_with_url_keeps_the_drift_check(run: Any, tmp_path: Path) -> None:
    url = save_spec(ws.Workspace(entity="e", project="p").to_spec(), name="Training")
    path = write(tmp_path / "w.py", SCRIPT + f"\nurl = {url!r}\n")
    assert run("apply", path).code == 0
    edit_elsewhere()
    write(path, SCRIPT.replace('name="Training"', 'name="Renamed"') + f"\nurl = {url!r}\n")
    planned = run("plan", path)
    assert "! edited elsewhere since the last apply (2 → 3)" in planned.out
    refused = run("apply", path)
    assert refused.code == 1
    assert 'e/p "Renamed" was edited elsewhere since the last apply' in refused.err
    assert stored(url).display_name == "Training"
    assert run("apply", path, "--force").code == 0
    assert stored(url).display_name == "Renamed"


def delete_view(url: str) -> None:
    backend = LocalBackend()
    try:
        backend.delete_view(stored(url).id)
    finally:
        backend.close()


def test_a_view_deleted_and_made_again_is_not_overwritten(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path).code == 0
    old = the_url(run)
    delete_view(old)
    spec = ws.Workspace(entity="e", project="p").to_spec()
    new = save_spec(spec, name="Training")
    save_spec(spec, name="Other")  # the new view is at version 1, as the old one was
    planned = run("plan", path)
    assert "! deleted and made again elsewhere: the view this file last applied" in planned.out
    refused = run("apply", path)
    assert refused.code == 1
    assert 'e/p "Training" was deleted and made again elsewhere' in refused.err
    assert stored(new).version == 1
    assert run("apply", path, "--force").code == 0
    assert stored(new).version == 2
    assert run("plan", path).code == 0


def test_a_view_deleted_is_made_again_with_a_note(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path).code == 0
    delete_view(the_url(run))
    planned = run("plan", path)
    assert "no longer exists; apply creates a new one" in planned.out
    assert run("apply", path).code == 0


def test_a_state_file_from_another_backend_is_said_so(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path).code == 0
    other = tmp_path / "other-home"
    ws.configure(local=True, home=other)
    workspace = ws.Workspace(entity="e", project="p", name="Training").save()
    workspace.settings.max_runs = 3
    workspace.save()  # version 2 there, 1 in the state file
    ws.configure()
    planned = run("plan", path, "--home", other)
    assert "edited elsewhere" not in planned.out
    assert "note: the state file records this view on sqlite:///" in planned.out
    assert f"not on sqlite:///{other}/panelbank.db" in planned.out
    assert run("apply", path, "--home", other).code == 0
    state = json.loads((tmp_path / STATE).read_text())
    assert len(state["backends"]) == 2


def test_a_version_1_state_file_is_migrated(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path).code == 0
    view = stored(the_url(run))
    old = {"e/p/Training": {"id": view.id, "name": view.name, "marker": 1, "applied_at": "x"}}
    (tmp_path / STATE).write_text(json.dumps({"version": 1, "views": old}))
    edit_elsewhere()
    write(path, EDITED)
    assert "! edited elsewhere since the last apply (1 → 2)" in run("plan", path).out
    assert run("apply", path).code == 1
    assert run("apply", path, "--force").code == 0
    state = json.loads((tmp_path / STATE).read_text())
    assert state["version"] == 2
    [entries] = state["backends"].values()
    assert entries[view.id]["marker"] == 3


def test_url_is_checked_against_the_target_project(run: Any, tmp_path: Path) -> None:
    url = save_spec(ws.Workspace(entity="e", project="p").to_spec(), name="Training")
    path = write(tmp_path / "w.py", SCRIPT + f"\nurl = {url!r}\n")
    result = run("apply", path, "--project", "exp-a")
    assert result.code == 1
    assert "`url` names a view in e/p, but the declaration targets e/exp-a" in result.err
    assert str(path) in result.err
    assert stored(url).version == 1
    moved = run("plan", path, "--entity", "team")
    assert "but the declaration targets team/p" in moved.err


def test_two_files_declaring_one_view_is_an_error(run: Any, tmp_path: Path) -> None:
    a = write(tmp_path / "a.py", SCRIPT)
    b = write(tmp_path / "b.py", EDITED)
    for command in ("plan", "apply"):
        result = run(command, a, b)
        assert result.code == 1
        assert f'{a} and {b} both declare the view e/p "Training"' in result.err
    assert run("views", "list", "e/p").code == 1  # nothing written: no project yet
    assert run("apply", a).code == 0
    result = run("apply", a, b)
    assert f'{a} and {b} both declare the view e/p "Training" (http' in result.err
    assert run("apply", a, a).code == 0  # one file given twice is one declaration


def test_a_no_op_apply_writes_nothing(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path).code == 0
    state = tmp_path / STATE
    data = json.loads(state.read_text())
    [entries] = data["backends"].values()
    [entry] = entries.values()
    entry["applied_at"] = "2000-01-01T00:00:00+00:00"
    state.write_text(json.dumps(data, indent=2))
    before = (state.read_bytes(), state.stat().st_mtime_ns)
    applied = run("apply", path)
    assert applied.code == 0
    assert "Apply: 0 created, 0 changed, 1 unchanged." in applied.out
    assert (state.read_bytes(), state.stat().st_mtime_ns) == before


def test_plan_json(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    other = write(tmp_path / "o.yaml", "entity: e\nproject: p\nname: Other\n")
    assert run("apply", path).code == 0
    write(path, EDITED)
    result = run("plan", "--json", path, other)
    assert result.code == 2
    plan = json.loads(result.out)
    assert plan["format_version"] == 1
    assert plan["summary"] == {"create": 1, "update": 1, "none": 0, "drift": 0}
    update, create = plan["views"]
    assert (update["file"], update["name"], update["action"]) == (str(path), "Training", "update")
    assert update["url"].startswith("http://127.0.0.1:8080/e/p?nw=")
    assert update["marker"] == 1 and update["conflict"] == "" and update["notes"] == []
    assert {"depth": 1, "op": "~", "text": 'section "Loss"'} in update["changes"]
    assert (create["action"], create["url"], create["view_id"]) == ("create", None, None)
