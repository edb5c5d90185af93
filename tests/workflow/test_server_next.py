"""Saved plans, --prune, state mv and drift against ``panelbank serve`` on a loopback port,
through the GraphQL backend (the view's ``version`` is the change marker)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from tests.backends.conftest import LiveServer, live_server  # noqa: F401 (the fixture)

from .test_plan_apply import EDITED, SCRIPT, write

OTHER = SCRIPT.replace('name="Training"', 'name="Other"')


@pytest.fixture
def server(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # noqa: F811
    monkeypatch.setenv("WANDB_API_KEY", live_server.api_key)
    return ["--base-url", live_server.url]


def edit_on(live_server: LiveServer, name: str = "Training") -> None:  # noqa: F811
    ws.configure(base_url=live_server.url, api_key=live_server.api_key)
    try:
        elsewhere = ws.Workspace.load("e", "p", display_name=name)
        elsewhere.settings.max_runs = 7
        elsewhere.save()
    finally:
        ws.configure()


def names(run: Any, server: list[str]) -> list[str]:
    listed = run("views", "list", "e/p", *server)
    assert listed.code == 0, listed.err
    return sorted(line.split("\t")[0] for line in listed.out.splitlines())


def test_a_saved_plan_on_a_server(
    run: Any,
    tmp_path: Path,
    server: list[str],
    live_server: LiveServer,  # noqa: F811
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path, *server).code == 0
    write(path, EDITED)
    shown = run("plan", path, *server)  # the address is the server's, not the default W&B
    assert f'~ e/p "Training" ({live_server.url}/e/p?nw=' in shown.out
    saved = tmp_path / "plan.json"
    assert run("plan", path, *server, "-out", saved).code == 2
    plan = json.loads(saved.read_text())
    [view] = plan["views"]
    assert (view["backend"], view["marker"]) == (live_server.url, 1)
    write(path, SCRIPT)  # the file changes again: the saved plan still applies as made
    applied = run("apply", saved, *server)
    assert applied.code == 0, applied.err
    assert "Apply: 0 created, 1 changed, 0 unchanged." in applied.out
    write(path, EDITED)
    assert run("plan", path, *server).code == 0  # the view is what the plan said

    again = tmp_path / "again.json"
    write(path, SCRIPT)
    assert run("plan", path, *server, "-out", again).code == 2
    edit_on(live_server)
    refused = run("apply", again, *server)
    assert refused.code == 1
    assert 'e/p "Training": changed since the plan (version 2 → 3)' in refused.err
    elsewhere = run("apply", again)  # the embedded store is another backend
    assert elsewhere.code == 1 and f"the plan was made against {live_server.url}" in elsewhere.err


def test_prune_on_a_server(
    run: Any,
    tmp_path: Path,
    server: list[str],
    live_server: LiveServer,  # noqa: F811
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    other = write(tmp_path / "other.py", OTHER)
    assert run("apply", path, other, *server).code == 0
    assert names(run, server) == ["Other", "Training"]
    other.unlink()
    planned = run("plan", path, "--prune", *server)
    assert planned.code == 2
    assert re.search(r'- e/p "Other" \(pruned: http://127\.0\.0\.1:\d+/e/p\?nw=', planned.out)
    edit_on(live_server, "Other")
    refused = run("apply", path, "--prune", "--yes", *server)
    assert refused.code == 1 and "apply --force to delete it" in refused.err
    assert names(run, server) == ["Other", "Training"]
    applied = run("apply", path, "--prune", "--yes", "--force", *server)
    assert applied.code == 0, applied.err
    assert 'deleted e/p "Other"' in applied.out
    assert names(run, server) == ["Training"]
    assert run("plan", path, "--prune", *server).code == 0


def test_state_mv_and_drift_on_a_server(
    run: Any,
    tmp_path: Path,
    server: list[str],
    live_server: LiveServer,  # noqa: F811
) -> None:
    path = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", path, *server).code == 0
    edit_on(live_server)
    drift = json.loads(run("plan", "--json", path, *server).out)
    [view] = drift["views"]
    assert (view["action"], view["code_changes"]) == ("none", [])
    assert view["drift"] == [{"depth": 2, "op": "~", "text": "settings.max_runs: 10 → 7"}]
    assert run("apply", "--force", path, *server).code == 0  # reverts it
    write(path, SCRIPT.replace('name="Training"', 'name="Curves"'))
    assert run("state", "mv", "e/p/Training", "Curves", "--state", tmp_path).code == 0
    planned = run("plan", path, *server)
    assert '~ name: "Training" → "Curves"' in planned.out
    assert run("apply", path, *server).code == 0
    assert names(run, server) == ["Curves"]
    assert run("plan", path, *server).code == 0
