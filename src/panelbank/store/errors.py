"""Errors the store raises.

::

    StoreError                      every store error
    ├── NotFoundError               the entity, project, view or version does not exist
    ├── InvalidSpecError            a spec failed validation; nothing was written
    │   └── SpecTooLargeError       the spec is over the store's max_spec_bytes
    ├── ConflictError               the view changed since the version the caller loaded
    ├── DuplicateViewError          another view of the project already has that name
    ├── InvalidNameError            an entity, project, user, view or run name breaks the
    │   (ValueError)                naming rules (store.names)
    ├── InvalidViewTypeError        a view type the store does not know (store.validation)
    │   (ValueError)
    └── InvalidTextError            a value holds text no database can store (a lone
        (ValueError)                surrogate, or NUL on PostgreSQL)
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "DuplicateViewError",
    "InvalidNameError",
    "InvalidSpecError",
    "InvalidTextError",
    "InvalidViewTypeError",
    "NotFoundError",
    "SpecTooLargeError",
    "StoreError",
]


class StoreError(Exception):
    """Base class of store errors; the message says what was wrong and what to do."""


class NotFoundError(StoreError):
    """The entity, project, view or version asked for does not exist."""


class InvalidSpecError(StoreError):
    """A view spec failed validation by the library; nothing was written."""


class SpecTooLargeError(InvalidSpecError):
    """A view spec is over the store's ``max_spec_bytes`` (``PANELBANK_MAX_SPEC_BYTES``)."""


class ConflictError(StoreError):
    """The view was changed by someone else since the version the caller loaded."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class DuplicateViewError(StoreError):
    """A different view of the same project already uses that internal name."""


class InvalidNameError(StoreError, ValueError):
    """An entity, project, user, view or run name breaks the rules in :mod:`.names`."""


class InvalidViewTypeError(StoreError, ValueError):
    """A view type other than those in ``store.validation.VIEW_TYPES``."""


class InvalidTextError(StoreError, ValueError):
    """A value holds text no database can store: a lone surrogate, or NUL on PostgreSQL."""
