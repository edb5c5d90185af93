"""Resolvers of the artifact read side: ``Artifact``, collections, types, memberships,
aliases, manifests and files, and the fields artifacts add to ``Project`` and ``Run``.

Parents are the records of :mod:`panelbank.store.artifacts`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ariadne import InterfaceType, ObjectType, QueryType, UnionType

from ...blobs import open_blob_store
from ...store import Project
from ...store import artifacts as sa
from ...store.models import RunRecord
from ..resolvers._context import Context, Info, context_of, gid, input_error
from ..resolvers._paging import connection
from .files import download_url, file_records, manifest_of

__all__ = [
    "ARTIFACT_QUERY_BINDABLES",
    "COLLECTION_KINDS",
    "artifact_gid",
    "collection_gid",
    "decode_gid",
]

query = QueryType()
project_type = ObjectType("Project")
run_type = ObjectType("Run")
type_type = ObjectType("ArtifactType")
collection_interface = InterfaceType("ArtifactCollection")
sequence_type = ObjectType("ArtifactSequence")
portfolio_type = ObjectType("ArtifactPortfolio")
artifact_type = ObjectType("Artifact")
alias_type = ObjectType("ArtifactAlias")
membership_type = ObjectType("ArtifactCollectionMembership")
manifest_type = ObjectType("ArtifactManifest")
creator_union = UnionType("ArtifactCreator")

MANIFEST = "wandb_manifest.json"
MAX_FILES_PAGE = 10_000  # the SDK asks for 5,000 file URLs at a time
COLLECTION_KINDS = ("ArtifactCollection", "ArtifactSequence", "ArtifactPortfolio")


def artifact_gid(pk: int) -> str:
    return gid("Artifact", pk)


def collection_gid(collection: sa.Collection) -> str:
    kind = "ArtifactSequence" if collection.kind == sa.SEQUENCE else "ArtifactPortfolio"
    return gid(kind, collection.id)


def decode_gid(value: str, *kinds: str, what: str = "id") -> int:
    """The key of a global id of one of ``kinds``; a GraphQL input error otherwise."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeError):
        text = ""
    kind, _, number = text.partition(":")
    if kind in kinds and number.isascii() and number.isdigit() and len(number) < 19:
        return int(number)
    raise input_error(f"{what}: {value!r} is not the id of an {kinds[0]} of this server")


def _get_artifact(context: Context, pk: int) -> sa.Artifact | None:
    return context.store.artifacts_read(sa.get_artifact, pk)


# -- Query ------------------------------------------------------------------------------
@query.field("artifact")
def _artifact(_root: object, info: Info, id: str) -> sa.Artifact | None:
    found = _get_artifact(context_of(info), decode_gid(id, "Artifact"))
    return found if found is not None and found.state != sa.DELETED else None


@query.field("artifactCollection")
def _artifact_collection(_root: object, info: Info, id: str) -> sa.Collection | None:
    pk = decode_gid(id, *COLLECTION_KINDS)
    return context_of(info).store.artifacts_read(sa.get_collection_by_id, pk)


@query.field("clientIDMapping")
def _client_id_mapping(_root: object, info: Info, clientID: str) -> dict[str, Any] | None:
    found = context_of(info).store.artifacts_read(sa.find_by_client_id, clientID)
    return None if found is None else {"serverID": artifact_gid(found.id)}


# -- Project ----------------------------------------------------------------------------
@project_type.field("artifactType")
def _project_type(project: Project, info: Info, name: str) -> sa.ArtifactType | None:
    read = context_of(info).store.artifacts_read
    return read(sa.get_type, project.entity, project.name, name)


@project_type.field("artifactTypes")
def _project_types(
    project: Project, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    types = context_of(info).store.artifacts_read(sa.list_types, project.entity, project.name)
    return connection(types, first=first, after=after)


def _collections(
    info: Info,
    entity: str,
    project: str,
    type_name: str | None,
    first: int | None,
    after: str | None,
) -> dict[str, Any]:
    read = context_of(info).store.artifacts_read
    found = read(sa.list_collections, entity, project, type_name)
    return {"totalCount": len(found), **connection(found, first=first, after=after)}


@project_type.field("artifactCollections")
def _project_collections(
    project: Project,
    info: Info,
    after: str | None = None,
    first: int | None = None,
    **_filters: Any,
) -> dict[str, Any]:
    return _collections(info, project.entity, project.name, None, first, after)


@project_type.field("artifactCollection")
def _project_collection(project: Project, info: Info, name: str) -> sa.Collection | None:
    read = context_of(info).store.artifacts_read
    return read(sa.get_collection, project.entity, project.name, name)


def _membership_by_name(
    info: Info, entity: str, project: str, name: str, type_name: str | None = None
) -> sa.Membership | None:
    read = context_of(info).store.artifacts_read
    collection_name, alias = sa.parse_version_name(name)
    collection = read(sa.get_collection, entity, project, collection_name, type_name)
    return None if collection is None else read(sa.membership, collection, alias)


@project_type.field("artifactCollectionMembership")
def _project_membership(project: Project, info: Info, name: str) -> sa.Membership | None:
    return _membership_by_name(info, project.entity, project.name, name)


@project_type.field("artifact")
def _project_artifact(project: Project, info: Info, name: str) -> sa.Artifact | None:
    found = _membership_by_name(info, project.entity, project.name, name)
    return None if found is None else _get_artifact(context_of(info), found.artifact_id)


# -- Run --------------------------------------------------------------------------------
@run_type.field("outputArtifacts")
def _run_outputs(
    run: RunRecord, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    found = context_of(info).store.artifacts_read(sa.output_artifacts, run.pk)
    return {"totalCount": len(found), **connection(found, first=first, after=after)}


@run_type.field("inputArtifacts")
def _run_inputs(
    run: RunRecord, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    found = context_of(info).store.artifacts_read(sa.input_artifacts, run.pk)
    return {"totalCount": len(found), **connection(found, first=first, after=after)}


# -- ArtifactType -----------------------------------------------------------------------
@type_type.field("id")
def _type_id(kind: sa.ArtifactType, _info: Info) -> str:
    return gid("ArtifactType", kind.id)


@type_type.field("createdAt")
def _type_created(kind: sa.ArtifactType, _info: Info) -> Any:
    return kind.created_at


@type_type.field("artifactCollection")
def _type_collection(kind: sa.ArtifactType, info: Info, name: str) -> sa.Collection | None:
    read = context_of(info).store.artifacts_read
    return read(sa.get_collection, kind.entity, kind.project, name, kind.name)


@type_type.field("artifactCollections")
def _type_collections(
    kind: sa.ArtifactType,
    info: Info,
    after: str | None = None,
    first: int | None = None,
    **_filters: Any,
) -> dict[str, Any]:
    return _collections(info, kind.entity, kind.project, kind.name, first, after)


@type_type.field("artifact")
def _type_artifact(kind: sa.ArtifactType, info: Info, name: str) -> sa.Artifact | None:
    found = _membership_by_name(info, kind.entity, kind.project, name, kind.name)
    return None if found is None else _get_artifact(context_of(info), found.artifact_id)


# -- ArtifactCollection -----------------------------------------------------------------
@collection_interface.type_resolver
def _resolve_collection_type(collection: sa.Collection, *_: Any) -> str:
    return "ArtifactSequence" if collection.kind == sa.SEQUENCE else "ArtifactPortfolio"


def _bind_collection_fields(bindable: ObjectType) -> None:
    bindable.set_field("id", lambda c, _info: collection_gid(c))
    bindable.set_field("state", lambda _c, _info: "READY")
    bindable.set_field("createdAt", lambda c, _info: c.created_at)
    bindable.set_field("updatedAt", lambda c, _info: c.updated_at)
    bindable.set_field("defaultArtifactType", lambda c, _info: c.type)
    bindable.set_field("project", _collection_project)
    bindable.set_field("aliases", _collection_aliases)
    bindable.set_field("artifacts", _collection_artifacts)
    bindable.set_field("artifactMembership", _collection_membership)
    bindable.set_field("artifactMemberships", _collection_memberships)


def _collection_project(collection: sa.Collection, info: Info) -> Project | None:
    return context_of(info).store.get_project(collection.entity, collection.project)


def _collection_aliases(
    collection: sa.Collection, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    found = context_of(info).store.artifacts_read(sa.collection_aliases, collection.id)
    return connection(found, first=first, after=after)


_ORDER_KEYS = ("version_index", "versionIndex", "created_at", "createdAt")


def _oldest_first(order: str | None) -> bool:
    """``order`` of a collection's versions: a key (version or creation, which agree),
    ascending unless it starts with ``-``; none: newest first."""
    if order is None:
        return False
    key = order.strip().lstrip("+-")
    if key not in _ORDER_KEYS:
        raise input_error(
            f"order: {order!r} is not one of {', '.join(_ORDER_KEYS)} (with '-' before it "
            "for newest first)"
        )
    return not order.strip().startswith("-")


def _collection_artifacts(
    collection: sa.Collection,
    info: Info,
    after: str | None = None,
    first: int | None = None,
    order: str | None = None,
    **_filters: Any,
) -> dict[str, Any]:
    context = context_of(info)
    members = context.store.artifacts_read(
        sa.collection_members, collection.id, oldest_first=_oldest_first(order)
    )
    page = connection(members, first=first, after=after)
    for edge in page["edges"]:
        member: sa.Membership = edge["node"]
        edge["version"] = f"v{member.version_index}"
        edge["node"] = _get_artifact(context, member.artifact_id)
    return {"totalCount": len(members), **page}


def _collection_membership(
    collection: sa.Collection, info: Info, aliasName: str
) -> sa.Membership | None:
    return context_of(info).store.artifacts_read(sa.membership, collection, aliasName)


def _collection_memberships(
    collection: sa.Collection, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    members = context_of(info).store.artifacts_read(sa.collection_members, collection.id)
    return connection(members, first=first, after=after)


sequence_type.set_field("digestAlgorithm", lambda _c, _info: "MANIFEST_MD5")
entity_type = ObjectType("Entity")
entity_type.set_field("xxhashDigestsEnabled", lambda _e, _info: False)


@sequence_type.field("latestArtifact")
def _latest(collection: sa.Collection, info: Info) -> sa.Artifact | None:
    found = context_of(info).store.artifacts_read(sa.membership, collection, sa.LATEST)
    return None if found is None else _get_artifact(context_of(info), found.artifact_id)


# -- Artifact ---------------------------------------------------------------------------
_ARTIFACT_FIELDS: dict[str, Any] = {
    "id": lambda a, _info: artifact_gid(a.id),
    "artifactSequence": lambda a, _info: a.sequence,
    "artifactType": lambda a, _info: a.sequence.type,
    "versionIndex": lambda a, _info: a.version_index,
    # W&B's values: seconds, -2 for "no TTL", -1 while the (absent) default is inherited
    "ttlDurationSeconds": lambda a, _info: (
        sa.TTL_INHERIT if a.ttl_seconds is None else a.ttl_seconds
    ),
    "ttlIsInherited": lambda a, _info: a.ttl_seconds is None,
    "historyStep": lambda a, _info: a.history_step,
    "digestAlgorithm": lambda _a, _info: "MANIFEST_MD5",
    "commitHash": lambda a, _info: a.digest if a.state == sa.COMMITTED else None,
    "fileCount": lambda a, _info: a.file_count,
    "createdAt": lambda a, _info: a.created_at,
    "updatedAt": lambda a, _info: a.updated_at,
    "labels": lambda _a, _info: None,
    "currentManifest": lambda a, _info: {"artifact": a} if a.manifest_md5 else None,
}
for _name, _resolver in _ARTIFACT_FIELDS.items():
    artifact_type.set_field(_name, _resolver)


@artifact_type.field("aliases")
def _artifact_aliases(artifact: sa.Artifact, info: Info) -> list[sa.Alias]:
    return context_of(info).store.artifacts_read(sa.aliases_of, artifact.id)


def _files(
    artifact: sa.Artifact,
    info: Info,
    names: list[str] | None,
    first: int | None,
    after: str | None,
) -> dict[str, Any]:
    context = context_of(info)
    manifest = manifest_of(open_blob_store(context.settings), artifact)
    records = file_records(context.settings, artifact, manifest, names)
    page = connection(records, first=first, after=after, max_page=MAX_FILES_PAGE)
    return {"totalCount": len(records), **page}


@artifact_type.field("files")
def _artifact_files(
    artifact: sa.Artifact,
    info: Info,
    names: list[str] | None = None,
    after: str | None = None,
    first: int | None = None,
) -> dict[str, Any]:
    return _files(artifact, info, names, first, after)


@artifact_type.field("filesByManifestEntries")
def _artifact_files_by_entries(
    artifact: sa.Artifact, info: Info, entries: list[dict[str, Any]] | None = None, **_: Any
) -> dict[str, Any]:
    names = None if entries is None else [entry["name"] for entry in entries]
    return _files(artifact, info, names, None, None)


@artifact_type.field("createdBy")
def _artifact_created_by(artifact: sa.Artifact, info: Info) -> RunRecord | None:
    if artifact.run is None:
        return None
    return context_of(info).store.get_run(*artifact.run)


@artifact_type.field("usedBy")
def _artifact_used_by(
    artifact: sa.Artifact, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    store = context_of(info).store
    runs = [
        run for key in store.artifacts_read(sa.used_by, artifact.id) if (run := store.get_run(*key))
    ]
    return connection(runs, first=first, after=after)


@artifact_type.field("artifactMemberships")
def _artifact_memberships(
    artifact: sa.Artifact, info: Info, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    found = context_of(info).store.artifacts_read(sa.memberships_of, artifact.id)
    return connection(found, first=first, after=after)


@creator_union.type_resolver
def _resolve_creator(_value: object, *_: Any) -> str:
    return "Run"


# -- ArtifactAlias, ArtifactCollectionMembership, ArtifactManifest ------------------------
alias_type.set_field("id", lambda a, _info: gid("ArtifactAlias", a.id))
alias_type.set_field("artifactCollection", lambda a, _info: a.collection)
alias_type.set_field("artifactCollectionName", lambda a, _info: a.collection.name)

membership_type.set_field("id", lambda m, _info: gid("ArtifactCollectionMembership", m.id))
membership_type.set_field("versionIndex", lambda m, _info: m.version_index)
membership_type.set_field("createdAt", lambda m, _info: m.created_at)
membership_type.set_field("artifactCollection", lambda m, _info: m.collection)


@membership_type.field("aliases")
def _membership_aliases(member: sa.Membership, info: Info) -> list[sa.Alias]:
    read = context_of(info).store.artifacts_read
    return read(sa.aliases_of, member.artifact_id, member.collection.id)


@membership_type.field("artifact")
def _membership_artifact(member: sa.Membership, info: Info) -> sa.Artifact | None:
    return _get_artifact(context_of(info), member.artifact_id)


@membership_type.field("files")
def _membership_files(
    member: sa.Membership,
    info: Info,
    names: list[str] | None = None,
    after: str | None = None,
    first: int | None = None,
) -> dict[str, Any]:
    artifact = _get_artifact(context_of(info), member.artifact_id)
    if artifact is None:
        return {"totalCount": 0, **connection([], first=first, after=after)}
    return _files(artifact, info, names, first, after)


@manifest_type.field("id")
def _manifest_id(manifest: dict[str, Any], _info: Info) -> str:
    return gid("ArtifactManifest", manifest["artifact"].id)


@manifest_type.field("type")
def _manifest_kind(manifest: dict[str, Any], _info: Info) -> str:
    return str(manifest["artifact"].manifest_type)


@manifest_type.field("createdAt")
def _manifest_created(manifest: dict[str, Any], _info: Info) -> Any:
    return manifest["artifact"].created_at


@manifest_type.field("digest")
def _manifest_digest(manifest: dict[str, Any], _info: Info) -> str | None:
    return manifest.get("digest")


@manifest_type.field("file")
def _manifest_file(manifest: dict[str, Any], info: Info) -> dict[str, Any]:
    artifact: sa.Artifact = manifest["artifact"]
    settings = context_of(info).settings
    md5 = artifact.manifest_md5
    return {
        "id": gid("File", f"{artifact.id}:{MANIFEST}"),
        "name": MANIFEST,
        "displayName": MANIFEST,
        "directUrl": download_url(settings, md5, MANIFEST, shown=MANIFEST) if md5 else None,
        "uploadUrl": manifest.get("uploadUrl"),
        "uploadHeaders": [],
        "url": None,
    }


_bind_collection_fields(sequence_type)
_bind_collection_fields(portfolio_type)

ARTIFACT_QUERY_BINDABLES = [
    query,
    project_type,
    run_type,
    type_type,
    collection_interface,
    sequence_type,
    portfolio_type,
    artifact_type,
    alias_type,
    membership_type,
    manifest_type,
    creator_union,
    entity_type,
]
