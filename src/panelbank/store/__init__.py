"""The panelbank store: entities, projects, users and API keys, views and their history.

SQLite (WAL mode) by default under ``PANELBANK_HOME``; a PostgreSQL URL for a shared
team server. Every write is one transaction. Use :meth:`Store.open`::

    store = Store.open()                      # $PANELBANK_HOME/panelbank.db
    view, inserted = store.upsert_view(entity="e", project="p", name="nw-abc-v",
                                       display_name="W", type="project-view", spec=spec_json)

The library saves workspaces here through :class:`panelbank.store.backend.LocalBackend`,
its ``local`` backend (registered by an entry point in pyproject.toml).
"""

from __future__ import annotations

from .errors import (
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
from .models import (
    AccessToken,
    ApiKeyInfo,
    Project,
    User,
    View,
    ViewVersion,
    decode_view_gid,
    view_gid,
)
from .store import Store

__all__ = [
    "AccessToken",
    "ApiKeyInfo",
    "ConflictError",
    "DuplicateViewError",
    "InvalidNameError",
    "InvalidSpecError",
    "InvalidTextError",
    "InvalidViewTypeError",
    "NotFoundError",
    "Project",
    "SpecTooLargeError",
    "Store",
    "StoreError",
    "User",
    "View",
    "ViewVersion",
    "decode_view_gid",
    "view_gid",
]
