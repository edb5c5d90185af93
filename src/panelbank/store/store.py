"""``Store``: the service functions the server, the CLI and the embedded backend call.

The facade over the modules beside it: :mod:`.engine` (URLs, SQLite settings,
transactions), :mod:`.migrations`, :mod:`.keys` (users and API keys), :mod:`.projects`,
:mod:`.views`, :mod:`.runs` (with :mod:`.run_cache`) and :mod:`.validation`. Each public
method is one transaction.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from . import engine as _engine
from . import keys as _keys
from . import projects as _projects
from . import reports as _reports
from . import runs as _runs
from . import sessions as _sessions
from . import views as _views
from .migrations import migrate
from .models import AccessToken, ApiKeyInfo, Project, RunFile, RunRecord, User, View, ViewVersion
from .names import check_name
from .run_cache import RunCache
from .validation import DEFAULT_MAX_SPEC_BYTES, check_view_type, validate_spec

__all__ = ["Store"]

T = TypeVar("T")

# Concurrent first writes on PostgreSQL (two requests creating the same project, or the
# same new view) can both miss a row and both insert it; the loser's unique constraint
# fails and its whole transaction is run again, now seeing the winner's row.
_WRITE_ATTEMPTS = 3


class Store:
    """A handle on one database. Thread-safe; one per process is enough.

    ::

        store = Store.open(home=tmp_path)
        view, inserted = store.upsert_view(
            entity="e", project="p", name="nw-abc-v", display_name="W",
            type="project-view", spec=Workspace(entity="e", project="p").to_spec() ...)
    """

    def __init__(self, engine: Engine, *, max_spec_bytes: int = DEFAULT_MAX_SPEC_BYTES) -> None:
        """Wrap a migrated engine; use :meth:`open` instead."""
        self._engine = engine
        self.max_spec_bytes = max_spec_bytes
        # runs parsed from their rows, reused while a row is unchanged (see .run_cache)
        self.run_cache = RunCache()
        memory = engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")
        # An in-memory database is one shared connection: one thread at a time.
        self._lock: contextlib.AbstractContextManager[object] = (
            threading.RLock() if memory else contextlib.nullcontext()
        )

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        home: Path | None = None,
        max_spec_bytes: int = DEFAULT_MAX_SPEC_BYTES,
    ) -> Store:
        """Open (creating and migrating) the database.

        ``url``: a SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``) or
        a file path; default ``sqlite:///<home>/panelbank.db`` with ``home`` defaulting
        to ``$PANELBANK_HOME`` or ``~/.panelbank`` (created if missing).
        ``max_spec_bytes``: the largest spec accepted (UTF-8 bytes), 16 MiB by default.
        """
        if max_spec_bytes <= 0:
            raise ValueError(f"max_spec_bytes must be positive, got {max_spec_bytes}")
        engine = _engine.create_engine(_engine.resolve_url(url, home))
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, max_spec_bytes=max_spec_bytes)

    @property
    def url(self) -> str:
        """The database URL, with any password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------
    def _write(self, work: Callable[[Connection], T]) -> T:
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._lock, _engine.write(self._engine) as connection:
                    return work(connection)
            except IntegrityError:
                if attempt == _WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._lock, _engine.read(self._engine) as connection:
            yield connection

    # -- artifacts (functions of .artifacts, each call one transaction) -------------------
    def artifacts_read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``work(connection, *args, **kwargs)`` in a read transaction; ``work`` is a
        reading function of :mod:`panelbank.store.artifacts`."""
        with self._read() as connection:
            return work(connection, *args, **kwargs)

    def artifacts_write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``work(connection, *args, **kwargs)`` in one write transaction; ``work`` is a
        writing function of :mod:`panelbank.store.artifact_writes` (or of the tags and
        collections modules beside it)."""
        return self._write(lambda connection: work(connection, *args, **kwargs))

    # -- users and API keys ------------------------------------------------------------
    def ensure_user(self, username: str, *, email: str = "", admin: bool = False) -> User:
        """The user with that name, created (with an entity of the same name) if missing.

        An existing user is returned unchanged (``email`` and ``admin`` apply on creation).
        """
        return self._write(lambda c: _keys.ensure_user(c, username, email=email, admin=admin))

    def create_api_key(self, username: str, description: str = "") -> str:
        """Create a key for ``username`` (created if missing); returns the secret ONCE.

        Keys look like ``local-<40 hex chars>`` (valid for the official SDK, which wants
        40+ characters after the prefix); only a hash is stored.
        """
        return self._write(lambda c: _keys.create_api_key(c, username, description))

    def find_user(self, username: str) -> User | None:
        """The user with that name, or None (a team's entity has no user)."""
        with self._read() as connection:
            return _keys.find_user(connection, username)

    def add_api_key(self, username: str, key: str, description: str = "") -> None:
        """Make the given ``key`` a key of ``username`` (created if missing).

        For W&B's test fixture protocol only, where a user's key is its name; other keys
        come from :meth:`create_api_key`.
        """
        self._write(lambda c: _keys.add_api_key(c, username, key, description))

    def delete_user(self, username: str) -> bool:
        """Delete a user and their keys (their entity and its data stay); False if none."""
        return self._write(lambda c: _keys.delete_user(c, username))

    def user_for_api_key(self, key: str) -> User | None:
        """The user a key belongs to, or None (constant-time compare of hashes).

        Revoked keys authenticate nobody.
        """
        with self._read() as connection:
            return _keys.user_for_api_key(connection, key)

    def key_for_api_key(self, key: str) -> tuple[User, int] | None:
        """The user a key belongs to and the key's id (for a browser session bound to
        the key), or None for an unknown or revoked key."""
        with self._read() as connection:
            return _keys.key_for_api_key(connection, key)

    def api_key_is_active(self, key_id: int, username: str) -> bool:
        """Whether the key ``key_id`` of ``username`` exists and is not revoked."""
        with self._read() as connection:
            return _keys.key_is_active(connection, key_id, username)

    def open_session(self, key_id: int) -> str:
        """A browser session for the key ``key_id``: the token for the cookie (only its
        hash is stored). It lasts 30 days, until :meth:`end_session`, or until the key
        is revoked."""
        return self._write(lambda c: _sessions.open_session(c, key_id))

    def session_user(self, token: str) -> User | None:
        """The user of a live session token; None if ended, expired or its key revoked."""
        with self._read() as connection:
            return _sessions.session_user(connection, token)

    def end_session(self, token: str) -> bool:
        """End a session (logout); False if there was no such session."""
        return self._write(lambda c: _sessions.end_session(c, token))

    def list_api_keys(
        self, username: str | None = None, *, include_revoked: bool = False
    ) -> list[ApiKeyInfo]:
        """Keys (never their secrets), oldest first; revoked ones only if asked for."""
        with self._read() as connection:
            return _keys.list_api_keys(connection, username, include_revoked=include_revoked)

    def revoke_api_key(self, key_id: int) -> bool:
        """Revoke a key; False if there is no such key or it was already revoked."""
        return self._write(lambda c: _keys.revoke_api_key(c, key_id))

    def count_api_keys(self) -> int:
        """The number of keys that are not revoked."""
        with self._read() as connection:
            return _keys.count_api_keys(connection)

    # -- entities and projects -----------------------------------------------------------
    def get_project(self, entity: str, project: str) -> Project | None:
        with self._read() as connection:
            return _projects.find_project(connection, entity, project)

    def ensure_project(self, entity: str, project: str) -> Project:
        """The project, created (with its entity) on first write, as W&B does."""
        return self._write(lambda c: _projects.ensure_project(c, entity, project))

    def ensure_entity(self, name: str) -> None:
        """The entity (a user's or a team's), created if missing."""
        self._write(lambda c: _projects.ensure_entity(c, name))

    def list_entities(self) -> list[str]:
        """Entity names, sorted."""
        with self._read() as connection:
            return _projects.list_entities(connection)

    def list_projects(self, entity: str | None = None) -> list[Project]:
        """Projects sorted by entity then name, of one entity if given."""
        with self._read() as connection:
            return _projects.list_projects(connection, entity)

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
        :class:`ConflictError` (also when the view no longer exists: current version 0).
        Every write keeps the new state in the version history.

        An update by ``id`` keeps the view in its project (``entity``/``project`` only
        serve validation) and keeps its name when ``name`` is empty; renaming onto
        another view's name raises :class:`DuplicateViewError`. An insert with an empty
        ``name`` gets a fresh one shaped like ``nw-<11 chars>-v``. An unknown ``id``
        raises :class:`NotFoundError`.
        """
        check_name("entity", entity)
        check_name("project", project)
        check_view_type(type)
        if id is None:
            name = name or _views.new_view_name()
            check_name("view", name)
        validate_spec(
            spec,
            type=type,
            entity=entity,
            project=project,
            display_name=display_name,
            max_bytes=self.max_spec_bytes,
        )
        write = _views.ViewWrite(
            entity=entity,
            project=project,
            name=name,
            display_name=display_name,
            type=type,
            spec=spec,
            description=description,
            id=id,
            expected_version=expected_version,
            username=username,
        )
        return self._write(lambda c: _reports.write_report(c, write))

    def get_view(self, id: str) -> View | None:
        """By GraphQL id (``base64("View:<pk>")``); None if unknown or not a view id."""
        with self._read() as connection:
            return _views.get_view(connection, id)

    def find_views(
        self,
        entity: str,
        project: str,
        *,
        type: str | None = None,
        name: str | None = None,
        display_name: str | None = None,
    ) -> list[View]:
        """Views of a project, newest update first, filtered by type / name / display name.

        ``name`` and ``display_name`` match exactly. An unknown project has no views.
        """
        with self._read() as connection:
            return _views.find_views(
                connection, entity, project, type=type, name=name, display_name=display_name
            )

    def delete_view(self, id: str) -> bool:
        """Delete a view with its history, share tokens and drafts; False if there was none."""
        return self.delete_report(id, delete_drafts=True)[0]

    def delete_report(self, id: str, *, delete_drafts: bool) -> tuple[bool, bool]:
        """Delete a view with its history and share tokens, and its drafts if asked.

        Returns ``(deleted, pending_drafts)``: whether there was such a view, and whether
        it had drafts that were kept (they are drafts of no report from now on).
        """
        return self._write(lambda c: _reports.delete_report(c, id, delete_drafts=delete_drafts))

    # -- reports: projects and share links -----------------------------------------------
    def upsert_project(self, entity: str, project: str, *, description: str | None) -> Project:
        """The project, created if missing; its description replaced unless None."""

        def work(connection: Connection) -> Project:
            found = _projects.ensure_project(connection, entity, project)
            if description is None:
                return found
            _projects.set_project_description(connection, found.id, description)
            return _projects.find_project(connection, entity, project) or found

        return self._write(work)

    def create_access_token(
        self, view_id: str, projects: Sequence[Sequence[str]], *, username: str = ""
    ) -> AccessToken:
        """A new share-link token of the report ``view_id``, also granting ``projects``
        (``(entity, project)`` pairs). :class:`NotFoundError` for an unknown view."""
        return self._write(lambda c: _reports.create_token(c, view_id, projects, username=username))

    def access_tokens(self, view_id: str) -> list[AccessToken]:
        """The view's tokens, revoked ones included, oldest first."""
        with self._read() as connection:
            return _reports.tokens_of(connection, view_id)

    def find_access_token(self, token: str) -> AccessToken | None:
        """The token's record (revoked or not), None if unknown."""
        with self._read() as connection:
            return _reports.find_token(connection, token)

    def set_access_token_projects(self, token: str, projects: Sequence[Sequence[str]]) -> bool:
        """Replace the projects an active token grants; False if unknown or revoked."""
        return self._write(lambda c: _reports.set_token_projects(c, token, projects))

    def revoke_access_token(self, token: str) -> bool:
        """Revoke a token at once; False if unknown or already revoked."""
        return self._write(lambda c: _reports.revoke_token(c, token))

    def view_history(self, id: str) -> list[ViewVersion]:
        """Every stored version of a view, oldest first.

        Raises :class:`NotFoundError` if there is no such view.
        """
        with self._read() as connection:
            return _views.view_history(connection, id)

    def restore_view(
        self, id: str, version: int, *, username: str = "", expected_version: int | None = None
    ) -> View:
        """Make an earlier version current again (as a new version).

        Raises :class:`NotFoundError` if the view or that version does not exist, and
        with ``expected_version`` :class:`ConflictError` if the view is at another one.
        """
        return self._write(
            lambda c: _views.restore_view(
                c, id, version, username=username, expected_version=expected_version
            )
        )

    # -- runs ----------------------------------------------------------------------------
    def upsert_run(
        self,
        entity: str,
        project: str,
        name: str,
        *,
        display_name: str | None = None,
        config: str | Mapping[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        group: str | None = None,
        job_type: str | None = None,
        notes: str | None = None,
        description: str | None = None,
        host: str | None = None,
        program: str | None = None,
        commit: str | None = None,
        sweep: str | None = None,
        username: str = "",
    ) -> tuple[RunRecord, bool]:
        """Insert a run (state ``running``, created with its entity and project if
        missing) or update its metadata; returns ``(run, inserted)``.

        Arguments left None keep the stored value (a new run's display name defaults to
        its name). ``config`` is W&B's stored form, as JSON text or a mapping, and
        replaces the whole config: ``{"lr": {"value": 0.01}}``. ``username`` is recorded
        on insert only. Bad names raise :class:`InvalidNameError`, a config that is not a
        JSON object :class:`StoreError`.

        ::

            run, inserted = store.upsert_run("e", "p", "abc123", config={"lr": {"value": 1}})
        """
        meta = _runs.RunMetadata(
            display_name=display_name,
            config=config,
            tags=tags,
            group=group,
            job_type=job_type,
            notes=notes,
            description=description,
            host=host,
            program=program,
            commit=commit,
            sweep=sweep,
        )
        check_name("entity", entity)
        check_name("project", project)
        _runs.check_run_name(name)
        if config is not None:
            _runs.config_text(config)  # fail before the transaction
        return self._write(
            lambda c: _runs.upsert_run(c, entity, project, name, meta, username=username)
        )

    def get_run(self, entity: str, project: str, name: str) -> RunRecord | None:
        """The run, or None if it (or its project) does not exist."""
        with self._read() as connection:
            return _runs.get_run(connection, entity, project, name, cache=self.run_cache)

    def list_runs(self, entity: str, project: str) -> list[RunRecord]:
        """Every run of a project, newest first (an unknown project has none)."""
        with self._read() as connection:
            return _runs.list_runs(connection, entity, project, cache=self.run_cache)

    def history_keys(self, entity: str, project: str, names: Sequence[str]) -> dict[str, str]:
        """``{name: RunRecord.history_key}`` for each of ``names`` that is a run of the project.

        One indexed query that parses nothing: ``store.history_keys("e", "p", ["a1",
        "zz"])`` is ``{"a1": "run-7"}`` when the project has no run ``zz``.
        """
        with self._read() as connection:
            return _runs.history_keys(connection, entity, project, names)

    def update_run(
        self,
        entity: str,
        project: str,
        name: str,
        *,
        summary: Mapping[str, Any] | None = None,
        system_metrics: Mapping[str, Any] | None = None,
        state: str | None = None,
        exitcode: int | None = None,
        history_line_count: int | None = None,
        heartbeat: bool = True,
    ) -> RunRecord:
        """Change what file_stream carries; None keeps the stored value.

        ``summary`` and ``system_metrics`` replace the stored dicts. ``state`` is one of
        ``running``, ``finished``, ``crashed``, ``failed`` (see ``runs.state_for_exit``).
        ``heartbeat`` marks the run as seen now. Raises :class:`NotFoundError` for an
        unknown run.
        """
        update = _runs.RunUpdate(
            summary=summary,
            system_metrics=system_metrics,
            state=state,
            exitcode=exitcode,
            history_line_count=history_line_count,
            heartbeat=heartbeat,
        )
        return self._write(lambda c: _runs.update_run(c, entity, project, name, update))

    def delete_run(self, entity: str, project: str, name: str) -> bool:
        """Delete a run and its file records; False if there was none.

        Its history (panelbank.history) and files on disk are the caller's to remove.
        """
        return self._write(lambda c: _runs.delete_run(c, entity, project, name))

    def add_run_file(
        self, entity: str, project: str, name: str, file_name: str, size: int
    ) -> RunFile:
        """Record a file of a run (or its new size); :class:`NotFoundError` if no run.

        ``file_name`` is a relative path (``media/images/a.png``); anything that could
        leave the run's folder raises :class:`InvalidNameError`.
        """
        _runs.check_file_name(file_name)
        return self._write(lambda c: _runs.add_run_file(c, entity, project, name, file_name, size))

    def list_run_files(self, entity: str, project: str, name: str) -> list[RunFile]:
        """The files of a run sorted by name; :class:`NotFoundError` if no run."""
        with self._read() as connection:
            return _runs.list_run_files(connection, entity, project, name)
