"""``LocalBackend``: the library's ``local`` backend, views and reports in this store,
with no server.

panelbank registers it with the library through the entry point group
``wandb_workspaces.backends`` (pyproject.toml), so ``Workspace.save()`` with nothing
configured, and ``ws.configure(local=True, home=...)``, write here. The store is a SQLite
file under ``PANELBANK_HOME`` (default ``~/.panelbank``), the same one ``panelbank serve``
shows at ``PANELBANK_URL`` (default ``http://127.0.0.1:8080``); it is opened on first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from wandb_workspaces.backends import (
    DRAFT_VIEW_TYPE,
    REPORT_VIEW_TYPE,
    Marker,
    SavedView,
    ShareToken,
    StoredReport,
    StoredView,
    ViewSummary,
)
from wandb_workspaces.errors import ConflictError, NotFoundError, ServerError, SpecValidationError

from ..settings import default_home
from . import errors
from .models import Project, View
from .store import Store
from .validation import WORKSPACE_VIEW_TYPE

__all__ = ["DEFAULT_APP_URL", "LocalBackend"]

DEFAULT_APP_URL = "http://127.0.0.1:8080"


class LocalBackend:
    """Views and reports (``ReportBackend``) in the store under ``home`` (opened on first use).

    The library builds it (the factory of its ``local`` backend) with ``home`` and
    ``app_url`` keywords::

        ws.configure(local=True, home="~/experiments/.panelbank")

    ``store`` hands over an open :class:`panelbank.store.Store` instead (it is not
    closed by :meth:`close`). Conflicts are detected with the store's version counter.
    """

    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        *,
        app_url: str | None = None,
        store: Store | None = None,
    ) -> None:
        self.home = Path(home).expanduser() if home is not None else default_home()
        url = app_url or os.environ.get("PANELBANK_URL") or DEFAULT_APP_URL
        self._app_url = url.rstrip("/")
        self._store = store
        self._owns_store = store is None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"LocalBackend(home={str(self.home)!r})"

    @property
    def app_url(self) -> str:
        return self._app_url

    @property
    def store(self) -> Store:
        """The open store (opened, and the database created, on first use)."""
        with self._lock:
            if self._store is None:
                self.home.mkdir(parents=True, exist_ok=True)
                self._store = Store.open(home=self.home)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._owns_store:
                self._store.close()
                self._store = None

    # -- the Backend protocol ------------------------------------------------------------
    def load_view(self, entity: str, project: str, name: str) -> StoredView:
        store = self.store
        self._require_project(entity, project)
        views = store.find_views(entity, project, type=WORKSPACE_VIEW_TYPE, name=name)
        if not views:
            raise NotFoundError(
                f"Workspace {name!r} not found in project {entity}/{project} (store in "
                f"{self.home}); list the saved workspaces with "
                f"Workspace.list({entity!r}, {project!r})"
            )
        view = views[0]
        return StoredView(
            id=view.id,
            name=view.name,
            display_name=view.display_name,
            spec=view.spec,
            marker=view.version,
        )

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
        expected = expected_marker if isinstance(expected_marker, int) and id else None
        try:
            view, inserted = self.store.upsert_view(
                entity=entity,
                project=project,
                name=name,
                display_name=display_name,
                type=WORKSPACE_VIEW_TYPE,
                spec=spec,
                description="",
                id=id or None,
                expected_version=expected,
            )
        except errors.ConflictError as exc:
            raise ConflictError(
                f"the view {name!r} in {entity}/{project} was changed by someone else since "
                f"this workspace loaded it (it is at version {exc.current_version}, loaded at "
                f"version {expected}); save(force=True) overwrites that change, "
                "Workspace.from_url(workspace.url) loads it"
            ) from exc
        except errors.NotFoundError as exc:
            raise NotFoundError(
                f"{exc}; the view may have been deleted since it was loaded: "
                "save_as_new_view() saves this workspace as a new view"
            ) from exc
        except errors.InvalidSpecError as exc:
            raise SpecValidationError(f"the store rejected the spec: {exc}") from exc
        except errors.StoreError as exc:
            raise ServerError(str(exc)) from exc
        return SavedView(id=view.id, name=view.name, marker=view.version, inserted=inserted)

    def list_views(self, entity: str, project: str) -> list[ViewSummary]:
        self._require_project(entity, project)
        views = self.store.find_views(entity, project, type=WORKSPACE_VIEW_TYPE)
        return [
            ViewSummary(
                id=view.id,
                name=view.name,
                display_name=view.display_name,
                updated_at=view.updated_at,
            )
            for view in views
        ]

    def delete_view(self, id: str) -> None:
        if not self.store.delete_view(id):
            raise NotFoundError(f"no view with id {id!r} to delete (store in {self.home})")

    # -- the ReportBackend protocol ------------------------------------------------------
    def ensure_project(self, entity: str, project: str) -> None:
        try:
            self.store.ensure_project(entity, project)
        except errors.StoreError as exc:
            raise ServerError(str(exc)) from exc

    def project_internal_id(self, entity: str, project: str) -> str | None:
        found = self.store.get_project(entity, project)
        return None if found is None else str(found.id)

    def load_report(self, id: str) -> StoredReport:
        view = self.store.get_view(id)
        if view is None or view.type not in (REPORT_VIEW_TYPE, DRAFT_VIEW_TYPE):
            raise NotFoundError(
                f"no report with id {id!r} in the store in {self.home}; it may have been "
                "deleted (list a project's reports with the backend's list_reports)"
            )
        return _stored_report(view)

    def upsert_report(
        self,
        *,
        id: str | None,
        entity: str,
        project: str,
        name: str,
        display_name: str,
        description: str,
        spec: str,
        draft: bool = False,
        expected_marker: Marker = None,
    ) -> StoredReport:
        expected = expected_marker if isinstance(expected_marker, int) and id else None
        try:
            view, _inserted = self.store.upsert_view(
                entity=entity,
                project=project,
                name=name,
                display_name=display_name,
                type=DRAFT_VIEW_TYPE if draft else REPORT_VIEW_TYPE,
                spec=spec,
                description=description,
                id=id or None,
                expected_version=expected,
            )
        except errors.ConflictError as exc:
            raise ConflictError(
                f"the report {display_name!r} in {entity}/{project} was changed by someone "
                f"else since it was loaded (it is at version {exc.current_version}, loaded at "
                f"version {expected}); Report.from_url(report.url) loads the current one"
            ) from exc
        except errors.NotFoundError as exc:
            raise NotFoundError(f"{exc}; save(clone=True) saves this report as a new one") from exc
        except errors.InvalidSpecError as exc:
            raise SpecValidationError(f"the store rejected the report spec: {exc}") from exc
        except errors.StoreError as exc:
            raise ServerError(str(exc)) from exc
        return _stored_report(view)

    def list_reports(self, entity: str, project: str) -> list[ViewSummary]:
        self._require_project(entity, project)
        return [
            ViewSummary(
                id=view.id,
                name=view.name,
                display_name=view.display_name,
                updated_at=view.updated_at,
            )
            for view in self.store.find_views(entity, project, type=REPORT_VIEW_TYPE)
        ]

    def delete_report(self, id: str) -> bool:
        return self.store.delete_report(id, delete_drafts=True)[0]

    def share_tokens(self, report_id: str) -> list[ShareToken]:
        return [
            ShareToken(token=token.token, projects=token.projects)
            for token in self.store.access_tokens(report_id)
            if token.active
        ]

    def create_share_token(self, report_id: str, projects: Sequence[tuple[str, str]]) -> str:
        try:
            return self.store.create_access_token(report_id, projects).token
        except errors.NotFoundError as exc:
            raise NotFoundError(f"{exc}; save() the report before sharing it") from exc
        except errors.StoreError as exc:
            raise ServerError(str(exc)) from exc

    def update_share_token_projects(self, token: str, projects: Sequence[tuple[str, str]]) -> None:
        try:
            updated = self.store.set_access_token_projects(token, projects)
        except errors.StoreError as exc:
            raise ServerError(str(exc)) from exc
        if not updated:
            raise NotFoundError(
                f"no active share token like that in the store in {self.home} (revoked, or "
                "never made); enable_share_link() makes a new one"
            )

    def revoke_share_token(self, token: str) -> None:
        if self.store.find_access_token(token) is None:
            raise NotFoundError(f"no such share token in the store in {self.home}")
        self.store.revoke_access_token(token)

    def _require_project(self, entity: str, project: str) -> Project:
        found = self.store.get_project(entity, project)
        if found is None:
            raise NotFoundError(
                f"Project {entity}/{project} not found in the store in {self.home}; it is "
                "created by the first save() of a workspace in it"
            )
        return found


def _stored_report(view: View) -> StoredReport:
    return StoredReport(
        id=view.id,
        name=view.name,
        entity=view.entity,
        project=view.project,
        display_name=view.display_name,
        description=view.description,
        spec=view.spec,
        draft=view.type == DRAFT_VIEW_TYPE,
        marker=view.version,
        created_at=view.created_at,
        updated_at=view.updated_at,
    )
