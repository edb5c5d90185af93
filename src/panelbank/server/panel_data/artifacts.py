"""``GET /api/v1/{entity}/{project}/artifacts/{name}``: an artifact version, read only.

``name`` is ``collection`` (its ``latest`` version) or ``collection:alias`` (``v3``,
``best``). Answer::

    {"name": "eval", "version": "v3", "type": "dataset", "state": "COMMITTED",
     "aliases": ["latest", "v3"], "description": ..., "metadata": {...},
     "createdAt": ..., "size": 123, "fileCount": 2, "run": "abc",
     "versions": ["v0", ..., "v3"],
     "files": [{"name": "scores.table.json", "size": 812, "digest": "..."}],
     "filesTruncated": false}

At most :data:`MAX_FILES` files are listed (in manifest order).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...blobs import open_blob_store
from ...store import artifacts as sa
from ..api import iso_time, store_of
from ..api_runs import encoded_response
from ..artifacts.files import manifest_of
from ..errors import ApiError

__all__ = ["MAX_FILES", "Version", "artifact_route", "find_version"]

MAX_FILES = 1000


def _metadata(text: str | None) -> Any:
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return {}


@dataclasses.dataclass(frozen=True)
class Version:
    """An artifact version found by name, with its manifest's entries."""

    collection: sa.Collection
    membership: sa.Membership
    artifact: sa.Artifact
    contents: dict[str, Any]


def find_version(request: Request, entity: str, project: str, name: str) -> Version:
    """The version ``name`` (``collection`` or ``collection:alias``) names; else a 404."""
    store = store_of(request)
    collection_name, alias = sa.parse_version_name(name)
    collection = store.artifacts_read(sa.get_collection, entity, project, collection_name)
    found = None if collection is None else store.artifacts_read(sa.membership, collection, alias)
    artifact = None if found is None else store.artifacts_read(sa.get_artifact, found.artifact_id)
    if collection is None or found is None or artifact is None:
        raise ApiError(
            404,
            "not_found",
            f"No artifact {name!r} in {entity}/{project}: name it as 'collection' or "
            "'collection:alias' (v0, latest, or an alias you gave it).",
        )
    manifest = manifest_of(open_blob_store(request.app.state.settings), artifact) or {}
    raw = manifest.get("contents")
    contents: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return Version(collection, found, artifact, contents)


def _gather(request: Request) -> dict[str, Any]:
    entity, project = request.path_params["entity"], request.path_params["project"]
    version = find_version(request, entity, project, request.path_params["name"])
    store = store_of(request)
    collection, found, artifact = version.collection, version.membership, version.artifact
    contents = version.contents
    members = store.artifacts_read(sa.collection_members, collection.id)
    aliases = store.artifacts_read(sa.aliases_of, artifact.id, collection.id)
    files = [
        {
            "name": str(path),
            "size": entry.get("size") if isinstance(entry, dict) else None,
            "digest": entry.get("digest") if isinstance(entry, dict) else None,
        }
        for path, entry in list(contents.items())[:MAX_FILES]
    ]
    return {
        "name": collection.name,
        "version": f"v{found.version_index}",
        "type": collection.type.name,
        "state": artifact.state,
        "aliases": sorted({a.alias for a in aliases} | {f"v{found.version_index}"}),
        "description": artifact.description,
        "metadata": _metadata(artifact.metadata),
        "createdAt": iso_time(artifact.created_at),
        "size": artifact.size,
        "fileCount": artifact.file_count,
        "digest": artifact.digest,
        "run": None if artifact.run is None else artifact.run[2],
        "versions": [f"v{n}" for n in sorted(m.version_index for m in members)],
        "files": files,
        "filesTruncated": len(contents) > MAX_FILES,
    }


async def artifact_route(request: Request) -> Response:
    answer = await run_in_threadpool(_gather, request)
    return await run_in_threadpool(encoded_response, answer)
