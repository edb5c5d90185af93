"""Public names of the ingest package, and the error without the optional schema."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import panelbank.demo
import panelbank.ingest
from panelbank.cli import main
from panelbank.ingest import SchemaMissingError, WandbFile
from panelbank.ingest._schema import record_module

from .conftest import FIXTURE_LOG


def test_public_names() -> None:
    assert panelbank.ingest.__all__ == [
        "Damage",
        "ImportResult",
        "IngestError",
        "NotAWandbFileError",
        "OutputLine",
        "ReadReport",
        "RunData",
        "SchemaMissingError",
        "WandbFile",
        "find_run_logs",
        "fold_run",
        "history_rows",
        "import_log",
        "read_run",
        "read_wandb_file",
        "write_run",
    ]
    assert panelbank.demo.__all__ == ["DEMO_PROJECT", "create_demo_project"]


@pytest.fixture
def no_schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if the 'import' extra were not installed (None in sys.modules fails the import)."""
    monkeypatch.setitem(sys.modules, "wandb.proto.wandb_internal_pb2", None)
    record_module.cache_clear()
    yield
    record_module.cache_clear()


@pytest.mark.usefixtures("no_schema")
def test_records_without_the_schema_say_how_to_install_it() -> None:
    log = WandbFile.open(FIXTURE_LOG)
    assert len(list(log.payloads())) == 40  # framing needs no schema
    with pytest.raises(SchemaMissingError, match=r"pip install 'panelbank\[import\]'"):
        next(log.records())


@pytest.mark.usefixtures("no_schema")
def test_cli_without_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURE_LOG), "--home", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "panelbank: error: panelbank import needs the wandb protobuf schema: "
        "pip install 'panelbank[import]'"
    )
