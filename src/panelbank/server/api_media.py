"""Run files and logged media for the viewer, under ``/api/v1/{entity}/{project}/``.

* ``GET runs/{run}/files/{path}[?sha256=<hex>]``: one file of a run (``media/images/...``),
  with a content type by extension (never sniffed: ``X-Content-Type-Options: nosniff``),
  byte ranges (audio and video seek), and a ``Content-Security-Policy`` that sandboxes it:
  HTML may run its own inline script only inside its sandboxed frame, any other file
  nothing at all. With the ``sha256`` a history value names (and the file still has it),
  the answer is immutable: ``ETag`` of that digest and a year's ``max-age``; otherwise
  ``no-cache`` with the file's own validator. Unknown types are downloads.
* ``POST media`` with ``{"runs": [names], "key": "samples", "minStep": 0, "maxStep":
  null, "limit": 20, "withSteps": true}``: for each run, the steps that logged media under
  ``key`` (``steps``, when asked) and the media of the first ``limit`` of them in
  ``[minStep, maxStep)`` (``media: [{"step", "items": [...]}]``, ``more`` when the range
  holds more), each item as :func:`media_values.media_items` shapes it, with its file
  URL, mask and box overlays (box data read from its JSON file) and class labels, plus
  the summary's value (``summary``). Bounded: runs, steps, items and box bytes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ..store.models import RunRecord
from .api import store_of
from .api_runs import encoded_response
from .errors import ApiError
from .ingest.files import RunFiles
from .limits import read_json
from .media_values import class_labels, media_items

__all__ = ["MAX_MEDIA_ITEMS", "MAX_MEDIA_RUNS", "MAX_MEDIA_STEPS", "content_type", "routes"]

MAX_MEDIA_RUNS = 100  # runs per media request (the columns a panel shows)
MAX_MEDIA_STEPS = 100  # steps of media per run and request (``limit``)
MAX_MEDIA_ITEMS = 5_000  # items per answer; past it, ``more`` and a next page
MAX_STEP_LIST = 10_000  # steps listed per run (``steps``); past it, ``stepsTruncated``
MAX_BOX_BYTES = 256 * 1024  # a boxes JSON file larger than this is linked, not inlined
MAX_BOXES = 1_000  # boxes inlined per overlay

IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"
#: HTML runs its own inline script and styles in an opaque origin, nothing from outside
HTML_CSP = (
    "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; img-src data:; media-src data:; frame-ancestors 'self'"
)
FILE_CSP = "sandbox; default-src 'none'; frame-ancestors 'self'"

_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "svg": "image/svg+xml",
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "m4a": "audio/mp4",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "mov": "video/quicktime",
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
    "log": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "yaml": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
#: shown in the page (an <img>, <audio>, <video>, an iframe); anything else is a download
_INLINE = ("image/", "audio/", "video/", "text/html", "application/json", "text/plain")


def content_type(name: str) -> str:
    """The type a run file is served as, by its extension only (``application/octet-
    stream`` for anything not listed, so nothing is ever guessed to be HTML)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return _TYPES.get(extension, "application/octet-stream")


class _Digests:
    """sha256 of files, remembered by (path, size, mtime) so a file is hashed once."""

    def __init__(self, size: int = 4096) -> None:
        self._known: OrderedDict[tuple[str, int, int], str] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def of(self, path: Path) -> str:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._known:
                self._known.move_to_end(key)
                return self._known[key]
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        with self._lock:
            self._known[key] = digest.hexdigest()
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return digest.hexdigest()


_digests = _Digests()


def _files(request: Request) -> RunFiles:
    return RunFiles(request.app.state.settings.home / "files")


def _run(request: Request, entity: str, project: str, name: str) -> RunRecord:
    run = store_of(request).get_run(entity, project, name)
    if run is None:
        raise ApiError(
            404,
            "not_found",
            f"No run {name!r} in {entity}/{project}; GET /api/v1/{entity}/{project}/runs "
            "lists them.",
        )
    return run


def _file_headers(path: Path, name: str, wanted: str | None) -> tuple[dict[str, str], bool]:
    kind = content_type(name)
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": HTML_CSP if kind.startswith("text/html") else FILE_CSP,
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": REVALIDATE,
    }
    if wanted is not None and _digests.of(path) == wanted.lower():
        headers["Cache-Control"] = IMMUTABLE
        headers["ETag"] = f'"{wanted.lower()}"'
    return headers, kind.startswith(_INLINE)


async def run_file(request: Request) -> Response:
    entity, project, name = (request.path_params[key] for key in ("entity", "project", "name"))
    file_name = request.path_params["path"]
    path = _files(request).path(entity, project, name, file_name)  # 400 if it leaves the run
    await run_in_threadpool(_run, request, entity, project, name)
    if not await run_in_threadpool(path.is_file):
        raise ApiError(
            404,
            "not_found",
            f"The run {entity}/{project}/{name} has no file {file_name!r}; "
            f"GET /api/v1/{entity}/{project}/runs/{name} lists its files.",
        )
    wanted = request.query_params.get("sha256")
    headers, inline = await run_in_threadpool(_file_headers, path, file_name, wanted)
    etag = headers.get("ETag")
    if etag is not None and etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(
        path,
        media_type=content_type(file_name),
        headers=headers,
        filename=path.name,
        content_disposition_type="inline" if inline else "attachment",
    )


def file_url(entity: str, project: str, run: str, path: str, sha256: str | None) -> str:
    """The address of a run file on this server (with the digest that makes it cacheable)."""
    url = f"/api/v1/{quote(entity, safe='')}/{quote(project, safe='')}/runs/"
    url += f"{quote(run, safe='')}/files/{quote(path, safe='/')}"
    return url if not sha256 else f"{url}?sha256={quote(sha256, safe='')}"


def _int(body: Mapping[str, Any], field: str, default: int | None, lo: int, hi: int) -> int | None:
    value = body.get(field, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ApiError(
            400,
            "invalid_request",
            f'"{field}" must be an integer {lo}..{hi}{" or null" if default is None else ""}, '
            f"not {value!r}.",
        )
    return value


def _media_request(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_request", 'Send {"runs": [names], "key": "<media key>", "minStep": 0}.'
        )
    runs = body.get("runs")
    if not isinstance(runs, list) or not runs or not all(isinstance(r, str) for r in runs):
        raise ApiError(400, "invalid_request", '"runs" must be a non-empty list of run names.')
    if len(runs) > MAX_MEDIA_RUNS:
        raise ApiError(
            400,
            "invalid_request",
            f'"runs" lists {len(runs)}; at most {MAX_MEDIA_RUNS} per request (ask in pages).',
        )
    key = body.get("key")
    if not isinstance(key, str) or not key:
        raise ApiError(400, "invalid_request", f'"key" must be a media key name, not {key!r}.')
    with_steps = body.get("withSteps", True)
    if not isinstance(with_steps, bool):
        raise ApiError(
            400, "invalid_request", f'"withSteps" must be true or false, not {with_steps!r}.'
        )
    return {
        "runs": list(dict.fromkeys(runs)),
        "key": key,
        "min_step": _int(body, "minStep", None, -(2**53), 2**53),
        "max_step": _int(body, "maxStep", None, -(2**53), 2**53),
        "limit": _int(body, "limit", 20, 1, MAX_MEDIA_STEPS),
        "with_steps": with_steps,
    }


def _inline_boxes(files: RunFiles, run: RunRecord, items: list[dict[str, Any]]) -> None:
    for item in items:
        for overlay in item.get("boxes", ()):
            try:
                path = files.path(run.entity, run.project, run.name, overlay["path"])
                if path.stat().st_size > MAX_BOX_BYTES:
                    continue
                data = json.loads(path.read_bytes())
            except (OSError, ValueError):
                continue  # not uploaded yet, or not JSON: the viewer has the URL
            boxes = data.get("box_data") if isinstance(data, dict) else None
            if isinstance(boxes, list):
                overlay["boxData"] = boxes[:MAX_BOXES]
            labels = data.get("class_labels") if isinstance(data, dict) else None
            if isinstance(labels, dict) and not overlay["classLabels"]:
                overlay["classLabels"] = {str(k): str(v) for k, v in labels.items()}


def _media(request: Request, entity: str, project: str, ask: dict[str, Any]) -> dict[str, Any]:
    store, files = store_of(request), _files(request)
    history = getattr(request.app.state, "history", None)
    key, budget = ask["key"], MAX_MEDIA_ITEMS
    out: list[dict[str, Any]] = []
    missing: list[str] = []
    for name in ask["runs"]:
        run = store.get_run(entity, project, name)
        if run is None:
            missing.append(name)
            continue
        labels = class_labels(run.config)

        def url_for(path: str, sha: str | None, run_name: str = name) -> str:
            return file_url(entity, project, run_name, path, sha)

        one: dict[str, Any] = {"run": name, "media": [], "more": False}
        summary = media_items(run.summary.get(key), key, url_for, labels)
        _inline_boxes(files, run, summary)
        one["summary"] = summary or None
        rows = (
            history.rows(
                run.history_key,
                min_step=ask["min_step"],
                max_step=ask["max_step"],
                keys=[key],
            )
            if history is not None
            else iter(())
        )
        for row in rows:
            if len(one["media"]) >= ask["limit"] or budget <= 0:
                one["more"] = True
                break
            items = media_items(row.get(key), key, url_for, labels)
            if items:
                _inline_boxes(files, run, items)
                budget -= len(items)
                one["media"].append({"step": row.get("_step"), "items": items})
        if ask["with_steps"]:
            one["steps"], one["stepsTruncated"] = _steps(history, run, key)
        out.append(one)
    return {"key": key, "runs": out, "missing": missing}


def _steps(history: Any, run: RunRecord, key: str) -> tuple[list[int], bool]:
    steps: list[int] = []
    if history is None:
        return steps, False
    for row in history.rows(run.history_key, keys=[key]):
        if isinstance(row.get("_step"), int) and row.get(key) is not None:
            if len(steps) >= MAX_STEP_LIST:
                return steps, True
            steps.append(row["_step"])
    return steps, False


async def media(request: Request) -> Response:
    entity, project = request.path_params["entity"], request.path_params["project"]
    ask = _media_request(await read_json(request))
    body = await run_in_threadpool(_media, request, entity, project, ask)
    return await run_in_threadpool(encoded_response, body)


routes = [
    Route("/{entity}/{project}/runs/{name}/files/{path:path}", run_file, methods=["GET"]),
    Route("/{entity}/{project}/media", media, methods=["POST"]),
]
