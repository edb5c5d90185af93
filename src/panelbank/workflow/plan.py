"""Plan and apply: what declared workspaces would change in their views, and making it so.

A :class:`Planned` is one declaration (one per project for a template) with its view,
the action (``create``, ``update`` or ``none``), the semantic diff lines, and whether
the view was edited elsewhere since the last apply (:mod:`.state`).
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import Backend, SavedView, generate_view_name

from .diff import Line, diff_workspaces
from .errors import StaleViewError
from .files import Declared
from .identity import adopt_ids, without_ids
from .match import Target, expand_projects, resolve, substitute
from .state import Applied, StateFile

__all__ = ["Planned", "apply_one", "count", "expand", "plan_one"]


@dataclasses.dataclass
class Planned:
    target: Target
    action: str  # "create" | "update" | "none"
    lines: list[Line]
    spec: dict[str, Any]  # what apply writes (ids adopted from the stored view)
    state: StateFile
    last: Applied | None  # the last apply from this folder, if any

    @property
    def key(self) -> str:
        w = self.target.workspace
        return StateFile.key(w.entity, w.project, w.name)

    @property
    def stale(self) -> bool:
        """The view was changed by someone else since the last apply from these files."""
        stored, last = self.target.stored, self.last
        return (
            stored is not None
            and last is not None
            and last.id == stored.id
            and last.marker is not None
            # an updatedAt recorded before the server compared versions is not comparable
            and type(stored.marker) is type(last.marker)
            and stored.marker != last.marker
        )


def expand(
    backend: Backend, declared: list[Declared], entity: str | None, projects: list[str]
) -> Iterator[tuple[Declared, ws.Workspace]]:
    """Each declaration, or one copy per ``--project`` (and ``--entity``) for templates."""
    for item in declared:
        target_entity = entity or item.workspace.entity
        if not projects:
            if entity:
                yield item, substitute(item.workspace, target_entity, item.workspace.project)
            else:
                yield item, item.workspace
            continue
        for project in expand_projects(backend, target_entity, projects):
            yield item, substitute(item.workspace, target_entity, project)


def _spec(workspace: ws.Workspace) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec: dict[str, Any] = workspace.to_spec()
    return spec


def plan_one(
    backend: Backend, declared: Declared, workspace: ws.Workspace, states: dict[Any, StateFile]
) -> Planned:
    """Resolve the view of one declaration and compare."""
    folder = declared.path.resolve().parent
    state = states.setdefault(folder, StateFile(folder))
    target = resolve(backend, declared, workspace)
    spec = _spec(workspace)
    last = state.get(StateFile.key(workspace.entity, workspace.project, workspace.name))
    if target.stored is None:
        return Planned(target, "create", diff_workspaces(None, workspace), spec, state, last)
    stored_spec = target.stored_spec
    spec = adopt_ids(spec, stored_spec)
    same = without_ids(spec) == without_ids(stored_spec)
    if same and target.stored.display_name == workspace.name:
        return Planned(target, "none", [], spec, state, last)
    lines = diff_workspaces(target.current, workspace)
    return Planned(target, "update", lines, spec, state, last)


def apply_one(backend: Backend, planned: Planned, *, force: bool) -> SavedView | None:
    """Write one planned change (None when there is nothing to do) and record it."""
    target = planned.target
    workspace = target.workspace
    stored = target.stored
    if planned.action == "none":
        if stored is not None:  # remember the marker: later edits elsewhere are noticed
            planned.state.record(planned.key, Applied(stored.id, stored.name, stored.marker))
        return None
    if planned.stale and not force:
        last = planned.last
        raise StaleViewError(
            f'{workspace.entity}/{workspace.project} "{workspace.name}" was edited elsewhere '
            f"since the last apply (at {last.marker if last else '?'}, now "
            f"{stored.marker if stored else '?'}); `panelbank plan` shows the difference, "
            "export it to keep that edit, or apply --force to overwrite it"
        )
    saved = backend.upsert_view(
        id=stored.id if stored else None,
        entity=workspace.entity,
        project=workspace.project,
        name=stored.name if stored else generate_view_name(),
        display_name=workspace.name,
        spec=json.dumps(planned.spec, separators=(",", ":"), ensure_ascii=False),
        expected_marker=None if force or stored is None else stored.marker,
    )
    planned.state.record(planned.key, Applied(saved.id, saved.name, saved.marker))
    return saved


def count(planned: Iterable[Planned]) -> dict[str, int]:
    out = {"create": 0, "update": 0, "none": 0}
    for item in planned:
        out[item.action] += 1
    return out
