"""One run for the viewer's run page: ``GET /api/v1/{entity}/{project}/runs/{name}``.

The run as the runs list gives it (config values, summary, tags, state...) plus its
files: ``{"files": [{"name", "size", "updatedAt", "url"}]}``, each ``url`` a signed
download path on this server (an hour long, like ``Run.files { url }`` in GraphQL).
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..store import Store
from .api import iso_time, store_of
from .api_runs import encoded_response, run_json, run_or_404
from .ingest.signing import UploadTarget, signer_for

__all__ = ["routes"]


def _run_page(request: Request, store: Store, entity: str, project: str, name: str) -> Any:
    run = run_or_404(store, entity, project, name)
    signer = signer_for(request.app.state.settings)
    files = [
        {
            "name": record.name,
            "size": record.size,
            "updatedAt": iso_time(record.updated_at),
            "url": signer.path_for(UploadTarget(entity, project, name, record.name), method="GET"),
        }
        for record in store.list_run_files(entity, project, name)
    ]
    return {**run_json(run), "notes": run.notes, "host": run.host, "files": files}


async def run_page(request: Request) -> Response:
    entity, project, name = (request.path_params[key] for key in ("entity", "project", "name"))
    body = await run_in_threadpool(_run_page, request, store_of(request), entity, project, name)
    return await run_in_threadpool(encoded_response, body)


routes = [Route("/{entity}/{project}/runs/{name}", run_page, methods=["GET"])]
