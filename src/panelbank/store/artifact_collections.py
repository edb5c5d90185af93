"""Edits of whole artifact collections: rename, describe, change a sequence's type, delete.

Functions over a connection (the caller holds the transaction), beside
:mod:`panelbank.store.artifacts`, which keeps the versions.
"""

from __future__ import annotations

from datetime import datetime, timezone
from types import EllipsisType
from typing import Any

from sqlalchemy import Connection, delete, select, update

from . import schema
from .artifact_writes import ensure_type
from .artifacts import DELETED, SEQUENCE, Collection, get_collection, get_collection_by_id
from .errors import NotFoundError, StoreError
from .names import check_name

__all__ = ["delete_collection", "move_collection", "update_collection"]

_c, _a, _m = schema.artifact_collections, schema.artifacts, schema.artifact_memberships


def _now() -> datetime:
    return datetime.now(timezone.utc)


def delete_collection(connection: Connection, pk: int) -> Collection:
    found = get_collection_by_id(connection, pk)
    if found is None:
        raise NotFoundError(f"no artifact collection with id {pk}")
    if found.kind == SEQUENCE:
        connection.execute(update(_a).where(_a.c.sequence_id == pk).values(state=DELETED))
        linked = select(_m.c.id).join(_a, _a.c.id == _m.c.artifact_id).where(_a.c.sequence_id == pk)
        connection.execute(delete(_m).where(_m.c.id.in_(linked)))
    connection.execute(delete(_c).where(_c.c.id == pk))
    return found


def update_collection(
    connection: Connection,
    pk: int,
    *,
    name: str | None,
    description: str | EllipsisType | None = ...,
) -> Collection:
    """Rename a collection (``name``, when given) and set its description (None clears
    it; ``...`` leaves it)."""
    found = get_collection_by_id(connection, pk)
    if found is None:
        raise NotFoundError(f"no artifact collection with id {pk}")
    values: dict[str, Any] = {"updated_at": _now()}
    if name and name != found.name:
        check_name("artifact collection", name)
        if get_collection(connection, found.entity, found.project, name) is not None:
            raise StoreError(
                f"{found.entity}/{found.project} already has an artifact collection {name!r}; "
                "choose another name"
            )
        values["name"] = name
    if description is not ...:
        values["description"] = description
    connection.execute(update(_c).where(_c.c.id == pk).values(**values))
    again = get_collection_by_id(connection, pk)
    if again is None:  # pragma: no cover
        raise NotFoundError(f"no artifact collection with id {pk}")
    return again


def move_collection(connection: Connection, pk: int, type_name: str) -> Collection:
    """Give a sequence another artifact type (made in its project if missing); its
    versions follow, since a version's type is its sequence's."""
    found = get_collection_by_id(connection, pk)
    if found is None:
        raise NotFoundError(f"no artifact collection with id {pk}")
    if found.kind != SEQUENCE:
        raise StoreError(
            f"{found.name!r} is a portfolio: only a sequence (the versions runs logged) "
            "changes its type"
        )
    project_id = connection.execute(select(_c.c.project_id).where(_c.c.id == pk)).scalar_one()
    type_id = ensure_type(connection, int(project_id), type_name)
    connection.execute(update(_c).where(_c.c.id == pk).values(type_id=type_id, updated_at=_now()))
    again = get_collection_by_id(connection, pk)
    if again is None:  # pragma: no cover
        raise NotFoundError(f"no artifact collection with id {pk}")
    return again
