"""Entities and projects: created on first write, as W&B does."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from . import schema
from .models import Project
from .names import check_name

__all__ = [
    "ensure_entity",
    "ensure_project",
    "find_project",
    "inserted_id",
    "list_entities",
    "list_projects",
    "set_project_description",
]

_e, _p = schema.entities, schema.projects


def ensure_entity(connection: Connection, name: str) -> int:
    """The id of entity ``name``, inserted if missing (call inside a write transaction)."""
    check_name("entity", name)
    found = connection.execute(select(_e.c.id).where(_e.c.name == name)).scalar()
    if found is not None:
        return int(found)
    result = connection.execute(_e.insert().values(name=name, created_at=_now()))
    return inserted_id(result.inserted_primary_key)


def ensure_project(connection: Connection, entity: str, project: str) -> Project:
    """The project, inserted (with its entity) if missing."""
    check_name("project", project)
    entity_id = ensure_entity(connection, entity)
    row = connection.execute(
        _select_projects().where(_p.c.entity_id == entity_id, _p.c.name == project)
    ).one_or_none()
    if row is not None:
        return _project(row)
    result = connection.execute(
        _p.insert().values(entity_id=entity_id, name=project, created_at=_now())
    )
    row = connection.execute(
        _select_projects().where(_p.c.id == inserted_id(result.inserted_primary_key))
    ).one()
    return _project(row)


def set_project_description(connection: Connection, project_id: int, description: str) -> None:
    connection.execute(_p.update().where(_p.c.id == project_id).values(description=description))


def find_project(connection: Connection, entity: str, project: str) -> Project | None:
    row = connection.execute(
        _select_projects().where(_e.c.name == entity, _p.c.name == project)
    ).one_or_none()
    return None if row is None else _project(row)


def list_entities(connection: Connection) -> list[str]:
    return list(connection.execute(select(_e.c.name).order_by(_e.c.name)).scalars())


def list_projects(connection: Connection, entity: str | None = None) -> list[Project]:
    query = _select_projects().order_by(_e.c.name, _p.c.name)
    if entity is not None:
        query = query.where(_e.c.name == entity)
    return [_project(row) for row in connection.execute(query)]


def _select_projects() -> Select[Any]:
    columns = (_p.c.id, _e.c.name.label("entity"), _p.c.name, _p.c.created_at, _p.c.description)
    return select(*columns).join_from(_p, _e, _p.c.entity_id == _e.c.id)


def _project(row: Row[Any]) -> Project:
    return Project(
        id=row.id,
        entity=row.entity,
        name=row.name,
        created_at=row.created_at,
        description=row.description,
    )


def inserted_id(key: Row[Any] | None) -> int:
    """The primary key of the row an insert just wrote."""
    if key is None or key[0] is None:
        raise RuntimeError("the database did not report the id of the inserted row")
    return int(key[0])


def _now() -> datetime:
    return datetime.now(timezone.utc)
