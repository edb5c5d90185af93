"""Errors raised by ``wandb_workspaces.workspaces`` (see ``wandb_workspaces.errors``)."""

from __future__ import annotations

from ..errors import (
    AmbiguousViewError,
    AuthenticationError,
    BackendError,
    BackendNotConfiguredError,
    ConflictError,
    FilterSyntaxError,
    NotFoundError,
    RequestError,
    ServerError,
    SpecValidationError,
    SpecVersionError,
    UnsupportedViewError,
    WorkspacesError,
)

__all__ = [
    "AmbiguousViewError",
    "AuthenticationError",
    "BackendError",
    "BackendNotConfiguredError",
    "ConflictError",
    "FilterSyntaxError",
    "NotFoundError",
    "RequestError",
    "ServerError",
    "SpecValidationError",
    "SpecVersionError",
    "UnsupportedViewError",
    "WorkspacesError",
]
