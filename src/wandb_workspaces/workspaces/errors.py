"""Errors raised by ``wandb_workspaces.workspaces`` (see ``wandb_workspaces.errors``)."""

from __future__ import annotations

from ..errors import (
    BackendNotConfiguredError,
    FilterSyntaxError,
    SpecValidationError,
    SpecVersionError,
    UnsupportedViewError,
    WorkspacesError,
)

__all__ = [
    "BackendNotConfiguredError",
    "FilterSyntaxError",
    "SpecValidationError",
    "SpecVersionError",
    "UnsupportedViewError",
    "WorkspacesError",
]
