"""What a request may send: the size of its body, enforced as it streams in, and how deep
its JSON nests.

Every body goes through :class:`BodyLimitMiddleware`: a declared ``Content-Length`` over
the route's limit is refused before a byte is read, and a body without one is counted
while it arrives and refused at the first chunk past the limit, so a refused body never
sits in memory. The limits, by route (:func:`body_limit`):

* signed upload URLs (``/upload/...``): ``max_upload_bytes`` (run files can be large);
* ``/graphql``: twice ``max_spec_bytes`` plus 1 MiB (a spec travels JSON-escaped);
* ``file_stream``: :data:`FILE_STREAM_MAX_BYTES`;
* everything else (``/login``, the JSON API): ``max_body_bytes``.

JSON bodies are read by :func:`read_json`, which refuses nesting deeper than
:data:`MAX_JSON_DEPTH` with a 400 instead of letting a recursive reader fail later.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..history import MAX_DEPTH
from ..settings import Settings
from .errors import ApiError, error_response, graphql_error_response

__all__ = [
    "FILE_STREAM_MAX_BYTES",
    "MAX_JSON_DEPTH",
    "BodyLimitMiddleware",
    "BodyTooLarge",
    "body_limit",
    "check_json_depth",
    "loads_json_body",
    "loads_json_text",
    "read_json",
]

FILE_STREAM_MAX_BYTES = 64 * 1024 * 1024

#: the deepest JSON a client may send (bodies, JSONString values): the same limit as for a
#: logged value, far beyond what the clients write and well within what recursive code
#: (Python's limit is 1,000 frames) walks
MAX_JSON_DEPTH = MAX_DEPTH


class BodyTooLarge(Exception):
    """Raised while a request body arrives, at the first chunk past ``limit`` bytes."""

    def __init__(self, limit: int, setting: str | None = None) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit
        self.setting = setting  # the environment variable that raises it, if one does


def body_limit(path: str, settings: Settings) -> tuple[int, str | None]:
    """The largest body a request to ``path`` may send, and the setting that raises it."""
    if path.startswith(("/upload/", "/blob/")):
        return settings.max_upload_bytes, "PANELBANK_MAX_UPLOAD_BYTES"
    if path == "/graphql":
        return 2 * settings.max_spec_bytes + 1024 * 1024, "PANELBANK_MAX_SPEC_BYTES"
    if path.startswith("/files/") and path.endswith("/file_stream"):
        return FILE_STREAM_MAX_BYTES, None
    return settings.max_body_bytes, "PANELBANK_MAX_BODY_BYTES"


def _too_large_response(scope: Scope, exc: BodyTooLarge, settings: Settings) -> Response:
    path = scope.get("path", "")
    where = f"{scope.get('method', 'POST')} {path}"
    if path == "/graphql":
        return graphql_error_response(
            413,
            f"The request body is larger than {exc.limit} bytes; the largest spec this server "
            f"accepts is {settings.max_spec_bytes} bytes (PANELBANK_MAX_SPEC_BYTES).",
            "PAYLOAD_TOO_LARGE",
        )
    fix = f"raise {exc.setting} to allow more" if exc.setting else "send it in smaller parts"
    return error_response(
        413,
        "payload_too_large",
        f"The request body is larger than {exc.limit} bytes, the most this server accepts "
        f"on {where}; {fix}.",
    )


class BodyLimitMiddleware:
    """Refuses (413) a request body over :func:`body_limit` while it streams in."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = body_limit(scope["path"], self.settings)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            # refused before reading: the server drops what the client still sends
            response = _too_large_response(scope, BodyTooLarge(limit, setting), self.settings)
            await response(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, setting)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as exc:
            if started:  # the route answered already; nothing better to say
                raise
            await _too_large_response(scope, exc, self.settings)(scope, receive, send)


def check_json_depth(value: Any, what: str) -> None:
    """Raise ``ValueError`` if ``value`` nests deeper than :data:`MAX_JSON_DEPTH`."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise ValueError(
                f"{what} nests deeper than {MAX_JSON_DEPTH} levels of objects and lists; flatten it"
            )
        stack.extend((child, depth + 1) for child in children)


def loads_json_text(text: str, what: str) -> Any:
    """JSON text as the wandb SDK writes it (``NaN`` and ``Infinity`` allowed), checked for
    depth; ``ValueError`` saying what is wrong otherwise."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(
            f"{what} nests deeper than {MAX_JSON_DEPTH} levels of objects and lists; flatten it"
        ) from None
    except ValueError as exc:
        raise ValueError(f"{what} is not valid JSON ({exc})") from None
    check_json_depth(value, what)
    return value


def loads_json_body(body: bytes | str, what: str = "The request body") -> Any:
    """A JSON body, checked for depth; ``ValueError`` saying what is wrong otherwise."""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc) or "recursion" in str(exc).lower():
            raise ValueError(
                f"{what} nests deeper than {MAX_JSON_DEPTH} levels of objects and lists; flatten it"
            ) from None
        raise ValueError(f"{what} is not valid JSON ({exc})") from None
    check_json_depth(value, what)
    return value


async def read_json(request: Request) -> Any:
    """The request's JSON body; :class:`ApiError` 400 saying what is wrong with it."""
    try:
        return loads_json_body(await request.body())
    except ValueError as exc:
        raise ApiError(400, "invalid_request", f"{exc}.") from None
