"""``Mutation``: upsertView and deleteView, over the store's service functions."""

from __future__ import annotations

from typing import Any

from ariadne import MutationType

from ._context import Context, Info, context_of, input_error

__all__ = ["mutation_type"]

mutation_type = MutationType()


def _insert_fields(given: dict[str, Any]) -> dict[str, Any]:
    required = ("entityName", "projectName", "name", "type", "spec")
    missing = [key for key in required if not given.get(key)]
    if missing:
        raise input_error(
            f"upsertView: {', '.join(missing)} required to insert a view "
            "(or pass the id of the view to update)"
        )
    return {
        "entity": given["entityName"],
        "project": given["projectName"],
        "name": given["name"],
        "display_name": given.get("displayName") or given["name"],
        "type": given["type"],
        "spec": given["spec"],
        "description": given.get("description") or "",
    }


def _update_fields(context: Context, view_id: str, given: dict[str, Any]) -> dict[str, Any]:
    """Fields of an update by id: what was given, the stored values for the rest."""
    current = context.store.get_view(view_id)
    if current is None:
        raise input_error(f"upsertView: no view with id {view_id!r}", code="NOT_FOUND")

    def pick(key: str, stored: str) -> str:
        value = given.get(key)
        return stored if value is None else str(value)

    return {
        "entity": pick("entityName", current.entity),
        "project": pick("projectName", current.project),
        "name": pick("name", current.name),
        "display_name": pick("displayName", current.display_name),
        "type": pick("type", current.type),
        "spec": pick("spec", current.spec),
        "description": pick("description", current.description),
        "id": view_id,
    }


@mutation_type.field("upsertView")
def _upsert_view(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    view_id = input.get("id")
    fields = _update_fields(context, view_id, input) if view_id else _insert_fields(input)
    view, inserted = context.store.upsert_view(
        **fields,
        expected_version=input.get("expectedVersion"),
        username=context.viewer.username if context.viewer else "",
    )
    return {"view": view, "inserted": inserted, "clientMutationId": input.get("clientMutationId")}


@mutation_type.field("deleteView")
def _delete_view(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    view_id = input.get("id")
    if not view_id:
        raise input_error("deleteView: id is required")
    success, pending = context_of(info).store.delete_report(
        view_id, delete_drafts=input.get("deleteDrafts") is True
    )
    return {
        "success": success,
        "pendingDrafts": pending,
        "clientMutationId": input.get("clientMutationId"),
    }
