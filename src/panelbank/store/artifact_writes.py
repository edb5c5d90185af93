"""Writing artifacts: a version is created PENDING by :func:`create_artifact`, gets its
manifest (a blob, see ``panelbank.blobs``) and is numbered by :func:`commit_artifact`:
``v<n>`` in its sequence, its requested aliases and ``latest`` moved onto it. Linking puts
a committed version into a portfolio with a number of its own there. Aliases, lineage
(who used a version, who logged it again), edits and deletion.

Functions over a connection (the caller holds the transaction); the records they return
and the reading functions are in :mod:`.artifacts`.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from . import artifact_tags, schema
from .artifacts import (
    COMMITTED,
    DELETED,
    LATEST,
    PENDING,
    PORTFOLIO,
    SEQUENCE,
    TTL_DISABLED,
    TTL_INHERIT,
    Artifact,
    ArtifactStateError,
    Collection,
    Membership,
    aliases_of,
    find_by_client_id,
    get_artifact,
    get_collection,
    get_collection_by_id,
    live,
    membership_from_row,
    memberships_of,
    version_number,
)
from .errors import NotFoundError, StoreError
from .names import check_name
from .projects import ensure_project, inserted_id

__all__ = [
    "NewArtifact",
    "change_aliases",
    "commit_artifact",
    "create_artifact",
    "delete_artifact",
    "ensure_collection",
    "ensure_type",
    "link_artifact",
    "set_manifest",
    "unlink_artifact",
    "update_artifact",
    "use_artifact",
]

_t, _c, _a = schema.artifact_types, schema.artifact_collections, schema.artifacts
_m, _al, _u = schema.artifact_memberships, schema.artifact_aliases, schema.artifact_usages
_p, _e, _r = schema.projects, schema.entities, schema.runs
_o = schema.artifact_outputs


def _now() -> datetime:
    return datetime.now(timezone.utc)


def ensure_type(connection: Connection, project_id: int, name: str) -> int:
    check_name("artifact type", name)
    found = connection.execute(
        select(_t.c.id).where(_t.c.project_id == project_id, _t.c.name == name)
    ).scalar()
    if found is not None:
        return int(found)
    result = connection.execute(
        _t.insert().values(project_id=project_id, name=name, description="", created_at=_now())
    )
    return inserted_id(result.inserted_primary_key)


def ensure_collection(
    connection: Connection, entity: str, project: str, name: str, type_name: str, kind: str
) -> Collection:
    """The collection ``name`` of the project, created with ``type_name`` if missing;
    :class:`StoreError` if it exists with another type or kind."""
    check_name("artifact collection", name)
    if ":" in name or "/" in name:
        raise StoreError(
            f"artifact name {name!r} may not contain ':' or '/' (those separate the project, "
            "the name and the alias)"
        )
    found = get_collection(connection, entity, project, name)
    if found is not None:
        if found.kind == SEQUENCE and kind == SEQUENCE and found.type.name != type_name:
            raise StoreError(
                f"artifact {name!r} in {entity}/{project} has type {found.type.name!r}, not "
                f"{type_name!r}; log it with that type or under another name"
            )
        if found.kind != kind:
            raise StoreError(
                f"{name!r} in {entity}/{project} is a {found.kind.lower()}, not a "
                f"{kind.lower()}; choose another name"
            )
        return found
    proj = ensure_project(connection, entity, project)
    type_id = ensure_type(connection, proj.id, type_name)
    now = _now()
    result = connection.execute(
        _c.insert().values(
            project_id=proj.id,
            type_id=type_id,
            name=name,
            kind=kind,
            description=None,
            created_at=now,
            updated_at=now,
        )
    )
    made = get_collection_by_id(connection, inserted_id(result.inserted_primary_key))
    if made is None:  # pragma: no cover
        raise StoreError("the collection just made is gone")
    return made


@dataclasses.dataclass(frozen=True)
class NewArtifact:
    """What ``createArtifact`` asks for."""

    entity: str
    project: str
    type: str
    collection: str
    digest: str
    run: str | None = None
    description: str | None = None
    metadata: str | None = None
    ttl_seconds: int | None = None
    history_step: int | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    client_id: str | None = None
    sequence_client_id: str | None = None
    deduplicate: bool = True


def _run_pk(connection: Connection, entity: str, project: str, run: str | None) -> int | None:
    if not run:
        return None
    pk = connection.execute(
        select(_r.c.id)
        .select_from(_r.join(_p, _p.c.id == _r.c.project_id).join(_e, _e.c.id == _p.c.entity_id))
        .where(_e.c.name == entity, _p.c.name == project, _r.c.name == run)
    ).scalar()
    return None if pk is None else int(pk)


def _stored_ttl(ttl_seconds: int) -> int | None:
    """The column's value for a TTL the SDK sends: -1 inherit, -2 none, or seconds."""
    if ttl_seconds == TTL_INHERIT:
        return None
    if ttl_seconds == TTL_DISABLED or ttl_seconds > 0:
        return ttl_seconds
    raise StoreError(
        f"ttlDurationSeconds: {ttl_seconds} is not a number of seconds > 0, -1 (inherit the "
        "default: keep it) or -2 (no TTL)"
    )


def _logged_again(connection: Connection, pk: int, run_pk: int | None) -> None:
    """Record that another run logged the committed version ``pk``."""
    if run_pk is None:
        return
    creator = connection.execute(select(_a.c.run_id).where(_a.c.id == pk)).scalar()
    known = connection.execute(
        select(_o.c.id).where(_o.c.artifact_id == pk, _o.c.run_id == run_pk)
    ).scalar()
    if creator != run_pk and known is None:
        connection.execute(_o.insert().values(artifact_id=pk, run_id=run_pk, created_at=_now()))


def create_artifact(connection: Connection, new: NewArtifact) -> Artifact:
    """A PENDING version; or, with ``deduplicate``, the committed version of the sequence
    with the same digest (given the new aliases and tags), or the version a retry already
    made."""
    tags = artifact_tags.check_tags(new.tags)
    ttl = None if new.ttl_seconds is None else _stored_ttl(new.ttl_seconds)
    if new.client_id:
        again = find_by_client_id(connection, new.client_id)
        if again is not None and again.state != DELETED:
            return again
    sequence = ensure_collection(
        connection, new.entity, new.project, new.collection, new.type, SEQUENCE
    )
    if new.deduplicate:
        same = connection.execute(
            select(_a.c.id)
            .where(_a.c.sequence_id == sequence.id, _a.c.digest == new.digest)
            .where(_a.c.state == COMMITTED)
            .order_by(_a.c.id.desc())
            .limit(1)
        ).scalar()
        if same is not None:
            for alias in new.aliases:
                _set_alias(connection, sequence.id, int(same), alias)
            artifact_tags.change_artifact_tags(connection, int(same), add=tags)
            _logged_again(
                connection, int(same), _run_pk(connection, new.entity, new.project, new.run)
            )
            found = get_artifact(connection, int(same))
            if found is not None:
                return found
    now = _now()
    result = connection.execute(
        _a.insert().values(
            sequence_id=sequence.id,
            state=PENDING,
            digest=new.digest,
            description=new.description,
            metadata=new.metadata,
            ttl_seconds=ttl,
            history_step=new.history_step,
            client_id=new.client_id,
            sequence_client_id=new.sequence_client_id,
            run_id=_run_pk(connection, new.entity, new.project, new.run),
            manifest_type="FULL",
            size=0,
            file_count=0,
            pending_aliases=json.dumps(sorted(set(new.aliases))),
            created_at=now,
            updated_at=now,
        )
    )
    made = get_artifact(connection, inserted_id(result.inserted_primary_key))
    if made is None:  # pragma: no cover
        raise StoreError("the artifact just made is gone")
    artifact_tags.change_artifact_tags(connection, made.id, add=tags)
    return made


def _require(connection: Connection, pk: int) -> Artifact:
    found = get_artifact(connection, pk)
    if found is None or found.state == DELETED:
        raise NotFoundError(f"no artifact with id {pk} (deleted, or never created)")
    return found


def set_manifest(
    connection: Connection,
    pk: int,
    *,
    manifest_type: str | None = None,
    base_artifact_id: int | None = None,
    manifest_md5: str | None = None,
) -> Artifact:
    """Record the manifest's kind, base version and (once uploaded) its blob."""
    _require(connection, pk)
    values: dict[str, Any] = {"updated_at": _now()}
    if manifest_type is not None:
        values["manifest_type"] = manifest_type
    if base_artifact_id is not None:
        values["base_artifact_id"] = base_artifact_id
    if manifest_md5 is not None:
        values["manifest_md5"] = manifest_md5
    connection.execute(update(_a).where(_a.c.id == pk).values(**values))
    return _require(connection, pk)


def _set_alias(connection: Connection, collection_id: int, artifact_id: int, alias: str) -> None:
    """Point ``alias`` of the collection at the artifact (moving it off another)."""
    if not alias or len(alias) > 128 or version_number(alias) is not None or "/" in alias:
        raise StoreError(
            f"alias {alias!r} is not allowed: aliases are 1 to 128 characters without '/', "
            "and 'v<number>' names a version"
        )
    connection.execute(
        delete(_al).where(_al.c.collection_id == collection_id, _al.c.alias == alias)
    )
    connection.execute(
        _al.insert().values(collection_id=collection_id, artifact_id=artifact_id, alias=alias)
    )


def _add_member(connection: Connection, collection_id: int, artifact_id: int) -> int:
    existing = connection.execute(
        select(_m.c.version_index).where(
            _m.c.collection_id == collection_id, _m.c.artifact_id == artifact_id
        )
    ).scalar()
    if existing is not None:
        return int(existing)
    top = connection.execute(
        select(func.max(_m.c.version_index)).where(_m.c.collection_id == collection_id)
    ).scalar()
    index = 0 if top is None else int(top) + 1
    connection.execute(
        _m.insert().values(
            collection_id=collection_id,
            artifact_id=artifact_id,
            version_index=index,
            created_at=_now(),
        )
    )
    return index


def _move_latest(connection: Connection, collection_id: int) -> None:
    newest = connection.execute(
        live(select(_m.c.artifact_id).where(_m.c.collection_id == collection_id))
        .order_by(_m.c.version_index.desc())
        .limit(1)
    ).scalar()
    connection.execute(
        delete(_al).where(_al.c.collection_id == collection_id, _al.c.alias == LATEST)
    )
    if newest is not None:
        connection.execute(
            _al.insert().values(collection_id=collection_id, artifact_id=newest, alias=LATEST)
        )


def commit_artifact(connection: Connection, pk: int, *, size: int, file_count: int) -> Artifact:
    """Number a pending version in its sequence, apply its aliases and ``latest``."""
    artifact = _require(connection, pk)
    if artifact.state == COMMITTED:
        return artifact  # a retried commit
    if artifact.manifest_md5 is None:
        raise ArtifactStateError(
            f"artifact {pk} has no manifest yet; upload it (createArtifactManifest) first"
        )
    connection.execute(
        update(_a)
        .where(_a.c.id == pk)
        .values(state=COMMITTED, size=size, file_count=file_count, updated_at=_now())
    )
    sequence_id = artifact.sequence.id
    _add_member(connection, sequence_id, pk)
    for alias in artifact.pending_aliases:
        if alias != LATEST:
            _set_alias(connection, sequence_id, pk, alias)
    _move_latest(connection, sequence_id)
    connection.execute(update(_c).where(_c.c.id == sequence_id).values(updated_at=_now()))
    return _require(connection, pk)


def use_artifact(
    connection: Connection, pk: int, entity: str, project: str, run: str, used_as: str | None
) -> Artifact:
    """Record that a run used a version (creating the run's project if needed)."""
    artifact = _require(connection, pk)
    run_pk = _run_pk(connection, entity, project, run)
    if run_pk is None:
        raise NotFoundError(f"no run {run!r} in {entity}/{project}; start it with wandb.init")
    done = connection.execute(
        select(_u.c.id).where(_u.c.artifact_id == pk, _u.c.run_id == run_pk)
    ).scalar()
    if done is None:
        connection.execute(
            _u.insert().values(artifact_id=pk, run_id=run_pk, used_as=used_as, created_at=_now())
        )
    return artifact


def update_artifact(
    connection: Connection,
    pk: int,
    *,
    description: str | None = None,
    metadata: str | None = None,
    ttl_seconds: int | None = None,
    aliases: list[tuple[str, str]] | None = None,
    tags_to_add: list[str] | None = None,
    tags_to_delete: list[str] | None = None,
) -> Artifact:
    """Change a version's description, metadata, TTL (-1 inherit, -2 none, or seconds),
    tags, and (given ``aliases`` as (collection name, alias)) replace its aliases in those
    collections."""
    artifact = _require(connection, pk)
    values: dict[str, Any] = {"updated_at": _now()}
    if description is not None:
        values["description"] = description
    if metadata is not None:
        values["metadata"] = metadata
    if ttl_seconds is not None:
        values["ttl_seconds"] = _stored_ttl(ttl_seconds)
    artifact_tags.change_artifact_tags(
        connection, pk, add=tags_to_add or (), remove=tags_to_delete or ()
    )
    connection.execute(update(_a).where(_a.c.id == pk).values(**values))
    if aliases is not None:
        wanted: dict[int, set[str]] = {}
        for collection_name, alias in aliases:
            collection = get_collection(
                connection, artifact.entity, artifact.project, collection_name
            )
            if collection is None:
                raise NotFoundError(f"no artifact collection {collection_name!r}")
            wanted.setdefault(collection.id, set()).add(alias)
        wanted.setdefault(artifact.sequence.id, set())
        for collection_id, names in wanted.items():
            for old in aliases_of(connection, pk, collection_id):
                if old.alias not in names and old.alias != LATEST:
                    connection.execute(delete(_al).where(_al.c.id == old.id))
            for alias in names - {LATEST}:
                _set_alias(connection, collection_id, pk, alias)
    return _require(connection, pk)


def change_aliases(
    connection: Connection, pk: int, aliases: list[tuple[str, str, str, str]], *, add: bool
) -> None:
    """Add or delete aliases given as (entity, project, collection name, alias)."""
    _require(connection, pk)
    for entity, project, collection_name, alias in aliases:
        collection = get_collection(connection, entity, project, collection_name)
        if collection is None:
            raise NotFoundError(f"no artifact collection {collection_name!r} in {entity}/{project}")
        if add:
            _set_alias(connection, collection.id, pk, alias)
        else:
            connection.execute(
                delete(_al).where(
                    _al.c.collection_id == collection.id,
                    _al.c.artifact_id == pk,
                    _al.c.alias == alias,
                )
            )


def delete_artifact(connection: Connection, pk: int, *, delete_aliases: bool) -> Artifact:
    """Mark a version DELETED (its number is not reused) and drop it from portfolios;
    refused while it has aliases, ``latest`` included (as W&B: the SDK sends ``latest``
    as an alias like any other), unless ``delete_aliases``. Deleting a deleted version
    again is a no-op (clients retry)."""
    gone = get_artifact(connection, pk)
    if gone is not None and gone.state == DELETED:
        return gone
    artifact = _require(connection, pk)
    kept = sorted({a.alias for a in aliases_of(connection, pk)})
    if kept and not delete_aliases:
        raise ArtifactStateError(
            f"artifact {artifact.sequence.name}:v{artifact.version_index} still has the aliases "
            f"{', '.join(kept)}; remove them first or delete with delete_aliases=True"
        )
    connection.execute(delete(_al).where(_al.c.artifact_id == pk))
    connection.execute(update(_a).where(_a.c.id == pk).values(state=DELETED, updated_at=_now()))
    for member in memberships_of(connection, pk):
        if member.collection.id != artifact.sequence.id:
            connection.execute(delete(_m).where(_m.c.id == member.id))
        _move_latest(connection, member.collection.id)
    found = get_artifact(connection, pk)
    if found is None:  # pragma: no cover
        raise NotFoundError(f"no artifact with id {pk}")
    return found


def link_artifact(
    connection: Connection,
    pk: int,
    entity: str,
    project: str,
    portfolio: str,
    aliases: list[str],
) -> Membership:
    """Put a committed version into a portfolio (made if missing), with ``aliases``."""
    artifact = _require(connection, pk)
    if artifact.state != COMMITTED:
        raise ArtifactStateError(f"artifact {pk} is not committed yet; link it once it is logged")
    target = ensure_collection(
        connection, entity, project, portfolio, artifact.sequence.type.name, PORTFOLIO
    )
    _add_member(connection, target.id, pk)
    for alias in aliases:
        if alias != LATEST:
            _set_alias(connection, target.id, pk, alias)
    _move_latest(connection, target.id)
    row = connection.execute(
        select(_m).where(_m.c.collection_id == target.id, _m.c.artifact_id == pk)
    ).one()
    return membership_from_row(connection, row)


def unlink_artifact(connection: Connection, pk: int, portfolio_id: int) -> bool:
    removed = connection.execute(
        delete(_m).where(_m.c.collection_id == portfolio_id, _m.c.artifact_id == pk)
    ).rowcount
    connection.execute(
        delete(_al).where(_al.c.collection_id == portfolio_id, _al.c.artifact_id == pk)
    )
    _move_latest(connection, portfolio_id)
    return bool(removed)
