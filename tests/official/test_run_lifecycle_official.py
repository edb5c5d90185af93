"""A run's life INTO `panelbank serve` with the unmodified official wandb SDK: resume in
every mode, files listed and downloaded, a run deleted with its history and files, the
entity read back (``sdk_lifecycle_client.py`` does it in one process)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.store import Store

from . import _harness
from ._harness import Server

pytestmark = pytest.mark.official

PROJECT = "life-proj"
RUN_ID, OTHER_ID = "life0001", "life0002"
CLIENT = Path(__file__).with_name("sdk_lifecycle_client.py")


@pytest.fixture(scope="module")
def lifecycle(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> dict[str, Any]:
    scratch = client_scratch / "lifecycle"
    scratch.mkdir(exist_ok=True)
    env = _harness.client_env(panelbank_server, scratch)
    result: dict[str, Any] = {}
    for step in ("first", "refused", "resume"):
        proc = subprocess.run(
            [official_sdk_python, str(CLIENT), step, PROJECT, RUN_ID, OTHER_ID],
            capture_output=True,
            text=True,
            env=env,
            cwd=scratch,
            timeout=_harness.CLIENT_TIMEOUT,
            check=False,
        )
        lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
        if proc.returncode != 0 or not lines:
            pytest.fail(
                f"{CLIENT.name} {step} exited with {proc.returncode}:\n"
                f"{_harness._tail(proc.stdout + proc.stderr, 40)}\n\nserver log:\n"
                f"{_harness._tail(panelbank_server.log())}",
                pytrace=False,
            )
        result.update(json.loads(lines[-1].removeprefix("RESULT ")))
    return result


def test_resume_modes_and_their_errors(lifecycle: dict[str, Any]) -> None:
    assert "Run (life0001) already exists" in lifecycle["never"]
    assert "nosuch01" in lifecycle["must_unknown"]
    assert lifecycle["resumed_config"] == {"lr": 0.1, "batch": 32}
    assert lifecycle["fresh_step"] == 0  # resume="allow" on a new id starts a new run


def test_resumed_history_continues_at_the_right_step(
    lifecycle: dict[str, Any], panelbank_server: Server
) -> None:
    # the first session: three rows, and the table, committed at finish() as step 3;
    # the resumed session goes on at step 4
    assert lifecycle["history_steps"] == [0, 1, 2, 3, 4, 5]
    assert lifecycle["config"] == {"lr": 0.1, "batch": 32}
    with Store.open(home=panelbank_server.home) as store:
        run = store.get_run(lifecycle["entity"], PROJECT, RUN_ID)
    assert run is not None
    assert (run.state, run.history_line_count) == ("finished", 6)
    output = panelbank_server.home / "files" / lifecycle["entity"] / PROJECT / RUN_ID
    assert "console of the first session" in (output / "output.log").read_text()


def test_files_listed_and_downloaded(lifecycle: dict[str, Any]) -> None:
    assert lifecycle["file_count"] == len(lifecycle["file_names"])
    assert {"notes.txt", "output.log", "wandb-summary.json"} <= set(lifecycle["file_names"])
    assert lifecycle["downloaded"] == "saved by the first session\n"


def test_deleted_run_is_gone_with_history_and_files(
    lifecycle: dict[str, Any], panelbank_server: Server
) -> None:
    assert lifecycle["after_delete"] != "still there"
    entity = lifecycle["entity"]
    assert not (panelbank_server.home / "files" / entity / PROJECT / OTHER_ID).exists()
    with Store.open(home=panelbank_server.home) as store:
        assert store.get_run(entity, PROJECT, OTHER_ID) is None
        kept = store.get_run(entity, PROJECT, RUN_ID)
    assert kept is not None
    history = HistoryStore(panelbank_server.home / "history")
    try:
        assert history.line_count(kept.history_key) == 6
        # the deleted run was created right after: its history folder is gone
        assert history.line_count(f"run-{kept.pk + 1}") == 0
    finally:
        history.close()


def test_entity_members_and_projects(lifecycle: dict[str, Any]) -> None:
    assert lifecycle["members"] == [lifecycle["entity"]]
    assert PROJECT in lifecycle["projects"]
