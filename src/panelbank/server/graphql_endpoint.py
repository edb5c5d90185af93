"""``POST /graphql``: parse the body the way the official clients send it, execute, answer.

The official clients send ``{"query", "variables", "operationName"}`` where
``operationName`` may be ``""`` and ``variables`` may be null or carry variables the
document does not declare (both are fine). Every error is answered with HTTP 400 (413
for an oversized body or spec), never 5xx: the official client retries 5xx for minutes.
What one request may cost (tokens, depth, cost, time) is limited by ``graphql_limits``;
the body's size by ``limits.BodyLimitMiddleware``.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import anyio
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    execute_sync,
    parse,
    specified_rules,
    validate,
)
from starlette.requests import Request
from starlette.responses import Response

from wandb_workspaces import wire as _json

from ..settings import Settings
from ..store import StoreError
from .errors import graphql_error_response, store_error_code
from .graphql_limits import Deadline, TimeLimitExceeded, limit_rules
from .limits import loads_json_body
from .resolvers import Context
from .schema import build_schema

__all__ = ["graphql_endpoint"]

logger = logging.getLogger("panelbank.server")


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
    formatted = [_format_error(error) for error in errors]
    for error in formatted:  # the limits' errors carry their own code
        error["extensions"] = {"code": code, **error.get("extensions", {})}
    return {"errors": formatted, "data": None}


def _status_of(errors: list[dict[str, Any]]) -> int:
    codes = {error.get("extensions", {}).get("code") for error in errors}
    # 413 for a spec over the limit; 400 for everything else, even our own bugs (see above)
    return 413 if "SPEC_TOO_LARGE" in codes else 400


# Clients send the same few documents over and over; parsing and validating one costs
# more than answering it. Valid documents up to this size are kept, by their text.
_CACHED_DOCUMENT_CHARS = 64 * 1024


@functools.lru_cache(maxsize=256)
def _valid_document(query: str, limits: tuple[int, int, int]) -> DocumentNode:
    """The parsed document; raises :class:`_InvalidDocument` (never cached).

    ``limits``: the most lexical tokens, the deepest nesting and the highest cost allowed.
    """
    max_tokens, max_depth, max_cost = limits
    try:
        document = parse(query, max_lexical_tokens=max_tokens)
    except GraphQLError as error:
        if "tokens. Parsing aborted" in error.message:
            error.message = (
                f"The document has more than {max_tokens} tokens, this server's limit "
                "(PANELBANK_GRAPHQL_MAX_TOKENS); send a smaller document, with values as "
                "variables."
            )
        raise _InvalidDocument([error], "GRAPHQL_PARSE_FAILED") from None
    rules = [*specified_rules, *limit_rules(max_depth, max_cost)]
    validation_errors = validate(build_schema(), document, rules)
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
    settings: Settings = context.settings
    query: str = payload["query"]
    limits = (settings.graphql_max_tokens, settings.graphql_max_depth, settings.graphql_max_cost)
    try:
        if len(query) <= _CACHED_DOCUMENT_CHARS:
            document = _valid_document(query, limits)
        else:
            document = _valid_document.__wrapped__(query, limits)
    except _InvalidDocument as invalid:
        return 400, _failed(invalid.errors, invalid.code)
    result = execute_sync(
        schema,
        document,
        context_value=context,
        variable_values=payload.get("variables") or {},
        operation_name=payload.get("operationName") or None,
        middleware=[Deadline(settings.graphql_time_limit)],
    )
    return _response_of(result)


def _response_of(result: ExecutionResult) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"data": result.data}
    if not result.errors:
        return 200, body
    late = [error for error in result.errors if isinstance(error.original_error, TimeLimitExceeded)]
    if late:  # one error for the request, not one per field left, and no partial answer
        return 400, {"errors": [_format_error(late[0])], "data": None}
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
    try:  # the body's size is limited by limits.BodyLimitMiddleware
        payload = loads_json_body(await request.body())
    except ValueError as exc:
        return graphql_error_response(
            400, f'{exc}; send {{"query": "...", "variables": {{...}}}}.', "BAD_REQUEST"
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
    # abandoned if cancelled (at shutdown): the Deadline ends the execution soon after
    status, result = await anyio.to_thread.run_sync(
        execute, payload, context, abandon_on_cancel=True
    )
    # orjson: answers carry whole view specs as JSON strings
    return Response(_json.dumps(result), status_code=status, media_type="application/json")
