"""The server's error responses: one JSON envelope, and GraphQL's ``errors`` list.

JSON API errors look like ``{"error": {"code": "not_found", "message": "..."}}``; GraphQL
errors like ``{"errors": [{"message": "...", "extensions": {"code": "..."}}], "data": null}``.
Messages say what was wrong and how to fix it; tracebacks stay in the server log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from ..store import (
    ConflictError,
    DuplicateViewError,
    InvalidNameError,
    InvalidSpecError,
    InvalidTextError,
    InvalidViewTypeError,
    NotFoundError,
    SpecTooLargeError,
    StoreError,
)

__all__ = ["ApiError", "error_response", "graphql_error_response", "store_error_code"]


class ApiError(Exception):
    """Raised by a JSON API route; becomes the envelope with ``status``."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers
    )


def graphql_error_response(
    status: int, message: str, code: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code}}], "data": None}
    return JSONResponse(body, status_code=status, headers=headers)


_STORE_CODES: list[tuple[type[StoreError], str, int]] = [
    (NotFoundError, "NOT_FOUND", 404),
    (SpecTooLargeError, "SPEC_TOO_LARGE", 413),
    (InvalidSpecError, "INVALID_SPEC", 400),
    (ConflictError, "CONFLICT", 409),
    (DuplicateViewError, "DUPLICATE_VIEW", 409),
    (InvalidNameError, "INVALID_NAME", 400),
    (InvalidTextError, "INVALID_TEXT", 400),
    (InvalidViewTypeError, "INVALID_VIEW_TYPE", 400),
]


def store_error_code(exc: StoreError) -> tuple[str, int]:
    """The error code (GraphQL ``extensions.code``) and HTTP status of a store error."""
    for kind, code, status in _STORE_CODES:
        if isinstance(exc, kind):
            return code, status
    return "STORE_ERROR", 400
