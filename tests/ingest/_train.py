"""A small training script for the official SDK (run offline in its own venv).

Usage: python _train.py OUT.json finish|crash|big

Logs a config (then updates it), history rows with NaN, infinities, nested dicts,
strings and booleans, summary values, console lines; writes what it logged to OUT.json
(NaN as JSON NaN) so the tests can compare the folded run value for value. ``crash``
ends with ``sys.exit(3)`` after logging instead of ``wandb.finish()``; ``big`` also logs
2,000 more rows and an 80,000-character string, so records span 32 KiB blocks.
"""

from __future__ import annotations

import json
import math
import sys

import wandb

out, mode = sys.argv[1], sys.argv[2]
config = {"lr": 0.01, "model": {"layers": 3, "act": "relu"}, "ключ": "значение", "ids": [1, 2]}
run = wandb.init(
    entity="ent",
    project="proj",
    name=f"train-{mode}",
    config=config,
    tags=["ingest", mode],
    group="fixtures",
    job_type="train",
    notes="logged by tests/ingest/_train.py",
)
run.config.update({"batch": 32, "model": {"layers": 4}}, allow_val_change=True)
rows = []
for step in range(6):
    row = {
        "loss": 1.0 / (step + 1),
        "acc": step / 10,
        "nested": {"a": step, "b": {"c": step * 2}},
        "text": f"s{step}",
        "flag": step % 2 == 0,
        "weird": math.nan if step == 2 else (math.inf if step == 3 else -step),
    }
    wandb.log(row)
    rows.append({"_step": step, **row})
wandb.log({"late": 7.5}, step=10, commit=True)
rows.append({"_step": 10, "late": 7.5})
if mode == "big":
    wandb.log({"blob": "é" * 80_000})
    rows.append({"_step": 11, "blob": "é" * 80_000})
    for step in range(12, 2012):
        wandb.log({"loss": 1 / step, "nested": {"a": step}})
        rows.append({"_step": step, "loss": 1 / step, "nested": {"a": step}})
print("epoch done")
print("warning line", file=sys.stderr)
run.summary["best"] = 0.9
run.summary["deep"] = {"x": {"y": 1}}
expected = {
    "run_id": run.id,
    "config": {**config, "batch": 32, "model": {"layers": 4}},
    "rows": rows,
    "summary_set": {"best": 0.9, "deep": {"x": {"y": 1}}},
}
with open(out, "w", encoding="utf-8") as handle:
    json.dump(expected, handle)
if mode == "crash":
    sys.exit(3)
wandb.finish()
