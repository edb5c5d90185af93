"""Logs written by the official SDK (offline, in its own venv) read back value for value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from panelbank.cli import main
from panelbank.ingest import WandbFile, fold_run
from panelbank.ingest.wandb_file import BLOCK_SIZE
from panelbank.store import Store

from .conftest import SdkRun
from .test_run_folder import check_against_script

pytestmark = pytest.mark.official


@pytest.mark.parametrize(
    ("mode", "exit_code", "state"),
    [
        pytest.param("finish", 0, "finished", id="finish"),
        pytest.param("crash", 3, "crashed", id="crash-exit-3"),
        pytest.param("big", 0, "finished", id="big"),
    ],
)
def test_sdk_log_folds_to_what_was_logged(
    schema: Any, official_logs: dict[str, SdkRun], mode: str, exit_code: int, state: str
) -> None:
    sdk = official_logs[mode]
    log = WandbFile.open(sdk.log)
    run = fold_run(log.records())
    assert log.report.complete, log.report.describe()
    check_against_script(run, sdk.expected)
    assert (run.exit_code, run.state) == (exit_code, state)
    assert run.display_name == f"train-{mode}"


def test_big_log_spans_blocks(schema: Any, official_logs: dict[str, SdkRun]) -> None:
    log = official_logs["big"].log
    assert log.stat().st_size > 4 * BLOCK_SIZE
    offsets = [offset for offset, _ in WandbFile.open(log).payloads()]
    assert len({offset // BLOCK_SIZE for offset in offsets}) > 4
    # the 80,000-character row needs FIRST, MIDDLE and LAST chunks
    sizes = [len(payload) for _, payload in WandbFile.open(log).payloads()]
    assert max(sizes) > 2 * BLOCK_SIZE


@pytest.mark.parametrize("fraction", [0.1, 0.33, 0.5, 0.77, 0.999])
def test_big_log_truncated(
    schema: Any, official_logs: dict[str, SdkRun], tmp_path: Path, fraction: float
) -> None:
    data = official_logs["big"].log.read_bytes()
    intact = list(WandbFile.open(official_logs["big"].log).payloads())
    # Cut a little way into the record at that fraction of the file: a cut that happens to
    # fall on a record boundary (the SDK's logs differ from run to run) leaves a file that
    # is merely shorter, with nothing to report.
    target = int(len(data) * fraction)
    start = max((offset for offset, _ in intact if offset <= target), default=intact[0][0])
    cut = start + 8  # past the 7-byte chunk header, inside the record's first chunk
    path = tmp_path / "run-cut.wandb"
    path.write_bytes(data[:cut])
    log = WandbFile.open(path)
    found = list(log.payloads())
    assert found == intact[: len(found)]
    stop = log.report.stopped_at
    assert stop is not None
    lost = intact[len(found)][0]  # the first record that did not survive
    assert lost <= stop.offset < cut
    assert stop.block == stop.offset // BLOCK_SIZE
    if stop.offset != lost:  # the cut fell into a later chunk of a record spanning blocks
        assert stop.reason.endswith(f"losing the record that started at byte {lost}")
    run = fold_run(WandbFile.open(path).records())
    assert run.state == "crashed"
    assert run.exit_code is None


def test_cli_imports_every_sdk_run(
    schema: Any,
    official_logs: dict[str, SdkRun],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    folders = [str(sdk.log.parent) for sdk in official_logs.values()]
    assert main(["import", *folders, "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 3
    assert "state crashed (exit 3)" in out
    with Store.open(home=home) as store:
        runs = {run.display_name: run for run in store.list_runs("ent", "proj")}
    assert sorted(runs) == ["train-big", "train-crash", "train-finish"]
    assert (runs["train-crash"].state, runs["train-crash"].exitcode) == ("crashed", 3)
    assert runs["train-big"].history_line_count == len(official_logs["big"].expected["rows"])
