"""``LocalBackend``: the library's ``local`` backend, views in this store, with no server.

panelbank registers it with the library through the entry point group
``wandb_workspaces.backends`` (pyproject.toml), so ``Workspace.save()`` with nothing
configured, and ``ws.configure(local=True, home=...)``, write here. The store is a SQLite
file under ``PANELBANK_HOME`` (default ``~/.panelbank``), the same one ``panelbank serve``
shows at ``PANELBANK_URL`` (default ``http://127.0.0.1:8080``); it is opened on first use.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from wandb_workspaces.backends import Marker, SavedView, StoredView, ViewSummary
from wandb_workspaces.errors import ConflictError, NotFoundError, ServerError, SpecValidationError

from ..settings import default_home
from . import errors
from .models import Project
from .store import Store
from .validation import WORKSPACE_VIEW_TYPE

__all__ = ["DEFAULT_APP_URL", "LocalBackend"]

DEFAULT_APP_URL = "http://127.0.0.1:8080"


class LocalBackend:
    """Views in the panelbank store under ``home`` (opened on first use).

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

    def _require_project(self, entity: str, project: str) -> Project:
        found = self.store.get_project(entity, project)
        if found is None:
            raise NotFoundError(
                f"Project {entity}/{project} not found in the store in {self.home}; it is "
                "created by the first save() of a workspace in it"
            )
        return found
