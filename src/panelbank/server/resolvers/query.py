"""``Query``: viewer, projects and views, server features."""

from __future__ import annotations

from typing import Any

from ariadne import QueryType

from wandb_workspaces.backends import VIEW_VERSION_FEATURE

from ... import __version__
from ...store import Project, User, View
from ._context import Info, context_of
from ._paging import connection

__all__ = ["query_type"]

query_type = QueryType()


@query_type.field("viewer")
def _viewer(_root: object, info: Info) -> User | None:
    return context_of(info).viewer


@query_type.field("model")
@query_type.field("project")
def _project(
    _root: object,
    info: Info,
    name: str | None = None,
    entityName: str | None = None,
) -> Project | None:
    context = context_of(info)
    entity = entityName or (context.viewer.username if context.viewer else None)
    if not name or not entity:
        return None
    return context.store.get_project(entity, name)


@query_type.field("models")
@query_type.field("projects")
def _projects(
    _root: object,
    info: Info,
    entityName: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    projects = context_of(info).store.list_projects(entityName)
    return connection(projects, first=first, after=after)


@query_type.field("view")
def _view(_root: object, info: Info, id: str) -> View | None:
    return context_of(info).store.get_view(id)


# Optional features clients may rely on. None of W&B's own: the SDK then keeps to its
# basic protocol. Ours tells the library that upsertView takes expectedVersion.
_FEATURES = ({"name": VIEW_VERSION_FEATURE, "isEnabled": True},)


#: No bounds on the wandb CLI's version, said as W&B says bounds. The SDK needs
#: max_cli_version: it remembers the answer only when it is set, and without it asks again
#: at every image or table logged, through a process-wide client that is closed once the
#: first run of the process has finished (so that logging fails from the second run on).
CLI_VERSION_INFO = {"max_cli_version": "999.0.0", "min_cli_version": "0.0.1"}


@query_type.field("serverInfo")
def _server_info(_root: object, _info: Info) -> dict[str, Any]:
    return {
        "features": list(_FEATURES),
        "cliVersionInfo": dict(CLI_VERSION_INFO),
        "latestLocalVersionInfo": {
            "outOfDate": False,
            "latestVersionString": __version__,
            "versionOnThisInstanceString": __version__,
        },
    }
