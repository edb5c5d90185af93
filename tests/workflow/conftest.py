"""Fixtures for the workflow tests: an embedded store in a temporary PANELBANK_HOME, the
CLI run in-process, saved views, and golden files (``PANELBANK_UPDATE_GOLDEN=1`` rewrites)."""

from __future__ import annotations

import dataclasses
import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from panelbank import cli
from panelbank.store.backend import LocalBackend

GOLDEN = Path(__file__).parent / "golden"


@dataclasses.dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A fresh embedded store; no WANDB_* variables; no backend chosen before or after."""
    for name in ("WANDB_BASE_URL", "WANDB_API_KEY", "PANELBANK_URL", "PANELBANK_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "panelbank"
    monkeypatch.setenv("PANELBANK_HOME", str(path))
    ws.configure()
    yield path
    ws.configure()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Any:
    """``run("plan", "file.py")`` -> Result(code, out, err) of ``panelbank ...``."""

    def invoke(*args: str) -> Result:
        code = cli.main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def save_spec(
    spec: dict[str, Any], *, entity: str = "e", project: str = "p", name: str = "W"
) -> str:
    """Store a view with exactly this spec in the embedded store; returns its URL."""
    backend = LocalBackend()
    try:
        saved = backend.upsert_view(
            id=None,
            entity=entity,
            project=project,
            name="",
            display_name=name,
            spec=json.dumps(spec),
        )
    finally:
        backend.close()
    view_id = saved.name.removeprefix("nw-").removesuffix("-v")
    return f"http://127.0.0.1:8080/{entity}/{project}?nw={view_id}"


def stored(url: str) -> Any:
    """The stored view at ``url`` (spec text, version, display name)."""
    from wandb_workspaces.backends import parse_workspace_url

    entity, project, name = parse_workspace_url(url)
    backend = LocalBackend()
    try:
        return backend.store.find_views(entity, project, name=name)[0]
    finally:
        backend.close()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PANELBANK_UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not os.environ.get("PANELBANK_UPDATE_GOLDEN"):
            warnings.warn(f"wrote missing golden file {path}", UserWarning, stacklevel=2)
    assert text == path.read_text(encoding="utf-8")
