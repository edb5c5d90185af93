"""Mutations of artifacts, in the order the SDK's saver sends them: ``createArtifact``,
``createArtifactManifest``, ``createArtifactFiles`` (then PUTs to the URLs), the manifest
upload, ``commitArtifact``, ``useArtifact``; and the edits of the public API (update,
aliases, link, unlink, delete)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from ariadne import MutationType

from ...blobs import open_blob_store
from ...store import artifact_writes as sw
from ...store import artifacts as sa
from ..resolvers._context import Context, Info, context_of, input_error
from .collections import tag_names
from .files import (
    b64_to_hex,
    hex_to_b64,
    manifest_of,
    manifest_totals,
    md5_of_storage_path,
    merged_manifest,
    signed,
    storage_path,
)
from .queries import COLLECTION_KINDS, artifact_gid, decode_gid

__all__ = ["artifact_mutation"]

artifact_mutation = MutationType()


def _artifact_id(value: Any, what: str = "artifactID") -> int:
    if not isinstance(value, str):
        raise input_error(f"{what} is required")
    return decode_gid(value, "Artifact", what=what)


def _existing(context: Context, pk: int) -> sa.Artifact:
    found = context.store.artifacts_read(sa.get_artifact, pk)
    if found is None or found.state == sa.DELETED:
        raise input_error(f"no artifact with id {artifact_gid(pk)!r}", code="NOT_FOUND")
    return found


def _json_text(value: Any) -> str | None:
    """A JSONString input (parsed by the scalar) back to the JSON text the store keeps."""
    return None if value is None else json.dumps(value, separators=(",", ":"))


@artifact_mutation.field("createArtifact")
def _create_artifact(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    names = input.get("artifactCollectionNames") or []
    collection = input.get("artifactCollectionName") or (names[0] if names else None)
    if not collection:
        raise input_error(
            "createArtifact: artifactCollectionName (the artifact's name) is required"
        )
    aliases = tuple(
        a["alias"] for a in input.get("aliases") or [] if a["artifactCollectionName"] == collection
    )
    region = input.get("storageRegion")
    regions = [r.strip() for r in context.settings.artifact_storage_regions.split(",") if r.strip()]
    if region and region not in regions:
        raise input_error(
            f"createArtifact: invalid storageRegion {region!r}: this server's regions are "
            f"{', '.join(map(repr, regions))} (PANELBANK_ARTIFACT_STORAGE_REGIONS); leave the "
            "artifact's storage_region unset or name one of them"
        )
    new = sw.NewArtifact(
        entity=input["entityName"],
        project=input["projectName"],
        type=input["artifactTypeName"],
        collection=collection,
        digest=input["digest"],
        run=input.get("runName"),
        description=input.get("description"),
        metadata=_json_text(input.get("metadata")),
        ttl_seconds=input.get("ttlDurationSeconds"),
        history_step=input.get("historyStep"),
        aliases=aliases,
        tags=tuple(tag_names(input.get("tags"))),
        client_id=input.get("clientID"),
        sequence_client_id=input.get("sequenceClientID"),
        deduplicate=input.get("enableDigestDeduplication") is not False,
    )
    artifact = context.store.artifacts_write(sw.create_artifact, new)
    return {"artifact": artifact, "clientMutationId": input.get("clientMutationId")}


def _manifest_payload(
    context: Context, artifact: sa.Artifact, digest: str | None
) -> dict[str, Any]:
    upload = signed(context.settings, ["manifest", str(artifact.id)], "PUT")
    manifest = {"artifact": artifact, "uploadUrl": upload, "digest": digest}
    return {"artifactManifest": manifest}


@artifact_mutation.field("createArtifactManifest")
def _create_manifest(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    pk = _artifact_id(input.get("artifactID"))
    base = input.get("baseArtifactID")
    artifact = context.store.artifacts_write(
        sw.set_manifest,
        pk,
        manifest_type=input.get("type") or "FULL",
        base_artifact_id=_artifact_id(base, "baseArtifactID") if base else None,
    )
    return {
        **_manifest_payload(context, artifact, input.get("digest")),
        "clientMutationId": input.get("clientMutationId"),
    }


@artifact_mutation.field("updateArtifactManifest")
def _update_manifest(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    pk = decode_gid(input["artifactManifestID"], "ArtifactManifest", what="artifactManifestID")
    artifact = _existing(context, pk)
    return {
        **_manifest_payload(context, artifact, input.get("digest")),
        "clientMutationId": input.get("clientMutationId"),
    }


def _file_upload(context: Context, spec: dict[str, Any]) -> dict[str, Any]:
    pk = _artifact_id(spec.get("artifactID"))
    artifact = _existing(context, pk)
    md5_hex = b64_to_hex(spec["md5"])
    if md5_hex is None:
        raise input_error(
            f"createArtifactFiles: md5 {spec['md5']!r} of {spec['name']!r} is not a base64 MD5"
        )
    stored = open_blob_store(context.settings).has(md5_hex)
    node: dict[str, Any] = {
        "name": spec["name"],
        "storagePath": storage_path(md5_hex),
        "uploadUrl": None,
        "uploadHeaders": [],
        "uploadMultipartUrls": None,
        "artifact": artifact,
    }
    if stored:  # deduplicated by content: nothing to send
        return node
    parts = spec.get("uploadPartsInput") or []
    if parts:
        upload_id = secrets.token_hex(16)
        node["uploadMultipartUrls"] = {
            "uploadID": upload_id,
            "uploadUrlParts": [
                {
                    "partNumber": part["partNumber"],
                    "uploadUrl": signed(
                        context.settings,
                        ["part", upload_id, str(part["partNumber"]), part["hexMD5"].lower()],
                        "PUT",
                    ),
                }
                for part in parts
            ],
        }
        node["uploadUrl"] = node["uploadMultipartUrls"]["uploadUrlParts"][0]["uploadUrl"]
    else:
        node["uploadUrl"] = signed(context.settings, ["put", md5_hex], "PUT")
    return node


@artifact_mutation.field("createArtifactFiles")
def _create_files(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    nodes = [_file_upload(context, spec) for spec in input["artifactFiles"]]
    edges = [{"node": node, "cursor": str(i)} for i, node in enumerate(nodes)]
    page = {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None}
    return {
        "files": {"totalCount": len(nodes), "edges": edges, "pageInfo": page},
        "clientMutationId": input.get("clientMutationId"),
    }


@artifact_mutation.field("completeMultipartUploadArtifact")
def _complete_multipart(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    from .routes import assemble_parts

    context = context_of(info)
    _existing(context, _artifact_id(input.get("artifactID")))
    md5_hex = md5_of_storage_path(str(input["storagePath"]))
    numbers = [int(part["partNumber"]) for part in input["completedParts"]]
    try:
        digest = assemble_parts(context.settings, input["uploadID"], numbers, md5_hex)
    except ValueError as exc:
        raise input_error(f"completeMultipartUploadArtifact: {exc}") from None
    return {"digest": hex_to_b64(digest), "clientMutationId": input.get("clientMutationId")}


@artifact_mutation.field("commitArtifact")
def _commit(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    pk = _artifact_id(input.get("artifactID"))
    artifact = _existing(context, pk)
    blobs = open_blob_store(context.settings)
    manifest = manifest_of(blobs, artifact)
    if manifest is None:
        raise input_error(
            f"commitArtifact: artifact {input['artifactID']!r} has no uploaded manifest; "
            "PUT it to the URL createArtifactManifest returned first",
            code="FAILED_PRECONDITION",
        )
    if artifact.manifest_type == "INCREMENTAL" and artifact.base_artifact_id is not None:
        base = context.store.artifacts_read(sa.get_artifact, artifact.base_artifact_id)
        full = merged_manifest(manifest_of(blobs, base) if base else None, manifest)
        from .routes import store_manifest

        md5 = store_manifest(context.settings, full)
        artifact = context.store.artifacts_write(sw.set_manifest, pk, manifest_md5=md5)
        manifest = full
    size, count = manifest_totals(manifest)
    committed = context.store.artifacts_write(sw.commit_artifact, pk, size=size, file_count=count)
    return {"artifact": committed, "clientMutationId": input.get("clientMutationId")}


@artifact_mutation.field("useArtifact")
def _use(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    pk = _artifact_id(input.get("artifactID"))
    context.store.ensure_project(input["entityName"], input["projectName"])
    if context.store.get_run(input["entityName"], input["projectName"], input["runName"]) is None:
        viewer = context.viewer.username if context.viewer else ""
        context.store.upsert_run(
            input["entityName"], input["projectName"], input["runName"], username=viewer
        )
    artifact = context.store.artifacts_write(
        sw.use_artifact,
        pk,
        input["entityName"],
        input["projectName"],
        input["runName"],
        input.get("usedAs"),
    )
    return {"artifact": artifact, "clientMutationId": input.get("clientMutationId")}


@artifact_mutation.field("updateArtifact")
def _update(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    pk = _artifact_id(input.get("artifactID"))
    aliases = input.get("aliases")
    artifact = context.store.artifacts_write(
        sw.update_artifact,
        pk,
        description=input.get("description"),
        metadata=_json_text(input.get("metadata")),
        ttl_seconds=input.get("ttlDurationSeconds"),
        tags_to_add=tag_names(input.get("tagsToAdd")),
        tags_to_delete=tag_names(input.get("tagsToDelete")),
        aliases=None
        if aliases is None
        else [(a["artifactCollectionName"], a["alias"]) for a in aliases],
    )
    return {"artifact": artifact, "clientMutationId": input.get("clientMutationId")}


@artifact_mutation.field("deleteArtifact")
def _delete(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    pk = _artifact_id(input.get("artifactID"))
    artifact = context.store.artifacts_write(
        sw.delete_artifact, pk, delete_aliases=bool(input.get("deleteAliases"))
    )
    return {"artifact": artifact, "clientMutationId": input.get("clientMutationId")}


def _change_aliases(info: Info, input: dict[str, Any], *, add: bool) -> dict[str, Any]:
    pk = _artifact_id(input.get("artifactID"))
    given = [
        (a["entityName"], a["projectName"], a["artifactCollectionName"], a["alias"])
        for a in input["aliases"]
    ]
    context_of(info).store.artifacts_write(sw.change_aliases, pk, given, add=add)
    return {"success": True, "clientMutationId": input.get("clientMutationId")}


@artifact_mutation.field("addAliases")
def _add_aliases(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _change_aliases(info, input, add=True)


@artifact_mutation.field("deleteAliases")
def _delete_aliases(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _change_aliases(info, input, add=False)


@artifact_mutation.field("linkArtifact")
def _link(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    if input.get("artifactID"):
        pk = _artifact_id(input["artifactID"])
    elif input.get("clientID"):
        found = context.store.artifacts_read(sa.find_by_client_id, input["clientID"])
        if found is None:
            raise input_error(f"linkArtifact: no artifact with client id {input['clientID']!r}")
        pk = found.id
    else:
        raise input_error("linkArtifact: artifactID or clientID is required")
    portfolio = input.get("artifactPortfolioName")
    entity, project = input.get("entityName"), input.get("projectName")
    if input.get("artifactPortfolioID"):
        key = decode_gid(
            input["artifactPortfolioID"], *COLLECTION_KINDS, what="artifactPortfolioID"
        )
        target = context.store.artifacts_read(sa.get_collection_by_id, key)
        if target is None:
            raise input_error("linkArtifact: no such portfolio", code="NOT_FOUND")
        portfolio, entity, project = target.name, target.entity, target.project
    if not (portfolio and entity and project):
        raise input_error(
            "linkArtifact: name the portfolio (artifactPortfolioName, entityName, projectName)"
        )
    aliases = [a["alias"] for a in input.get("aliases") or []]
    member = context.store.artifacts_write(
        sw.link_artifact, pk, entity, project, portfolio, aliases
    )
    return {
        "versionIndex": member.version_index,
        "artifactMembership": member,
        "clientMutationId": input.get("clientMutationId"),
    }


@artifact_mutation.field("unlinkArtifact")
def _unlink(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    pk = _artifact_id(input.get("artifactID"))
    key = decode_gid(input["artifactPortfolioID"], *COLLECTION_KINDS, what="artifactPortfolioID")
    done = context_of(info).store.artifacts_write(sw.unlink_artifact, pk, key)
    return {"success": done, "clientMutationId": input.get("clientMutationId")}
