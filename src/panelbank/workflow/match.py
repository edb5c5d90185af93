"""Match declared workspaces to saved views, and expand templates across projects.

A declaration names its view by an explicit ``url``/``view`` (the ``nw`` id), or else by
the stable key entity, project and display name: no view with that name means the view
is created; two or more is an error that lists their URLs.
"""

from __future__ import annotations

import copy
import dataclasses
import fnmatch
import json
from typing import Any

import wandb_workspaces.workspaces as ws
from wandb_workspaces.backends import Backend, StoredView, parse_workspace_url, view_url
from wandb_workspaces.errors import NotFoundError

from ..store.backend import LocalBackend
from .errors import MatchError
from .files import Declared

__all__ = [
    "Target",
    "expand_projects",
    "find_view",
    "load_stored",
    "resolve",
    "substitute",
    "target",
]


@dataclasses.dataclass
class Target:
    """A declared workspace and the view it manages (``stored`` None: not created yet)."""

    declared: Declared
    workspace: ws.Workspace
    stored: StoredView | None
    current: ws.Workspace | None
    url: str | None = None  # the view's address on the backend it was found on

    @property
    def stored_spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = json.loads(self.stored.spec) if self.stored else {}
        return spec


def target(
    backend: Backend,
    declared: Declared,
    workspace: ws.Workspace,
    stored: StoredView | None,
) -> Target:
    """A :class:`Target`, its current workspace and its address read off ``backend`` now
    (a plan is shown after the backend is closed)."""
    if stored is None:
        return Target(declared, workspace, None, None)
    current = load_stored(stored, workspace.entity, workspace.project)
    url = view_url(workspace.entity, workspace.project, stored.name, backend)
    return Target(declared, workspace, stored, current, url)


def _internal_name(view: str) -> str:
    return view if view.startswith("nw-") and view.endswith("-v") else f"nw-{view}-v"


def find_view(
    backend: Backend, entity: str, project: str, display_name: str, view: str | None = None
) -> StoredView | None:
    """The stored view a declaration names, or None when it is still to be created."""
    if view:
        if "://" in view or view.startswith("/"):
            named_entity, named_project, name = parse_workspace_url(view)
            if (named_entity, named_project) != (entity, project):
                raise MatchError(
                    f"`url` names a view in {named_entity}/{named_project}, but the "
                    f"declaration targets {entity}/{project} (its entity/project, or "
                    "--entity/--project); a url names one view: drop --entity/--project, "
                    "or remove `url` to use the file as a template"
                )
        else:
            name = _internal_name(view)
        try:
            return backend.load_view(entity, project, name)
        except NotFoundError:
            raise MatchError(
                f"the view {view!r} named in the file does not exist in {entity}/{project}; "
                "remove `url`/`view` from the file to create it by name"
            ) from None
    try:
        views = backend.list_views(entity, project)
    except NotFoundError:
        return None  # a project is created by its first view
    matches = [item for item in views if item.display_name == display_name]
    if len(matches) > 1:
        urls = ", ".join(view_url(entity, project, item.name, backend) for item in matches)
        raise MatchError(
            f"{len(matches)} views in {entity}/{project} are named {display_name!r} ({urls}); "
            "name one with `url = ...` in the file (or `url:` in YAML)"
        )
    return backend.load_view(entity, project, matches[0].name) if matches else None


def load_stored(stored: StoredView, entity: str, project: str) -> ws.Workspace:
    return ws.Workspace.from_spec(
        stored.spec, entity=entity, project=project, name=stored.display_name
    )


def resolve(backend: Backend, declared: Declared, workspace: ws.Workspace) -> Target:
    """Find the view of ``workspace`` (a declaration, possibly moved to another project)."""
    try:
        stored = find_view(
            backend, workspace.entity, workspace.project, workspace.name, declared.view
        )
    except MatchError as exc:
        raise MatchError(f"{declared.path}: {exc}") from None
    return target(backend, declared, workspace, stored)


def substitute(workspace: ws.Workspace, entity: str, project: str) -> ws.Workspace:
    """A copy of a template for ``entity/project``; ``{entity}``/``{project}`` in its name
    are replaced too."""
    copied = copy.deepcopy(workspace)
    copied.entity = entity
    copied.project = project
    copied.name = workspace.name.replace("{entity}", entity).replace("{project}", project)
    return copied


def expand_projects(backend: Backend, entity: str, patterns: list[str]) -> list[str]:
    """Project names for ``--project`` values; globs (``exp-*``) match the entity's projects
    (the embedded store lists them; a remote server needs the names spelled out)."""
    names: list[str] = []
    for pattern in patterns:
        if not any(char in pattern for char in "*?["):
            names.append(pattern)
            continue
        if not isinstance(backend, LocalBackend):
            raise MatchError(
                f"--project {pattern!r}: project globs need the embedded store; against a "
                "server, repeat --project with each name"
            )
        known = [item.name for item in backend.store.list_projects(entity)]
        found = fnmatch.filter(known, pattern)
        if not found:
            raise MatchError(
                f"--project {pattern!r} matches no project of {entity!r} "
                f"(projects: {', '.join(known) or 'none'})"
            )
        names.extend(found)
    return list(dict.fromkeys(names))
