"""Tags of artifact versions and of artifact collections.

A version's tags travel with it (``createArtifact``'s ``tags``, ``updateArtifact``'s
``tagsToAdd`` / ``tagsToDelete``); a collection's are assigned by name
(``createArtifactCollectionTagAssignments``). Both follow W&B's rule for a tag: words of
letters, digits, ``-`` and ``_`` separated by single or repeated spaces, at most 128
characters. Functions over a connection; the caller holds the transaction.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy import Connection, delete, select

from . import schema
from .errors import StoreError

__all__ = [
    "Tag",
    "artifact_tags",
    "change_artifact_tags",
    "change_collection_tags",
    "check_tags",
    "collection_tags",
]

_at, _ct = schema.artifact_tags, schema.artifact_collection_tags

MAX_TAG_LENGTH = 128
_TAG = re.compile(r"[-\w]+( +[-\w]+)*")


@dataclasses.dataclass(frozen=True)
class Tag:
    """One tag; ``kind`` tells a version's (``"artifact"``) from a collection's."""

    id: int
    name: str
    kind: str


def check_tags(names: Iterable[str]) -> list[str]:
    """The names without repeats, in their order; :class:`StoreError` naming every
    invalid one (the whole change is then refused)."""
    wanted = list(dict.fromkeys(names))
    bad = [n for n in wanted if len(n) > MAX_TAG_LENGTH or not _TAG.fullmatch(n)]
    if bad:
        raise StoreError(
            f"Invalid tag(s) {', '.join(repr(n) for n in bad)}: a tag is words of letters, "
            f"digits, '-' and '_' separated by spaces, at most {MAX_TAG_LENGTH} characters, "
            "with no space at either end"
        )
    return wanted


def _now() -> datetime:
    return datetime.now(timezone.utc)


def artifact_tags(connection: Connection, artifact_id: int) -> list[Tag]:
    rows = connection.execute(
        select(_at.c.id, _at.c.name).where(_at.c.artifact_id == artifact_id).order_by(_at.c.id)
    ).all()
    return [Tag(row.id, row.name, "artifact") for row in rows]


def change_artifact_tags(
    connection: Connection,
    artifact_id: int,
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> list[Tag]:
    """Add and remove tags of a version (both checked before either is applied)."""
    adding, removing = check_tags(add), check_tags(remove)
    if removing:
        connection.execute(
            delete(_at).where(_at.c.artifact_id == artifact_id, _at.c.name.in_(removing))
        )
    have = {tag.name for tag in artifact_tags(connection, artifact_id)}
    for name in adding:
        if name not in have:
            connection.execute(
                _at.insert().values(artifact_id=artifact_id, name=name, created_at=_now())
            )
    return artifact_tags(connection, artifact_id)


def collection_tags(connection: Connection, collection_id: int) -> list[Tag]:
    rows = connection.execute(
        select(_ct.c.id, _ct.c.name).where(_ct.c.collection_id == collection_id).order_by(_ct.c.id)
    ).all()
    return [Tag(row.id, row.name, "collection") for row in rows]


def change_collection_tags(
    connection: Connection, collection_id: int, names: Iterable[str], *, add: bool
) -> list[Tag]:
    """Assign (``add``) or unassign tags of a collection; returns the tags named."""
    wanted = check_tags(names)
    if not add:
        connection.execute(
            delete(_ct).where(_ct.c.collection_id == collection_id, _ct.c.name.in_(wanted))
        )
        return []
    have = {tag.name for tag in collection_tags(connection, collection_id)}
    for name in wanted:
        if name not in have:
            connection.execute(
                _ct.insert().values(collection_id=collection_id, name=name, created_at=_now())
            )
    return [tag for tag in collection_tags(connection, collection_id) if tag.name in wanted]
