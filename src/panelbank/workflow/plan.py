"""Plan and apply: what declared workspaces would change in their views, and making it so.

A :class:`Planned` is one declaration (one per project for a template) with its view,
the action (``create``, ``update`` or ``none``), the semantic diff lines, and whether
the view was edited elsewhere since the last apply, or deleted and made again
(:mod:`.state`). Two declarations of one view are an error (:func:`check_unique`).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import Backend
from wandb_workspaces.errors import NotFoundError

from .diff import Line, diff_workspaces
from .drift import Separated, separate
from .errors import WorkflowError
from .files import Declared
from .identity import adopt_ids, without_ids
from .match import Target, expand_projects, resolve, substitute
from .match import target as make_target
from .state import Applied, StateFile, backend_key

__all__ = [
    "PLAN_FORMAT",
    "Planned",
    "check_unique",
    "count",
    "expand",
    "plan_json",
    "plan_one",
]

PLAN_FORMAT = 1  # the "format_version" of ``plan --json``; bumped on incompatible change


@dataclasses.dataclass
class Planned:
    target: Target
    action: str  # "create" | "update" | "none"
    lines: list[Line]
    spec: dict[str, Any]  # what apply writes (ids adopted from the stored view)
    state: StateFile
    backend: str  # :func:`.state.backend_key` of the backend planned against
    last: Applied | None  # the last apply of this view from this folder, if any
    replaced: Applied | None = None  # the view this file managed, now gone or another
    notes: list[str] = dataclasses.field(default_factory=list)
    separated: Separated | None = None  # code vs drift since the last apply, when known

    @property
    def drift_only(self) -> bool:
        """Changed elsewhere since the last apply, not in code: apply leaves it as it is."""
        sep = self.separated
        return sep is not None and sep.drifted and not sep.code_changed

    @property
    def stale(self) -> bool:
        """The view was changed by someone else since the last apply from these files
        (edited, or deleted and another made in its place)."""
        stored, last = self.target.stored, self.last
        if stored is not None and self.replaced is not None:
            return True
        if self.separated is not None:  # the last apply is known: compare contents
            return self.separated.drifted
        return (
            stored is not None
            and last is not None
            and last.marker is not None
            # an updatedAt recorded before the server compared versions is not comparable
            and type(stored.marker) is type(last.marker)
            and stored.marker != last.marker
        )

    @property
    def conflict(self) -> str:
        """Why apply needs --force ("" when it does not)."""
        stored, last, replaced = self.target.stored, self.last, self.replaced
        if not self.stale or stored is None:
            return ""
        if replaced is not None:
            return (
                f"deleted and made again elsewhere: the view this file last applied (id "
                f"{replaced.id}, {replaced.name}) is gone and another (id {stored.id}, "
                f"{stored.name}) has its name"
            )
        was = last.marker if last else "?"
        return f"edited elsewhere since the last apply ({was} → {stored.marker})"


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


def _history(planned: Planned, backend: Backend, workspace: ws.Workspace, state: StateFile) -> None:
    """What the state file knows about this view: its entry, or why there is none."""
    stored = planned.target.stored
    key = planned.backend
    if stored is not None:
        planned.last = state.by_id(key, stored.id, stored.name)
    if planned.last is not None:
        return
    here = state.at(workspace.entity, workspace.project, workspace.name)
    mine = [entry for entry in here if entry.backend == key]
    others = sorted({entry.backend for entry in here if entry.backend != key and entry.backend})
    if mine and stored is not None:
        planned.replaced = mine[0]
    elif mine:
        planned.notes.append(
            f"the view last applied here (id {mine[0].id}) no longer exists; apply creates "
            "a new one"
        )
    elif others:
        planned.notes.append(
            f"the state file records this view on {', '.join(others)}, not on {key}: "
            "nothing to compare with here (edits made elsewhere cannot be told); apply "
            f"records it for {key} too"
        )


def _renamed(
    backend: Backend, target: Target, state: StateFile, key: str
) -> tuple[Target, str] | None:
    """The view ``panelbank state mv`` moved to this declaration's name: the state records
    it at the declared place, and the backend still has it (under its old name)."""
    w = target.workspace
    for entry in state.at(w.entity, w.project, w.name):
        if entry.backend != key:
            continue
        try:
            stored = backend.load_view(w.entity, w.project, entry.name)
        except NotFoundError:
            continue
        if stored.id == entry.id:
            return make_target(backend, target.declared, w, stored), stored.display_name
    return None


def _separate(planned: Planned, workspace: ws.Workspace, force: bool) -> None:
    """Tell code changes from drift against the last apply (:mod:`.drift`); a view changed
    elsewhere only is left as it is (``none``), unless ``force`` reverts it."""
    target, last = planned.target, planned.last
    if target.stored is None or target.current is None or last is None or planned.replaced:
        return
    planned.separated = separate(
        last.applied_spec,
        last.applied_name,
        workspace,
        planned.spec,
        target.current,
        target.stored_spec,
        written_since=type(last.marker) is not type(target.stored.marker)
        or last.marker != target.stored.marker,
    )
    if planned.drift_only and not force:
        planned.action, planned.lines = "none", []
        url = planned.target.url
        planned.notes.append(
            "apply leaves this view as it is: take the edit into the file (`panelbank "
            f"export {url} -o FILE`), or apply --force to revert it"
        )


def plan_one(
    backend: Backend,
    declared: Declared,
    workspace: ws.Workspace,
    states: dict[Any, StateFile],
    force: bool = False,
) -> Planned:
    """Resolve the view of one declaration and compare (``force``: as ``apply --force``
    plans it, reverting a view changed elsewhere only)."""
    folder = declared.path.resolve().parent
    state = states.setdefault(folder, StateFile(folder))
    target = resolve(backend, declared, workspace)
    spec = _spec(workspace)
    key = backend_key(backend)
    renamed = None
    if target.stored is None and declared.view is None:
        found = _renamed(backend, target, state, key)
        if found is not None:
            target, renamed = found
    if target.stored is None:
        lines = diff_workspaces(None, workspace)
        planned = Planned(target, "create", lines, spec, state, key, None)
    else:
        stored_spec = target.stored_spec
        spec = adopt_ids(spec, stored_spec)
        same = without_ids(spec) == without_ids(stored_spec)
        if same and target.stored.display_name == workspace.name:
            planned = Planned(target, "none", [], spec, state, key, None)
        else:
            lines = diff_workspaces(target.current, workspace)
            planned = Planned(target, "update", lines, spec, state, key, None)
    _history(planned, backend, workspace, state)
    _separate(planned, workspace, force)
    if renamed is not None:
        planned.notes.append(
            f"renamed from {renamed!r} (`panelbank state mv`): the same view, its id and "
            "history kept"
        )
    return planned


def check_unique(planned: list[Planned]) -> None:
    """Two declarations of one view would overwrite each other on every apply."""
    seen: dict[tuple[str, ...], Planned] = {}
    for item in planned:
        w, stored = item.target.workspace, item.target.stored
        key = ("id", stored.id) if stored else ("new", w.entity, w.project, w.name)
        first = seen.setdefault(key, item)
        if first is not item:
            raise WorkflowError(
                f"{_where(first)} and {_where(item)} both declare the view "
                f'{w.entity}/{w.project} "{w.name}"'
                + (f" ({item.target.url})" if stored else "")
                + "; a view is declared in one place: remove one, or give it another name"
            )


def _where(item: Planned) -> str:
    declared = item.target.declared
    return f"{declared.path}" + (f" (workspace {declared.index + 1})" if declared.index else "")


def count(planned: Iterable[Planned]) -> dict[str, int]:
    out = {"create": 0, "update": 0, "none": 0}
    for item in planned:
        out[item.action] += 1
    return out


def plan_json(
    planned: list[Planned], deletes: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The plan as data (``plan --json``; the schema is in the README); ``deletes`` (the
    views ``--prune`` removes, action ``delete``) adds a ``delete`` count."""
    summary: dict[str, int] = dict(count(planned))
    summary["drift"] = sum(1 for item in planned if item.stale)
    views = [_view_json(item) for item in planned]
    if deletes is not None:
        summary["delete"] = len(deletes)
        views += deletes
    return {"format_version": PLAN_FORMAT, "summary": summary, "views": views}


def _view_json(item: Planned) -> dict[str, Any]:
    w, stored, declared = item.target.workspace, item.target.stored, item.target.declared
    sep = item.separated
    return {
        "kind": "workspace",
        "file": str(declared.path),
        "index": declared.index,
        "entity": w.entity,
        "project": w.project,
        "name": w.name,
        "action": item.action,
        "backend": item.backend,
        "url": item.target.url,
        "view_id": stored.id if stored else None,
        "marker": stored.marker if stored else None,
        "conflict": item.conflict if item.action != "none" else "",
        "notes": list(item.notes),
        "changes": _lines(item.lines),
        "code_changes": _lines(sep.code) if sep else None,
        "drift": _lines(sep.drift) if sep else None,
    }


def _lines(lines: list[Line]) -> list[dict[str, Any]]:
    return [{"depth": line.depth, "op": line.op, "text": line.text} for line in lines]
