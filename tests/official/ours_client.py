"""Drive OUR wandb_workspaces against the same server the official clients talk to.

Run by tests/official with our interpreter in a subprocess, so the server configuration
comes from the environment exactly as it would for a user (``WANDB_BASE_URL``,
``WANDB_API_KEY``) and nothing leaks into the test process.

Reads ``{"steps": [...]}`` on stdin like official_client.py and prints ``RESULT <json>``.

Steps:
  ``load``         ``Workspace.from_url(url)`` for each of ``urls``.
  ``declare_save`` declare a workspace in ``entity``/``project`` and ``save()`` it.
  ``edit_save``    load ``url``, rename it to ``name``, add a section, ``save()``.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
import traceback
from typing import Any

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws


def _describe(workspace: ws.Workspace) -> dict[str, Any]:
    return {
        "entity": workspace.entity,
        "project": workspace.project,
        "displayName": workspace.name,
        "internalName": getattr(workspace, "_internal_name", None),
        "internalId": getattr(workspace, "_internal_id", None),
        "sectionNames": [section.name for section in workspace.sections],
        "spec": workspace.to_spec(),
        "url": workspace.url,
    }


def step_load(step: dict[str, Any]) -> dict[str, Any]:
    return {
        "views": {
            url: _run_one(lambda url=url: _describe(ws.Workspace.from_url(url)))
            for url in step["urls"]
        }
    }


def step_declare_save(step: dict[str, Any]) -> dict[str, Any]:
    workspace = ws.Workspace(
        entity=step["entity"],
        project=step["project"],
        name="Saved by panelbank",
        sections=[
            ws.Section(
                name="Training",
                is_open=True,
                panels=[
                    wr.LinePlot(x="Step", y=["loss"], title="Loss"),
                    wr.ScalarChart(metric="acc"),
                ],
            ),
            ws.Section(name="Evaluation", panels=[wr.BarPlot(metrics=["f1"])]),
        ],
        settings=ws.WorkspaceSettings(x_axis="Step", max_runs=12),
        runset_settings=ws.RunsetSettings(
            query="bert",
            # filters: our annotation says str (what is stored), the official's a union
            filters=[ws.Config("lr") <= 0.01, ws.Metric("State") == "finished"],
            groupby=[ws.Config("optimizer")],
            order=[ws.Ordering(ws.Config("lr"))],
        ),
    )
    workspace.save()
    return _describe(workspace)


def step_edit_save(step: dict[str, Any]) -> dict[str, Any]:
    workspace = ws.Workspace.from_url(step["url"])
    workspace.name = step["name"]
    workspace.sections.append(
        ws.Section(name="Added by panelbank", panels=[wr.LinePlot(y=["grad_norm"])])
    )
    workspace.save()
    return _describe(workspace)


STEPS = {"load": step_load, "declare_save": step_declare_save, "edit_save": step_edit_save}


def _run_one(func: Any) -> dict[str, Any]:
    started = time.monotonic()
    try:
        result: dict[str, Any] = func()
    except Exception as exc:
        result = {
            "error": {
                "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
                "message": str(exc),
                "traceback": traceback.format_exc(limit=8),
            }
        }
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def main() -> int:
    request = json.load(sys.stdin)
    results = []
    with contextlib.redirect_stdout(io.StringIO()) as chatter:
        for step in request["steps"]:
            results.append(_run_one(lambda step=step: STEPS[step["do"]](step)))
    sys.stderr.write(chatter.getvalue())
    print("RESULT " + json.dumps({"results": results}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
