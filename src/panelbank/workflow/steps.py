"""What ``apply`` does, one :class:`Step` per view: the one executor of a plan made now
(``apply FILES``) and of a saved plan (``apply PLANFILE``, :mod:`.saved`).

A step carries everything the write needs, as seen at plan time: the spec to write, the
view's id, internal name and change marker, and the state file to record it in. Writes
are compare-and-swap on that marker, so a view changed between plan and write is never
overwritten silently; :func:`changed_since` lists every view changed since a saved plan
was made, before anything is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from wandb_workspaces.backends import Backend, Marker, generate_view_name
from wandb_workspaces.errors import NotFoundError

from .drift import applied_text
from .errors import StaleViewError
from .plan import Planned
from .prune import Pruned
from .report_diff import without_report_ids
from .report_plan import PlannedReport, report_backend
from .state import Applied, StateFile

__all__ = [
    "ACTIONS",
    "Step",
    "changed_since",
    "check_conflicts",
    "execute",
    "step_of",
    "step_of_pruned",
    "step_of_report",
]

ACTIONS = ("create", "update", "none", "delete")


@dataclasses.dataclass(frozen=True)
class Step:
    """One view's part of a plan; ``view_id``/``name``/``marker`` are None for a create."""

    action: str
    backend: str
    entity: str
    project: str
    display_name: str
    view_id: str | None
    name: str | None
    marker: Marker
    spec: dict[str, Any] | None  # what create/update writes
    state: Path  # the folder of the state file that records the view
    file: str  # the declaring file's name in that folder ("" for a delete)
    conflict: str = ""  # non-empty: the view changed elsewhere since the last apply
    keep: bool = False  # changed elsewhere only: left as it is, and its state entry too
    kind: str = "workspace"  # or "report" (a report view: ``ReportBackend`` methods)
    description: str = ""  # a report's description

    @property
    def label(self) -> str:
        return f'{self.entity}/{self.project} "{self.display_name}"'


def step_of(item: Planned) -> Step:
    w, stored = item.target.workspace, item.target.stored
    return Step(
        action=item.action,
        backend=item.backend,
        entity=w.entity,
        project=w.project,
        display_name=w.name,
        view_id=stored.id if stored else None,
        name=stored.name if stored else None,
        marker=stored.marker if stored else None,
        spec=item.spec,
        state=item.state.folder,
        file=item.target.declared.path.name,
        conflict=item.conflict if item.action != "none" else "",
        keep=item.action == "none" and item.drift_only,
    )


def step_of_report(item: PlannedReport) -> Step:
    report, stored = item.declared.report, item.stored
    return Step(
        action=item.action,
        backend=item.backend,
        entity=str(report.entity),
        project=str(report.project),
        display_name=item.title,
        view_id=stored.id if stored else None,
        name=stored.name if stored else None,
        marker=stored.marker if stored else None,
        spec=item.spec,
        state=item.state.folder,
        file=item.declared.path.name,
        conflict=item.conflict,
        keep=item.action == "none" and bool(item.drift),
        kind="report",
        description=str(getattr(report, "description", "") or ""),
    )


def step_of_pruned(item: Pruned) -> Step:
    entry, stored = item.entry, item.stored
    return Step(
        action="delete",
        backend=entry.backend,
        entity=entry.entity,
        project=entry.project,
        display_name=entry.display_name,
        view_id=entry.id,
        name=entry.name,
        marker=stored.marker if stored else None,
        spec=None,
        state=item.state.folder,
        file="",
        conflict=item.conflict,
        kind=entry.kind,
    )


def changed_since(backend: Backend, steps: list[Step], key: str) -> list[str]:
    """Why a saved plan no longer holds: each view changed (made, edited, deleted) since
    the plan was made, or another backend; empty when it can be applied as it is."""
    problems = []
    for step in steps:
        if step.backend != key:
            problems.append(f"{step.label}: the plan was made against {step.backend}, not {key}")
            continue
        if step.action == "create":
            try:
                views = backend.list_views(step.entity, step.project)
            except NotFoundError:
                views = []
            if any(view.display_name == step.display_name for view in views):
                problems.append(f"{step.label}: a view with this name was made since the plan")
            continue
        try:
            now = _load(backend, step)
        except NotFoundError:
            if step.action != "delete":
                problems.append(f"{step.label}: deleted since the plan")
            continue
        if now.id != step.view_id or now.marker != step.marker:
            problems.append(
                f"{step.label}: changed since the plan (version {step.marker} → {now.marker})"
            )
    return problems


def _load(backend: Backend, step: Step) -> Any:
    """The view of a step as stored now (a report by its id)."""
    if step.kind == "report":
        return report_backend(backend).load_report(step.view_id or "")
    return backend.load_view(step.entity, step.project, step.name or "")


def _write(backend: Backend, step: Step) -> Any:
    """Create or update the step's view (compare-and-swap on the marker seen)."""
    spec = json.dumps(step.spec, separators=(",", ":"), ensure_ascii=False)
    expected = step.marker if step.view_id else None
    if step.kind == "report":
        return report_backend(backend).upsert_report(
            id=step.view_id,
            entity=step.entity,
            project=step.project,
            name=step.name or secrets.token_hex(6),
            display_name=step.display_name,
            description=step.description,
            spec=spec,
            expected_marker=expected,
        )
    return backend.upsert_view(
        id=step.view_id,
        entity=step.entity,
        project=step.project,
        name=step.name or generate_view_name(),
        display_name=step.display_name,
        spec=spec,
        expected_marker=expected,
    )


def check_conflicts(steps: list[Step], force: bool) -> None:
    """Refuse, before anything is written, a plan that overwrites edits made elsewhere."""
    stale = [step for step in steps if step.conflict and step.action != "none"]
    if stale and not force:
        step = stale[0]
        what = "delete" if step.action == "delete" else "overwrite"
        raise StaleViewError(
            f"{step.label} was {step.conflict}; `panelbank plan` shows the difference, export "
            f"the view to keep what was done there, or apply --force to {what} it"
        )


def execute(
    backend: Backend,
    steps: list[Step],
    *,
    force: bool,
    progress: Callable[[list[Step]], Iterable[Step]] = iter,
) -> list[tuple[Step, Any]]:
    """Write every step (compare-and-swap on the marker seen at plan time) and record it in
    its state file; a step with nothing to do writes nothing, not even the state, unless
    the state lacked the view."""
    check_conflicts(steps, force)
    states: dict[Path, StateFile] = {}
    done: list[tuple[Step, Any]] = []
    for step in progress(steps):
        state = states.setdefault(step.state, StateFile(step.state))
        if step.action == "delete":
            with contextlib.suppress(NotFoundError):  # already gone: drop the state entry
                if step.kind == "report":
                    report_backend(backend).delete_report(step.view_id or "")
                else:
                    backend.delete_view(step.view_id or "")
            state.forget(step.backend, step.view_id or "")
            done.append((step, None))
            continue
        if step.action == "none":
            if step.view_id is not None and not step.keep:  # later edits are noticed
                state.record(_applied(step, step.view_id, step.name or "", step.marker))
            done.append((step, None))
            continue
        saved = _write(backend, step)
        state.record(_applied(step, saved.id, saved.name, saved.marker))
        done.append((step, saved))
    return done


def _applied_spec(step: Step) -> str:
    """What the state keeps of the spec written ("" when the step did not carry it)."""
    if step.spec is None:
        return ""
    if step.kind == "report":
        spec = without_report_ids(step.spec)
        return json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
    return applied_text(step.spec)


def _applied(step: Step, view_id: str, name: str, marker: Marker) -> Applied:
    return Applied(
        step.backend,
        view_id,
        name,
        step.entity,
        step.project,
        step.display_name,
        marker,
        file=step.file,
        applied_spec=_applied_spec(step),
        kind=step.kind,
    )
