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
  the summary's value (``summary``). ``"latest": true`` takes the last ``limit`` steps of
  the range instead of the first (what a gallery shows first); ``"inlineBytes": N`` (at
  most 64 KiB) adds ``src``, a ``data:`` URL, to images and masks of at most N bytes (8 MiB
  an answer), so a page of thumbnails is one request. Bounded: runs, steps, items
  and box bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from stat import S_ISREG
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ..store import StoreError
from ..store.models import RunRecord
from .api import store_of
from .api_runs import encoded_response, run_or_404
from .errors import ApiError
from .ingest.files import RunFiles
from .limits import read_json
from .media_steps import media_steps
from .media_values import class_labels, media_items

__all__ = ["MAX_MEDIA_ITEMS", "MAX_MEDIA_RUNS", "MAX_MEDIA_STEPS", "content_type", "routes"]

MAX_MEDIA_RUNS = 100  # runs per media request (the columns a panel shows)
MAX_MEDIA_STEPS = 100  # steps of media per run and request (``limit``)
MAX_MEDIA_ITEMS = 5_000  # items per answer; past it, ``more`` and a next page
MAX_STEP_LIST = 10_000  # steps listed per run (``steps``); past it, ``stepsTruncated``
MAX_BOX_BYTES = 256 * 1024  # a boxes JSON file larger than this is linked, not inlined
MAX_BOXES = 1_000  # boxes inlined per overlay
MAX_INLINE_FILE = 64 * 1024  # ``inlineBytes``: the largest image sent inline
MAX_INLINE_TOTAL = 8 * 1024 * 1024  # inline bytes per answer; past it, URLs only

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
    return run_or_404(store_of(request), entity, project, name)


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


def _find_file(request: Request, entity: str, project: str, name: str, file_name: str) -> Any:
    """The file's path, stat and headers, in one trip to a worker thread."""
    path = _files(request).path(entity, project, name, file_name)  # 400 if it leaves the run
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not S_ISREG(stat.st_mode):
        _run(request, entity, project, name)  # 404 for the run, or else for the file
        raise ApiError(
            404,
            "not_found",
            f"The run {entity}/{project}/{name} has no file {file_name!r}; "
            f"GET /api/v1/{entity}/{project}/runs/{name} lists its files.",
        )
    headers, inline = _file_headers(path, file_name, request.query_params.get("sha256"))
    return path, stat, headers, inline


async def run_file(request: Request) -> Response:
    entity, project, name = (request.path_params[key] for key in ("entity", "project", "name"))
    file_name = request.path_params["path"]
    # a file is there only while its run is (deleting a run removes its folder), so the
    # store is asked only to say which of the two is missing
    path, stat, headers, inline = await run_in_threadpool(
        _find_file, request, entity, project, name, file_name
    )
    etag = headers.get("ETag")
    if etag is not None and etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(
        path,
        media_type=content_type(file_name),
        headers=headers,
        filename=path.name,
        stat_result=stat,
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


def _flag(body: Mapping[str, Any], field: str, default: bool) -> bool:
    value = body.get(field, default)
    if not isinstance(value, bool):
        raise ApiError(400, "invalid_request", f'"{field}" must be true or false, not {value!r}.')
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
        "latest": _flag(body, "latest", False),
        "inline_bytes": _int(body, "inlineBytes", 0, 0, MAX_INLINE_FILE),
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


class _Inliner:
    """Small images and masks as ``data:`` URLs (``src``), up to a byte budget per answer:
    a grid of thumbnails is then one request instead of one per picture."""

    def __init__(self, files: RunFiles, largest: int) -> None:
        self.files, self.largest, self.left = files, largest, MAX_INLINE_TOTAL

    def _data_url(self, run: RunRecord, target: dict[str, Any]) -> None:
        kind = content_type(target["path"])
        if not kind.startswith("image/") or kind == "image/svg+xml":
            return
        try:
            path = self.files.path(run.entity, run.project, run.name, target["path"])
            if path.stat().st_size > min(self.largest, self.left):
                return
            data = path.read_bytes()
        except (OSError, StoreError):
            return  # not uploaded (yet), or a path that leaves the run: the URL says so
        self.left -= len(data)
        target["src"] = f"data:{kind};base64,{base64.b64encode(data).decode()}"

    def __call__(self, run: RunRecord, items: list[dict[str, Any]]) -> None:
        if self.largest <= 0:
            return
        for item in items:
            if item["type"] == "image":
                self._data_url(run, item)
                for mask in item.get("masks", ()):
                    self._data_url(run, mask)


def _media(request: Request, entity: str, project: str, ask: dict[str, Any]) -> dict[str, Any]:
    store, files = store_of(request), _files(request)
    history = getattr(request.app.state, "history", None)
    key, budget = ask["key"], MAX_MEDIA_ITEMS
    inline = _Inliner(files, ask["inline_bytes"])
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
        inline(run, summary)
        one["summary"] = summary or None
        if history is not None:
            steps, cut = media_steps(history, run.history_key, key)
            lo, hi, more = _narrow(steps, cut, ask)
            rows = history.rows(run.history_key, min_step=lo, max_step=hi, keys=[key])
            one["media"], beyond = _pick(rows, key, ask, budget, url_for, labels)
            one["more"] = more or beyond
            if ask["with_steps"]:
                one["steps"], one["stepsTruncated"] = steps, cut
        elif ask["with_steps"]:
            one["steps"], one["stepsTruncated"] = [], False
        for entry in one["media"]:
            _inline_boxes(files, run, entry["items"])
            inline(run, entry["items"])
            budget -= len(entry["items"])
        out.append(one)
    return {"key": key, "runs": out, "missing": missing}


def _narrow(
    steps: list[int], cut: bool, ask: dict[str, Any]
) -> tuple[int | None, int | None, bool]:
    """The step range holding just the ``limit`` steps asked for (first or latest), so only
    their rows are read; and whether the asked range has more. The asked range as it is
    when the list was cut or is not in order."""
    lo, hi = ask["min_step"], ask["max_step"]
    if cut or any(a > b for a, b in pairwise(steps)):
        return lo, hi, False
    inside = [s for s in steps if (lo is None or s >= lo) and (hi is None or s < hi)]
    chosen = inside[-ask["limit"] :] if ask["latest"] else inside[: ask["limit"]]
    if not chosen:
        return 0, 0, False  # nothing to read
    return chosen[0], chosen[-1] + 1, len(inside) > len(chosen)


def _pick(
    rows: Iterator[dict[str, Any]],
    key: str,
    ask: dict[str, Any],
    budget: int,
    url_for: Callable[[str, str | None], str],
    labels: Mapping[str, Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], bool]:
    """The first ``limit`` steps with media (the last ones with ``latest``), within the
    item budget; and whether the range holds more."""
    limit = ask["limit"]
    picked: deque[dict[str, Any]] = deque(maxlen=limit if ask["latest"] else None)
    more = False
    for row in rows:
        if not ask["latest"] and (len(picked) >= limit or budget <= 0):
            more = True
            break
        items = media_items(row.get(key), key, url_for, labels)
        if items:
            more = more or len(picked) == limit  # latest: an earlier step drops out
            picked.append({"step": row.get("_step"), "items": items})
            if not ask["latest"]:
                budget -= len(items)
    if ask["latest"]:
        total = sum(len(entry["items"]) for entry in picked)
        while picked and total > budget:  # keep the latest steps that fit
            total -= len(picked.popleft()["items"])
            more = True
    return list(picked), more


async def media(request: Request) -> Response:
    entity, project = request.path_params["entity"], request.path_params["project"]
    ask = _media_request(await read_json(request))
    body = await run_in_threadpool(_media, request, entity, project, ask)
    return await run_in_threadpool(encoded_response, body)


routes = [
    Route("/{entity}/{project}/runs/{name}/files/{path:path}", run_file, methods=["GET"]),
    Route("/{entity}/{project}/media", media, methods=["POST"]),
]
