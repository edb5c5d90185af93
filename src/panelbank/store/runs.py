"""Runs and their files (call inside the store's transactions).

A run is addressed by (entity, project, name) where ``name`` is the run id the SDK picks
(the 8-character slug in URLs). The wandb SDK writes a run in pieces: ``upsertBucket``
(metadata and the whole config, again on every ``run.config.update``), then file_stream
(summary, system metrics, history line count, and at the end the exit code). Fields
passed as None keep their stored value, so each piece changes only what it carries.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from . import schema
from .errors import InvalidNameError, NotFoundError, StoreError
from .models import RUN_STATES, RunFile, RunRecord, history_key
from .names import check_run_name
from .projects import ensure_project, find_project, inserted_id
from .run_cache import RunCache

__all__ = [
    "RunMetadata",
    "RunUpdate",
    "add_run_file",
    "check_file_name",
    "check_run_name",
    "config_text",
    "delete_run",
    "get_run",
    "history_keys",
    "list_run_files",
    "list_runs",
    "state_for_exit",
    "update_run",
    "upsert_run",
]

_r, _f, _p, _e = schema.runs, schema.run_files, schema.projects, schema.entities

# Names per query in history_keys: well under SQLite's oldest limit of 999 bound parameters.
_NAMES_PER_QUERY = 500


def check_file_name(name: str) -> str:
    """``name`` if it is a relative file path inside a run (``media/images/a.png``)."""
    if not isinstance(name, str) or not name or len(name) > 1024:
        raise InvalidNameError(
            f"a run file name must be a non-empty relative path of at most 1024 characters, "
            f"got {name!r}"
        )
    parts = name.split("/")
    if (
        "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(char) < 32 for char in name)
    ):
        raise InvalidNameError(
            f"the run file name {name!r} is not a plain relative path: use '/'-separated "
            "parts without empty, '.' or '..' parts, backslashes or control characters"
        )
    return name


def state_for_exit(exitcode: int | None) -> str:
    """The state a run ends in: ``finished`` for exit code 0, ``crashed`` otherwise."""
    return "finished" if exitcode == 0 else "crashed"


@dataclasses.dataclass(frozen=True)
class RunMetadata:
    """What ``upsertBucket`` may set; None keeps the stored value."""

    display_name: str | None = None
    config: str | Mapping[str, Any] | None = None
    tags: Sequence[str] | None = None
    group: str | None = None
    job_type: str | None = None
    notes: str | None = None
    description: str | None = None
    host: str | None = None
    program: str | None = None
    commit: str | None = None
    sweep: str | None = None


@dataclasses.dataclass(frozen=True)
class RunUpdate:
    """What file_stream may change; None keeps the stored value."""

    summary: Mapping[str, Any] | None = None
    system_metrics: Mapping[str, Any] | None = None
    state: str | None = None
    exitcode: int | None = None
    history_line_count: int | None = None
    heartbeat: bool = True


def _dump(value: Any) -> str:
    # Python's json: NaN and Infinity are written as the SDK writes them, and read back
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800" in the JSON the client sent) has no UTF-8 form:
        # keep it as JSON's escape, which reads back as the same string.
        return json.dumps(value, separators=(",", ":"))
    return text


def config_text(config: str | Mapping[str, Any]) -> str:
    """The config as stored: JSON text of an object (W&B's ``{"key": {"value": ...}}``)."""
    if isinstance(config, str):
        try:
            parsed = json.loads(config)
        except ValueError as exc:
            raise StoreError(
                f"the run config is not valid JSON ({exc}); send a JSON object such as "
                '{"lr": {"value": 0.01}}'
            ) from None
    else:
        parsed = config
    if not isinstance(parsed, Mapping):
        raise StoreError(
            f"the run config must be a JSON object, not {type(parsed).__name__}; send "
            'for example {"lr": {"value": 0.01}}'
        )
    return _dump(dict(parsed))


_TEXT_FIELDS = (
    "display_name",
    "group",
    "job_type",
    "notes",
    "description",
    "host",
    "program",
    "commit",
    "sweep",
)


def _metadata_values(meta: RunMetadata) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in _TEXT_FIELDS:
        value = getattr(meta, field)
        if value is not None:
            values[field] = value
    if meta.config is not None:
        values["config"] = config_text(meta.config)
    if meta.tags is not None:
        if isinstance(meta.tags, str) or not all(isinstance(tag, str) for tag in meta.tags):
            raise StoreError(f"run tags must be a list of strings, got {meta.tags!r}")
        values["tags"] = _dump(list(meta.tags))
    return values


def upsert_run(
    connection: Connection,
    entity: str,
    project: str,
    name: str,
    meta: RunMetadata,
    *,
    username: str,
) -> tuple[RunRecord, bool]:
    """Insert a run (state ``running``) or update its metadata; returns (run, inserted)."""
    check_run_name(name)
    values = _metadata_values(meta)
    project_id = ensure_project(connection, entity, project).id
    now = _now()
    current = connection.execute(
        select(_r.c.id).where(_r.c.project_id == project_id, _r.c.name == name).with_for_update()
    ).scalar()
    if current is not None:
        connection.execute(_r.update().where(_r.c.id == current).values(updated_at=now, **values))
        return _load(connection, int(current)), False
    values.setdefault("display_name", name)
    result = connection.execute(
        _r.insert().values(
            project_id=project_id,
            name=name,
            state="running",
            created_at=now,
            updated_at=now,
            heartbeat_at=now,
            username=username,
            **values,
        )
    )
    return _load(connection, inserted_id(result.inserted_primary_key)), True


def update_run(
    connection: Connection, entity: str, project: str, name: str, update: RunUpdate
) -> RunRecord:
    """Change what file_stream carries; :class:`NotFoundError` if there is no such run."""
    pk = _pk(connection, entity, project, name, lock=True)
    now = _now()
    values: dict[str, Any] = {"updated_at": now}
    if update.heartbeat:
        values["heartbeat_at"] = now
    if update.summary is not None:
        values["summary"] = _dump(dict(update.summary))
    if update.system_metrics is not None:
        values["system_metrics"] = _dump(dict(update.system_metrics))
    if update.state is not None:
        if update.state not in RUN_STATES:
            raise StoreError(f"run state {update.state!r} is not one of {', '.join(RUN_STATES)}")
        values["state"] = update.state
    if update.exitcode is not None:
        values["exitcode"] = update.exitcode
    if update.history_line_count is not None:
        if update.history_line_count < 0:
            raise StoreError(
                f"history_line_count must be 0 or more, not {update.history_line_count}"
            )
        values["history_line_count"] = update.history_line_count
    connection.execute(_r.update().where(_r.c.id == pk).values(**values))
    return _load(connection, pk)


def get_run(
    connection: Connection, entity: str, project: str, name: str, *, cache: RunCache | None = None
) -> RunRecord | None:
    row = connection.execute(
        _select_runs().where(_e.c.name == entity, _p.c.name == project, _r.c.name == name)
    ).one_or_none()
    return None if row is None else _parsed(row, cache)


def list_runs(
    connection: Connection, entity: str, project: str, *, cache: RunCache | None = None
) -> list[RunRecord]:
    """Every run of the project, newest first; an unknown project has none.

    With ``cache``, rows read before (unchanged, column for column) are not parsed again.
    """
    query = (
        _select_runs()
        .where(_e.c.name == entity, _p.c.name == project)
        .order_by(_r.c.created_at.desc(), _r.c.id.desc())
    )
    return [_parsed(row, cache) for row in connection.execute(query)]


def _parsed(row: Row[Any], cache: RunCache | None) -> RunRecord:
    return _run(row) if cache is None else cache.get(row, _run)


def history_keys(
    connection: Connection, entity: str, project: str, names: Sequence[str]
) -> dict[str, str]:
    """``{name: history key}`` for each of ``names`` that is a run of the project.

    Reads only the runs' ids and names (through the unique index on project and name),
    never their JSON columns: what a history request needs, whatever the project's size.
    """
    found = find_project(connection, entity, project)
    if found is None:
        return {}
    wanted = list(dict.fromkeys(names))
    keys: dict[str, str] = {}
    for start in range(0, len(wanted), _NAMES_PER_QUERY):
        chunk = wanted[start : start + _NAMES_PER_QUERY]
        rows = connection.execute(
            select(_r.c.id, _r.c.name).where(_r.c.project_id == found.id, _r.c.name.in_(chunk))
        )
        keys.update((row.name, history_key(row.id)) for row in rows)
    return keys


def delete_run(connection: Connection, entity: str, project: str, name: str) -> bool:
    """Delete the run and its file records; False if there was none."""
    found = find_project(connection, entity, project)
    if found is None:
        return False
    pk = connection.execute(
        select(_r.c.id).where(_r.c.project_id == found.id, _r.c.name == name)
    ).scalar()
    if pk is None:
        return False
    connection.execute(_f.delete().where(_f.c.run_id == pk))
    return bool(connection.execute(_r.delete().where(_r.c.id == pk)).rowcount)


def add_run_file(
    connection: Connection, entity: str, project: str, name: str, file_name: str, size: int
) -> RunFile:
    """Record (or update the size of) a file of the run."""
    check_file_name(file_name)
    if size < 0:
        raise StoreError(f"a file size must be 0 or more, not {size}")
    pk = _pk(connection, entity, project, name, lock=False)
    now = _now()
    existing = connection.execute(
        select(_f.c.id).where(_f.c.run_id == pk, _f.c.name == file_name)
    ).scalar()
    if existing is None:
        connection.execute(_f.insert().values(run_id=pk, name=file_name, size=size, updated_at=now))
    else:
        connection.execute(_f.update().where(_f.c.id == existing).values(size=size, updated_at=now))
    return RunFile(run_pk=pk, name=file_name, size=size, updated_at=now)


def list_run_files(connection: Connection, entity: str, project: str, name: str) -> list[RunFile]:
    """The run's files sorted by name; :class:`NotFoundError` if there is no such run."""
    pk = _pk(connection, entity, project, name, lock=False)
    rows = connection.execute(select(_f).where(_f.c.run_id == pk).order_by(_f.c.name))
    return [
        RunFile(run_pk=row.run_id, name=row.name, size=row.size, updated_at=row.updated_at)
        for row in rows
    ]


def _pk(connection: Connection, entity: str, project: str, name: str, *, lock: bool) -> int:
    query = (
        select(_r.c.id)
        .join_from(_r, _p, _r.c.project_id == _p.c.id)
        .join(_e, _p.c.entity_id == _e.c.id)
        .where(_e.c.name == entity, _p.c.name == project, _r.c.name == name)
    )
    pk = connection.execute(query.with_for_update(of=_r) if lock else query).scalar()
    if pk is None:
        raise NotFoundError(
            f"no run {name!r} in {entity}/{project}; runs are created by upsertBucket "
            "(wandb.init) before anything else is logged"
        )
    return int(pk)


def _select_runs() -> Select[Any]:
    return (
        select(_r, _e.c.name.label("entity_name"), _p.c.name.label("project_name"))
        .join_from(_r, _p, _r.c.project_id == _p.c.id)
        .join(_e, _p.c.entity_id == _e.c.id)
    )


def _load(connection: Connection, pk: int) -> RunRecord:
    return _run(connection.execute(_select_runs().where(_r.c.id == pk)).one())


def _object(text: str) -> dict[str, Any]:
    value = json.loads(text) if text else {}
    return value if isinstance(value, dict) else {}


def _run(row: Row[Any]) -> RunRecord:
    mapping = row._mapping
    tags = json.loads(mapping["tags"] or "[]")
    return RunRecord(
        pk=mapping["id"],
        entity=mapping["entity_name"],
        project=mapping["project_name"],
        name=mapping["name"],
        display_name=mapping["display_name"],
        state=mapping["state"],
        config=_object(mapping["config"]),
        summary=_object(mapping["summary"]),
        system_metrics=_object(mapping["system_metrics"]),
        tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
        group=mapping["group"],
        job_type=mapping["job_type"],
        notes=mapping["notes"],
        description=mapping["description"],
        host=mapping["host"],
        program=mapping["program"],
        commit=mapping["commit"],
        sweep=mapping["sweep"],
        exitcode=mapping["exitcode"],
        history_line_count=mapping["history_line_count"],
        created_at=mapping["created_at"],
        updated_at=mapping["updated_at"],
        heartbeat_at=mapping["heartbeat_at"],
        username=mapping["username"],
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)
