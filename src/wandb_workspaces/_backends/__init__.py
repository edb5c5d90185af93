"""Backends: where ``Workspace.save()`` writes and ``Workspace.from_url()`` reads.

One seam, :class:`Backend` (public as :mod:`wandb_workspaces.backends`), the library's
own implementation :class:`GraphQLBackend` (any W&B-compatible server over HTTP), and a
registry of the backends other packages provide through the entry point group
``wandb_workspaces.backends`` (panelbank registers its embedded store as ``local``).
:func:`configure` chooses one; otherwise the environment does (``WANDB_BASE_URL`` /
``WANDB_API_KEY`` / ``~/.netrc``, else the ``local`` backend).
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
from ._registry import ENTRY_POINT_GROUP, LOCAL, BackendFactory, backend_names, create_backend
from ._urls import parse_workspace_url, view_url

if TYPE_CHECKING:
    from ._graphql import GraphQLBackend

__all__ = [
    "ENTRY_POINT_GROUP",
    "LOCAL",
    "VIEW_VERSION_FEATURE",
    "Backend",
    "BackendFactory",
    "GraphQLBackend",
    "Marker",
    "SavedView",
    "StoredView",
    "ViewSummary",
    "api_key_for",
    "app_url_for",
    "backend_names",
    "configure",
    "create_backend",
    "get_backend",
    "parse_workspace_url",
    "view_url",
]


def __getattr__(name: str) -> Any:
    # httpx is imported when the HTTP backend is first used, not with the library.
    if name == "GraphQLBackend":
        from ._graphql import GraphQLBackend

        return GraphQLBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
