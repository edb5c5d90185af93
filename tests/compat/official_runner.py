"""Run workspace declarations with the *official* wandb-workspaces and print their specs.

Executed by the interpreter of the official venv (``scripts/official-venv``), never by
ours: both packages are called ``wandb_workspaces``. Only the standard library and the
official package are imported here.

stdin: a JSON list; each item is either a declaration source string or an object
``{"name": ..., "source": ...}``. A source is Python that binds ``workspace`` with
``ws`` (wandb_workspaces.workspaces), ``wr`` (wandb_workspaces.reports.v2) and ``expr``
(wandb_workspaces.expr) already imported.

stdout: a JSON list with one object per input, in order::

    {"name": str | None,
     "entity": str, "project": str,
     "displayName": str,
     "spec": {...},             # what save() sends as the view's spec (wire_format §5.10)
     "warnings": [{"category": "UserWarning" | "DeprecationWarning" | ... | "termwarn",
                   "message": str}, ...],
     "error": None | {"type": str, "message": str, "stage": "declare" | "serialize"}}

The spec is ``workspace._to_model().spec`` dumped exactly as ``internal.upsert_view2``
does it: ``model_dump_json(by_alias=True, exclude_none=True)``, then parsed back.
Warnings are both ``warnings.warn`` calls and ``wandb.termwarn`` messages, in order.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def _namespace() -> dict[str, Any]:
    import wandb_workspaces.expr as expr
    import wandb_workspaces.reports.v2 as wr
    import wandb_workspaces.workspaces as ws

    return {"ws": ws, "wr": wr, "expr": expr, "__name__": "__declaration__"}


@contextmanager
def _recording(sink: list[dict[str, str]]) -> Iterator[None]:
    """Record warnings.warn and wandb.termwarn calls into ``sink``."""
    import wandb  # type: ignore[import-not-found]  # only in the official venv

    original: Callable[..., Any] = wandb.termwarn

    def termwarn(message: Any, *args: Any, **kwargs: Any) -> None:
        sink.append({"category": "termwarn", "message": str(message)})

    wandb.termwarn = termwarn
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield
            finally:
                # termwarn and warnings interleave rarely; warnings go after, in order.
                sink.extend(
                    {"category": w.category.__name__, "message": str(w.message)} for w in caught
                )
    finally:
        wandb.termwarn = original


def run_one(source: str) -> dict[str, Any]:
    result: dict[str, Any] = {"warnings": [], "error": None}
    stage = "declare"
    try:
        with _recording(result["warnings"]):
            namespace = _namespace()
            exec(compile(source, "<declaration>", "exec"), namespace)
            workspace = namespace["workspace"]
            result["entity"] = workspace.entity
            result["project"] = workspace.project
            result["displayName"] = workspace.name
            stage = "serialize"
            spec_json = workspace._to_model().spec.model_dump_json(by_alias=True, exclude_none=True)
            result["spec"] = json.loads(spec_json)
    except Exception as exc:  # every failure is data for the differential test
        result["error"] = {"type": type(exc).__name__, "message": str(exc), "stage": stage}
    return result


def main() -> int:
    items = json.load(sys.stdin)
    # Import once up front, outside the recording: the official package's own
    # import-time deprecation warnings (pydantic V1 validators) are not a declaration's.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _namespace()
    out = []
    for item in items:
        if isinstance(item, str):
            name, source = None, item
        else:
            name, source = item.get("name"), item["source"]
        result = run_one(source)
        result["name"] = name
        out.append(result)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
