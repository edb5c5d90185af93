"""Run report declarations (or load report specs) with the *official* wandb-workspaces.

Executed by the interpreter of the official venv (``scripts/official-venv``), never by
ours: both packages are called ``wandb_workspaces``. Only the standard library and the
official package are imported here.

stdin: a JSON list of objects, each either
``{"name": ..., "source": ...}`` (Python that binds ``report``, with ``wr`` and ``expr``
imported) or ``{"name": ..., "spec": {...}, "entity": ..., "project": ...}`` (a report spec
to load with ``Report._from_model`` and write again).

stdout: a JSON list, one object per input::

    {"name", "displayName", "description", "spec", "error": None | {"type", "message"}}

The spec is ``report._to_model().spec`` dumped as ``Report.save()`` sends it
(``model_dump_json(by_alias=True, exclude_none=True)``). The official client asks the
server for each run set's project internal id while writing; here every project answers
:data:`PROJECT_ID`.
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from typing import Any

PROJECT_ID = "UHJvamVjdDpwcm9qLTE="


class _Api:
    default_entity = "default-entity"


def _patched() -> dict[str, Any]:
    import wandb_workspaces.expr as expr
    import wandb_workspaces.reports.v2 as wr
    from wandb_workspaces.reports.v2 import interface

    def execute_graphql(api: Any, query: Any, variables: dict[str, Any]) -> dict[str, Any]:
        return {"project": {"internalId": PROJECT_ID}}

    interface.execute_graphql = execute_graphql  # type: ignore[attr-defined]
    interface._get_api = _Api  # type: ignore[attr-defined]
    return {"wr": wr, "expr": expr, "__name__": "__declaration__"}


def _dump(report: Any) -> dict[str, Any]:
    model = report._to_model()
    spec: dict[str, Any] = json.loads(model.spec.model_dump_json(by_alias=True, exclude_none=True))
    return {"displayName": report.title, "description": report.description, "spec": spec}


def run_one(item: dict[str, Any]) -> dict[str, Any]:
    # The official package's modules (ours has no ``internal`` module of reports).
    interface = importlib.import_module("wandb_workspaces.reports.v2.interface")
    internal = importlib.import_module("wandb_workspaces.reports.v2.internal")
    try:
        if "source" in item:
            namespace = _patched()
            exec(compile(item["source"], "<declaration>", "exec"), namespace)
            report = namespace["report"]
        else:
            model = internal.ReportViewspec.model_validate(
                {
                    "displayName": item.get("title", "Untitled Report"),
                    "description": item.get("description", ""),
                    "project": {"name": item["project"], "entityName": item["entity"]},
                    "spec": item["spec"],
                }
            )
            report = interface.Report._from_model(model)
        return {"error": None, **_dump(report)}
    except Exception as exc:  # every failure is data for the tests
        return {"error": {"type": type(exc).__name__, "message": str(exc)}}


def main() -> int:
    items = json.load(sys.stdin)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _patched()
        wandb: Any = importlib.import_module("wandb")  # only in the official venv

        wandb.termwarn = lambda *args, **kwargs: None  # "Unsupported block type" notes
        wandb.termlog = lambda *args, **kwargs: None
        out = [{"name": item.get("name"), **run_one(item)} for item in items]
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
