"""``POST /graphql``: parse the body the way the official clients send it, execute, answer.

The official clients send ``{"query", "variables", "operationName"}`` where
``operationName`` may be ``""`` and ``variables`` may be null or carry variables the
document does not declare (both are fine). Every error is answered with HTTP 400 (413
for an oversized body or spec), never 5xx: the official client retries 5xx for minutes.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from graphql import DocumentNode, ExecutionResult, GraphQLError, execute_sync, parse, validate
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from wandb_workspaces import wire as _json

from ..store import StoreError
from .errors import graphql_error_response, store_error_code
from .resolvers import Context
from .schema import build_schema

__all__ = ["BodyTooLarge", "graphql_endpoint", "read_body"]

logger = logging.getLogger("panelbank.server")


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (before reading it all) anything over ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    formatted = dict(error.formatted)
    if isinstance(original, StoreError):
        code, _status = store_error_code(original)
        extensions: dict[str, Any] = {"code": code}
        current = getattr(original, "current_version", None)
        if current is not None:
            extensions["currentVersion"] = current
        formatted["message"] = str(original)
        formatted["extensions"] = extensions
    elif original is not None and not isinstance(original, GraphQLError) and error.path:
        # a bug in a resolver: the details go to the log, never to the client
        logger.error("GraphQL resolver failed at %s", error.path, exc_info=original)
        formatted["message"] = "Internal server error; the details are in the server log."
        formatted["extensions"] = {"code": "INTERNAL_SERVER_ERROR"}
    return formatted


def _failed(errors: list[GraphQLError], code: str) -> dict[str, Any]:
    formatted = [{**_format_error(error), "extensions": {"code": code}} for error in errors]
    return {"errors": formatted, "data": None}


def _status_of(errors: list[dict[str, Any]]) -> int:
    codes = {error.get("extensions", {}).get("code") for error in errors}
    # 413 for a spec over the limit; 400 for everything else, even our own bugs (see above)
    return 413 if "SPEC_TOO_LARGE" in codes else 400


# Clients send the same few documents over and over; parsing and validating one costs
# more than answering it. Valid documents up to this size are kept, by their text.
_CACHED_DOCUMENT_CHARS = 64 * 1024


@functools.lru_cache(maxsize=256)
def _valid_document(query: str) -> DocumentNode:
    """The parsed document; raises :class:`_InvalidDocument` (never cached)."""
    try:
        document = parse(query)
    except GraphQLError as error:
        raise _InvalidDocument([error], "GRAPHQL_PARSE_FAILED") from None
    validation_errors = validate(build_schema(), document)
    if validation_errors:
        raise _InvalidDocument(validation_errors, "GRAPHQL_VALIDATION_FAILED")
    return document


class _InvalidDocument(Exception):
    def __init__(self, errors: list[GraphQLError], code: str) -> None:
        super().__init__(code)
        self.errors = errors
        self.code = code


def execute(payload: dict[str, Any], context: Context) -> tuple[int, dict[str, Any]]:
    """Run one GraphQL request (synchronously: the store is synchronous)."""
    schema = build_schema()
    query: str = payload["query"]
    try:
        if len(query) <= _CACHED_DOCUMENT_CHARS:
            document = _valid_document(query)
        else:
            document = _valid_document.__wrapped__(query)
    except _InvalidDocument as invalid:
        return 400, _failed(invalid.errors, invalid.code)
    result = execute_sync(
        schema,
        document,
        context_value=context,
        variable_values=payload.get("variables") or {},
        operation_name=payload.get("operationName") or None,
    )
    return _response_of(result)


def _response_of(result: ExecutionResult) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"data": result.data}
    if not result.errors:
        return 200, body
    errors = [_format_error(error) for error in result.errors]
    return _status_of(errors), {"errors": errors, **body}


def _payload_problem(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return 'The request body must be a JSON object: {"query": "...", "variables": {...}}.'
    if not isinstance(payload.get("query"), str) or not payload["query"].strip():
        return 'The request has no GraphQL document: put it in "query" as a string.'
    if payload.get("variables") is not None and not isinstance(payload["variables"], dict):
        return '"variables" must be a JSON object or null.'
    if payload.get("operationName") is not None and not isinstance(payload["operationName"], str):
        return '"operationName" must be a string or null.'
    return None


async def graphql_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    # the spec travels JSON-escaped inside the body: allow for the escaping
    limit = 2 * settings.max_spec_bytes + 1024 * 1024
    try:
        body = await read_body(request, limit)
    except BodyTooLarge as exc:
        return graphql_error_response(
            413,
            f"The request body is larger than {exc.limit} bytes; the largest spec this server "
            f"accepts is {settings.max_spec_bytes} bytes (PANELBANK_MAX_SPEC_BYTES).",
            "PAYLOAD_TOO_LARGE",
        )
    try:
        payload = _json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return graphql_error_response(
            400,
            f"The request body is not valid JSON ({exc}); "
            'send {"query": "...", "variables": {...}}.',
            "BAD_REQUEST",
        )
    problem = _payload_problem(payload)
    if problem:
        return graphql_error_response(400, problem, "BAD_REQUEST")
    context = Context(
        store=request.app.state.store,
        settings=settings,
        viewer=request.state.user,
        history=getattr(request.app.state, "history", None),
    )
    status, result = await run_in_threadpool(execute, payload, context)
    # orjson: answers carry whole view specs as JSON strings
    return Response(_json.dumps(result), status_code=status, media_type="application/json")
