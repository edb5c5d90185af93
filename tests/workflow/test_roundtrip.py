"""export -> apply -> export is identical for every vector, through the CLI and the
embedded store: applying an export to its own view writes nothing, and applying it to
another store re-creates a view that exports to the same file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.vectors import vector_params

from .conftest import save_spec, stored


@pytest.mark.parametrize("fmt", ["python", "yaml", "json"])
@pytest.mark.parametrize("vector", vector_params())
def test_export_apply_export(run: Any, tmp_path: Path, vector: dict[str, Any], fmt: str) -> None:
    url = save_spec(vector["spec"], name=vector["displayName"])
    suffix = {"python": "py", "yaml": "yaml", "json": "json"}[fmt]
    first = tmp_path / f"first.{suffix}"
    assert run("export", url, "-o", first).code == 0
    spec_before = stored(url).spec

    same_view = run("apply", first)
    assert same_view.code == 0, same_view.err
    assert "no changes" in same_view.out
    assert stored(url).spec == spec_before  # byte for byte, version unchanged
    assert stored(url).version == 1

    other = tmp_path / "other-home"
    created = run("apply", first, "--home", other)
    assert created.code == 0, created.err
    new_url = created.out.split(": ", 1)[1].split()[0]
    exported = run("export", new_url, "--home", other, "--format", fmt)
    assert exported.code == 0, exported.err
    assert exported.out == first.read_text()
