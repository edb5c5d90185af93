"""``Store``: the service functions the server, the CLI and the embedded backend call.

(Interface fixed here; implementation in progress.)
"""

from __future__ import annotations

from pathlib import Path

from .models import ApiKeyInfo, Project, User, View, ViewVersion

__all__ = ["Store"]


class Store:
    """A handle on one database. Thread-safe; one per process is enough."""

    @classmethod
    def open(cls, url: str | None = None, *, home: Path | None = None) -> Store:
        """Open (creating and migrating) the database.

        ``url``: a SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``);
        default ``sqlite:///<home>/panelbank.db`` with ``home`` defaulting to
        ``$PANELBANK_HOME`` or ``~/.panelbank``.
        """
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- users and API keys ------------------------------------------------------------
    def ensure_user(self, username: str, *, email: str = "", admin: bool = False) -> User:
        """The user with that name, created (with an entity of the same name) if missing."""
        raise NotImplementedError

    def create_api_key(self, username: str, description: str = "") -> str:
        """Create a key for ``username`` (created if missing); returns the secret ONCE.

        Keys look like ``local-<40 hex chars>`` (valid for the official SDK, which wants
        40+ characters after the prefix); only a hash is stored.
        """
        raise NotImplementedError

    def user_for_api_key(self, key: str) -> User | None:
        """The user a key belongs to, or None (constant-time compare of hashes)."""
        raise NotImplementedError

    def list_api_keys(self, username: str | None = None) -> list[ApiKeyInfo]:
        raise NotImplementedError

    def revoke_api_key(self, key_id: int) -> bool:
        raise NotImplementedError

    def count_api_keys(self) -> int:
        raise NotImplementedError

    # -- entities and projects -----------------------------------------------------------
    def get_project(self, entity: str, project: str) -> Project | None:
        raise NotImplementedError

    def ensure_project(self, entity: str, project: str) -> Project:
        """The project, created (with its entity) on first write, as W&B does."""
        raise NotImplementedError

    def list_entities(self) -> list[str]:
        raise NotImplementedError

    def list_projects(self, entity: str | None = None) -> list[Project]:
        raise NotImplementedError

    # -- views ---------------------------------------------------------------------------
    def upsert_view(
        self,
        *,
        entity: str,
        project: str,
        name: str,
        display_name: str,
        type: str,
        spec: str,
        description: str = "",
        id: str | None = None,
        expected_version: int | None = None,
        username: str = "",
    ) -> tuple[View, bool]:
        """Insert a view, or update it (by ``id`` if given, else by (entity, project, name)).

        Returns ``(view, inserted)``. The spec is stored byte for byte as received after
        validation (``project-view`` specs must load with ``Workspace.from_spec``);
        invalid specs raise :class:`InvalidSpecError` and nothing is written. With
        ``expected_version``, an update of a view whose version differs raises
        :class:`ConflictError`. Every write keeps the new state in the version history.
        """
        raise NotImplementedError

    def get_view(self, id: str) -> View | None:
        """By GraphQL id (``base64("View:<pk>")``)."""
        raise NotImplementedError

    def find_views(
        self,
        entity: str,
        project: str,
        *,
        type: str | None = None,
        name: str | None = None,
        display_name: str | None = None,
    ) -> list[View]:
        """Views of a project, newest update first, filtered by type / name / display name."""
        raise NotImplementedError

    def delete_view(self, id: str) -> bool:
        """Delete a view and its history; False if there was none."""
        raise NotImplementedError

    def view_history(self, id: str) -> list[ViewVersion]:
        """Every stored version of a view, oldest first."""
        raise NotImplementedError

    def restore_view(self, id: str, version: int, *, username: str = "") -> View:
        """Make an earlier version current again (as a new version)."""
        raise NotImplementedError
