"""Artifacts logged, used, downloaded, read back, linked and deleted by the official wandb
SDK (its own venv, scripts/official-venv --sdk) against `panelbank serve`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from . import _harness
from ._harness import HarnessError, Server

pytestmark = pytest.mark.official

CLIENT = Path(__file__).with_name("sdk_artifact_client.py")
ENTITY, PROJECT = "art-ent", "art-proj"


@pytest.fixture(scope="module")
def scenario(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> dict[str, Any]:
    scratch = client_scratch / "artifacts"
    scratch.mkdir()
    env = _harness.client_env(panelbank_server, scratch)
    proc = subprocess.run(
        [official_sdk_python, str(CLIENT), ENTITY, PROJECT, str(scratch)],
        capture_output=True,
        text=True,
        env=env,
        cwd=scratch,
        timeout=300,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise HarnessError(
            f"{CLIENT.name} exited with {proc.returncode}:\n"
            f"{_harness._tail(proc.stdout + proc.stderr)}"
        )
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return result


def test_versions_and_content_deduplication(scenario: dict[str, Any]) -> None:
    assert scenario["versions"] == ["v0", "v1", "v1"]
    assert scenario["latest_version"] == "v1"


def test_use_and_download(scenario: dict[str, Any]) -> None:
    assert scenario["downloaded"] == {"a.txt": "hello", "ref.csv": "1,2\n"}
    assert scenario["used_aliases"] == ["best"]


def test_public_api_reads_metadata_files_and_lineage(scenario: dict[str, Any]) -> None:
    assert scenario["v0"] == {
        "type": "data",
        "aliases": ["best"],
        "metadata": {"k": 1},
        "description": "d1",
        "files": ["a.txt", "ref.csv", "sub/b.bin"],
        "logged_by": "artlog01",
        "used_by": ["artuse01"],
    }


def test_link_and_delete(scenario: dict[str, Any]) -> None:
    assert scenario["linked"] is True
    # a type's collections include the portfolios its versions are linked into, as on W&B
    assert scenario["collections"] == ["dataset", "portfolio"]
    # v1 has only latest, which blocks delete() as any alias does (delete_aliases=True
    # deleted it): v0 is left
    assert scenario["delete_with_alias"] == "CommError"
    assert scenario["after_delete"] == ["v0"]
