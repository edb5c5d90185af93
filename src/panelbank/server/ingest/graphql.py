"""GraphQL of ingest: ``upsertBucket``, ``createRunFiles``, ``entity(name)``.

``upsertBucket`` answers with the stored :class:`~panelbank.store.models.RunRecord` as its
``bucket``; the ``Run`` fields the SDK selects on it are resolved by the read side
(``resolvers/runs.py``), which owns the ``Run`` type.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import string
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from ...store import Project
from ...store.runs import check_file_name
from ..resolvers._context import Info, context_of, gid, input_error
from .files import RunFiles
from .signing import UploadTarget, signer_for

__all__ = ["INGEST_BINDABLES", "decode_run_gid", "run_gid"]

ingest_query = QueryType()
ingest_mutation = MutationType()
project_entity_type = ObjectType("Project")

DEFAULT_PROJECT = "uncategorized"  # where W&B puts runs logged without a project
_RUN_ID_ALPHABET = string.ascii_lowercase + string.digits


def run_gid(entity: str, project: str, name: str) -> str:
    """A run's GraphQL id: ``base64("Run:<entity>:<project>:<name>")``."""
    return gid("Run", f"{entity}:{project}:{name}")


def decode_run_gid(value: str) -> tuple[str, str, str] | None:
    """(entity, project, name) of a run id from :func:`run_gid`, or None."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeError):
        return None
    kind, _, rest = text.partition(":")
    parts = rest.rsplit(":", 2)  # run and project names hold no ':'; an entity might
    if kind != "Run" or len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def _new_run_name() -> str:
    return "".join(secrets.choice(_RUN_ID_ALPHABET) for _ in range(8))


# -- Mutation ---------------------------------------------------------------------------
@ingest_mutation.field("upsertBucket")
def _upsert_bucket(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    viewer = context.viewer.username if context.viewer else ""
    known: tuple[str, str, str] | None = None
    if input.get("id"):
        known = decode_run_gid(input["id"])
        if known is None:
            raise input_error(f"upsertBucket: id {input['id']!r} is not a run id of this server")
    entity = input.get("entityName") or (known[0] if known else viewer)
    project = input.get("modelName") or (known[1] if known else DEFAULT_PROJECT)
    name = input.get("name") or (known[2] if known else _new_run_name())
    if not entity:
        raise input_error("upsertBucket: entityName is required (no user to default to)")
    run, inserted = context.store.upsert_run(
        entity,
        project,
        name,
        display_name=input.get("displayName"),
        config=input.get("config"),
        tags=input.get("tags"),
        group=input.get("groupName"),
        job_type=input.get("jobType"),
        notes=input.get("notes"),
        description=input.get("description"),
        host=input.get("host"),
        program=input.get("jobProgram"),
        commit=input.get("commit"),
        sweep=input.get("sweep"),
        username=viewer,
    )
    summary = input.get("summaryMetrics")
    if summary is not None:
        if not isinstance(summary, dict):
            raise input_error("upsertBucket: summaryMetrics must be a JSON object")
        run = context.store.update_run(entity, project, name, summary=summary, heartbeat=False)
    return {"bucket": run, "inserted": inserted, "clientMutationId": input.get("clientMutationId")}


@ingest_mutation.field("createRunFiles")
def _create_run_files(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    context = context_of(info)
    entity, project, name = input["entityName"], input["projectName"], input["runName"]
    run = context.store.get_run(entity, project, name)
    if run is None:
        raise input_error(
            f"createRunFiles: no run {name!r} in {entity}/{project}; create it with "
            "upsertBucket first",
            code="NOT_FOUND",
        )
    files = RunFiles(context.settings.home / "files")
    signer = signer_for(context.settings)
    out = []
    for file_name in input["files"]:
        files.path(entity, project, name, check_file_name(file_name))  # refuses bad paths
        path = signer.path_for(UploadTarget(entity, project, name, file_name))
        out.append({"name": file_name, "uploadUrl": context.settings.public_url + path})
    return {
        "runID": run_gid(entity, project, name),
        "uploadHeaders": [],
        "files": out,
        "clientMutationId": input.get("clientMutationId"),
    }


# -- Query ------------------------------------------------------------------------------
def _entity_record(name: str) -> dict[str, Any]:
    return {"id": gid("Entity", name), "name": name, "organization": None}


@ingest_query.field("entity")
def _entity(_root: object, info: Info, name: str) -> dict[str, Any] | None:
    if name not in context_of(info).store.list_entities():
        return None
    return _entity_record(name)


@project_entity_type.field("entity")
def _project_entity(project: Project, _info: Info) -> dict[str, Any]:
    return _entity_record(project.entity)


# -- Run (what upsertBucket selects) ----------------------------------------------------
INGEST_BINDABLES = [ingest_query, ingest_mutation, project_entity_type]
