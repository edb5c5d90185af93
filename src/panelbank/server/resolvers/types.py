"""Resolvers of the object types: ``User``, ``Project``, ``View``.

The store's records (``panelbank.store.User``, ``Project``, ``View``) are the parents;
fields whose names match an attribute need no resolver.
"""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType

from ...store import Project, User, View
from ._context import Info, context_of, gid
from ._paging import connection

__all__ = ["project_type", "user_for", "user_type", "view_type"]

user_type = ObjectType("User")
project_type = ObjectType("Project")
view_type = ObjectType("View")


def user_for(info: Info, username: str) -> User:
    """The viewer when it is them, else a public stand-in record for ``username``."""
    viewer = context_of(info).viewer
    if viewer is not None and viewer.username == username:
        return viewer
    return User(id=0, username=username, email="", name=username, admin=False)


# -- User -------------------------------------------------------------------------------
@user_type.field("id")
def _user_id(user: User, _info: Info) -> str:
    return gid("User", user.id) if user.id else gid("User", user.username)


@user_type.field("name")
def _user_name(user: User, _info: Info) -> str:
    return user.name or user.username


@user_type.field("entity")
def _user_entity(user: User, _info: Info) -> str:
    return user.username


@user_type.field("flags")
def _user_flags(_user: User, _info: Info) -> str:
    return "{}"


@user_type.field("deletedAt")
def _user_deleted_at(_user: User, _info: Info) -> None:
    return None


@user_type.field("apiKeys")
def _user_api_keys(user: User, info: Info) -> dict[str, Any]:
    context = context_of(info)
    if context.viewer is None or context.viewer.username != user.username:
        return {"edges": []}  # only your own keys, and never their secrets
    keys = context.store.list_api_keys(user.username)
    return {
        "edges": [
            {"node": {"id": gid("ApiKey", k.id), "name": k.prefix, "description": k.description}}
            for k in keys
        ]
    }


@user_type.field("teams")
def _user_teams(user: User, _info: Info) -> dict[str, Any]:
    return {"edges": [{"node": {"id": gid("Entity", user.username), "name": user.username}}]}


# -- Project ----------------------------------------------------------------------------
@project_type.field("id")
def _project_id(project: Project, _info: Info) -> str:
    return gid("Project", project.id)


@project_type.field("internalId")
def _project_internal_id(project: Project, _info: Info) -> str:
    return str(project.id)


@project_type.field("entityName")
def _project_entity_name(project: Project, _info: Info) -> str:
    return project.entity


@project_type.field("createdAt")
def _project_created_at(project: Project, _info: Info) -> object:
    return project.created_at.replace(microsecond=0)  # as W&B writes it


@project_type.field("isBenchmark")
@project_type.field("readOnly")
def _project_false(_project: Project, _info: Info) -> bool:
    return False


@project_type.field("user")
def _project_user(project: Project, info: Info) -> User:
    return user_for(info, project.entity)


@project_type.field("allViews")
def _project_all_views(
    project: Project,
    info: Info,
    viewType: str | None = None,
    viewName: str | None = None,
    userName: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    views = context_of(info).store.find_views(
        project.entity, project.name, type=viewType, name=viewName
    )
    if userName:
        views = [view for view in views if view.created_by == userName]
    return connection(views, first=first, after=after)


# -- View -------------------------------------------------------------------------------
@view_type.field("displayName")
def _view_display_name(view: View, _info: Info) -> str:
    return view.display_name


@view_type.field("createdAt")
def _view_created_at(view: View, _info: Info) -> object:
    return view.created_at


@view_type.field("updatedAt")
def _view_updated_at(view: View, _info: Info) -> object:
    return view.updated_at


@view_type.field("user")
def _view_user(view: View, info: Info) -> User | None:
    return user_for(info, view.created_by) if view.created_by else None


@view_type.field("project")
def _view_project(view: View, info: Info) -> Project | None:
    return context_of(info).store.get_project(view.entity, view.project)
