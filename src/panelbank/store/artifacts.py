"""Artifacts: types, collections (sequences and portfolios), versions, aliases, lineage;
the records and the reading functions (the writes are in :mod:`.artifact_writes`).

Functions over a connection (the caller holds the transaction: ``Store.artifacts_read``
and ``Store.artifacts_write``).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Row, and_, select

from . import schema
from .errors import NotFoundError, StoreError
from .projects import find_project

__all__ = [
    "Alias",
    "Artifact",
    "ArtifactType",
    "Collection",
    "Membership",
    "parse_version_name",
]

_t, _c, _a = schema.artifact_types, schema.artifact_collections, schema.artifacts
_m, _al, _u = schema.artifact_memberships, schema.artifact_aliases, schema.artifact_usages
_p, _e, _r = schema.projects, schema.entities, schema.runs
_o = schema.artifact_outputs

LATEST = "latest"
#: ``ttl_seconds`` as stored: NULL inherits the (absent) team default, so the version is
#: kept; TTL_DISABLED was set explicitly to "no TTL"; a positive number is seconds
TTL_INHERIT, TTL_DISABLED = -1, -2
SEQUENCE, PORTFOLIO = "SEQUENCE", "PORTFOLIO"
PENDING, COMMITTED, DELETED = "PENDING", "COMMITTED", "DELETED"


class ArtifactStateError(StoreError):
    """The version is not in a state that allows the operation (say, committing twice)."""


@dataclasses.dataclass(frozen=True)
class ArtifactType:
    id: int
    entity: str
    project: str
    name: str
    description: str
    created_at: datetime


@dataclasses.dataclass(frozen=True)
class Collection:
    id: int
    entity: str
    project: str
    name: str
    type: ArtifactType
    kind: str  # SEQUENCE or PORTFOLIO
    description: str | None  # None: none given
    created_at: datetime
    updated_at: datetime


@dataclasses.dataclass(frozen=True)
class Artifact:
    id: int
    sequence: Collection
    state: str
    digest: str
    description: str | None
    metadata: str | None
    ttl_seconds: int | None  # None: inherited; TTL_DISABLED; or seconds
    history_step: int | None
    client_id: str | None
    run: tuple[str, str, str] | None  # (entity, project, run name) that logged it
    manifest_md5: str | None
    manifest_type: str
    base_artifact_id: int | None
    size: int
    file_count: int
    pending_aliases: tuple[str, ...]
    version_index: int | None  # in its sequence; None while pending
    created_at: datetime
    updated_at: datetime

    @property
    def entity(self) -> str:
        return self.sequence.entity

    @property
    def project(self) -> str:
        return self.sequence.project


@dataclasses.dataclass(frozen=True)
class Membership:
    """A committed version in a collection, numbered there."""

    id: int
    collection: Collection
    artifact_id: int
    version_index: int
    created_at: datetime


@dataclasses.dataclass(frozen=True)
class Alias:
    id: int
    collection: Collection
    artifact_id: int
    alias: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def parse_version_name(name: str) -> tuple[str, str]:
    """``"collection:alias"`` → (collection, alias); a bare name means ``latest``."""
    collection, _, alias = name.partition(":")
    if not collection:
        raise StoreError(f"{name!r} names no artifact collection; write 'name:alias' or 'name:v3'")
    return collection, alias or LATEST


def version_number(alias: str) -> int | None:
    if alias[:1] == "v" and alias[1:].isascii() and alias[1:].isdigit() and len(alias) < 12:
        return int(alias[1:])
    return None


# -- reading ------------------------------------------------------------------------------
def _type_select() -> Any:
    return (
        select(_t, _e.c.name.label("entity"), _p.c.name.label("project"))
        .join(_p, _p.c.id == _t.c.project_id)
        .join(_e, _e.c.id == _p.c.entity_id)
    )


def _type(row: Row[Any]) -> ArtifactType:
    m = row._mapping
    return ArtifactType(
        m["id"], m["entity"], m["project"], m["name"], m["description"], m["created_at"]
    )


def _collection(connection: Connection, row: Row[Any]) -> Collection:
    m = row._mapping
    type_row = connection.execute(_type_select().where(_t.c.id == m["type_id"])).one()
    return Collection(
        id=m["id"],
        entity=m["entity"],
        project=m["project"],
        name=m["name"],
        type=_type(type_row),
        kind=m["kind"],
        description=m["description"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


def _collection_select() -> Any:
    return (
        select(_c, _e.c.name.label("entity"), _p.c.name.label("project"))
        .join(_p, _p.c.id == _c.c.project_id)
        .join(_e, _e.c.id == _p.c.entity_id)
    )


def get_collection_by_id(connection: Connection, pk: int) -> Collection | None:
    row = connection.execute(_collection_select().where(_c.c.id == pk)).one_or_none()
    return None if row is None else _collection(connection, row)


def get_collection(
    connection: Connection, entity: str, project: str, name: str, type_name: str | None = None
) -> Collection | None:
    query = _collection_select().where(_e.c.name == entity, _p.c.name == project, _c.c.name == name)
    row = connection.execute(query).one_or_none()
    if row is None:
        return None
    found = _collection(connection, row)
    return found if type_name is None or found.type.name == type_name else None


def list_collections(
    connection: Connection, entity: str, project: str, type_name: str | None = None
) -> list[Collection]:
    query = _collection_select().where(_e.c.name == entity, _p.c.name == project)
    rows = connection.execute(query.order_by(_c.c.created_at.desc(), _c.c.id.desc())).all()
    found = [_collection(connection, row) for row in rows]
    return [c for c in found if type_name is None or c.type.name == type_name]


def get_type(connection: Connection, entity: str, project: str, name: str) -> ArtifactType | None:
    query = _type_select().where(_e.c.name == entity, _p.c.name == project, _t.c.name == name)
    row = connection.execute(query).one_or_none()
    return None if row is None else _type(row)


def list_types(connection: Connection, entity: str, project: str) -> list[ArtifactType]:
    query = _type_select().where(_e.c.name == entity, _p.c.name == project).order_by(_t.c.id)
    return [_type(row) for row in connection.execute(query).all()]


def _run_of(connection: Connection, run_id: int | None) -> tuple[str, str, str] | None:
    if run_id is None:
        return None
    row = connection.execute(
        select(_e.c.name, _p.c.name, _r.c.name)
        .select_from(_r.join(_p, _p.c.id == _r.c.project_id).join(_e, _e.c.id == _p.c.entity_id))
        .where(_r.c.id == run_id)
    ).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def get_artifact(connection: Connection, pk: int) -> Artifact | None:
    row = connection.execute(select(_a).where(_a.c.id == pk)).one_or_none()
    if row is None:
        return None
    m = row._mapping
    sequence = get_collection_by_id(connection, m["sequence_id"])
    if sequence is None:  # pragma: no cover  (the foreign key cascades)
        return None
    index = connection.execute(
        select(_m.c.version_index).where(_m.c.collection_id == sequence.id, _m.c.artifact_id == pk)
    ).scalar()
    return Artifact(
        id=pk,
        sequence=sequence,
        state=m["state"],
        digest=m["digest"],
        description=m["description"],
        metadata=m["metadata"],
        ttl_seconds=m["ttl_seconds"],
        history_step=m["history_step"],
        client_id=m["client_id"],
        run=_run_of(connection, m["run_id"]),
        manifest_md5=m["manifest_md5"],
        manifest_type=m["manifest_type"],
        base_artifact_id=m["base_artifact_id"],
        size=m["size"],
        file_count=m["file_count"],
        pending_aliases=tuple(json.loads(m["pending_aliases"])),
        version_index=None if index is None else int(index),
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


def find_by_client_id(connection: Connection, client_id: str) -> Artifact | None:
    pk = connection.execute(
        select(_a.c.id).where(_a.c.client_id == client_id).order_by(_a.c.id.desc()).limit(1)
    ).scalar()
    return None if pk is None else get_artifact(connection, int(pk))


def membership_from_row(connection: Connection, row: Row[Any]) -> Membership:
    m = row._mapping
    collection = get_collection_by_id(connection, m["collection_id"])
    if collection is None:  # pragma: no cover  (the foreign key cascades)
        raise NotFoundError("the collection of this membership is gone")
    return Membership(m["id"], collection, m["artifact_id"], m["version_index"], m["created_at"])


def live(query: Any) -> Any:
    """``query`` over memberships, without the deleted versions."""
    return query.join(_a, _a.c.id == _m.c.artifact_id).where(_a.c.state != DELETED)


def collection_members(
    connection: Connection, collection_id: int, *, oldest_first: bool = False
) -> list[Membership]:
    """A collection's versions, newest first (or oldest first)."""
    query = live(select(_m).where(_m.c.collection_id == collection_id))
    order = _m.c.version_index.asc() if oldest_first else _m.c.version_index.desc()
    rows = connection.execute(query.order_by(order)).all()
    return [membership_from_row(connection, row) for row in rows]


def memberships_of(connection: Connection, artifact_id: int) -> list[Membership]:
    rows = connection.execute(
        select(_m).where(_m.c.artifact_id == artifact_id).order_by(_m.c.id)
    ).all()
    return [membership_from_row(connection, row) for row in rows]


def membership(connection: Connection, collection: Collection, alias: str) -> Membership | None:
    """The version of ``collection`` that ``alias`` (or ``vN``) names."""
    number = version_number(alias)
    if number is not None:
        query = select(_m).where(_m.c.collection_id == collection.id, _m.c.version_index == number)
    else:
        query = (
            select(_m)
            .join(
                _al,
                and_(
                    _al.c.artifact_id == _m.c.artifact_id, _al.c.collection_id == _m.c.collection_id
                ),
            )
            .where(_m.c.collection_id == collection.id, _al.c.alias == alias)
        )
    row = connection.execute(live(query)).one_or_none()
    return None if row is None else membership_from_row(connection, row)


def aliases_of(
    connection: Connection, artifact_id: int, collection_id: int | None = None
) -> list[Alias]:
    query = select(_al).where(_al.c.artifact_id == artifact_id)
    if collection_id is not None:
        query = query.where(_al.c.collection_id == collection_id)
    out = []
    for row in connection.execute(query.order_by(_al.c.id)).all():
        m = row._mapping
        collection = get_collection_by_id(connection, m["collection_id"])
        if collection is not None:
            out.append(Alias(m["id"], collection, m["artifact_id"], m["alias"]))
    return out


def collection_aliases(connection: Connection, collection_id: int) -> list[Alias]:
    collection = get_collection_by_id(connection, collection_id)
    if collection is None:
        return []
    rows = connection.execute(
        select(_al).where(_al.c.collection_id == collection_id).order_by(_al.c.id)
    ).all()
    return [Alias(r.id, collection, r.artifact_id, r.alias) for r in rows]


def output_artifacts(connection: Connection, run_pk: int) -> list[Artifact]:
    """The versions a run logged: made by it, or logged again with the same content."""
    again = select(_o.c.artifact_id).where(_o.c.run_id == run_pk)
    ids = connection.execute(
        select(_a.c.id)
        .where((_a.c.run_id == run_pk) | _a.c.id.in_(again), _a.c.state == COMMITTED)
        .order_by(_a.c.id)
    ).scalars()
    return [a for pk in ids if (a := get_artifact(connection, pk)) is not None]


def input_artifacts(connection: Connection, run_pk: int) -> list[Artifact]:
    ids = connection.execute(
        select(_u.c.artifact_id).where(_u.c.run_id == run_pk).order_by(_u.c.id)
    ).scalars()
    found = [get_artifact(connection, pk) for pk in ids]
    return [a for a in found if a is not None and a.state != DELETED]


def used_by(connection: Connection, artifact_id: int) -> list[tuple[str, str, str]]:
    ids = connection.execute(
        select(_u.c.run_id).where(_u.c.artifact_id == artifact_id).order_by(_u.c.id)
    ).scalars()
    return [run for pk in ids if (run := _run_of(connection, pk)) is not None]


def project_exists(connection: Connection, entity: str, project: str) -> bool:
    return find_project(connection, entity, project) is not None
