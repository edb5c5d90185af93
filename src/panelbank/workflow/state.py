"""What ``apply`` remembers: ``.panelbank-state.json`` beside the workspace file.

For each view applied from files in that folder it keeps the view's id and name and the
backend's change marker after the apply (the store's version number, or the server's
``updatedAt``). The next ``plan``/``apply`` compares it with the view's current marker:
a different one means the view was edited elsewhere (in the app, by a script) since the
last apply, and ``apply`` refuses to overwrite that edit unless ``--force``.

Keys are ``entity/project/display name``, so the file can be committed next to the
workspace files and shared by CI and people.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import WorkflowError

__all__ = ["STATE_FILE", "Applied", "StateFile"]

STATE_FILE = ".panelbank-state.json"


@dataclasses.dataclass(frozen=True)
class Applied:
    """The view an apply wrote, and its change marker right after."""

    id: str
    name: str
    marker: int | str | None
    applied_at: str = ""


class StateFile:
    """The state file of one folder (read at open, written by :meth:`record`)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        self._views: dict[str, dict[str, Any]] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self._views = dict(data["views"])
            except (ValueError, KeyError, TypeError) as exc:
                raise WorkflowError(
                    f"{self.path}: not a panelbank state file ({exc}); delete it to start afresh"
                ) from None

    @staticmethod
    def key(entity: str, project: str, display_name: str) -> str:
        return f"{entity}/{project}/{display_name}"

    def get(self, key: str) -> Applied | None:
        item = self._views.get(key)
        if not isinstance(item, dict):
            return None
        return Applied(
            id=str(item.get("id", "")),
            name=str(item.get("name", "")),
            marker=item.get("marker"),
            applied_at=str(item.get("applied_at", "")),
        )

    def record(self, key: str, applied: Applied) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._views[key] = {**dataclasses.asdict(applied), "applied_at": now}
        data = {"version": 1, "views": dict(sorted(self._views.items()))}
        self.path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
