"""A run's life with the OFFICIAL wandb SDK against ``WANDB_BASE_URL``: log, resume, files,
delete, entities.

Run by tests/official/test_run_lifecycle_official.py with the python of the official
venv; the step, the project and two run ids in ``argv[1:5]`` (the entity is the key's
user's). Step ``first``: a first session logs three rows, a table (the SDK then asks
for the server's version information) and saves a file. Step ``refused``:
``resume="never"`` on it and ``resume="must"`` on an unknown id fail. Step ``resume``:
``resume="must"`` logs two more rows and ``resume="allow"`` on a new id starts a new run
(in the process that logged the table, a failed request would break these); then
``wandb.Api()`` reads the history, lists and downloads the files, deletes the second run
and reads the entity. Prints ``RESULT <json>``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any

import wandb


def _error(**init: Any) -> str:
    try:
        run = wandb.init(**init)
    except Exception as exc:  # what wandb.init raises for a refused resume
        return f"{type(exc).__name__}: {exc}"
    run.finish()
    return "no error"


def first(where: dict[str, Any], run_id: str, result: dict[str, Any]) -> None:
    run = wandb.init(**where, id=run_id, config={"lr": 0.1})
    for step in range(3):
        run.log({"loss": 1.0 / (step + 1)})
    run.log({"table": wandb.Table(columns=["a", "b"], data=[[1, "x"], [2, "y"]])}, commit=False)
    with open(os.path.join(run.dir, "notes.txt"), "w", encoding="utf-8") as handle:
        handle.write("saved by the first session\n")
    run.save(os.path.join(run.dir, "notes.txt"), base_path=run.dir, policy="now")
    print("console of the first session")
    run.finish()


def refused(where: dict[str, Any], run_id: str, result: dict[str, Any]) -> None:
    # a refused init leaves its run id in use in this wandb-core: one process for these
    result["never"] = _error(**where, id=run_id, resume="never")
    result["must_unknown"] = _error(**where, id="nosuch01", resume="must")


def resume(where: dict[str, Any], run_id: str, other_id: str, result: dict[str, Any]) -> None:
    entity, project = where["entity"], where["project"]
    resumed = wandb.init(**where, id=run_id, resume="must", config={"batch": 32})
    result["resumed_config"] = dict(resumed.config)
    for step in range(3, 5):
        resumed.log({"loss": 1.0 / (step + 1)})
    resumed.finish()

    fresh = wandb.init(**where, id=other_id, resume="allow")
    result["fresh_step"] = fresh.step
    fresh.log({"loss": 9.0})
    fresh.finish()

    api = wandb.Api()
    stored = api.run(f"{entity}/{project}/{run_id}")
    result["history_steps"] = [row["_step"] for row in stored.scan_history()]
    result["config"] = {key: stored.config[key] for key in ("lr", "batch")}
    files = stored.files()
    result["file_count"] = len(files)
    result["file_names"] = sorted(file.name for file in files)
    with (
        tempfile.TemporaryDirectory() as folder,
        stored.file("notes.txt").download(root=folder) as handle,
    ):
        result["downloaded"] = handle.read()

    api.run(f"{entity}/{project}/{other_id}").delete()
    try:
        wandb.Api().run(f"{entity}/{project}/{other_id}")
        result["after_delete"] = "still there"
    except Exception as exc:  # the public API's error for a missing run
        result["after_delete"] = type(exc).__name__

    team = api.team(entity)
    result["members"] = [member.username for member in team.members]
    result["projects"] = [project.name for project in api.projects(entity)]


def main() -> None:
    step, project, run_id, other_id = sys.argv[1:5]
    entity = wandb.Api().default_entity  # the key's user: its entity is a user's, not a team's
    where = {"entity": entity, "project": project}
    result: dict[str, Any] = {"entity": entity}
    if step == "first":
        first(where, run_id, result)
    elif step == "refused":
        refused(where, run_id, result)
    else:
        resume(where, run_id, other_id, result)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
