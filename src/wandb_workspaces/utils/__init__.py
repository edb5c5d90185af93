"""Helpers shared by the public modules (``utils.validators``)."""

from __future__ import annotations

__all__ = ["validators"]

from . import validators
