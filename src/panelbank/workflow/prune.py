"""``--prune``: the managed views whose files are gone.

A view is managed when the state file of a folder records it (for the backend planned
against). It is pruned when no declaration of this plan manages it any more and the
file that declared it is gone, or was given and no longer declares it. A view recorded
without its file (by an older panelbank) is never pruned: a plan says so; apply its
file once to record it. A view edited elsewhere since the last apply is pruned only
with ``--force``, as an overwrite is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wandb_workspaces.backends import Backend, StoredView, report_url, view_url
from wandb_workspaces.errors import NotFoundError

from .plan import Planned
from .report_plan import report_backend
from .state import Applied, StateFile

__all__ = ["Pruned", "find_pruned", "pruned_json"]


@dataclasses.dataclass
class Pruned:
    """A state entry whose view ``apply --prune`` deletes (``stored`` None: already gone)."""

    entry: Applied
    state: StateFile
    stored: Any  # a StoredView, or a StoredReport for a report
    url: str  # the view's address on the backend planned against

    @property
    def label(self) -> str:
        e = self.entry
        return f'{e.entity}/{e.project} "{e.display_name}"'

    @property
    def conflict(self) -> str:
        """Why deleting needs --force ("" when it does not)."""
        stored, was = self.stored, self.entry.marker
        if stored is None or was is None or type(stored.marker) is not type(was):
            return ""
        if stored.id != self.entry.id:
            return f"deleted and made again elsewhere (now id {stored.id})"
        if stored.marker != was:
            return f"edited elsewhere since the last apply ({was} → {stored.marker})"
        return ""


def find_pruned(
    backend: Backend,
    key: str,
    planned: list[Planned],
    files: list[Path],
    reports: Sequence[Any] = (),
) -> tuple[list[Pruned], list[str]]:
    """The views to prune (workspaces and reports, ``reports`` the planned ones), and
    notes about entries that cannot be told."""
    managed = {item.target.stored.id for item in planned if item.target.stored is not None}
    managed |= {item.stored.id for item in reports if item.stored is not None}
    given = {path.resolve() for path in files}
    all_states = [item.state for item in planned] + [item.state for item in reports]
    states = list({id(state): state for state in all_states}.values())
    pruned: list[Pruned] = []
    notes: list[str] = []
    for state in states:
        for entry in state.on(key):
            if entry.id in managed:
                continue
            label = f'{entry.entity}/{entry.project} "{entry.display_name}"'
            if not entry.file:
                notes.append(
                    f"{label} is in {state.path} without its file (recorded by an older "
                    "panelbank): not pruned; apply its file once to record it"
                )
                continue
            path = (state.folder / entry.file).resolve()
            if path.exists() and path not in given:
                continue  # its file is still there, just not part of this plan
            stored, url = _stored(backend, entry)
            pruned.append(Pruned(entry, state, stored, url))
    return pruned, notes


def _stored(backend: Backend, entry: Applied) -> tuple[Any, str]:
    """The view of a state entry as stored now (None: gone), and its address."""
    if entry.kind == "report":
        reports = report_backend(backend)
        try:
            report: Any = reports.load_report(entry.id)
        except NotFoundError:
            report = None
        title = report.display_name if report else entry.display_name
        return report, report_url(reports.app_url, entry.entity, entry.project, title, entry.id)
    try:
        stored: StoredView | None = backend.load_view(entry.entity, entry.project, entry.name)
    except NotFoundError:
        stored = None
    return stored, view_url(entry.entity, entry.project, entry.name, backend)


def pruned_json(item: Pruned, key: str) -> dict[str, object]:
    """A pruned view in ``plan --json`` (action ``delete``; the schema is in the README)."""
    e, stored = item.entry, item.stored
    return {
        "kind": e.kind,
        "file": str(item.state.folder / e.file),
        "index": None,
        "entity": e.entity,
        "project": e.project,
        "name": e.display_name,
        "action": "delete",
        "backend": key,
        "url": item.url if stored else None,
        "view_id": e.id,
        "marker": stored.marker if stored else None,
        "conflict": item.conflict,
        "notes": [] if stored else ["already deleted elsewhere; apply drops it from the state"],
        "changes": [],
    }
