"""The HTTP routes of ingest: file_stream and the signed upload (PUT) and download (GET) URLs.

Both answer errors in the server's JSON envelope with a 4xx status, never 5xx: the
SDK retries 5xx for minutes and ``wandb.finish()`` hangs meanwhile.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ...history import HistoryStore
from ...settings import Settings
from ...store import Store
from ...store.models import RunRecord
from ..errors import error_response
from ..limits import FILE_STREAM_MAX_BYTES, BodyTooLarge
from .file_stream import BadFileStream, apply_file_stream, parse_file_stream
from .files import RunFiles, TooLarge
from .signing import UPLOAD_PREFIX, UploadUrlError, signer_for

__all__ = ["FILE_STREAM_MAX_BYTES", "routes", "state_for"]


def state_for(request: Request) -> tuple[Settings, Store, HistoryStore | None, RunFiles]:
    state = request.app.state
    history = getattr(state, "history", None)
    return state.settings, state.store, history, RunFiles(state.settings.home / "files")


def _decoded(body: bytes, encoding: str) -> bytes:
    if encoding.strip().lower() != "gzip":
        return body
    try:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = decompressor.decompress(body, FILE_STREAM_MAX_BYTES)
        if decompressor.unconsumed_tail:
            raise BodyTooLarge(FILE_STREAM_MAX_BYTES)
        return data
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise BadFileStream(f"the body is marked gzip but does not decompress ({exc})") from None


def _run_for_stream(
    store: Store, request: Request, entity: str, project: str, name: str
) -> RunRecord:
    run = store.get_run(entity, project, name)
    if run is None:  # a stream before upsertBucket (or after a delete): start the run
        user = request.state.user
        run, _ = store.upsert_run(entity, project, name, username=user.username if user else "")
    return run


async def _file_stream(request: Request) -> Response:
    entity, project, name = (request.path_params[key] for key in ("entity", "project", "run"))
    _settings, store, history, files = state_for(request)
    try:
        raw = await request.body()  # limited by limits.BodyLimitMiddleware
        body = parse_file_stream(_decoded(raw, request.headers.get("content-encoding", "")))
    except BodyTooLarge as exc:
        return error_response(
            413, "payload_too_large", f"The file_stream body is larger than {exc.limit} bytes."
        )
    except BadFileStream as exc:
        return error_response(400, "bad_request", f"file_stream {entity}/{project}/{name}: {exc}")

    if history is None:
        return error_response(
            400, "bad_request", "This server has no history store configured; runs cannot log."
        )

    def work() -> RunRecord:
        run = _run_for_stream(store, request, entity, project, name)
        return apply_file_stream(store, history, files, run, body)

    try:
        run = await run_in_threadpool(work)  # StoreError → the app's 4xx handler
    except BadFileStream as exc:
        return error_response(400, "bad_request", f"file_stream {entity}/{project}/{name}: {exc}")
    except OSError as exc:  # disk full: each file was left as it was, so a re-send is safe
        return error_response(
            507,
            "insufficient_storage",
            f"file_stream {entity}/{project}/{name}: the server could not store the chunk "
            f"({exc.strerror or exc}); nothing of it was kept, send it again once there is room",
        )
    answer: dict[str, Any] = {"exitcode": None, "limits": {}}
    if run.state != "running":
        answer["exitcode"] = run.exitcode
    return JSONResponse(answer)


async def _upload(request: Request) -> Response:
    settings, store, _history, files = state_for(request)
    try:
        target = signer_for(settings).check(request.url.path, method=request.method)
    except UploadUrlError as exc:
        return error_response(403, "forbidden", f"Upload refused: {exc}.")
    run = await run_in_threadpool(store.get_run, target.entity, target.project, target.run)
    if run is None:
        return error_response(
            404, "not_found", f"No run {target.run!r} in {target.entity}/{target.project}."
        )
    path = files.path(target.entity, target.project, target.run, target.file)
    limit = settings.max_upload_bytes  # also enforced by limits.BodyLimitMiddleware
    if target.file == "output.log" and path.exists():
        # file_stream already wrote the console log, with timestamps; keep that one
        async for _chunk in request.stream():
            pass
        return Response(status_code=200)
    try:
        size = await files.receive(path, request.stream(), limit=limit)
    except TooLarge:
        return _too_large(target.file, limit)
    await run_in_threadpool(
        store.add_run_file, target.entity, target.project, target.run, target.file, size
    )
    return Response(status_code=200)


async def _download(request: Request) -> Response:
    """GET on a signed URL from ``Run.files { url }``: the file's bytes."""
    settings, _store, _history, files = state_for(request)
    try:
        target = signer_for(settings).check(request.url.path, method="GET")
    except UploadUrlError as exc:
        return error_response(
            403, "forbidden", f"Download refused: {exc} (download URLs come from Run.files)."
        )
    path = files.path(target.entity, target.project, target.run, target.file)
    if not path.is_file():
        return error_response(
            404,
            "not_found",
            f"The run {target.entity}/{target.project}/{target.run} has no file "
            f"{target.file!r} (any more).",
        )
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")


def _too_large(name: str, limit: int) -> Response:
    return error_response(
        413,
        "payload_too_large",
        f"{name} is larger than this server accepts ({limit} bytes); raise "
        "PANELBANK_MAX_UPLOAD_BYTES to allow it.",
    )


routes = [
    Route("/files/{entity}/{project}/{run}/file_stream", _file_stream, methods=["POST"]),
    Route(UPLOAD_PREFIX + "{token:path}", _upload, methods=["PUT"]),
    Route(UPLOAD_PREFIX + "{token:path}", _download, methods=["GET"]),
]
