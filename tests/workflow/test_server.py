"""plan, apply, export and conflicts against ``panelbank serve`` over HTTP (GraphQL):
the same workflow with the server's view ``version`` as the change marker."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from tests.backends.conftest import LiveServer, live_server  # noqa: F401 (the fixture)

from .test_plan_apply import EDITED, SCRIPT, write


def test_plan_apply_export_over_http(
    run: Any,
    tmp_path: Path,
    live_server: LiveServer,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WANDB_API_KEY", live_server.api_key)
    server = ["--base-url", live_server.url]
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("plan", path, *server).code == 2
    applied = run("apply", path, *server)
    assert applied.code == 0, applied.err
    url = re.search(r"http://\S+", applied.out)
    assert url is not None
    assert run("plan", path, *server).code == 0
    state = json.loads((tmp_path / ".panelbank-state.json").read_text())
    [entry] = state["backends"][live_server.url].values()
    assert entry["marker"] == 1  # the view's version (the server checks it)

    exported = run("export", url.group(0), *server, "--format", "yaml")
    assert exported.code == 0, exported.err
    assert exported.out.startswith("entity: e\nproject: p\nname: Training\n")

    ws.configure(base_url=live_server.url, api_key=live_server.api_key)
    elsewhere = ws.Workspace.load("e", "p", display_name="Training")
    elsewhere.settings.max_runs = 7
    elsewhere.save()
    ws.configure()
    write(path, EDITED)
    refused = run("apply", path, *server)
    assert refused.code == 1
    assert "was edited elsewhere since the last apply" in refused.err
    assert run("apply", path, *server, "--force").code == 0


def test_a_state_file_with_an_updated_at_marker_still_applies(
    run: Any,
    tmp_path: Path,
    live_server: LiveServer,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Written before panelbank serve announced version checks: updatedAt, not a version.
    monkeypatch.setenv("WANDB_API_KEY", live_server.api_key)
    server = ["--base-url", live_server.url]
    path = write(tmp_path / "w.py", SCRIPT)
    assert run("apply", path, *server).code == 0
    state_path = tmp_path / ".panelbank-state.json"
    state = json.loads(state_path.read_text())
    [entry] = state["backends"][live_server.url].values()
    entry["marker"] = "2026-01-01T00:00:00.123456"
    state_path.write_text(json.dumps(state))
    write(path, EDITED)
    applied = run("apply", path, *server)
    assert applied.code == 0, applied.err
    [entry] = json.loads(state_path.read_text())["backends"][live_server.url].values()
    assert entry["marker"] == 2


def test_views_history_and_restore_against_a_server(
    run: Any,
    tmp_path: Path,
    live_server: LiveServer,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue 14, defect 10: both refused a server URL although the server serves them
    monkeypatch.setenv("WANDB_API_KEY", live_server.api_key)
    server = ["--base-url", live_server.url]
    path = write(tmp_path / "w.py", SCRIPT)
    applied = run("apply", path, *server)
    match = re.search(r"http://\S+", applied.out)
    assert match is not None
    url = match.group(0)
    write(path, EDITED)
    assert run("apply", path, *server).code == 0
    history = run("views", "history", url, "--diff", *server)
    assert history.code == 0, history.err
    lines = history.out.splitlines()
    assert lines[0].startswith("v1\t") and lines[0].endswith("\tTraining\tcreated")
    assert lines[1].startswith("v2\t") and "\tTraining\t" in lines[1]
    assert '    ~ section "Loss"' in history.out
    restored = run("views", "restore", url, "1", *server)
    assert restored.code == 0, restored.err
    assert restored.out == f"restored version 1 of {url} as version 3\n"
    assert run("plan", path, *server).code == 2  # the view holds version 1's content again
    missing = run("views", "restore", url, "9", *server)
    assert missing.code == 1
    assert "panelbank: error: " in missing.err and "Traceback" not in missing.err
