"""The OFFICIAL public API (``wandb.Api()``, wandb 0.31.0) reading runs from ``panelbank serve``.

Runs are written straight into a fresh server home (store + history store) before the
server starts; the official SDK, in its own venv, then lists them with filters, orders
and pages (more than 50, so the SDK pages), reads config, summary and history, and the
answers are compared value for value with what was written.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.settings import load_settings
from panelbank.store import Store
from tests.runs.seed import seed_many

from . import _harness

pytestmark = pytest.mark.official

ENTITY, PROJECT, COUNT = "pub-ent", "pub-proj", 60
PATH = f"{ENTITY}/{PROJECT}"
FILTERS = {"$and": [{"config.lr.value": {"$gte": 0.01}}, {"state": "finished"}]}

CLIENT = textwrap.dedent(
    """
    import json, sys, traceback
    import wandb

    def main():
        request = json.load(sys.stdin)
        path, filters = request["steps"][0]["path"], request["steps"][0]["filters"]
        api = wandb.Api(timeout=60)
        out = {}
        try:
            runs = api.runs(path)
            out["count"] = len(runs)
            out["names"] = [run.id for run in runs]
            out["desc"] = [run.id for run in api.runs(path, order="-created_at", per_page=7)]
            out["filtered"] = [
                [run.id, run.summary["acc"], run.config["lr"], run.state]
                for run in api.runs(path, filters=filters, order="-summary_metrics.acc")
            ]
            out["tagged"] = [run.id for run in api.runs(path, filters={"tags": "odd"})]
            run = api.run(path + "/run-004")
            out["run"] = {
                "config": dict(run.config),
                "summary": {k: v for k, v in run.summary.items() if not k.startswith("_")},
                "state": run.state,
                "tags": run.tags,
                "group": run.group,
                "displayName": run.display_name,
                "lastHistoryStep": run.lastHistoryStep,
            }
            out["history"] = run.history(samples=5, pandas=False)
            out["history_keys"] = run.history(samples=500, keys=["loss"], pandas=False)
            out["scan"] = list(run.scan_history())
            out["scan_page"] = list(run.scan_history(page_size=3, min_step=2, max_step=8))
            project = api.project(path.split("/")[1], path.split("/")[0])
            out["project"] = {"name": project.name, "entity": project.entity, "id": project.id}
        except Exception as exc:
            out["error"] = {"type": type(exc).__name__, "message": str(exc),
                            "traceback": traceback.format_exc()[-3000:]}
        print("RESULT " + json.dumps({"results": [out]}), flush=True)

    main()
    """
)


@pytest.fixture(scope="module")
def server(official_sdk_python: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    home = tmp_path_factory.mktemp("public-api") / "home"
    home.mkdir(parents=True)
    settings = load_settings(home=home)
    store = Store.open(settings.database_url, home=home)
    history = HistoryStore(home / "history")
    try:
        seed_many(store, history, ENTITY, PROJECT, COUNT)
    finally:
        history.close()
        store.close()
    server = _harness.start_server(home)
    yield server
    _harness.stop_server_process(server.process)


@pytest.fixture(scope="module")
def read_back(
    official_sdk_python: str, server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    scratch = tmp_path_factory.mktemp("public-api-client")
    script = scratch / "public_api_client.py"
    script.write_text(CLIENT)
    env = _harness.client_env(server, scratch / "env")
    step = {"path": PATH, "filters": FILTERS}
    [out] = _harness.run_client(official_sdk_python, script, [step], env, scratch)
    if "error" in out:
        pytest.fail(f"the official client failed: {out['error']}\n{server.log()[-3000:]}")
    return out


def _acc(i: int) -> float:
    return round(0.5 + (i * 37 % 50) / 100, 2)


def test_list_with_pages_and_order(read_back: dict[str, Any]) -> None:
    names = [f"run-{i:03d}" for i in range(COUNT)]
    assert read_back["count"] == COUNT
    assert read_back["names"] == names
    assert read_back["desc"] == names[::-1]


def test_filters_and_order(read_back: dict[str, Any]) -> None:
    kept = [i for i in range(COUNT) if i % 3 != 2 and i % 7 != 3]
    kept.sort(key=lambda i: (-_acc(i), i))
    assert read_back["filtered"] == [
        [f"run-{i:03d}", _acc(i), [0.1, 0.01, 0.001][i % 3], "finished"] for i in kept
    ]
    assert read_back["tagged"] == [f"run-{i:03d}" for i in range(COUNT) if i % 2]


def test_config_summary_and_history(read_back: dict[str, Any]) -> None:
    run = read_back["run"]
    assert run["config"] == {"lr": 0.01, "batch_size": 16, "optimizer": "adam"}
    assert run["summary"] == {"acc": _acc(4), "loss": 1 / 5}
    assert (run["state"], run["tags"], run["group"]) == ("finished", ["even"], "g1")
    assert run["displayName"] == "sgd-4"
    assert run["lastHistoryStep"] == 9
    rows = [{"_step": s, "loss": math.exp(-s * 0.01) + 4 / 1000, "acc": s / 10} for s in range(10)]
    assert read_back["scan"] == rows
    assert read_back["scan_page"] == rows[2:8]
    history = read_back["history"]
    assert len(history) == 5 and history[0] == rows[0] and history[-1] == rows[-1]
    assert all(row in rows for row in history)
    assert read_back["history_keys"] == [{"_step": r["_step"], "loss": r["loss"]} for r in rows]


def test_project(read_back: dict[str, Any]) -> None:
    assert read_back["project"]["name"] == PROJECT
    assert read_back["project"]["entity"] == ENTITY
