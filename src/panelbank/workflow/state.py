"""What ``apply`` remembers: ``.panelbank-state.json`` beside the workspace file.

For each view applied from files in that folder it keeps, under the backend it was
applied to and the view's id, the view's internal name, where it was (entity, project,
display name), the declaring file's name (what ``apply --prune`` goes by) and the
backend's change marker after the apply (the store's version number, or the server's
``updatedAt``). The next ``plan``/``apply`` finds the view by
the file (``url=`` or its name) and looks it up here by backend and id:

* a different marker means the view was edited elsewhere (in the app, by a script)
  since the last apply, and ``apply`` refuses to overwrite that edit unless ``--force``;
* no entry for that id, but one for the same place with another id (or internal name),
  means the view this file managed was deleted and another made in its place;
* entries for the place only under another backend mean the state was made against
  another store or server, and there is nothing to compare with here.

Renaming a view (a new display name, with ``url=`` in the file) keeps its entry. The
format (``version`` 2)::

    {"version": 2,
     "backends": {
       "sqlite:////home/me/.panelbank/panelbank.db": {
         "VmlldzoxMg==": {"name": "nw-a1b2c3d4e5f-v", "entity": "e", "project": "p",
                          "display_name": "Training", "marker": 3, "file": "training.py",
                          "applied_at": "2026-01-31T12:00:00+00:00",
                          "applied_spec": "{\\"section\\":...}"}}}}

``applied_spec`` is the spec that apply wrote (compact JSON, ids left out): what a plan
compares the file and the stored view with, to tell changes made in code from changes
made elsewhere (:mod:`.drift`).

A version 1 file (keyed ``entity/project/display name``, no backend) is read as entries
of an unknown backend, matched by id and internal name, and rewritten as version 2 by
the next apply that records something. An apply that changes nothing writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from wandb_workspaces.backends import Backend, Marker
from wandb_workspaces.errors import closest

from ..store.backend import LocalBackend
from .errors import WorkflowError

__all__ = ["STATE_FILE", "UNKNOWN_BACKEND", "Applied", "StateFile", "backend_key"]

STATE_FILE = ".panelbank-state.json"
VERSION = 2
UNKNOWN_BACKEND = ""  # entries migrated from a version 1 file
_UNKNOWN_LABEL = "unknown (from a version 1 file)"  # how the file spells it


def backend_key(backend: Backend) -> str:
    """Which store or server a view lives on: the database URL of the embedded store
    (password hidden), the base URL of a server."""
    if isinstance(backend, LocalBackend):
        return backend.store.url
    base = getattr(backend, "base_url", None)
    return str(base).rstrip("/") if isinstance(base, str) and base else backend.app_url


@dataclasses.dataclass(frozen=True)
class Applied:
    """A view an apply wrote (or found as declared), and its change marker right after."""

    backend: str
    id: str
    name: str
    entity: str
    project: str
    display_name: str
    marker: Marker
    applied_at: str = ""
    file: str = ""  # the declaring file's name in the state's folder ("": not recorded)
    applied_spec: str = ""  # the spec written, ids left out (:mod:`.drift`; "": unknown)
    renamed_from: str = ""  # `state mv`: the display name the view had at the last apply
    kind: str = "workspace"  # or "report" (a report view)

    @property
    def applied_name(self) -> str:
        """The display name the last apply gave the view."""
        return self.renamed_from or self.display_name

    @property
    def place(self) -> tuple[str, str, str]:
        return (self.entity, self.project, self.display_name)

    def same_as(self, other: Applied) -> bool:
        """Equal apart from when it was applied."""
        return dataclasses.replace(self, applied_at="") == dataclasses.replace(other, applied_at="")


def _entry(backend: str, view_id: str, item: Any) -> Applied | None:
    if not isinstance(item, dict):
        return None
    marker = item.get("marker")
    return Applied(
        backend=backend,
        id=view_id,
        name=str(item.get("name", "")),
        entity=str(item.get("entity", "")),
        project=str(item.get("project", "")),
        display_name=str(item.get("display_name", "")),
        marker=marker if isinstance(marker, (int, str)) else None,
        applied_at=str(item.get("applied_at", "")),
        file=str(item.get("file", "")),
        applied_spec=str(item.get("applied_spec", "")),
        renamed_from=str(item.get("renamed_from", "")),
        kind=str(item.get("kind", "workspace")),
    )


def _migrated(views: dict[str, Any]) -> list[Applied]:
    """Version 1 entries: ``{"e/p/display name": {"id", "name", "marker", "applied_at"}}``."""
    out = []
    for key, item in views.items():
        if not isinstance(item, dict):
            continue
        entity, _, rest = str(key).partition("/")
        project, _, display_name = rest.partition("/")
        item = {**item, "entity": entity, "project": project, "display_name": display_name}
        entry = _entry(UNKNOWN_BACKEND, str(item.get("id", "")), item)
        if entry is not None:
            out.append(entry)
    return out


def _known(state: StateFile, wanted: str) -> str:
    """``; did you mean 'e/p/A'? It records: e/p/A, e/p/B``, for an error message."""
    places = sorted({"/".join(entry.place) for entry in state.entries})
    if not places:
        return " (it records none)"
    near = closest(wanted, places)
    hint = f"; did you mean {near!r}?" if near else ";"
    return f"{hint} it records: {', '.join(places)}"


class StateFile:
    """The state file of one folder (read at open, written by :meth:`record`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / STATE_FILE
        self._entries: list[Applied] = []
        self._outdated = False  # a version 1 file: rewritten by the next record
        if self.path.is_file():
            try:
                self._read(json.loads(self.path.read_text(encoding="utf-8")))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise WorkflowError(
                    f"{self.path}: not a panelbank state file ({exc}); delete it to start "
                    "afresh (the next apply writes a new one)"
                ) from None

    def _read(self, data: dict[str, Any]) -> None:
        version = data.get("version")
        if version == 1:
            self._entries = _migrated(dict(data["views"]))
            self._outdated = True
            return
        if version != VERSION:
            raise ValueError(f"version {version!r}; this panelbank reads versions 1 and 2")
        for backend, views in dict(data["backends"]).items():
            for view_id, item in dict(views).items():
                name = UNKNOWN_BACKEND if backend == _UNKNOWN_LABEL else str(backend)
                entry = _entry(name, str(view_id), item)
                if entry is not None:
                    self._entries.append(entry)

    def by_id(self, backend: str, view_id: str, name: str) -> Applied | None:
        """The entry of this view: same backend, id and internal name (a store may give a
        deleted view's id to the next one; the internal name is random). A migrated
        entry's backend is unknown: id and name decide."""
        for entry in self._entries:
            same = entry.id == view_id and entry.name == name
            if same and entry.backend in (backend, UNKNOWN_BACKEND):
                return entry
        return None

    def on(self, backend: str) -> list[Applied]:
        """The entries recorded for ``backend`` (what ``apply --prune`` may remove)."""
        return [entry for entry in self._entries if entry.backend == backend]

    def forget(self, backend: str, view_id: str) -> bool:
        """Drop the entry of a deleted view; False, and nothing written, if there was none."""
        keep = [e for e in self._entries if not (e.id == view_id and e.backend == backend)]
        if len(keep) == len(self._entries):
            return False
        self._entries = keep
        self._write()
        return True

    @property
    def entries(self) -> list[Applied]:
        """Every entry, on every backend (``panelbank state list``)."""
        return list(self._entries)

    def move(self, old: tuple[str, str, str], new: tuple[str, str, str]) -> list[Applied]:
        """``panelbank state mv``: the entries at place ``old`` (entity, project, display
        name; on every backend) are now at ``new``, so a declaration named ``new`` manages
        their views (a rename, planned as one). Written at once; the moved entries."""
        if old[:2] != new[:2]:
            raise WorkflowError(
                f"state mv {'/'.join(old)} {'/'.join(new)}: a view stays in its project; "
                f"give the new name in {old[0]}/{old[1]} (to use a file in another project, "
                "change its entity/project: apply creates the view there)"
            )
        moving = [entry for entry in self._entries if entry.place == old]
        if not moving:
            where = "/".join(old)
            raise WorkflowError(f"{self.path} records no view at {where}{_known(self, where)}")
        taken = {e.backend for e in self._entries if e.place == new} & {e.backend for e in moving}
        if taken:
            raise WorkflowError(
                f"{self.path} already records a view at {'/'.join(new)} (on "
                f"{', '.join(sorted(b or _UNKNOWN_LABEL for b in taken))}); `panelbank "
                "state rm` it first if that view is gone, or pick another name"
            )
        moved = [
            dataclasses.replace(entry, display_name=new[2], renamed_from=entry.applied_name)
            for entry in moving
        ]
        self._entries = [entry for entry in self._entries if entry.place != old] + moved
        self._write()
        return moved

    def remove(self, place: tuple[str, str, str]) -> list[Applied]:
        """``panelbank state rm``: forget the entries at ``place`` (the views are left as
        they are; apply no longer manages them). Written at once; the removed entries."""
        gone = [entry for entry in self._entries if entry.place == place]
        if not gone:
            where = "/".join(place)
            raise WorkflowError(f"{self.path} records no view at {where}{_known(self, where)}")
        self._entries = [entry for entry in self._entries if entry.place != place]
        self._write()
        return gone

    def at(self, entity: str, project: str, display_name: str) -> list[Applied]:
        """The entries recorded for a view at this place, on any backend."""
        return [entry for entry in self._entries if entry.place == (entity, project, display_name)]

    def record(self, applied: Applied) -> bool:
        """Remember ``applied`` (replacing the entry of that view and any other entry for
        its place on its backend; without an ``applied_spec`` it keeps the one recorded);
        False, and nothing written, when nothing changed."""
        keep = [
            entry
            for entry in self._entries
            if not (entry.id == applied.id and entry.backend in (applied.backend, UNKNOWN_BACKEND))
            and not (entry.place == applied.place and entry.backend == applied.backend)
        ]
        current = [entry for entry in self._entries if entry not in keep]
        if not applied.applied_spec and len(current) == 1:  # a step that did not say
            applied = dataclasses.replace(applied, applied_spec=current[0].applied_spec)
        if not self._outdated and len(current) == 1 and current[0].same_as(applied):
            return False
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._entries = [*keep, dataclasses.replace(applied, applied_at=now)]
        self._write()
        return True

    def _write(self) -> None:
        backends: dict[str, dict[str, Any]] = {}
        for entry in sorted(self._entries, key=lambda e: (e.backend, e.place, e.id)):
            item = dataclasses.asdict(entry)
            del item["backend"], item["id"]
            for optional in ("file", "applied_spec", "renamed_from"):
                if not item[optional]:
                    del item[optional]
            if item["kind"] == "workspace":
                del item["kind"]
            backends.setdefault(entry.backend or _UNKNOWN_LABEL, {})[entry.id] = item
        data = {"version": VERSION, "backends": backends}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        self.path.write_text(text, encoding="utf-8")
        self._outdated = False
