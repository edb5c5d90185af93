"""``run.scan_history`` and ``run.history`` of the OFFICIAL SDK (wandb 0.31.0) paging
through a long run on ``panelbank serve``.

wandb-core pages a scan with ``page_size`` steps at a time: without keys through
``history(minStep:, maxStep:, samples:)``, with keys through ``sampledHistory`` specs
carrying ``minStep``/``maxStep``. Every page must hold only its own steps, so the scan
gives back each logged row exactly once (issue 11, item 1: a 3,000-step run came back
as 3,000 rows with only 1,000 distinct steps).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.settings import load_settings
from panelbank.store import Store
from tests.runs.seed import write_run

from . import _harness

pytestmark = pytest.mark.official

ENTITY, PROJECT, RUN = "scan-ent", "scan-proj", "long-run"
STEPS = 3000


def _row(step: int) -> dict[str, Any]:
    row: dict[str, Any] = {"_step": step, "loss": 1.0 / (step + 1)}
    if step % 10 == 0:
        row["val"] = step / 10
    return row


ROWS = [_row(step) for step in range(STEPS)]

CLIENT = textwrap.dedent(
    """
    import json, sys, traceback
    import wandb

    def main():
        request = json.load(sys.stdin)
        path = request["steps"][0]["path"]
        api = wandb.Api(timeout=60)
        out = {}
        try:
            run = api.run(path)
            out["last_step"] = run.lastHistoryStep
            out["all"] = list(run.scan_history(page_size=1000))
            out["keys"] = list(run.scan_history(keys=["loss"], page_size=1000))
            out["sparse"] = list(run.scan_history(keys=["val"], page_size=700))
            out["both"] = list(
                run.scan_history(keys=["loss", "val"], page_size=250, min_step=95, max_step=1201)
            )
            out["range"] = list(run.scan_history(page_size=300, min_step=100, max_step=1000))
            out["sampled"] = run.history(samples=100, keys=["loss"], pandas=False)
            out["full"] = run.history(samples=100, pandas=False)
        except Exception as exc:
            out["error"] = {"type": type(exc).__name__, "message": str(exc),
                            "traceback": traceback.format_exc()[-3000:]}
        print("RESULT " + json.dumps({"results": [out]}), flush=True)

    main()
    """
)


@pytest.fixture(scope="module")
def server(official_sdk_python: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    home = tmp_path_factory.mktemp("scan-history") / "home"
    home.mkdir(parents=True)
    settings = load_settings(home=home)
    store = Store.open(settings.database_url, home=home)
    history = HistoryStore(home / "history")
    try:
        write_run(store, history, ENTITY, PROJECT, RUN, rows=ROWS)
    finally:
        history.close()
        store.close()
    server = _harness.start_server(home)
    yield server
    _harness.stop_server_process(server.process)


@pytest.fixture(scope="module")
def read_back(
    official_sdk_python: str, server: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    scratch = tmp_path_factory.mktemp("scan-history-client")
    script = scratch / "scan_history_client.py"
    script.write_text(CLIENT)
    env = _harness.client_env(server, scratch / "env")
    step = {"path": f"{ENTITY}/{PROJECT}/{RUN}"}
    [out] = _harness.run_client(official_sdk_python, script, [step], env, scratch)
    if "error" in out:
        pytest.fail(f"the official client failed: {out['error']}\n{server.log()[-3000:]}")
    return out


def _only(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    return [
        {key: row[key] for key in ["_step", *keys]} for row in rows if all(k in row for k in keys)
    ]


def test_scan_without_keys_gives_every_row_once(read_back: dict[str, Any]) -> None:
    assert read_back["last_step"] == STEPS - 1
    assert read_back["all"] == ROWS


def test_scan_with_keys_gives_every_row_once(read_back: dict[str, Any]) -> None:
    steps = [row["_step"] for row in read_back["keys"]]
    assert len(steps) == len(set(steps)) == STEPS
    assert read_back["keys"] == _only(ROWS, ["loss"])


def test_scan_with_a_sparse_key(read_back: dict[str, Any]) -> None:
    assert read_back["sparse"] == _only(ROWS, ["val"])


def test_scan_with_keys_and_a_step_range(read_back: dict[str, Any]) -> None:
    # max_step is exclusive in the SDK's scan_history
    assert read_back["both"] == _only(ROWS[95:1201], ["loss", "val"])


def test_scan_without_keys_and_a_step_range(read_back: dict[str, Any]) -> None:
    assert read_back["range"] == ROWS[100:1000]


def test_sampled_history_stays_within_the_run(read_back: dict[str, Any]) -> None:
    for name, keys in (("sampled", ["loss"]), ("full", None)):
        rows = read_back[name]
        assert len(rows) == 100, name
        expected = _only(ROWS, keys) if keys else ROWS
        assert rows[0] == expected[0] and rows[-1] == expected[-1], name
        assert all(row in expected for row in rows), name
