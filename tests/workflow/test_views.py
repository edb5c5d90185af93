"""panelbank views list|history|restore against the embedded store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import stored
from .test_plan_apply import EDITED, SCRIPT, the_url, write


def test_list_history_restore(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path).code == 0
    write(path, EDITED)
    assert run("apply", path).code == 0
    url = the_url(run)
    listed = run("views", "list", "e/p")
    assert listed.out.startswith("Training\t")
    history = run("views", "history", url, "--diff")
    assert history.code == 0
    lines = history.out.splitlines()
    assert lines[0].startswith("v1\t") and lines[0].endswith("\tTraining\tcreated")
    assert lines[1].startswith("v2\t") and lines[1].endswith("\tTraining\t11 changes")
    assert '    ~ section "Loss"' in history.out
    first = json.loads(stored(url).spec)
    restored = run("views", "restore", url, "1")
    assert restored.out == f"restored version 1 of {url} as version 3\n"
    assert json.loads(stored(url).spec) != first
    assert run("plan", path).code == 2  # the file is at version 2's content
    kept = run("apply", path)  # changed elsewhere only: apply leaves it as it is
    assert kept.code == 0 and stored(url).version == 3
    reverted = run("apply", path, "--force")
    assert reverted.code == 0 and stored(url).version == 4
    assert run("plan", path).code == 0


def test_views_errors(run: Any) -> None:
    unknown = run("views", "list", "e/none")
    assert unknown.code == 1
    assert unknown.err.startswith("panelbank: error: Project e/none not found in the store")
    bad = run("views", "list", "just-one")
    assert (bad.code, bad.err) == (2, "panelbank: error: expected ENTITY/PROJECT, got 'just-one'\n")
    missing = run("views", "history", "http://127.0.0.1:8080/e/p?nw=nope")
    assert missing.code == 1
    assert "panelbank: error: " in missing.err
