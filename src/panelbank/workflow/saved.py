"""Saved plans: ``plan -out FILE`` writes one, ``apply FILE`` applies exactly it.

A saved plan is the ``plan --json`` object (same ``format_version``) with ``"saved_plan":
1`` and, on each view, an ``"apply"`` object: what apply needs, as seen at plan time (the
spec to write, the view's internal name, the state file's folder and the declaring
file's name). ``view_id`` and ``marker`` are the ones the view had at plan time; apply
refuses, writing nothing, when any view has changed since (:func:`.steps.changed_since`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import WorkflowError
from .steps import ACTIONS, Step

__all__ = ["SAVED_PLAN", "is_saved_plan", "read_saved_plan", "saved_plan"]

SAVED_PLAN = 1  # the "saved_plan" version; bumped on incompatible change


def saved_plan(plan: dict[str, Any], steps: list[Step]) -> dict[str, Any]:
    """``plan`` (the ``plan --json`` object) with what apply needs, view by view."""
    views = [
        {
            **view,
            "apply": {
                "spec": step.spec,
                "name": step.name,
                "state": str(step.state),
                "file": step.file,
                "description": step.description,
            },
        }
        for view, step in zip(plan["views"], steps, strict=True)
    ]
    return {**plan, "saved_plan": SAVED_PLAN, "views": views}


def is_saved_plan(path: Path) -> bool:
    """Whether ``path`` is a saved plan (a workspace file never has ``saved_plan``)."""
    if path.suffix in (".py", ".yaml", ".yml") or not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "saved_plan" in data


def read_saved_plan(path: Path) -> list[Step]:
    """The steps of the saved plan at ``path``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("saved_plan") != SAVED_PLAN:
            raise ValueError(f"saved_plan {data.get('saved_plan')!r}; this panelbank reads 1")
        return [_step(view) for view in data["views"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise WorkflowError(
            f"{path}: not a saved plan this panelbank can apply ({exc}); make it again "
            "with `panelbank plan -out FILE ...`"
        ) from None


def _step(view: dict[str, Any]) -> Step:
    extra = view["apply"]
    action = view["action"]
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    spec = extra["spec"]
    if action in ("create", "update") and not isinstance(spec, dict):
        raise ValueError(f"no spec for the {action} of {view['name']!r}")
    marker = view["marker"]
    if marker is not None and not isinstance(marker, (int, str)):
        raise ValueError(f"marker {marker!r}")
    return Step(
        action=action,
        backend=str(view["backend"]),
        entity=str(view["entity"]),
        project=str(view["project"]),
        display_name=str(view["name"]),
        view_id=None if view["view_id"] is None else str(view["view_id"]),
        name=None if extra["name"] is None else str(extra["name"]),
        marker=marker,
        spec=spec,
        state=Path(str(extra["state"])),
        file=str(extra["file"]),
        conflict=str(view.get("conflict") or ""),
        keep=action == "none" and bool(view.get("drift")),
        kind=str(view.get("kind") or "workspace"),
        description=str(extra.get("description") or ""),
    )
