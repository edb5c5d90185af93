"""Views and their version history (call inside the store's transactions).

Every write of a view bumps its ``version`` and appends the new state to
``view_versions``, so the history always holds versions 1..current with no gaps
(until the view is deleted, with its history).
"""

from __future__ import annotations

import dataclasses
import secrets
import string
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from . import schema
from .errors import ConflictError, DuplicateViewError, NotFoundError
from .models import View, ViewVersion, decode_view_gid
from .names import check_name
from .projects import ensure_project, inserted_id

__all__ = [
    "ViewWrite",
    "delete_view",
    "find_views",
    "get_view",
    "new_view_name",
    "restore_view",
    "view_history",
    "write_view",
]

_v, _h, _p, _e = schema.views, schema.view_versions, schema.projects, schema.entities
_NAME_ALPHABET = string.ascii_lowercase + string.digits


@dataclasses.dataclass(frozen=True)
class ViewWrite:
    """The arguments of one upsert, already validated."""

    entity: str
    project: str
    name: str
    display_name: str
    type: str
    spec: str
    description: str
    id: str | None
    expected_version: int | None
    username: str
    parent_pk: int | None = None  # a new report draft's published report


def new_view_name() -> str:
    """A fresh internal name shaped like the W&B app's: ``nw-<11 chars>-v``."""
    return "nw-" + "".join(secrets.choice(_NAME_ALPHABET) for _ in range(11)) + "-v"


def write_view(connection: Connection, write: ViewWrite) -> tuple[View, bool]:
    """Insert or update one view and append its history row; returns (view, inserted)."""
    now = datetime.now(timezone.utc)
    if write.id is not None:
        pk = _pk(write.id)
        current = _locked(connection, _v.c.id == pk)
        if current is None:
            raise NotFoundError(f"no view with id {write.id!r}; it may have been deleted")
    else:
        project_id = ensure_project(connection, write.entity, write.project).id
        current = _locked(connection, (_v.c.project_id == project_id) & (_v.c.name == write.name))
        if current is None:
            return _insert(connection, write, project_id, now), True
    _check_version(write.expected_version, current)
    name = write.name or current.name
    if name != current.name:
        check_name("view", name)
        _check_free(connection, current.project_id, name, write)
    version = current.version + 1
    connection.execute(
        _v.update()
        .where(_v.c.id == current.id)
        .values(
            name=name,
            display_name=write.display_name,
            type=write.type,
            description=write.description,
            spec=write.spec,
            version=version,
            updated_at=now,
        )
    )
    _append_history(
        connection, current.id, version, write.display_name, write.spec, now, write.username
    )
    return _load(connection, current.id), False


def _insert(connection: Connection, write: ViewWrite, project_id: int, now: datetime) -> View:
    if write.expected_version:
        raise ConflictError(
            f"view {write.name!r} in {write.entity}/{write.project} no longer exists "
            f"(expected version {write.expected_version}); save it as a new view, or reload",
            current_version=0,
        )
    result = connection.execute(
        _v.insert().values(
            project_id=project_id,
            name=write.name,
            display_name=write.display_name,
            type=write.type,
            description=write.description,
            spec=write.spec,
            version=1,
            created_at=now,
            updated_at=now,
            created_by=write.username,
            parent_id=write.parent_pk,
        )
    )
    pk = inserted_id(result.inserted_primary_key)
    _append_history(connection, pk, 1, write.display_name, write.spec, now, write.username)
    return _load(connection, pk)


def _check_version(expected: int | None, current: _Current) -> None:
    # current was read FOR UPDATE in this transaction: compare and write are one step
    if expected is not None and expected != current.version:
        raise ConflictError(
            f"view {current.name!r} is at version {current.version}, not "
            f"{expected} as loaded: someone else saved it since; reload it "
            "and apply your changes again, or save without the version check to overwrite",
            current_version=current.version,
        )


def _check_free(connection: Connection, project_id: int, name: str, write: ViewWrite) -> None:
    taken = connection.execute(
        select(_v.c.id).where(_v.c.project_id == project_id, _v.c.name == name)
    ).first()
    if taken is not None:
        raise DuplicateViewError(
            f"another view of {write.entity}/{write.project} is already named {name!r}; "
            "choose another name"
        )


def _append_history(
    connection: Connection,
    view_pk: int,
    version: int,
    display_name: str,
    spec: str,
    now: datetime,
    username: str,
) -> None:
    connection.execute(
        _h.insert().values(
            view_id=view_pk,
            version=version,
            display_name=display_name,
            spec=spec,
            created_at=now,
            created_by=username,
        )
    )


@dataclasses.dataclass(frozen=True)
class _Current:
    """The stored state of a view that a write is about to change."""

    id: int
    project_id: int
    name: str
    version: int


def _locked(connection: Connection, condition: Any) -> _Current | None:
    # FOR UPDATE serialises concurrent writers of one view on PostgreSQL; SQLite omits
    # it and relies on BEGIN IMMEDIATE instead.
    query = select(_v.c.id, _v.c.project_id, _v.c.name, _v.c.version).where(condition)
    row = connection.execute(query.with_for_update()).one_or_none()
    if row is None:
        return None
    return _Current(id=row.id, project_id=row.project_id, name=row.name, version=row.version)


def _pk(gid: str) -> int:
    pk = decode_view_gid(gid) if isinstance(gid, str) else None
    if pk is None:
        raise NotFoundError(f"{gid!r} is not a view id (expected base64 of 'View:<number>')")
    return pk


def get_view(connection: Connection, gid: str) -> View | None:
    pk = decode_view_gid(gid) if isinstance(gid, str) else None
    if pk is None:
        return None
    row = connection.execute(_select_views().where(_v.c.id == pk)).one_or_none()
    return None if row is None else _view(row)


def find_views(
    connection: Connection,
    entity: str,
    project: str,
    *,
    type: str | None,
    name: str | None,
    display_name: str | None,
) -> list[View]:
    query = _select_views().where(_e.c.name == entity, _p.c.name == project)
    if type is not None:
        query = query.where(_v.c.type == type)
    if name is not None:
        query = query.where(_v.c.name == name)
    if display_name is not None:
        query = query.where(_v.c.display_name == display_name)
    query = query.order_by(_v.c.updated_at.desc(), _v.c.id.desc())
    return [_view(row) for row in connection.execute(query)]


def delete_view(connection: Connection, gid: str) -> bool:
    pk = decode_view_gid(gid) if isinstance(gid, str) else None
    if pk is None:
        return False
    # The foreign key cascades too; deleting explicitly keeps it right without one.
    connection.execute(_h.delete().where(_h.c.view_id == pk))
    return bool(connection.execute(_v.delete().where(_v.c.id == pk)).rowcount)


def view_history(connection: Connection, gid: str) -> list[ViewVersion]:
    pk = _pk(gid)
    if connection.execute(select(_v.c.id).where(_v.c.id == pk)).first() is None:
        raise NotFoundError(f"no view with id {gid!r}; it may have been deleted")
    rows = connection.execute(select(_h).where(_h.c.view_id == pk).order_by(_h.c.version))
    return [
        ViewVersion(
            view_pk=row.view_id,
            version=row.version,
            display_name=row.display_name,
            spec=row.spec,
            created_at=row.created_at,
            created_by=row.created_by,
        )
        for row in rows
    ]


def restore_view(
    connection: Connection,
    gid: str,
    version: int,
    *,
    username: str,
    expected_version: int | None = None,
) -> View:
    pk = _pk(gid)
    current = _locked(connection, _v.c.id == pk)
    if current is None:
        raise NotFoundError(f"no view with id {gid!r}; it may have been deleted")
    _check_version(expected_version, current)
    old = (
        connection.execute(
            select(_h.c.display_name, _h.c.spec).where(_h.c.view_id == pk, _h.c.version == version)
        ).one_or_none()
        if 1 <= version <= current.version  # and never a number the database cannot hold
        else None
    )
    if old is None:
        raise NotFoundError(
            f"view {current.name!r} has no version {version}; its versions are 1 to "
            f"{current.version}"
        )
    now = datetime.now(timezone.utc)
    new_version = current.version + 1
    connection.execute(
        _v.update()
        .where(_v.c.id == pk)
        .values(display_name=old.display_name, spec=old.spec, version=new_version, updated_at=now)
    )
    _append_history(connection, pk, new_version, old.display_name, old.spec, now, username)
    return _load(connection, pk)


def _select_views() -> Select[Any]:
    return (
        select(_v, _e.c.name.label("entity_name"), _p.c.name.label("project_name"))
        .join_from(_v, _p, _v.c.project_id == _p.c.id)
        .join(_e, _p.c.entity_id == _e.c.id)
    )


def _load(connection: Connection, pk: int) -> View:
    return _view(connection.execute(_select_views().where(_v.c.id == pk)).one())


def _view(row: Row[Any]) -> View:
    return View(
        pk=row.id,
        entity=row.entity_name,
        project=row.project_name,
        name=row.name,
        display_name=row.display_name,
        type=row.type,
        description=row.description,
        spec=row.spec,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by=row.created_by,
        parent_pk=row.parent_id,
    )
