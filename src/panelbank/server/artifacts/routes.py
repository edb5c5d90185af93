"""The HTTP routes that move artifact bytes.

* ``PUT /blob/<signed>``: an artifact file (checked against the MD5 it was signed for),
  a part of a multipart upload, or an artifact's manifest. No API key: the signature is
  the credential (the SDK sends none to upload URLs).
* ``GET /blob/<signed>``: a file or manifest by ``File.directUrl``, also without a key.
* ``GET /artifacts/<entity>/<md5 hex>`` and ``GET /artifactsV2/.../<md5 hex>/<name>``:
  the SDK's fallback download paths, with the API key.

Errors are 4xx in the server's JSON envelope, never 5xx.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import AsyncIterable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from ...blobs import BlobError, open_blob_store
from ...settings import Settings
from ...store import NotFoundError
from ...store import artifact_writes as sw
from ..errors import error_response
from ..ingest.signing import BLOB_PREFIX, UploadUrlError, signer_for

__all__ = ["assemble_parts", "routes", "store_manifest"]

_HEX = re.compile(r"[0-9a-f]{32}")
_UPLOAD_ID = re.compile(r"[0-9a-f]{32}")


class _TooLarge(Exception):
    pass


def _incoming(settings: Settings) -> Path:
    folder = settings.home / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _receive(
    settings: Settings, chunks: AsyncIterable[bytes], target: Path | None = None
) -> tuple[Path, str]:
    """Stream a body into a temporary file (or ``target``); returns (path, md5 hex)."""
    folder = target.parent if target else _incoming(settings)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=".receive-")
    digest = hashlib.md5(usedforsecurity=False)
    size = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            async for chunk in chunks:
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise _TooLarge
                digest.update(chunk)
                handle.write(chunk)
        if target is not None:
            os.replace(name, target)
            return target, digest.hexdigest()
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), digest.hexdigest()


def store_manifest(settings: Settings, manifest: dict[str, Any]) -> str:
    """Keep a manifest (made by the server, e.g. an incremental one merged) as a blob."""
    data = json.dumps(manifest, sort_keys=True).encode("utf-8")
    descriptor, name = tempfile.mkstemp(dir=_incoming(settings), prefix=".manifest-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        return open_blob_store(settings).put_file(Path(name), hashlib.md5(data).hexdigest())
    finally:
        Path(name).unlink(missing_ok=True)


def _parts_folder(settings: Settings, upload_id: str) -> Path:
    if not _UPLOAD_ID.fullmatch(upload_id):
        raise ValueError(f"{upload_id!r} is not an upload id of this server")
    return settings.home / "multipart" / upload_id


def assemble_parts(settings: Settings, upload_id: str, numbers: list[int], md5_hex: str) -> str:
    """Join the uploaded parts in order into one blob; returns its MD5 (hex).

    ValueError when a part is missing or the whole does not have the announced MD5."""
    folder = _parts_folder(settings, upload_id)
    missing = [n for n in numbers if not (folder / str(n)).is_file()]
    if missing:
        raise ValueError(f"parts {missing} of upload {upload_id} were not uploaded")
    descriptor, name = tempfile.mkstemp(dir=_incoming(settings), prefix=".joined-")
    digest = hashlib.md5(usedforsecurity=False)
    try:
        with os.fdopen(descriptor, "wb") as out:
            for number in sorted(numbers):
                data = (folder / str(number)).read_bytes()
                digest.update(data)
                out.write(data)
        if digest.hexdigest() != md5_hex:
            raise ValueError(
                f"the joined parts have MD5 {digest.hexdigest()}, not {md5_hex}; upload them again"
            )
        open_blob_store(settings).put_file(Path(name), md5_hex)
    finally:
        Path(name).unlink(missing_ok=True)
    for part in folder.iterdir():
        part.unlink(missing_ok=True)
    folder.rmdir()
    return md5_hex


def _too_large(settings: Settings) -> Response:
    return error_response(
        413,
        "payload_too_large",
        f"The upload is larger than this server accepts ({settings.max_upload_bytes} bytes); "
        "raise PANELBANK_MAX_UPLOAD_BYTES to allow it.",
    )


async def _put_blob(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        payload = signer_for(settings).verify(
            BLOB_PREFIX, request.url.path, method="PUT", source="createArtifactFiles"
        )
    except UploadUrlError as exc:
        return error_response(403, "forbidden", f"Upload refused: {exc}.")
    kind, args = payload[0] if payload else "", payload[1:]
    try:
        if kind == "put" and len(args) == 1:
            return await _put_file(request, settings, args[0])
        if kind == "part" and len(args) == 3:
            return await _put_part(request, settings, *args)
        if kind == "manifest" and len(args) == 1 and args[0].isdigit():
            return await _put_manifest(request, settings, int(args[0]))
    except _TooLarge:
        return _too_large(settings)
    return error_response(403, "forbidden", "Upload refused: this URL does not upload a file.")


async def _put_file(request: Request, settings: Settings, md5_hex: str) -> Response:
    path, got = await _receive(settings, request.stream())
    try:
        if got != md5_hex:
            return error_response(
                400,
                "bad_request",
                f"The uploaded content has MD5 {got}, not the {md5_hex} it was announced with "
                "in createArtifactFiles; the file changed while uploading? Log it again.",
            )
        await run_in_threadpool(open_blob_store(settings).put_file, path, md5_hex)
    finally:
        path.unlink(missing_ok=True)
    return Response(status_code=200)


async def _put_part(
    request: Request, settings: Settings, upload_id: str, number: str, md5_hex: str
) -> Response:
    if not number.isdigit():
        return error_response(403, "forbidden", "Upload refused: not a part number.")
    try:
        folder = _parts_folder(settings, upload_id)
    except ValueError as exc:
        return error_response(403, "forbidden", f"Upload refused: {exc}.")
    target = folder / number
    path, got = await _receive(settings, request.stream(), target)
    if got != md5_hex:
        path.unlink(missing_ok=True)
        return error_response(
            400, "bad_request", f"Part {number} has MD5 {got}, not {md5_hex}; send it again."
        )
    return Response(status_code=200, headers={"ETag": f'"{got}"'})


async def _put_manifest(request: Request, settings: Settings, pk: int) -> Response:
    store = request.app.state.store
    path, got = await _receive(settings, request.stream())
    try:
        await run_in_threadpool(open_blob_store(settings).put_file, path, got)
    finally:
        path.unlink(missing_ok=True)
    try:
        await run_in_threadpool(store.artifacts_write, sw.set_manifest, pk, manifest_md5=got)
    except NotFoundError as exc:
        return error_response(404, "not_found", f"Manifest refused: {exc}.")
    return Response(status_code=200)


def _stream(settings: Settings, md5_hex: str, name: str) -> Response:
    blobs = open_blob_store(settings)
    size = blobs.size(md5_hex) if _HEX.fullmatch(md5_hex) else None
    if size is None:
        return error_response(
            404, "not_found", f"No stored content {md5_hex!r}; was the artifact fully uploaded?"
        )
    try:
        chunks = blobs.iter_bytes(md5_hex)
    except BlobError as exc:
        return error_response(404, "not_found", f"{exc}.")
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name.rsplit("/", 1)[-1]) or "file"
    headers = {
        "Content-Length": str(size),
        "Content-Disposition": f'attachment; filename="{safe}"',
    }
    return StreamingResponse(chunks, media_type="application/octet-stream", headers=headers)


async def _get_blob(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        # the path may go on after the signed token with a file's name (see download_url)
        token = request.url.path.removeprefix(BLOB_PREFIX).partition("/")[0]
        payload = signer_for(settings).verify(
            BLOB_PREFIX, BLOB_PREFIX + token, method="GET", source="the file's directUrl"
        )
    except UploadUrlError as exc:
        return error_response(403, "forbidden", f"Download refused: {exc}.")
    if len(payload) != 3 or payload[0] != "get":
        return error_response(403, "forbidden", "Download refused: this URL downloads no file.")
    return await run_in_threadpool(_stream, settings, payload[1], payload[2])


async def _get_v1(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    md5_hex = request.path_params["md5"]
    return await run_in_threadpool(_stream, settings, md5_hex, md5_hex)


async def _get_v2(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    parts = request.path_params["rest"].split("/")
    if len(parts) < 2:
        return error_response(
            404, "not_found", "Expected /artifactsV2/<region>/<entity>/.../<md5 hex>/<name>."
        )
    return await run_in_threadpool(_stream, settings, parts[-2], parts[-1])


routes = [
    Route(BLOB_PREFIX + "{token:path}", _put_blob, methods=["PUT"]),
    Route(BLOB_PREFIX + "{token:path}", _get_blob, methods=["GET"]),
    Route("/artifacts/{entity}/{md5}", _get_v1, methods=["GET"]),
    Route("/artifactsV2/{rest:path}", _get_v2, methods=["GET"]),
]
