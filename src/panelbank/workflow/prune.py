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
from pathlib import Path

from wandb_workspaces.backends import Backend, StoredView, view_url
from wandb_workspaces.errors import NotFoundError

from .plan import Planned
from .state import Applied, StateFile

__all__ = ["Pruned", "find_pruned", "pruned_json"]


@dataclasses.dataclass
class Pruned:
    """A state entry whose view ``apply --prune`` deletes (``stored`` None: already gone)."""

    entry: Applied
    state: StateFile
    stored: StoredView | None
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
    backend: Backend, key: str, planned: list[Planned], files: list[Path]
) -> tuple[list[Pruned], list[str]]:
    """The views to prune, and notes about entries that cannot be told."""
    managed = {item.target.stored.id for item in planned if item.target.stored is not None}
    given = {path.resolve() for path in files}
    states = list({id(item.state): item.state for item in planned}.values())
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
            try:
                stored: StoredView | None = backend.load_view(
                    entry.entity, entry.project, entry.name
                )
            except NotFoundError:
                stored = None
            url = view_url(entry.entity, entry.project, entry.name, backend)
            pruned.append(Pruned(entry, state, stored, url))
    return pruned, notes


def pruned_json(item: Pruned, key: str) -> dict[str, object]:
    """A pruned view in ``plan --json`` (action ``delete``; the schema is in the README)."""
    e, stored = item.entry, item.stored
    return {
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
