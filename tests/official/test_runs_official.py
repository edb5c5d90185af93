"""Runs logged INTO `panelbank serve` by the unmodified official wandb 0.31.0 SDK.

Each scenario of ``sdk_run_client.py`` runs in its own process (one wandb-core each),
all at once; the offline run is then replayed with the official ``wandb sync``. What
the server stored is read from its store and history store directly and compared value
for value with what the client logged.
"""

from __future__ import annotations

import json
import math
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from panelbank.history import HistoryStore
from panelbank.store import Store
from panelbank.store.models import RunRecord

from . import _harness
from ._harness import HarnessError, Server

pytestmark = pytest.mark.official

ENTITY = "runs-ent"
PROJECT = "runs-proj"
SDK_CLIENT = Path(__file__).with_name("sdk_run_client.py")
SCENARIOS = {"live": "live0001", "exit3": "exit0003", "finish3": "fini0003", "offline": "offl0001"}
RUN_TIMEOUT = 120.0


def _run_scenario(
    python: str, server: Server, scratch: Path, scenario: str
) -> tuple[dict[str, Any], str]:
    """(what the client logged, its output) for one scenario; offline runs also synced."""
    env = _harness.client_env(server, scratch / scenario)
    if scenario == "offline":
        env["WANDB_MODE"] = "offline"
    args = [python, str(SDK_CLIENT), scenario, ENTITY, PROJECT, SCENARIOS[scenario]]
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=scratch, timeout=RUN_TIMEOUT
    )
    output = proc.stdout + proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    expected_code = 3 if scenario == "exit3" else 0
    if proc.returncode != expected_code or not lines:
        raise HarnessError(
            f"{SDK_CLIENT.name} {scenario} exited with {proc.returncode} (expected "
            f"{expected_code}):\n{_harness._tail(output)}"
        )
    logged: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    if scenario == "offline":
        del env["WANDB_MODE"]
        wandb_cli = str(Path(python).with_name("wandb"))
        sync = subprocess.run(
            [wandb_cli, "sync", logged["folder"]],
            capture_output=True,
            text=True,
            env=env,
            cwd=scratch,
            timeout=RUN_TIMEOUT,
        )
        output += sync.stdout + sync.stderr
        if sync.returncode != 0:
            raise HarnessError(
                f"wandb sync exited with {sync.returncode}:\n{_harness._tail(output)}"
            )
    return logged, output


@pytest.fixture(scope="module")
def sdk_runs(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> dict[str, tuple[dict[str, Any], str]]:
    """Every scenario, run in parallel against the one server."""
    scratch = client_scratch / "sdk-runs"
    scratch.mkdir(exist_ok=True)
    with ThreadPoolExecutor(len(SCENARIOS)) as pool:
        futures = {
            name: pool.submit(_run_scenario, official_sdk_python, panelbank_server, scratch, name)
            for name in SCENARIOS
        }
        results: dict[str, tuple[dict[str, Any], str]] = {}
        failures = []
        for name, future in futures.items():
            try:
                results[name] = future.result()
            except (HarnessError, subprocess.TimeoutExpired) as exc:
                failures.append(f"{name}: {exc}")
    if failures:
        pytest.fail(
            "\n\n".join(failures) + "\n\nserver log:\n" + _harness._tail(panelbank_server.log()),
            pytrace=False,
        )
    return results


@pytest.fixture(scope="module")
def server_store(panelbank_server: Server) -> Iterator[Store]:
    store = Store.open(home=panelbank_server.home)
    yield store
    store.close()


@pytest.fixture(scope="module")
def server_history(panelbank_server: Server) -> Iterator[HistoryStore]:
    history = HistoryStore(panelbank_server.home / "history")
    yield history
    history.close()


def stored_run(store: Store, scenario: str) -> RunRecord:
    run = store.get_run(ENTITY, PROJECT, SCENARIOS[scenario])
    assert run is not None, f"the server has no run for scenario {scenario}"
    return run


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts as dotted keys (the SDK may send either form)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b) and isinstance(a, str) == isinstance(b, str)


def assert_logged_run(run: RunRecord, history: HistoryStore, logged: dict[str, Any]) -> None:
    assert (run.state, run.exitcode) == ("finished", 0)
    for key, value in logged["config"].items():
        assert run.config[key]["value"] == value, key
    assert "_wandb" in run.config
    rows = list(history.rows(run.history_key))
    assert run.history_line_count == len(rows) == len(logged["rows"])
    assert [row["_step"] for row in rows] == list(range(len(logged["rows"])))
    for index, (stored, sent) in enumerate(zip(rows, logged["rows"], strict=True)):
        stored_flat, sent_flat = flatten(stored), flatten(sent)
        for key, value in sent_flat.items():
            assert same(stored_flat.get(key), value), f"row {index}, {key}: {stored_flat}"
        assert {"_runtime", "_timestamp"} <= set(stored_flat)
    # the summary: the last value logged under each key, and what was set on it
    expected = flatten({k: v for row in logged["rows"] for k, v in row.items()})
    expected.update(logged["summary_set"])
    summary = flatten(run.summary)
    for key, value in expected.items():
        assert same(summary.get(key), value), f"summary {key}: {summary}"


def test_live_run(
    sdk_runs: dict[str, Any], server_store: Store, server_history: HistoryStore
) -> None:
    logged, _output = sdk_runs["live"]
    run = stored_run(server_store, "live")
    assert_logged_run(run, server_history, logged)
    assert run.system_metrics or run.host  # metadata from the SDK arrived
    names = {f.name for f in server_store.list_run_files(ENTITY, PROJECT, run.name)}
    assert {"output.log", "wandb-summary.json", "config.yaml"} <= names


def test_live_run_files_on_disk(sdk_runs: dict[str, Any], panelbank_server: Server) -> None:
    folder = panelbank_server.home / "files" / ENTITY / PROJECT / SCENARIOS["live"]
    assert "console line from the run" in (folder / "output.log").read_text()
    summary = json.loads((folder / "wandb-summary.json").read_text())
    assert summary["best_acc"] == 0.9


def test_offline_run_synced(
    sdk_runs: dict[str, Any], server_store: Store, server_history: HistoryStore
) -> None:
    logged, _output = sdk_runs["offline"]
    assert_logged_run(stored_run(server_store, "offline"), server_history, logged)


def test_sys_exit_3_crashes_the_run(sdk_runs: dict[str, Any], server_store: Store) -> None:
    run = stored_run(server_store, "exit3")
    assert (run.state, run.exitcode, run.history_line_count) == ("crashed", 3, 1)


def test_finish_exit_code_3_with_a_10000_key_config(
    sdk_runs: dict[str, Any], server_store: Store
) -> None:
    logged, _output = sdk_runs["finish3"]
    run = stored_run(server_store, "finish3")
    assert (run.state, run.exitcode) == ("crashed", 3)
    assert {key: run.config[key]["value"] for key in logged["config"]} == logged["config"]


def test_no_retries_or_errors_in_the_server_log(
    sdk_runs: dict[str, Any], panelbank_server: Server
) -> None:
    log = panelbank_server.log()
    assert "Traceback" not in log
    assert " 500 " not in log


# -- bad input against the real server -------------------------------------------------------


def _post_stream(server: Server, run: str, content: bytes) -> httpx.Response:
    return httpx.post(
        f"{server.url}/files/{ENTITY}/{PROJECT}/{run}/file_stream",
        content=content,
        headers={**_harness.auth_header(server.key), "Content-Type": "application/json"},
        timeout=30.0,
    )


def test_bad_and_resent_file_stream_bodies(
    panelbank_server: Server, server_store: Store, server_history: HistoryStore
) -> None:
    run_name = f"bad{int(time.time()) % 100000:05d}"
    for bad in (
        b"not json",
        b'{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{"]}}}',
    ):
        response = _post_stream(panelbank_server, run_name, bad)
        assert response.status_code == 400, response.text
        assert "not valid JSON" in response.json()["error"]["message"]
    lines = ['{"_step": 0, "v": NaN, "ключ": 1}', '{"_step": 1, "v": Infinity, "ключ": 2}']
    chunk = json.dumps({"files": {"wandb-history.jsonl": {"offset": 0, "content": lines}}})
    for _ in range(2):  # a re-sent chunk
        assert _post_stream(panelbank_server, run_name, chunk.encode()).status_code == 200
    run = server_store.get_run(ENTITY, PROJECT, run_name)
    assert run is not None and run.history_line_count == 2
    rows = list(server_history.rows(run.history_key))
    assert [row["ключ"] for row in rows] == [1, 2]
    assert math.isnan(rows[0]["v"]) and rows[1]["v"] == math.inf
