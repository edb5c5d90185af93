"""Drive the OFFICIAL wandb 0.31.0 + wandb-workspaces 0.4.13 against a W&B-compatible server.

Run by tests/official with the python of the official venv (``scripts/official-venv
--sdk``), never with ours: both packages are imported as ``wandb_workspaces``. The server
comes from ``WANDB_BASE_URL`` / ``WANDB_API_KEY``, as for any official client.

Reads one JSON request on stdin, ``{"steps": [{"do": ..., ...}, ...]}``, runs the steps
in order in this one process (``wandb.Api()`` starts a wandb-core sidecar per process, so
batching keeps the tests fast) and prints ``RESULT <json>`` as its last stdout line: one
result per step, each either the step's outcome or ``{"error": {"type", "message"}}``.

Steps:
  ``api``        construct ``wandb.Api()`` (the login check, a ``Viewer`` query).
  ``scenario``   declare a workspace, save, from_url, edit and save, save_as_new_view.
  ``load``       ``Workspace.from_url(url)`` for each of ``urls``.
  ``wrong_key``  construct ``wandb.Api(api_key=key)`` with a key the server does not know.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
import traceback
from typing import Any

import wandb

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

ENTITY_DEFAULT = "official-ent"
PROJECT_DEFAULT = "official-proj"


def _spec_text(workspace: ws.Workspace) -> str:
    """The spec exactly as ``save()`` sends it (``upsert_view2`` dumps it this way)."""
    return workspace._to_model().spec.model_dump_json(by_alias=True, exclude_none=True)


def _describe(workspace: ws.Workspace, *, with_url: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "entity": workspace.entity,
        "project": workspace.project,
        "displayName": workspace.name,
        "internalName": workspace._internal_name,
        "internalId": workspace._internal_id,
        "sectionNames": [section.name for section in workspace.sections],
        "specText": _spec_text(workspace),
    }
    if with_url and workspace._internal_name:
        out["url"] = workspace.url
    return out


def _declare(entity: str, project: str) -> ws.Workspace:
    """A workspace with several sections, panel kinds, settings, filters, grouping, order."""
    return ws.Workspace(
        entity=entity,
        project=project,
        name="Official client workspace",
        sections=[
            ws.Section(
                name="Losses",
                is_open=True,
                panels=[
                    wr.LinePlot(x="Step", y=["val_loss"], title="Validation loss"),
                    wr.LinePlot(y=["train_loss", "val_loss"], smoothing_factor=0.6),
                ],
            ),
            ws.Section(
                name="Accuracy",
                panels=[
                    wr.ScalarChart(metric="acc", title="Accuracy"),
                    wr.BarPlot(metrics=["acc", "f1"]),
                    wr.ScatterPlot(x="lr", y="acc"),
                ],
                layout_settings=ws.SectionLayoutSettings(columns=2, rows=3),
                panel_settings=ws.SectionPanelSettings(smoothing_type="gaussian"),
            ),
            ws.Section(
                name="Notes",
                pinned=True,
                panels=[wr.MarkdownPanel(markdown="# Read me\nSaved by the official client.")],
            ),
        ],
        settings=ws.WorkspaceSettings(
            x_axis="Step",
            smoothing_type="exponential",
            smoothing_weight=3,
            max_runs=25,
            ignore_outliers=True,
        ),
        runset_settings=ws.RunsetSettings(
            query="resnet",
            filters=[
                ws.Metric("State") == "finished",
                ws.Summary("acc") >= 0.5,
                ws.Config("lr") <= 0.1,
            ],
            groupby=[ws.Config("model")],
            order=[ws.Ordering(ws.Summary("acc"), ascending=False)],
        ),
    )


def step_api(_: dict[str, Any]) -> dict[str, Any]:
    api = wandb.Api()
    return {"ok": True, "baseUrl": api.settings["base_url"]}


def step_wrong_key(step: dict[str, Any]) -> dict[str, Any]:
    wandb.Api(api_key=step["key"])
    return {"ok": True}


def step_scenario(step: dict[str, Any]) -> dict[str, Any]:
    entity = step.get("entity", ENTITY_DEFAULT)
    project = step.get("project", PROJECT_DEFAULT)
    out: dict[str, Any] = {}

    workspace = _declare(entity, project)
    workspace.save()
    out["saved"] = _describe(workspace)

    loaded = ws.Workspace.from_url(out["saved"]["url"])
    out["loaded"] = _describe(loaded)

    loaded.name = "Official client workspace (edited)"
    loaded.sections[0].is_open = False
    loaded.sections.append(
        ws.Section(name="Added after load", panels=[wr.LinePlot(y=["lr"])], is_open=True)
    )
    loaded.settings.max_runs = 7
    loaded.runset_settings.query = "vit"
    loaded.save()
    out["edited"] = _describe(loaded)

    out["reloaded"] = _describe(ws.Workspace.from_url(out["edited"]["url"]))

    loaded.save_as_new_view()
    out["copy"] = _describe(loaded)
    return out


def step_load(step: dict[str, Any]) -> dict[str, Any]:
    results = {}
    for url in step["urls"]:
        results[url] = _run_one(lambda url=url: _describe(ws.Workspace.from_url(url)))
    return {"views": results}


STEPS = {
    "api": step_api,
    "scenario": step_scenario,
    "load": step_load,
    "wrong_key": step_wrong_key,
}


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
    # wandb logs "View saved: ..." to stderr; keep stdout for the one RESULT line.
    with contextlib.redirect_stdout(io.StringIO()) as chatter:
        for step in request["steps"]:
            results.append(_run_one(lambda step=step: STEPS[step["do"]](step)))
    sys.stderr.write(chatter.getvalue())
    versions = {"wandb": wandb.__version__}
    print("RESULT " + json.dumps({"results": results, "versions": versions}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
