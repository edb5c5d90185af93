"""Logged artifacts edited by the official wandb SDK (its own venv, scripts/official-venv
--sdk) against `panelbank serve`: tags, TTL, a collection's tags and type, the order of
versions, a version logged again, which aliases block a delete, tables from two runs of one
process, storage regions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from . import _harness
from ._harness import HarnessError, Server

pytestmark = pytest.mark.official

CLIENT = Path(__file__).with_name("sdk_artifact_edits_client.py")
ENTITY, PROJECT = "edit-ent", "edit-proj"


@pytest.fixture(scope="module")
def edits(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> dict[str, Any]:
    scratch = client_scratch / "artifact-edits"
    scratch.mkdir()
    env = _harness.client_env(panelbank_server, scratch)
    proc = subprocess.run(
        [official_sdk_python, str(CLIENT), ENTITY, PROJECT],
        capture_output=True,
        text=True,
        env=env,
        cwd=scratch,
        timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise HarnessError(
            f"{CLIENT.name} exited with {proc.returncode}:\n"
            f"{_harness._tail(proc.stdout + proc.stderr)}"
        )
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return result


def test_tags_and_ttl_given_at_log_time_are_read_back(edits: dict[str, Any]) -> None:
    assert edits["logged"] == {"tags": ["first pass", "raw"], "ttl": 3 * 86400.0}


def test_tags_and_ttl_are_changed_through_the_public_api(edits: dict[str, Any]) -> None:
    assert edits["retagged"] == {"tags": ["clean", "first pass"], "ttl": None}
    # a tag the SDK would refuse changes nothing
    assert edits["after_bad_tag"] == ["clean", "first pass"]


def test_a_collection_takes_tags_and_another_type(edits: dict[str, Any]) -> None:
    assert edits["collection"] == {"tags": ["gold"], "type": "dataset"}


def test_versions_come_in_the_order_asked(edits: dict[str, Any]) -> None:
    assert edits["order"] == {"version_index": ["v0", "v1"], "-version_index": ["v1", "v0"]}


def test_a_run_that_logs_an_existing_version_lists_it(edits: dict[str, Any]) -> None:
    assert edits["logged_again"] == ["v1"]


def test_latest_blocks_delete_until_delete_aliases(edits: dict[str, Any]) -> None:
    assert edits["delete_latest"] == {
        "without_delete_aliases": "raised CommError",
        "left": ["v0"],
    }


def test_two_runs_of_one_process_log_tables(edits: dict[str, Any]) -> None:
    # wandb 0.28 asked serverInfo at each media value until it learnt max_cli_version,
    # through a client closed after the first run: test_run_lifecycle checks the answer
    assert edits["tables"] == ["tab01", "tab02"]


def test_another_storage_region_is_refused(edits: dict[str, Any]) -> None:
    assert edits["storage_region"] == "raised ValueError"
