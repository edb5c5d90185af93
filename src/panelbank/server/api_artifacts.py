"""Artifacts for the viewer's pages, under ``/api/v1/{entity}/{project}``:

* ``GET .../artifacts``: the project's collections (sequences and portfolios), each with
  its versions (newest first) and their aliases;
* ``GET .../artifacts/{name}/{version}``: one version (``v3``, or an alias) of the
  collection ``name``: what it is, its files (each ``url`` a signed download path on this
  server, or the URI a reference points at) and its lineage (the runs that logged and used
  it);
* ``GET .../runs/{run}/artifacts``: the versions a run logged and used.

The same store functions as the GraphQL resolvers; a page path for each version
(``/{entity}/{project}/artifacts/{type}/{name}/{version}``, as W&B's app addresses them).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..blobs import open_blob_store
from ..store import Store
from ..store import artifact_tags as st
from ..store import artifacts as sa
from ..store.models import RunRecord
from .api import iso_time, store_of
from .api_runs import encoded_response, run_or_404
from .artifacts.files import file_records, manifest_of
from .errors import ApiError

__all__ = ["routes"]


def _page(collection: sa.Collection, version: str) -> str:
    parts = (collection.entity, collection.project, "artifacts", collection.type.name)
    return "/" + "/".join(quote(p, safe="") for p in (*parts, collection.name, version))


def _run_ref(run: RunRecord) -> dict[str, Any]:
    return {
        "entity": run.entity,
        "project": run.project,
        "name": run.name,
        "displayName": run.display_name,
        "url": "/"
        + "/".join(quote(p, safe="") for p in (run.entity, run.project, "runs", run.name)),
    }


def _version(store: Store, artifact: sa.Artifact, member: sa.Membership | None) -> dict[str, Any]:
    """A version as a member of ``member``'s collection (its own sequence without one)."""
    collection = member.collection if member is not None else artifact.sequence
    index = member.version_index if member is not None else artifact.version_index
    version = f"v{index}"
    aliases = store.artifacts_read(sa.aliases_of, artifact.id, collection.id)
    return {
        "collection": collection.name,
        "type": collection.type.name,
        "version": version,
        "aliases": [alias.alias for alias in aliases],
        "tags": [tag.name for tag in store.artifacts_read(st.artifact_tags, artifact.id)],
        "createdAt": iso_time(artifact.created_at),
        "size": artifact.size,
        "fileCount": artifact.file_count,
        "digest": artifact.digest,
        "url": _page(collection, version),
    }


def _collections(store: Store, entity: str, project: str) -> dict[str, Any]:
    out = []
    for collection in store.artifacts_read(sa.list_collections, entity, project):
        versions = []
        for member in store.artifacts_read(sa.collection_members, collection.id):
            artifact = store.artifacts_read(sa.get_artifact, member.artifact_id)
            if artifact is not None:
                versions.append(_version(store, artifact, member))
        out.append(
            {
                "name": collection.name,
                "type": collection.type.name,
                "kind": "sequence" if collection.kind == sa.SEQUENCE else "portfolio",
                "description": collection.description,
                "tags": [t.name for t in store.artifacts_read(st.collection_tags, collection.id)],
                "versions": versions,
            }
        )
    return {"collections": out}


def _files(request: Request, artifact: sa.Artifact) -> list[dict[str, Any]]:
    settings = request.app.state.settings
    manifest = manifest_of(open_blob_store(settings), artifact)
    out = []
    for record in file_records(settings, artifact, manifest):
        url = record["directUrl"]
        reference = record["storagePath"] is None  # kept where its URI points
        if isinstance(url, str) and not reference:  # a path on this server, whatever its name
            url = urlsplit(url).path
        out.append(
            {
                "name": record["name"],
                "size": record["sizeBytes"],
                "url": url,
                "reference": reference,
            }
        )
    return out


def _version_page(
    request: Request, store: Store, entity: str, project: str, name: str, version: str
) -> dict[str, Any]:
    collection = store.artifacts_read(sa.get_collection, entity, project, name)
    member = (
        None if collection is None else store.artifacts_read(sa.membership, collection, version)
    )
    artifact = None if member is None else store.artifacts_read(sa.get_artifact, member.artifact_id)
    if artifact is None or member is None:
        raise ApiError(
            404,
            "not_found",
            f"No artifact version {name}:{version} in {entity}/{project} (a version is v<n> or "
            f"an alias); GET /api/v1/{entity}/{project}/artifacts lists them.",
        )
    logged_by = store.get_run(*artifact.run) if artifact.run else None
    used_by = [
        run for key in store.artifacts_read(sa.used_by, artifact.id) if (run := store.get_run(*key))
    ]
    return {
        **_version(store, artifact, member),
        "kind": "sequence" if member.collection.kind == sa.SEQUENCE else "portfolio",
        "source": _version(store, artifact, None),
        "description": artifact.description,
        "metadata": artifact.metadata,
        "files": _files(request, artifact),
        "loggedBy": None if logged_by is None else _run_ref(logged_by),
        "usedBy": [_run_ref(run) for run in used_by],
    }


def _run_artifacts(store: Store, entity: str, project: str, name: str) -> dict[str, Any]:
    run = run_or_404(store, entity, project, name)
    logged = store.artifacts_read(sa.output_artifacts, run.pk)
    used = store.artifacts_read(sa.input_artifacts, run.pk)
    return {
        "logged": [_version(store, a, None) for a in logged if a.version_index is not None],
        "used": [_version(store, a, None) for a in used if a.version_index is not None],
    }


async def collections(request: Request) -> Response:
    entity, project = request.path_params["entity"], request.path_params["project"]
    body = await run_in_threadpool(_collections, store_of(request), entity, project)
    return await run_in_threadpool(encoded_response, body)


async def version_page(request: Request) -> Response:
    keys = ("entity", "project", "name", "version")
    entity, project, name, version = (request.path_params[key] for key in keys)
    body = await run_in_threadpool(
        _version_page, request, store_of(request), entity, project, name, version
    )
    return await run_in_threadpool(encoded_response, body)


async def run_artifacts(request: Request) -> Response:
    entity, project, name = (request.path_params[key] for key in ("entity", "project", "name"))
    body = await run_in_threadpool(_run_artifacts, store_of(request), entity, project, name)
    return await run_in_threadpool(encoded_response, body)


routes = [
    Route("/{entity}/{project}/artifacts", collections, methods=["GET"]),
    Route("/{entity}/{project}/artifacts/{name}/{version}", version_page, methods=["GET"]),
    Route("/{entity}/{project}/runs/{name}/artifacts", run_artifacts, methods=["GET"]),
]
