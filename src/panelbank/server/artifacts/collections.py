"""Whole artifact collections and tags: rename, describe, change a sequence's type,
delete; the tags of versions and of collections (``Artifact.tags``,
``ArtifactCollection.tags`` and the mutations that assign them)."""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, ObjectType

from ...store import artifact_collections as sc
from ...store import artifact_tags as st
from ...store import artifacts as sa
from ..resolvers._context import Info, context_of, gid, input_error
from .queries import COLLECTION_KINDS, decode_gid

__all__ = ["COLLECTION_BINDABLES"]

mutation = MutationType()
tag_type = ObjectType("Tag")
artifact_type = ObjectType("Artifact")
sequence_type = ObjectType("ArtifactSequence")
portfolio_type = ObjectType("ArtifactPortfolio")


# -- tags -------------------------------------------------------------------------------
tag_type.set_field(
    "id", lambda t, _info: gid("ArtifactTag" if t.kind == "artifact" else "CollectionTag", t.id)
)
tag_type.set_field("tagCategoryName", lambda _t, _info: None)
tag_type.set_field("attributes", lambda _t, _info: None)


@artifact_type.field("tags")
def _artifact_tags(artifact: sa.Artifact, info: Info) -> list[st.Tag]:
    return context_of(info).store.artifacts_read(st.artifact_tags, artifact.id)


def _collection_tags(collection: sa.Collection, info: Info) -> dict[str, Any]:
    tags = context_of(info).store.artifacts_read(st.collection_tags, collection.id)
    return {"edges": [{"node": tag} for tag in tags]}


sequence_type.set_field("tags", _collection_tags)
portfolio_type.set_field("tags", _collection_tags)


def tag_names(value: list[dict[str, Any]] | None) -> list[str]:
    """The ``tagName``s of a list of ``TagInput``."""
    return [tag["tagName"] for tag in value or []]


def _named_collection(info: Info, input: dict[str, Any]) -> sa.Collection:
    entity, project = input["entityName"], input["projectName"]
    name = input["artifactCollectionName"]
    found = context_of(info).store.artifacts_read(sa.get_collection, entity, project, name)
    if found is None:
        raise input_error(
            f"no artifact collection {name!r} in {entity}/{project}; log a version of it first",
            code="NOT_FOUND",
        )
    return found


@mutation.field("createArtifactCollectionTagAssignments")
def _assign_tags(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    collection = _named_collection(info, input)
    names = tag_names(input["tags"])
    tags = context_of(info).store.artifacts_write(
        st.change_collection_tags, collection.id, names, add=True
    )
    return {"tags": tags, "clientMutationId": input.get("clientMutationID")}


@mutation.field("deleteArtifactCollectionTagAssignments")
def _unassign_tags(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    collection = _named_collection(info, input)
    names = tag_names(input["tags"])
    context_of(info).store.artifacts_write(
        st.change_collection_tags, collection.id, names, add=False
    )
    return {"success": True, "clientMutationId": input.get("clientMutationID")}


# -- collections ------------------------------------------------------------------------
def _delete_collection(info: Info, value: str, what: str) -> dict[str, Any]:
    key = decode_gid(value, *COLLECTION_KINDS, what=what)
    gone = context_of(info).store.artifacts_write(sc.delete_collection, key)
    return {"artifactCollection": gone}


@mutation.field("deleteArtifactSequence")
def _delete_sequence(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _delete_collection(info, input["artifactSequenceID"], "artifactSequenceID")


@mutation.field("deleteArtifactPortfolio")
def _delete_portfolio(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _delete_collection(info, input["artifactPortfolioID"], "artifactPortfolioID")


def _update_collection(info: Info, input: dict[str, Any], field: str) -> dict[str, Any]:
    key = decode_gid(input[field], *COLLECTION_KINDS, what=field)
    # a null description clears it (the SDK sends the one it shows); absent: left alone
    description = input.get("description", ...)
    changed = context_of(info).store.artifacts_write(
        sc.update_collection, key, name=input.get("name"), description=description
    )
    return {"artifactCollection": changed}


@mutation.field("updateArtifactSequence")
def _update_sequence(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _update_collection(info, input, "artifactSequenceID")


@mutation.field("updateArtifactPortfolio")
def _update_portfolio(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _update_collection(info, input, "artifactPortfolioID")


@mutation.field("moveArtifactSequence")
def _move_sequence(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    key = decode_gid(input["artifactSequenceID"], *COLLECTION_KINDS, what="artifactSequenceID")
    moved = context_of(info).store.artifacts_write(
        sc.move_collection, key, input["destinationArtifactTypeName"]
    )
    return {"artifactCollection": moved, "clientMutationId": input.get("clientMutationId")}


COLLECTION_BINDABLES = [mutation, tag_type, artifact_type, sequence_type, portfolio_type]
