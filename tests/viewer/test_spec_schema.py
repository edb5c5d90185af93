"""viewer/schema/spec.schema.json is the library's schema as it is now (the viewer's types)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from panelbank.pages.spec_schema import DEFAULT_PATH, main, render
from wandb_workspaces.workspaces.internal import spec_json_schema

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_current() -> None:
    # On failure: run scripts/gen-spec-schema and commit viewer/schema/spec.schema.json.
    assert main(["--check", str(ROOT / DEFAULT_PATH)]) == 0


def test_check_says_how_to_fix_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "spec.schema.json"
    assert main(["--check", str(path)]) == 1
    assert "is missing: run scripts/gen-spec-schema" in capsys.readouterr().err
    path.write_text("{}\n", encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert "is not current: run scripts/gen-spec-schema" in capsys.readouterr().err


def test_writes_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "schema" / "spec.schema.json"
    assert main([str(path)]) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == spec_json_schema()
    assert path.read_text(encoding="utf-8") == render()
    assert main(["--check", str(path)]) == 0
    assert capsys.readouterr().out == f"wrote {path}\n"
