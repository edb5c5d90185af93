"""Drive the OFFICIAL wandb-workspaces 0.4.13 reports API against a W&B-compatible server.

Run by tests/official/test_reports_official.py with the python of the official venv, like
``official_client.py`` (same protocol: one JSON request on stdin, ``{"steps": [...]}``,
and ``RESULT <json>`` as the last stdout line, one result per step). Every GraphQL
document the clients send through ``wandb.Api()`` is logged: each step's result carries
``operations``, ``[operation name, "ok" | "error: ..."]`` in order.

Steps:
  ``create_project``  ``wandb.Api().create_project(project, entity)`` (upsertModel).
  ``save``            build a report (heading, text, a panel grid with a run set) and save it.
  ``edit``            ``Report.from_url(url)``, edit, ``save()``, ``save(clone=True)``,
                      then ``save(draft=True)`` of a fresh load.
  ``share``           ``enable_share_link`` (twice), ``get_share_url``, the link's API read,
                      ``disable_share_link``, ``get_share_url``, the link's API read again.
  ``delete``          ``Report.from_url(url).delete()``, then ``from_url`` again.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import time
import traceback
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlsplit

import wandb
from wandb.apis.public.service_api import ServiceApi

import wandb_workspaces.reports.v2 as wr

OPERATIONS: list[list[str]] = []
_NAME = re.compile(r"\b(?:query|mutation)\s+(\w+)")


def _log_operations() -> None:
    """Record the operation name of every document sent, and whether it was answered."""
    original = ServiceApi.execute_graphql

    def logged(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        found = _NAME.search(query)
        entry = [found.group(1) if found else "?", "ok"]
        OPERATIONS.append(entry)
        try:
            return original(self, query, *args, **kwargs)
        except Exception as exc:
            entry[1] = f"error: {type(exc).__name__}: {str(exc)[:300]}"
            raise

    ServiceApi.execute_graphql = logged  # type: ignore[method-assign]


def _spec_text(report: wr.Report) -> str:
    """The spec exactly as ``save()`` sends it."""
    return str(report._to_model().spec.model_dump_json(by_alias=True, exclude_none=True))


def _describe(report: wr.Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "url": report.url,
        "title": report.title,
        "description": report.description,
        "blockTypes": [type(block).__name__ for block in report.blocks],
        "specText": _spec_text(report),
    }


def step_create_project(step: dict[str, Any]) -> dict[str, Any]:
    wandb.Api().create_project(step["project"], step["entity"])
    return {}


def step_save(step: dict[str, Any]) -> dict[str, Any]:
    entity, project = step["entity"], step["project"]
    report = wr.Report(
        entity=entity,
        project=project,
        title="Official report",
        description="Saved by the official client",
        blocks=[
            wr.H1("Results"),
            wr.P("The optimisers compared."),
            wr.PanelGrid(
                runsets=[wr.Runset(entity=entity, project=project, name="All runs")],
                panels=[wr.LinePlot(x="Step", y=["loss"], title="Loss")],
            ),
            wr.CodeBlock(code=["print('hello')"], language="python"),
        ],
    )
    sent = _spec_text(report)
    report.save()
    return {**_describe(report), "specSent": sent}


def step_edit(step: dict[str, Any]) -> dict[str, Any]:
    loaded = wr.Report.from_url(step["url"])
    out: dict[str, Any] = {"loaded": _describe(loaded)}
    loaded.blocks.append(wr.P("Added after loading."))
    loaded.title = "Official report, edited"
    sent = _spec_text(loaded)
    loaded.save()
    out["edited"] = {**_describe(loaded), "specSent": sent}
    loaded.save(clone=True)
    out["clone"] = _describe(loaded)
    draft = wr.Report.from_url(step["url"])
    draft.description = "A draft"
    draft_sent = _spec_text(draft)
    draft.save(draft=True)
    out["draft"] = {**_describe(draft), "specSent": draft_sent}
    return out


def _read_with_link(share_url: str) -> int:
    """The HTTP status of reading the report through the link's token (no API key)."""
    parts = urlsplit(share_url)
    token = parse_qs(parts.query)["accessToken"][0]
    report_id = parts.path.rsplit("--", 1)[1]
    api = f"{parts.scheme}://{parts.netloc}/api/v1/views/{report_id}?accessToken={token}"
    try:
        with urllib.request.urlopen(api, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def step_share(step: dict[str, Any]) -> dict[str, Any]:
    report = wr.Report.from_url(step["url"])
    out: dict[str, Any] = {"before": report.get_share_url()}
    out["enabled"] = report.enable_share_link()
    out["enabledAgain"] = report.enable_share_link()
    out["shareUrl"] = report.get_share_url()
    out["readWithLink"] = _read_with_link(out["enabled"])
    out["disabled"] = report.disable_share_link()
    out["after"] = report.get_share_url()
    out["readAfterDisable"] = _read_with_link(out["enabled"])
    out["disabledAgain"] = report.disable_share_link()
    return out


def step_delete(step: dict[str, Any]) -> dict[str, Any]:
    report = wr.Report.from_url(step["url"])
    out: dict[str, Any] = {"deleted": report.delete()}
    try:
        wr.Report.from_url(step["url"])
    except Exception as exc:
        out["reload"] = f"{type(exc).__name__}: {exc}"[:300]
    else:
        out["reload"] = "loaded"
    return out


STEPS = {
    "create_project": step_create_project,
    "save": step_save,
    "edit": step_edit,
    "share": step_share,
    "delete": step_delete,
}


def _run_one(func: Any) -> dict[str, Any]:
    started, first = time.monotonic(), len(OPERATIONS)
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
    result["operations"] = OPERATIONS[first:]
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def main() -> int:
    request = json.load(sys.stdin)
    _log_operations()
    results = []
    with contextlib.redirect_stdout(io.StringIO()) as chatter:
        for step in request["steps"]:
            results.append(_run_one(lambda step=step: STEPS[step["do"]](step)))
    sys.stderr.write(chatter.getvalue())
    print("RESULT " + json.dumps({"results": results}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
