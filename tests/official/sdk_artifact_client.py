"""Artifacts with the OFFICIAL wandb SDK against ``WANDB_BASE_URL``; prints ``RESULT <json>``.

Run by tests/official/test_artifacts_official.py with the python of the official venv
(entity and project in ``argv[1:3]``, a scratch folder in ``argv[3]``): a run logs a
folder and a ``file://`` reference with an alias, logs changed content (v1) and the same
content again (no new version), a second run uses ``:best`` and downloads it, then
``wandb.Api()`` reads versions, files, lineage, links to a portfolio and deletes.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import wandb


def main() -> None:
    entity, project, scratch = sys.argv[1:4]
    data = os.path.join(scratch, "data")
    os.makedirs(os.path.join(data, "sub"), exist_ok=True)
    with open(os.path.join(data, "a.txt"), "w") as f:
        f.write("hello")
    with open(os.path.join(data, "sub", "b.bin"), "wb") as b:
        b.write(b"\0" * 1000)
    reference = os.path.join(scratch, "ref.csv")
    with open(reference, "w") as r:
        r.write("1,2\n")
    out: dict[str, Any] = {}

    run = wandb.init(entity=entity, project=project, id="artlog01")
    first = wandb.Artifact("dataset", type="data", description="d1", metadata={"k": 1})
    first.add_dir(data)
    first.add_reference("file://" + reference)
    run.log_artifact(first, aliases=["best"]).wait()
    with open(os.path.join(data, "a.txt"), "w") as f:
        f.write("changed")
    second = wandb.Artifact("dataset", type="data")
    second.add_dir(data)
    run.log_artifact(second).wait()
    again = wandb.Artifact("dataset", type="data")
    again.add_dir(data)
    run.log_artifact(again).wait()
    out["versions"] = [first.version, second.version, again.version]
    run.finish()

    user = wandb.init(entity=entity, project=project, id="artuse01")
    used = user.use_artifact("dataset:best")
    folder = used.download(root=os.path.join(scratch, "download"))
    out["downloaded"] = {}
    for name in ("a.txt", "ref.csv"):
        with open(os.path.join(folder, name)) as handle:
            out["downloaded"][name] = handle.read()
    out["used_aliases"] = sorted(used.aliases)
    user.finish()

    api = wandb.Api()
    v0 = api.artifact(f"{entity}/{project}/dataset:v0")
    out["v0"] = {
        "type": v0.type,
        "aliases": sorted(v0.aliases),
        "metadata": v0.metadata,
        "description": v0.description,
        "files": sorted(f.name for f in v0.files()),
        "logged_by": v0.logged_by().id,
        "used_by": [r.id for r in v0.used_by()],
    }
    latest = api.artifact(f"{entity}/{project}/dataset:latest")
    out["latest_version"] = latest.version
    v0.link(f"{entity}/{project}/portfolio", aliases=["champion"])
    out["linked"] = api.artifact(f"{entity}/{project}/portfolio:champion").digest == v0.digest
    out["collections"] = sorted(
        c.name for c in api.artifact_collections(f"{entity}/{project}", "data")
    )
    try:
        latest.delete()
        out["delete_with_alias"] = "deleted"
    except Exception as exc:
        out["delete_with_alias"] = type(exc).__name__
    latest.delete(delete_aliases=True)
    out["after_delete"] = sorted(
        v.version for v in api.artifacts("data", f"{entity}/{project}/dataset")
    )
    sys.stdout.flush()
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
