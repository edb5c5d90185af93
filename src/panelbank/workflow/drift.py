"""Changed in code, changed elsewhere, or both: a planned view against its last apply.

The state file keeps the spec each apply wrote (``applied_spec``, ids left out), so a
plan compares three versions of a view: the file, the stored view and the last apply.

* **changed in code**: the file differs from the last apply;
* **changed elsewhere** (drift): the stored view differs from the last apply (edited in
  the app, by a script, restored);
* both: a conflict; apply refuses it without ``--force`` (which writes the file's
  version, reverting the edit made elsewhere).

A view changed elsewhere only is left as it is by ``apply``: the plan shows the edit and
how to keep it (export it into the file) or revert it (``apply --force``). Without a
record of the last apply (a state entry written by an older panelbank, or none), the two
cannot be told apart and the change marker decides, as before.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from typing import Any

import wandb_workspaces.workspaces as ws
from wandb_workspaces.errors import WorkspacesError

from .diff import Line, diff_workspaces
from .identity import without_ids

__all__ = ["Separated", "applied_text", "separate"]


def applied_text(spec: dict[str, Any]) -> str:
    """What the state file keeps of an applied spec: compact JSON, ids left out."""
    return json.dumps(without_ids(spec), separators=(",", ":"), ensure_ascii=False)


@dataclasses.dataclass(frozen=True)
class Separated:
    """The changes of one view since its last apply, on each side."""

    code: list[Line]  # file vs last apply
    drift: list[Line]  # stored view vs last apply
    code_changed: bool
    drifted: bool


def _applied(text: str, entity: str, project: str, name: str) -> ws.Workspace | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ws.Workspace.from_spec(
                json.loads(text), entity=entity, project=project, name=name
            )
    except (ValueError, WorkspacesError):
        return None


def separate(
    applied: str,
    applied_name: str,
    declared: ws.Workspace,
    declared_spec: dict[str, Any],
    current: ws.Workspace,
    stored_spec: dict[str, Any],
    written_since: bool = True,
) -> Separated | None:
    """The code and drift changes of a view, or None when the last apply is not known
    (no ``applied_spec`` recorded, or one this panelbank cannot read).

    ``written_since`` is False when the view's change marker is the one the last apply
    left: nobody wrote it since, so a difference from ``applied_spec`` is the server's
    own rewriting of what apply sent, not an edit made elsewhere."""
    if not applied:
        return None
    try:
        last: Any = json.loads(applied)
    except ValueError:
        return None
    code_changed = without_ids(declared_spec) != last or declared.name != applied_name
    drifted = written_since and (without_ids(stored_spec) != last or current.name != applied_name)
    if not code_changed and not drifted:
        return Separated([], [], False, False)
    before = _applied(applied, declared.entity, declared.project, applied_name)
    if before is None:
        return None
    code = diff_workspaces(before, declared, depth=2) if code_changed else []
    drift = diff_workspaces(before, current, depth=2) if drifted else []
    return Separated(code, drift, code_changed, drifted)
