"""Numbered schema migrations, run in order at open and recorded in ``schema_version``.

Each migration runs once, in the same transaction as its ``schema_version`` row, so a
database is always at a whole level. Opening a database at an older level upgrades it;
opening one at a newer level than this code knows is refused. Migrations are never
edited once released: a change to :mod:`.schema` comes with a new migration (the first
ones create tables from :mod:`.schema`, so copy a table's old definition into its
creating migration before changing it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    inspect,
    select,
    text,
)

from . import schema
from .engine import write
from .errors import StoreError

__all__ = ["LATEST", "MIGRATIONS", "current_level", "migrate"]


# The tables as migrations 1 and 2 created them, before migration 6 added columns.
_OLD = MetaData()
schema.entities.to_metadata(_OLD)
_projects_v1 = Table(
    "projects",
    _OLD,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("created_at", schema.UTCDateTime, nullable=False),
    UniqueConstraint("entity_id", "name", name="uq_projects_entity_name"),
)
_views_v2 = Table(
    "views",
    _OLD,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("display_name", Text, nullable=False, default=""),
    Column("type", String(64), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("spec", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", schema.UTCDateTime, nullable=False),
    Column("updated_at", schema.UTCDateTime, nullable=False),
    Column("created_by", String(255), nullable=False, default=""),
    UniqueConstraint("project_id", "name", name="uq_views_project_name"),
    Index("ix_views_project_updated", "project_id", "updated_at"),
)


def _m001_accounts(connection: Connection) -> None:
    """Entities, users with API keys, projects."""
    for table in (schema.entities, schema.users, schema.api_keys, _projects_v1):
        table.create(connection)


def _m002_views(connection: Connection) -> None:
    """Views and their version history."""
    for table in (_views_v2, schema.view_versions):
        table.create(connection)


def _m003_runs(connection: Connection) -> None:
    """Runs logged by the wandb SDK and their files (history lives outside SQL)."""
    for table in (schema.runs, schema.run_files):
        table.create(connection)


def _m004_sessions(connection: Connection) -> None:
    """Browser sessions kept on the server, so that logging out ends them."""
    schema.sessions.create(connection)


def _m005_artifacts(connection: Connection) -> None:
    """Artifact types, collections, versions, memberships, aliases and usages."""
    for table in (
        schema.artifact_types,
        schema.artifact_collections,
        schema.artifacts,
        schema.artifact_memberships,
        schema.artifact_aliases,
        schema.artifact_usages,
    ):
        table.create(connection)


def _m006_reports(connection: Connection) -> None:
    """Reports: share-link access tokens, a draft's parent report, project descriptions."""
    connection.execute(text("ALTER TABLE projects ADD COLUMN description TEXT NOT NULL DEFAULT ''"))
    connection.execute(text("ALTER TABLE views ADD COLUMN parent_id INTEGER"))
    schema.views_parent_index.create(connection)
    schema.access_tokens.create(connection)


def _m007_artifact_tags(connection: Connection) -> None:
    """Tags of artifact versions and of artifact collections; the other runs that logged
    a version; a collection's description may be null (none given), as on W&B."""
    schema.artifact_tags.create(connection)
    schema.artifact_collection_tags.create(connection)
    schema.artifact_outputs.create(connection)
    table = schema.artifact_collections.name
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"ALTER TABLE {table} ALTER COLUMN description DROP NOT NULL"))
    elif not _nullable(connection, table, "description"):  # SQLite: no ALTER COLUMN
        for statement in (
            f"ALTER TABLE {table} ADD COLUMN description_text TEXT",
            f"UPDATE {table} SET description_text = description",
            f"ALTER TABLE {table} DROP COLUMN description",
            f"ALTER TABLE {table} RENAME COLUMN description_text TO description",
        ):
            connection.execute(text(statement))
    # until now an empty description was what a collection got when none was given
    connection.execute(text(f"UPDATE {table} SET description = NULL WHERE description = ''"))


def _nullable(connection: Connection, table: str, column: str) -> bool:
    found = {c["name"]: c for c in inspect(connection).get_columns(table)}
    return bool(found[column]["nullable"])


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _m001_accounts),
    (2, _m002_views),
    (3, _m003_runs),
    (4, _m004_sessions),
    (5, _m005_artifacts),
    (6, _m006_reports),
    (7, _m007_artifact_tags),
)
LATEST = MIGRATIONS[-1][0]

# Concurrent first opens of one PostgreSQL database take turns on this lock
# (SQLite serialises them with BEGIN IMMEDIATE).
_PG_LOCK_ID = 0x70616E656C  # "panel"


def current_level(connection: Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not connection.dialect.has_table(connection, schema.schema_version.name):
        return 0
    level = connection.execute(select(func.max(schema.schema_version.c.version))).scalar()
    return int(level or 0)


def migrate(engine: Engine, *, target: int | None = None) -> int:
    """Apply the migrations above the database's level, up to ``target`` (default all).

    Returns the level reached. Safe to call on every open: it does nothing when the
    database is current.
    """
    target = LATEST if target is None else target
    with write(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
        schema.schema_version.create(connection, checkfirst=True)
        level = current_level(connection)
        if level > LATEST:
            raise StoreError(
                f"the database is at schema level {level} but this panelbank knows only up to "
                f"{LATEST}; upgrade panelbank to open it"
            )
        for number, step in MIGRATIONS:
            if level < number <= target:
                step(connection)
                connection.execute(
                    schema.schema_version.insert().values(
                        version=number, applied_at=datetime.now(timezone.utc)
                    )
                )
                level = number
    return level
