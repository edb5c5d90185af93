"""``panelbank state list|mv|rm``: a rename of a view named by its display name flows
through plan as a rename of the same view (id and history kept), not delete + create."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import stored
from .test_plan_apply import SCRIPT, panel_ids, the_url, write

RENAMED = SCRIPT.replace('name="Training"', 'name="Curves"')


def _applied(run: Any, tmp_path: Path) -> tuple[Path, str]:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path).code == 0
    return path, the_url(run)


def test_state_mv_plans_a_rename_of_the_same_view(run: Any, tmp_path: Path) -> None:
    path, url = _applied(run, tmp_path)
    ids = panel_ids(url)
    write(path, RENAMED)
    before = run("plan", path, "--prune")  # without state mv: a new view, the old pruned
    assert '+ e/p "Curves" (new view)' in before.out and '- e/p "Training"' in before.out
    moved = run("state", "mv", "e/p/Training", "Curves", "--state", tmp_path)
    assert moved.code == 0, moved.err
    assert 'moved e/p "Training" to "Curves"' in moved.out
    planned = run("plan", path, "--prune")
    assert planned.code == 2
    assert f'~ e/p "Curves" ({url})' in planned.out
    assert '~ name: "Training" → "Curves"' in planned.out
    assert "renamed from 'Training' (`panelbank state mv`)" in planned.out
    assert "Plan: 0 to create, 1 to change, 0 unchanged, 0 to delete." in planned.out
    [view] = json.loads(run("plan", path, "--json").out)["views"]
    assert (view["action"], view["url"]) == ("update", url)
    applied = run("apply", path, "--prune")
    assert applied.code == 0, applied.err
    assert stored(url).display_name == "Curves" and stored(url).version == 2
    assert panel_ids(url) == ids
    assert len(run("views", "list", "e/p").out.splitlines()) == 1
    assert run("plan", path).code == 0


def test_state_list_and_rm(run: Any, tmp_path: Path) -> None:
    path, url = _applied(run, tmp_path)
    listed = run("state", "list", "--state", tmp_path / ".panelbank-state.json")
    assert listed.code == 0
    assert listed.out.startswith("e/p/Training\ttraining.py\tsqlite:")
    forgot = run("state", "rm", "Training", "--state", tmp_path)
    assert forgot.code == 0 and "the view is kept" in forgot.out
    assert run("state", "list", "--state", tmp_path).out == ""
    assert stored(url).version == 1
    assert run("plan", path).code == 0  # found by its name again; apply adopts it


def test_state_mv_errors_say_what_to_do(run: Any, tmp_path: Path) -> None:
    nothing = run("state", "mv", "e/p/A", "B", "--state", tmp_path)
    assert nothing.code == 1 and "no .panelbank-state.json in" in nothing.err
    _applied(run, tmp_path)
    typo = run("state", "mv", "e/p/Trainin", "e/p/X", "--state", tmp_path)
    assert typo.code == 1
    assert "records no view at e/p/Trainin; did you mean 'e/p/Training'?" in typo.err
    other_project = run("state", "mv", "e/p/Training", "e/q/Training", "--state", tmp_path)
    assert other_project.code == 1 and "a view stays in its project" in other_project.err
    write(tmp_path / "other.py", SCRIPT.replace('name="Training"', 'name="Other"'))
    assert run("apply", tmp_path / "other.py").code == 0
    taken = run("state", "mv", "Training", "Other", "--state", tmp_path)
    assert taken.code == 1 and "already records a view at e/p/Other" in taken.err
    bare = run("state", "mv", "Nope", "X", "--state", tmp_path)
    assert bare.code == 1 and "'Nope': give ENTITY/PROJECT/NAME" in bare.err
