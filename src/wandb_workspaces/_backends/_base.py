"""The seam between ``Workspace`` and where views live: the ``Backend`` protocol.

A backend stores views of type ``project-view`` (saved workspaces): a view has a
GraphQL id (``VmlldzoxMjM=``), an internal name (``nw-<11 chars>-v``, the ``?nw=`` of
its URL), a display name and the spec as JSON text. Every read and write also carries
a *change marker* (the store's version number, or the server's ``updatedAt``) so a save
can refuse to overwrite a change made by someone else since the view was loaded:
atomically where the store or server compares versions itself (the embedded store,
``panelbank serve``), best effort where it cannot (W&B).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Protocol, Union, runtime_checkable
from urllib.parse import urlsplit

__all__ = [
    "VIEW_VERSION_FEATURE",
    "Backend",
    "Marker",
    "SavedView",
    "StoredView",
    "ViewSummary",
    "app_url_for",
    "parse_time",
]

# What a backend uses to notice concurrent changes: a version number (the embedded
# store) or an ``updatedAt`` timestamp (a GraphQL server); None when it cannot tell.
Marker = Union[int, str, None]

# The ``serverInfo.features`` entry by which a server says that ``View`` has ``version``
# and ``UpsertViewInput`` takes ``expectedVersion``, checked in the same transaction as
# the write (a compare-and-swap). ``panelbank serve`` announces it; W&B does not.
VIEW_VERSION_FEATURE = "PANELBANK_VIEW_EXPECTED_VERSION"


@dataclasses.dataclass(frozen=True)
class StoredView:
    """A view as loaded: enough to rebuild the ``Workspace`` and save it back."""

    id: str
    name: str
    display_name: str
    spec: str
    marker: Marker = None


@dataclasses.dataclass(frozen=True)
class SavedView:
    """What an upsert answers: the view's id and internal name, and its new marker."""

    id: str
    name: str
    marker: Marker = None
    inserted: bool = False


@dataclasses.dataclass(frozen=True)
class ViewSummary:
    """One line of a project's list of saved workspaces."""

    id: str
    name: str
    display_name: str
    updated_at: datetime | None = None


@runtime_checkable
class Backend(Protocol):
    """Where ``Workspace.save()`` writes and ``Workspace.from_url()`` reads.

    Any object with these members is one (``configure(backend=...)``); a package makes
    one available by name through an entry point (see :mod:`wandb_workspaces.backends`).
    ``close()``, if present, is called when a backend the library built is replaced.

    Errors are the library's (:mod:`wandb_workspaces.errors`): ``NotFoundError`` for an
    unknown project or view, ``ConflictError`` when ``expected_marker`` is stale,
    ``AuthenticationError``, ``ServerError`` and ``RequestError`` for the rest.
    """

    @property
    def app_url(self) -> str:
        """``scheme://host[:port]`` of the app that shows the views (no trailing slash)."""
        ...

    def load_view(self, entity: str, project: str, name: str) -> StoredView:
        """The ``project-view`` of that internal name (``nw-...-v``)."""
        ...

    def upsert_view(
        self,
        *,
        id: str | None,
        entity: str,
        project: str,
        name: str,
        display_name: str,
        spec: str,
        expected_marker: Marker = None,
    ) -> SavedView:
        """Update the view ``id`` (when given) or create one named ``name``.

        With ``expected_marker`` (and an ``id``), refuse with ``ConflictError`` when the
        stored view has changed since that marker was seen.
        """
        ...

    def list_views(self, entity: str, project: str) -> list[ViewSummary]:
        """The project's saved workspaces, most recently updated first."""
        ...

    def delete_view(self, id: str) -> None:
        """Delete the view (``NotFoundError`` if there is none)."""
        ...


def app_url_for(base_url: str) -> str:
    """The app address for an API address: W&B cloud's API lives on another host.

    >>> app_url_for("https://api.wandb.ai")
    'https://wandb.ai'
    >>> app_url_for("http://127.0.0.1:8080/some/prefix")
    'http://127.0.0.1:8080'
    """
    parts = urlsplit(base_url)
    netloc = parts.netloc
    if netloc == "api.wandb.ai":
        netloc = "wandb.ai"
    return f"{parts.scheme or 'https'}://{netloc}"


def parse_time(value: object) -> datetime | None:
    """A GraphQL ``DateTime`` (ISO 8601, with or without ``Z``), or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
