"""Resolvers for the rest of a run's life: resuming, files, deletion; entities and teams.

* ``RunResumeStatus`` (``wandb.init(resume=...)``): ``model(name, entityName)``
  (= ``project``), ``Project.bucket(name, missingOk)`` and the run's line counts and
  tails, from which the SDK continues history, console and system metrics where they
  stopped;
* ``RunFiles`` / ``RunDownloadUrls``: ``Run.fileCount`` and ``Run.files`` with signed
  download URLs (GET, no key needed, an hour long);
* ``DeleteRun``: the run's record, history and files;
* ``GetTeamEntity`` / ``EntityProjects``: the entity fields W&B's public API reads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import os
import re
from pathlib import Path
from typing import Any

from ariadne import MutationType, ObjectType

from ...store import Project
from ...store.models import RunFile, RunRecord
from ..resolvers._context import Context, Info, context_of, gid, input_error
from ..resolvers._paging import connection
from .files import RunFiles
from .graphql import decode_run_gid
from .signing import UploadTarget, signer_for

__all__ = ["LIFECYCLE_BINDABLES", "delete_run"]

lifecycle_mutation = MutationType()
bucket_project_type = ObjectType("Project")
lifecycle_run_type = ObjectType("Run")
file_type = ObjectType("File")
entity_type = ObjectType("Entity")

HISTORY_TAIL = 10  # rows W&B's historyTail holds; the SDK reads the last one
_OUTPUT = "output.log"
_MD5_CHUNK = 1 << 20


def _files_of(context: Context) -> RunFiles:
    return RunFiles(context.settings.home / "files")


def _events_key(run: RunRecord) -> str:
    return f"{run.history_key}/events"  # where file_stream keeps system metrics


# -- Project.bucket -----------------------------------------------------------------------
@bucket_project_type.field("bucket")
def _bucket(
    project: Project, info: Info, name: str, missingOk: bool | None = None
) -> RunRecord | None:
    run = context_of(info).store.get_run(project.entity, project.name, name)
    if run is None and not missingOk:
        raise input_error(
            f"no run {name!r} in {project.entity}/{project.name}; pass missingOk: true "
            "to get null instead",
            code="NOT_FOUND",
        )
    return run


@bucket_project_type.field("repo")
@bucket_project_type.field("dockerImage")
def _project_none(_project: Project, _info: Info) -> None:
    return None


# -- Run: what resuming reads ---------------------------------------------------------------
@lifecycle_run_type.field("logLineCount")
def _log_line_count(run: RunRecord, info: Info) -> int:
    files = _files_of(context_of(info))
    return files.line_count(files.path(run.entity, run.project, run.name, _OUTPUT))


@lifecycle_run_type.field("eventsLineCount")
def _events_line_count(run: RunRecord, info: Info) -> int:
    history = context_of(info).history
    return 0 if history is None else history.line_count(_events_key(run))


def _tail(info: Info, key: str) -> str:
    history = context_of(info).history
    rows = [] if history is None else history.tail(key, HISTORY_TAIL)
    # NaN and infinity as the SDK writes them (its JSON reader takes them back)
    return json.dumps([json.dumps(row, default=str) for row in rows])


@lifecycle_run_type.field("historyTail")
def _history_tail(run: RunRecord, info: Info) -> str:
    return _tail(info, run.history_key)


@lifecycle_run_type.field("eventsTail")
def _events_tail(run: RunRecord, info: Info) -> str:
    return _tail(info, _events_key(run))


@lifecycle_run_type.field("wandbConfig")
def _wandb_config(run: RunRecord, _info: Info, keys: list[str] | None = None) -> dict[str, Any]:
    """``{key: value}`` of the SDK's ``_wandb`` config entry (``t`` says the run started)."""
    entry = run.config.get("_wandb")
    values = entry.get("value") if isinstance(entry, dict) else None
    if not isinstance(values, dict):
        return {}
    return {key: value for key, value in values.items() if keys is None or key in keys}


# -- Run: files -----------------------------------------------------------------------------
@lifecycle_run_type.field("fileCount")
def _file_count(run: RunRecord, info: Info) -> int:
    return len(context_of(info).store.list_run_files(run.entity, run.project, run.name))


def _like(pattern: str) -> re.Pattern[str]:
    """SQL LIKE (``%`` any run, ``_`` one character), as W&B's ``pattern`` argument."""
    parts = (".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.DOTALL)


@lifecycle_run_type.field("files")
def _run_files(
    run: RunRecord,
    info: Info,
    names: list[str | None] | None = None,
    after: str | None = None,
    first: int | None = None,
    pattern: str | None = None,
) -> dict[str, Any]:
    context = context_of(info)
    if names and pattern:
        raise input_error("files: give names or pattern, not both")
    records = context.store.list_run_files(run.entity, run.project, run.name)
    if names:
        wanted = {name for name in names if name}
        records = [record for record in records if record.name in wanted]
    elif pattern:
        regex = _like(pattern)
        records = [record for record in records if regex.fullmatch(record.name)]
    return connection([(run, record) for record in records], first=first, after=after)


_FileNode = tuple[RunRecord, RunFile]


def _file_path(info: Info, node: _FileNode) -> Path:
    run, record = node
    return _files_of(context_of(info)).path(run.entity, run.project, run.name, record.name)


def _signed(info: Info, node: _FileNode, method: str) -> str:
    run, record = node
    settings = context_of(info).settings
    target = UploadTarget(run.entity, run.project, run.name, record.name)
    return settings.public_url + signer_for(settings).path_for(target, method=method)


def _own(node: Any, key: str) -> Any:
    """A field of a File given as a dict (an artifact's file, createRunFiles' entries):
    ``File`` is one GraphQL type for run files (``(run, record)`` pairs) and these."""
    return node.get(key) if isinstance(node, dict) else None


@file_type.field("id")
def _file_id(node: Any, _info: Info) -> Any:
    if not isinstance(node, tuple):
        return _own(node, "id")  # an artifact's file, or createRunFiles' entries (none)
    run, record = node
    return gid("File", f"{run.entity}:{run.project}:{run.name}:{record.name}")


@file_type.field("name")
def _file_name(node: Any, _info: Info) -> str:
    return str(node[1].name if isinstance(node, tuple) else node["name"])


@file_type.field("uploadUrl")
def _file_upload_url(node: Any, info: Info) -> str | None:
    if isinstance(node, tuple):
        return _signed(info, node, "PUT")
    value = node.get("uploadUrl")
    return None if value is None else str(value)


@file_type.field("url")
def _file_url(node: Any, info: Info, upload: bool | None = None) -> Any:
    if not isinstance(node, tuple):
        return _own(node, "url")
    return _signed(info, node, "PUT" if upload else "GET")


@file_type.field("directUrl")
def _file_direct_url(node: Any, info: Info) -> Any:
    return _signed(info, node, "GET") if isinstance(node, tuple) else _own(node, "directUrl")


@file_type.field("sizeBytes")
def _file_size(node: Any, _info: Info) -> Any:
    return node[1].size if isinstance(node, tuple) else _own(node, "sizeBytes")


@file_type.field("mimetype")
def _file_mimetype(node: Any, _info: Info) -> Any:
    if not isinstance(node, tuple):
        return _own(node, "mimetype")
    return mimetypes.guess_type(node[1].name)[0] or "application/octet-stream"


@file_type.field("updatedAt")
def _file_updated_at(node: Any, _info: Info) -> object:
    if not isinstance(node, tuple):
        return _own(node, "updatedAt")
    return node[1].updated_at.replace(microsecond=0)


@file_type.field("md5")
def _file_md5(node: Any, info: Info) -> Any:
    if not isinstance(node, tuple):
        return _own(node, "md5")
    digest = hashlib.md5(usedforsecurity=False)
    try:
        with _file_path(info, node).open("rb") as handle:
            while chunk := handle.read(_MD5_CHUNK):
                digest.update(chunk)
    except OSError:
        return None  # recorded but gone from disk
    return base64.b64encode(digest.digest()).decode("ascii")


# -- DeleteRun ------------------------------------------------------------------------------
def delete_run(context: Context, entity: str, project: str, name: str) -> bool:
    """Delete a run's record, then its history and files; False if there was no run."""
    run = context.store.get_run(entity, project, name)
    if run is None or not context.store.delete_run(entity, project, name):
        return False
    if context.history is not None:
        context.history.delete(run.history_key)
        context.history.delete(_events_key(run))
    _files_of(context).remove_run(entity, project, name)
    return True


@lifecycle_mutation.field("deleteRun")
def _delete_run(_root: object, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    found = decode_run_gid(input["id"])
    if found is None:
        raise input_error(f"deleteRun: id {input['id']!r} is not a run id of this server")
    delete_run(context_of(info), *found)  # a run already gone is fine, as on W&B
    return {"clientMutationId": input.get("clientMutationId")}


# -- Entity ---------------------------------------------------------------------------------
def _entity_name(entity: Any) -> str:
    return str(entity["name"])


def _owner(info: Info, entity: Any) -> Any:
    """The user the entity is named after, or None for a team."""
    return context_of(info).store.find_user(_entity_name(entity))


@entity_type.field("available")
def _entity_available(_entity: Any, _info: Info) -> bool:
    return False  # it exists, so the name is taken


@entity_type.field("readOnly")
@entity_type.field("readOnlyAdmin")
@entity_type.field("privateOnly")
@entity_type.field("codeSavingEnabled")
@entity_type.field("isPaid")
def _entity_false(_entity: Any, _info: Info) -> bool:
    return False


@entity_type.field("photoUrl")
def _entity_photo(_entity: Any, _info: Info) -> None:
    return None


@entity_type.field("isTeam")
def _entity_is_team(entity: Any, info: Info) -> bool:
    return _owner(info, entity) is None


@entity_type.field("entityType")
def _entity_type(entity: Any, info: Info) -> str:
    return "TEAM" if _owner(info, entity) is None else "USER"


@entity_type.field("defaultAccess")
def _entity_default_access(_entity: Any, _info: Info) -> str:
    return "USER_READ"


@entity_type.field("storageBytes")
def _entity_storage_bytes(entity: Any, info: Info) -> int:
    root = _files_of(context_of(info)).root / _entity_name(entity)
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            try:
                total += os.stat(os.path.join(folder, name)).st_size
            except OSError:  # an upload's temporary file, renamed or removed meanwhile
                continue
    return total


@entity_type.field("members")
def _entity_members(entity: Any, info: Info) -> list[dict[str, Any]]:
    user = _owner(info, entity)
    if user is None:
        return []
    return [
        {
            "id": gid("User", user.id),
            "admin": user.admin,
            "pending": False,
            "email": user.email or None,
            "username": user.username,
            "name": user.name or user.username,
            "photoUrl": None,
            "accountType": "USER",
            "apiKey": None,
        }
    ]


@entity_type.field("projects")
def _entity_projects(
    entity: Any, info: Info, first: int | None = None, after: str | None = None
) -> dict[str, Any]:
    projects = context_of(info).store.list_projects(_entity_name(entity))
    return connection(projects, first=first, after=after)


LIFECYCLE_BINDABLES = [
    lifecycle_mutation,
    bucket_project_type,
    lifecycle_run_type,
    file_type,
    entity_type,
]
