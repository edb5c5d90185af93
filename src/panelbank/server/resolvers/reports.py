"""Resolvers of reports and their share links (``schema_sdl/reports.graphql``):
``upsertModel``, ``Project.access/views``, ``View.accessTokens``, the ``AccessToken``
type and the token mutations, over the store's service functions.

A token is a secret: it goes out only in ``View.accessTokens`` and ``createAccessToken``,
to authenticated users (share-link requests never reach GraphQL, see ``server.auth``),
and never into an error message or a log line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ariadne import MutationType, ObjectType

from ...store import AccessToken, Project, View
from ._context import Info, context_of, gid, input_error

__all__ = ["REPORT_BINDABLES"]

mutation_type = MutationType()
project_type = ObjectType("Project")  # access and views; types.py binds the others
view_type = ObjectType("View")
token_type = ObjectType("AccessToken")


# -- projects ----------------------------------------------------------------------------
@mutation_type.field("upsertModel")
def _upsert_model(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    name = input.get("name")
    entity = input.get("entityName") or (context.viewer.username if context.viewer else None)
    if not name or not entity:
        raise input_error(
            "upsertModel: name (and entityName, unless the API key's user is the entity) "
            "are required; panelbank creates and updates projects by name, not by id"
        )
    existed = context.store.get_project(entity, name) is not None
    project = context.store.upsert_project(entity, name, description=input.get("description"))
    return {
        "project": project,
        "model": project,
        "inserted": not existed,
        "clientMutationId": input.get("clientMutationId"),
    }


@project_type.field("description")
def _project_description(project: Project, _info: Info) -> str | None:
    return project.description or None  # null when none was given, as W&B answers


@project_type.field("access")
def _project_access(_project: Project, _info: Info) -> str:
    return "PRIVATE"


@project_type.field("views")
def _project_views(_project: Project, _info: Info) -> str:
    return "{}"


# -- tokens ------------------------------------------------------------------------------
@view_type.field("accessTokens")
def _view_access_tokens(view: View, info: Info) -> list[AccessToken]:
    context = context_of(info)
    if context.viewer is None:  # defence in depth: auth lets no keyless request in
        return []
    return context.store.access_tokens(view.id)


@token_type.field("id")
def _token_id(token: AccessToken, _info: Info) -> str:
    return gid("AccessToken", f"{token.view_pk}:{token.created_at.isoformat()}")


@token_type.field("view")
def _token_view(token: AccessToken, info: Info) -> View | None:
    return context_of(info).store.get_view(token.view_id)


@token_type.field("createdAt")
def _token_created_at(token: AccessToken, _info: Info) -> datetime:
    return token.created_at


@token_type.field("revokedAt")
def _token_revoked_at(token: AccessToken, _info: Info) -> datetime | None:
    return token.revoked_at


@token_type.field("projects")
def _token_projects(token: AccessToken, info: Info) -> list[Project]:
    store = context_of(info).store
    # a granted project that does not exist (yet) is still named, as granted
    return [
        store.get_project(entity, name)
        or Project(id=0, entity=entity, name=name, created_at=token.created_at)
        for entity, name in token.projects
    ]


def _pairs(specifiers: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item["entityName"], item["projectName"]) for item in specifiers]


@mutation_type.field("createAccessToken")
def _create_access_token(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    token = context.store.create_access_token(
        input["viewId"],
        _pairs(input["projects"]),
        username=context.viewer.username if context.viewer else "",
    )
    return {"accessToken": token, "clientMutationId": input.get("clientMutationId")}


def _active(info: Info, token: str, operation: str) -> AccessToken:
    found = context_of(info).store.find_access_token(token)
    if found is None:
        raise input_error(
            f"{operation}: no such access token (the token is not echoed); list a report's "
            "tokens with View.accessTokens",
            code="NOT_FOUND",
        )
    return found


@mutation_type.field("updateAccessTokenProjects")
def _update_access_token_projects(
    _root: object, info: Info, input: dict[str, Any]
) -> dict[str, Any]:
    found = _active(info, input["token"], "updateAccessTokenProjects")
    if not found.active:
        raise input_error(
            "updateAccessTokenProjects: the access token was revoked; create a new one "
            "with createAccessToken",
            code="NOT_FOUND",
        )
    success = context_of(info).store.set_access_token_projects(
        input["token"], _pairs(input["projects"])
    )
    return {"success": success, "clientMutationId": input.get("clientMutationId")}


@mutation_type.field("revokeAccessToken")
def _revoke_access_token(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    _active(info, input["token"], "revokeAccessToken")
    context_of(info).store.revoke_access_token(input["token"])  # revoked already: still revoked
    return {"success": True, "clientMutationId": input.get("clientMutationId")}


REPORT_BINDABLES = [mutation_type, project_type, view_type, token_type]
