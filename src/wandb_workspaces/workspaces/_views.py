"""Saving, loading, listing and deleting workspaces through the configured backend.

``Workspace.save()``, ``from_url()``, ``load()``, ``list()``, ``delete()`` and ``url``
are thin methods over these functions; the backend is :func:`get_backend` (see
``wandb_workspaces._backends``), resolved at first use.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import warnings
from datetime import datetime
from typing import TYPE_CHECKING

from .. import _json
from .._backends._base import Marker
from .._backends._config import get_backend
from .._backends._urls import parse_workspace_url, view_url
from .._ids import generate_view_name
from ..errors import AmbiguousViewError, NotFoundError, closest

if TYPE_CHECKING:
    from ._workspace import Workspace

__all__ = [
    "ViewInfo",
    "delete_workspace",
    "list_workspaces",
    "load_by_display_name",
    "load_workspace",
    "parse_workspace_url",
    "save_workspace",
    "view_url",
]

logger = logging.getLogger("wandb_workspaces")


@dataclasses.dataclass(frozen=True)
class ViewInfo:
    """A saved workspace as listed by ``Workspace.list(entity, project)``.

    ``name`` is the internal view name (``nw-<id>-v``), ``display_name`` the
    ``Workspace.name``; ``url`` opens it (and ``Workspace.from_url(url)`` loads it).
    """

    id: str
    name: str
    display_name: str
    url: str
    updated_at: datetime | None


def load_workspace(cls: type[Workspace], entity: str, project: str, name: str) -> Workspace:
    """The saved workspace of that internal name, with what a later ``save()`` needs."""
    stored = get_backend().load_view(entity, project, name)
    workspace = cls.from_spec(stored.spec, entity=entity, project=project, name=stored.display_name)
    _remember(workspace, stored.id, stored.name or name, stored.marker)
    return workspace


def load_by_display_name(
    cls: type[Workspace], entity: str, project: str, display_name: str
) -> Workspace:
    backend = get_backend()
    views = backend.list_views(entity, project)
    matches = [view for view in views if view.display_name == display_name]
    if not matches:
        names = sorted({view.display_name for view in views})
        close = closest(display_name, names)
        hint = f"; did you mean {close!r}?" if close else ""
        raise NotFoundError(
            f"no workspace named {display_name!r} in project {entity}/{project}{hint} "
            f"(saved workspaces: {', '.join(map(repr, names)) or 'none'})"
        )
    if len(matches) > 1:
        urls = ", ".join(view_url(entity, project, view.name, backend) for view in matches)
        raise AmbiguousViewError(
            f"{len(matches)} workspaces in {entity}/{project} are named {display_name!r}: "
            f"{urls}; load one with Workspace.from_url(url)"
        )
    return load_workspace(cls, entity, project, matches[0].name)


def save_workspace(workspace: Workspace, *, new_view: bool, force: bool) -> Workspace:
    """Create or update the workspace's view; ``new_view``: always create a new one."""
    backend = get_backend()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spec = workspace.to_spec()
    for warning in caught:  # shown at the caller of save(), not here
        warnings.warn_explicit(warning.message, warning.category, *_caller())
    text = _json.dumps(spec)
    state = _state(workspace)
    # A view belongs to one project: after a change of entity/project, save a new view
    # there instead of overwriting the original (the official client sends the old id).
    moved = state is not None and state.home != (workspace.entity, workspace.project)
    if new_view or moved or not workspace._internal_name:
        name, view_id, marker = generate_view_name(), None, None
    else:
        name = workspace._internal_name
        view_id = workspace._internal_id or None
        marker = None if force or state is None else state.marker
    saved = backend.upsert_view(
        id=view_id,
        entity=workspace.entity,
        project=workspace.project,
        name=name,
        display_name=workspace.name,
        spec=text,
        expected_marker=marker,
    )
    _remember(workspace, saved.id, saved.name, saved.marker)
    # The next save compares with what is stored now: what the workspace wrote (its
    # sections and panels still tell their edits apart from their own load).
    workspace._raw = _json.loads(text)
    workspace._loaded = workspace._wire()
    workspace._pristine = None
    logger.info(
        "View saved: %s", view_url(workspace.entity, workspace.project, saved.name, backend)
    )
    return workspace


def list_workspaces(entity: str, project: str) -> list[ViewInfo]:
    backend = get_backend()
    return [
        ViewInfo(
            id=view.id,
            name=view.name,
            display_name=view.display_name,
            url=view_url(entity, project, view.name, backend),
            updated_at=view.updated_at,
        )
        for view in backend.list_views(entity, project)
    ]


def delete_workspace(workspace: Workspace) -> None:
    if not workspace._internal_id:
        raise NotFoundError(
            f"the workspace {workspace.name!r} has not been saved (or was deleted), so there is "
            "no view to delete; load it with Workspace.from_url(url) first"
        )
    get_backend().delete_view(workspace._internal_id)
    workspace._internal_id = ""
    workspace._internal_name = ""
    vars(workspace).pop(_STATE, None)


@dataclasses.dataclass(frozen=True)
class _ViewState:
    """What a workspace remembers of its stored view beyond its id and name."""

    marker: Marker  # the backend's change marker when last loaded or saved
    home: tuple[str, str]  # the (entity, project) the view lives in


_STATE = "_view_state"


def _state(workspace: Workspace) -> _ViewState | None:
    state = vars(workspace).get(_STATE)
    return state if isinstance(state, _ViewState) else None


def _remember(workspace: Workspace, view_id: str, name: str, marker: Marker) -> None:
    workspace._internal_id = view_id
    workspace._internal_name = name
    # Private state beside the dataclass fields (like _raw), never validated or compared.
    vars(workspace)[_STATE] = _ViewState(marker, (workspace.entity, workspace.project))


def _caller() -> tuple[str, int]:
    """File and line of the code that called ``Workspace.save()`` (or ``save_as_new_view``)."""
    frame = sys._getframe(3)  # _caller <- save_workspace <- Workspace.save <- user code
    return frame.f_code.co_filename, frame.f_lineno
