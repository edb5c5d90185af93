"""Edits of logged artifacts with the OFFICIAL wandb SDK against ``WANDB_BASE_URL``; prints
``RESULT <json>``.

Run by tests/official/test_artifact_edits_official.py with the python of the official venv
(entity and project in ``argv[1:3]``). Each step records
what the SDK saw, or the name of the exception it raised: tags and TTL given at log time
and changed through ``wandb.Api()``, a collection's tags and type, the order of versions,
a version logged again through the public API's run, deleting a version that has only
``latest``, and two runs of one process each logging a table.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import wandb

out: dict[str, Any] = {}


def step(name: str, work: Callable[[], Any]) -> None:
    """Record what ``work`` returns, or the type of what it raised."""
    try:
        out[name] = work()
    except Exception as exc:  # the test names what it expected
        traceback.print_exc()  # shown by the test when it fails
        out[name] = f"raised {type(exc).__name__}"


def main() -> None:
    entity, project = sys.argv[1:3]
    path = f"{entity}/{project}"
    api = wandb.Api()

    with wandb.init(entity=entity, project=project, id="edits01") as run:
        for content in ("one", "two"):
            artifact = wandb.Artifact("table", type="data")
            with artifact.new_file("t.txt") as handle:
                handle.write(content)
            if content == "one":
                artifact.ttl = timedelta(days=3)
            run.log_artifact(artifact, tags=["raw", "first pass"] if content == "one" else None)
            artifact.wait()

    v0 = api.artifact(f"{path}/table:v0")
    step("logged", lambda: {"tags": sorted(v0.tags), "ttl": v0.ttl.total_seconds()})

    def retag() -> dict[str, Any]:
        v0.tags = [t for t in v0.tags if t != "raw"] + ["clean"]
        v0.ttl = None
        v0.save()
        again = api.artifact(f"{path}/table:v0")
        return {"tags": sorted(again.tags), "ttl": again.ttl}

    step("retagged", retag)

    def bad_tag() -> list[str]:
        again = api.artifact(f"{path}/table:v0")
        try:
            again.tags = [*again.tags, "no;semicolons"]
            again.save()
        except ValueError:
            pass
        return sorted(api.artifact(f"{path}/table:v0").tags)

    step("after_bad_tag", bad_tag)

    def collection_edits() -> dict[str, Any]:
        collection = api.artifact_collection("data", f"{path}/table")
        collection.tags = ["gold"]
        collection.type = "dataset"
        collection.save()
        moved = api.artifact_collection("dataset", f"{path}/table")
        return {"tags": moved.tags, "type": api.artifact(f"{path}/table:v1").type}

    step("collection", collection_edits)
    step(
        "order",
        lambda: {
            order: [a.version for a in api.artifacts("dataset", f"{path}/table", order=order)]
            for order in ("version_index", "-version_index")
        },
    )

    def log_again() -> list[str]:
        with wandb.init(entity=entity, project=project, id="edits02") as other:
            other.log({"x": 1})
        public_run = api.run(f"{path}/edits02")
        public_run.log_artifact(api.artifact(f"{path}/table:v1"))
        return [a.version for a in api.run(f"{path}/edits02").logged_artifacts()]

    step("logged_again", log_again)

    def delete_latest() -> dict[str, Any]:
        latest = api.artifact(f"{path}/table:latest")
        try:
            latest.delete()
            first = "deleted"
        except Exception as exc:
            first = f"raised {type(exc).__name__}"
        latest.delete(delete_aliases=True)
        left = [a.version for a in api.artifacts("dataset", f"{path}/table")]
        return {"without_delete_aliases": first, "left": left}

    step("delete_latest", delete_latest)

    def two_runs_with_tables() -> list[str]:
        # wandb up to 0.28 asked serverInfo for media until it had max_cli_version, and
        # from the second run of a process that failed while the answer had none
        logged = []
        for run_id in ("tab01", "tab02"):
            with wandb.init(entity=entity, project=project, id=run_id) as table_run:
                table_run.log({"scores": wandb.Table(columns=["n"], data=[[1], [2]])})
            logged.append(run_id)
        return logged

    step("tables", two_runs_with_tables)

    def other_region() -> str:
        with wandb.init(entity=entity, project=project, id="region01") as region_run:
            elsewhere = wandb.Artifact("elsewhere", "data", storage_region="coreweave-us")
            with elsewhere.new_file("x.txt") as handle:
                handle.write("x")
            region_run.log_artifact(elsewhere)
            elsewhere.wait()
        return "logged"

    step("storage_region", other_region)
    sys.stdout.flush()
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
