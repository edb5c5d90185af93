"""Log one run with the OFFICIAL wandb 0.31.0 SDK against ``WANDB_BASE_URL``.

Run by tests/official/test_runs_official.py with the python of the official venv, one
process per scenario (``argv[1]``), entity/project/run id in ``argv[2:5]``. Prints
``RESULT <json>`` with what it logged (Python's json: NaN and Infinity as written):

  ``live``      config at init and a config update, rows with NaN, infinity, a nested
                dict, unicode keys and a string, a summary set, ``finish()``.
  ``exit3``     a row, then ``sys.exit(3)`` (the SDK's exit hook ends the run with 3).
  ``finish3``   a 10,000-key config, then ``finish(exit_code=3)``.
  ``offline``   the ``live`` scenario under ``WANDB_MODE=offline``; also prints the run
                folder for ``wandb sync``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import wandb

ROWS: list[dict[str, Any]] = [
    {"loss": 0.5, "acc": 0.1},
    {"loss": float("nan"), "acc": 0.2, "nested": {"a": 1, "b": {"c": 2.5}}},
    {"loss": 0.25, "acc": float("inf"), "ünï_κλειδί": -1.5},
    {"loss": 0.125, "acc": float("-inf"), "text": "hello ✓"},
]
CONFIG: dict[str, Any] = {"lr": 0.01, "layers": [64, 32], "ünï": "✓"}
UPDATE: dict[str, Any] = {"batch": 32, "optimizer": {"name": "adam", "beta": 0.9}}


def result(payload: dict[str, Any]) -> None:
    sys.stdout.flush()
    print("RESULT " + json.dumps(payload), flush=True)


def live(entity: str, project: str, run_id: str) -> dict[str, Any]:
    run = wandb.init(entity=entity, project=project, id=run_id, config=CONFIG)
    run.config.update(UPDATE)
    for row in ROWS:
        run.log(row)
    run.summary["best_acc"] = 0.9
    print("console line from the run")
    folder = os.path.dirname(run.dir)
    run.finish()
    return {
        "config": {**CONFIG, **UPDATE},
        "rows": ROWS,
        "summary_set": {"best_acc": 0.9},
        "folder": folder,
    }


def main() -> None:
    scenario, entity, project, run_id = sys.argv[1:5]
    if scenario in ("live", "offline"):
        result(live(entity, project, run_id))
    elif scenario == "exit3":
        run = wandb.init(entity=entity, project=project, id=run_id)
        run.log({"x": 1.0})
        result({"rows": [{"x": 1.0}]})
        sys.exit(3)
    elif scenario == "finish3":
        config = {f"key_{i:05d}_ключ": i for i in range(10_000)}
        run = wandb.init(entity=entity, project=project, id=run_id, config=config)
        run.finish(exit_code=3)
        result({"config": config})
    else:
        raise SystemExit(f"unknown scenario {scenario!r}")


if __name__ == "__main__":
    main()
