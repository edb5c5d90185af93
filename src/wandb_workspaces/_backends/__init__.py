"""Backends: where ``Workspace.save()`` writes and ``Workspace.from_url()`` reads.

One seam, :class:`Backend`, and two implementations: :class:`GraphQLBackend` (any
W&B-compatible server over HTTP) and :class:`LocalBackend` (the embedded panelbank
store, no server). :func:`configure` chooses one; otherwise the environment does
(``WANDB_BASE_URL`` / ``WANDB_API_KEY`` / ``~/.netrc``, else the local store).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import (
    VIEW_VERSION_FEATURE,
    Backend,
    Marker,
    SavedView,
    StoredView,
    ViewSummary,
    app_url_for,
)
from ._config import api_key_for, configure, get_backend
from ._local import LocalBackend

if TYPE_CHECKING:
    from ._graphql import GraphQLBackend

__all__ = [
    "VIEW_VERSION_FEATURE",
    "Backend",
    "GraphQLBackend",
    "LocalBackend",
    "Marker",
    "SavedView",
    "StoredView",
    "ViewSummary",
    "api_key_for",
    "app_url_for",
    "configure",
    "get_backend",
]


def __getattr__(name: str) -> Any:
    # httpx is imported when the HTTP backend is first used, not with the library.
    if name == "GraphQLBackend":
        from ._graphql import GraphQLBackend

        return GraphQLBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
