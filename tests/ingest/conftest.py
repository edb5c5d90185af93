"""Fixtures of the ingest tests: the committed SDK log, logs made by the official SDK
offline in its own venv (session-scoped), and a store with a history store."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.ingest import SchemaMissingError
from panelbank.ingest._schema import record_module
from panelbank.store import Store

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
FIXTURE_LOG = FIXTURES / "run-ua7xd36v.wandb"
FIXTURE_EXPECTED = FIXTURES / "run-ua7xd36v.expected.json"
TRAIN_SCRIPT = HERE / "_train.py"


_MARKER = (
    "official: runs or compares with the official wandb / wandb-workspaces clients in their "
    "own venv (scripts/official-venv); PANELBANK_SKIP_OFFICIAL=1 skips these"
)


def pytest_configure(config: pytest.Config) -> None:
    # tests/official and tests/compat register the same marker when they are collected too
    if not any(line.split(":")[0].strip() == "official" for line in config.getini("markers")):
        config.addinivalue_line("markers", _MARKER)


def load_expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def same(left: Any, right: Any) -> bool:
    """Equality where NaN equals NaN (history rows carry NaN on purpose), numbers compare
    by value (the SDK writes 1.0 as ``1``) and booleans only equal booleans."""
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return (math.isnan(left) and math.isnan(right)) or left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same, left, right))
    return bool(left == right) and type(left) is type(right)


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A logged row as the history holds it: nested dicts flattened with dots."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@pytest.fixture(scope="session")
def schema() -> Any:
    """The wandb protobuf module; decoding tests skip (with the fix) without it."""
    try:
        return record_module()
    except SchemaMissingError as exc:
        pytest.skip(f"{exc}; CI installs it with the 'import' extra")


@dataclass(frozen=True)
class SdkRun:
    mode: str
    log: Path
    expected: dict[str, Any]


@pytest.fixture(scope="session")
def official_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SdkRun]:
    """Runs of ``_train.py`` (finish, crash with exit code 3, big) with the official SDK
    offline, in its own venv; the logs and what the script logged."""
    if os.environ.get("PANELBANK_SKIP_OFFICIAL") == "1":
        pytest.skip("PANELBANK_SKIP_OFFICIAL=1: tests with the official W&B SDK skipped")
    from tests.official._harness import HarnessError, ensure_official_sdk_python

    try:
        python = ensure_official_sdk_python()
    except HarnessError as exc:
        message = f"cannot create the venv of the official W&B SDK: {exc}"
    else:
        return _run_sdk(python, tmp_path_factory.mktemp("sdk-runs"))
    pytest.fail(message, pytrace=False)


def _sdk_env(home: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(
        HOME=str(home),
        WANDB_DIR=str(home),
        WANDB_CONFIG_DIR=str(home / ".config"),
        WANDB_CACHE_DIR=str(home / ".cache"),
        WANDB_DATA_DIR=str(home / ".data"),
        WANDB_MODE="offline",
        WANDB_SILENT="true",
        WANDB_ERROR_REPORTING="false",
        PYTHONIOENCODING="utf-8",
    )
    return env


def _run_sdk(python: str, root: Path) -> dict[str, SdkRun]:
    runs = {}
    for mode, code in (("finish", 0), ("crash", 3), ("big", 0)):
        home = root / mode
        home.mkdir()
        out = home / "expected.json"
        proc = subprocess.run(
            [python, str(TRAIN_SCRIPT), str(out), mode],
            cwd=home,
            env=_sdk_env(home),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if proc.returncode != code:
            pytest.fail(
                f"_train.py {mode} exited {proc.returncode}, expected {code}:\n"
                + proc.stderr[-3000:],
                pytrace=False,
            )
        (log,) = (home / "wandb").glob("offline-run-*/run-*.wandb")
        runs[mode] = SdkRun(mode, log, load_expected(out))
    return runs


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def stores(home: Path) -> Iterator[tuple[Store, HistoryStore]]:
    store = Store.open(home=home)
    history = HistoryStore(home / "history")
    yield store, history
    history.close()
    store.close()


@pytest.fixture
def wandb_dir(tmp_path: Path) -> Path:
    """A ``wandb/`` folder holding the committed log twice over: one offline run folder
    and one online-style ``run-*`` folder with another run id, plus ``latest-run``."""
    root = tmp_path / "project" / "wandb"
    offline = root / "offline-run-20261129_171100-ua7xd36v"
    offline.mkdir(parents=True)
    shutil.copy(FIXTURE_LOG, offline / FIXTURE_LOG.name)
    online = root / "run-20261129_171200-ua7xd36v"
    online.mkdir()
    shutil.copy(FIXTURE_LOG, online / FIXTURE_LOG.name)
    (root / "latest-run").symlink_to(offline.name)
    return root
