"""Checks on the names of entities, projects, users and views."""

from __future__ import annotations

from .errors import InvalidNameError

__all__ = ["MAX_NAME_LENGTH", "check_name"]

MAX_NAME_LENGTH = 255


def check_name(kind: str, value: str) -> str:
    """``value`` if it is a usable ``kind`` name, else :class:`InvalidNameError`."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidNameError(f"the {kind} name must be a non-empty string, got {value!r}")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidNameError(
            f"the {kind} name is {len(value)} characters long; the limit is {MAX_NAME_LENGTH}"
        )
    return value
