"""An in-memory ``Backend`` for tests of the Workspace methods above the seam."""

from __future__ import annotations

import base64
import dataclasses
from datetime import datetime, timedelta, timezone

from wandb_workspaces.backends import Marker, SavedView, StoredView, ViewSummary
from wandb_workspaces.errors import ConflictError, NotFoundError

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


@dataclasses.dataclass
class Row:
    id: str
    entity: str
    project: str
    name: str
    display_name: str
    spec: str
    version: int = 1


@dataclasses.dataclass
class Call:
    method: str
    kwargs: dict[str, object]


class MemoryBackend:
    """Views in a dict; every call is recorded in ``calls``."""

    app_url = "https://app.example.test"

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.calls: list[Call] = []
        self._next = 1

    def load_view(self, entity: str, project: str, name: str) -> StoredView:
        self.calls.append(Call("load_view", {"entity": entity, "project": project, "name": name}))
        for row in self.rows.values():
            if (row.entity, row.project, row.name) == (entity, project, name):
                return StoredView(row.id, row.name, row.display_name, row.spec, row.version)
        raise NotFoundError(f"Workspace {name!r} not found in project {entity}/{project}")

    def upsert_view(
        self,
        *,
        id: str | None,
        entity: str,
        project: str,
        name: str,
        display_name: str,
        spec: str,
        expected_marker: Marker = None,
    ) -> SavedView:
        self.calls.append(
            Call(
                "upsert_view",
                {
                    "id": id,
                    "name": name,
                    "display_name": display_name,
                    "expected_marker": expected_marker,
                    "spec": spec,
                },
            )
        )
        if id is None:
            view_id = base64.b64encode(f"View:{self._next}".encode()).decode()
            self._next += 1
            self.rows[view_id] = Row(view_id, entity, project, name, display_name, spec)
            return SavedView(view_id, name, 1, inserted=True)
        row = self.rows[id]
        if expected_marker is not None and expected_marker != row.version:
            raise ConflictError(f"changed: version {row.version}")
        row.display_name, row.spec, row.version = display_name, spec, row.version + 1
        return SavedView(row.id, row.name, row.version)

    def list_views(self, entity: str, project: str) -> list[ViewSummary]:
        rows = [r for r in self.rows.values() if (r.entity, r.project) == (entity, project)]
        return [
            ViewSummary(r.id, r.name, r.display_name, EPOCH + timedelta(seconds=r.version))
            for r in rows
        ]

    def delete_view(self, id: str) -> None:
        if self.rows.pop(id, None) is None:
            raise NotFoundError(f"no view {id}")
