"""The tables, as SQLAlchemy Core metadata: what a fully migrated database looks like.

Portable SQL only (SQLite and PostgreSQL). Changing a table here needs a new migration
in :mod:`.migrations` that brings existing databases to the same shape.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

__all__ = [
    "UTCDateTime",
    "access_tokens",
    "api_keys",
    "artifact_aliases",
    "artifact_collection_tags",
    "artifact_collections",
    "artifact_memberships",
    "artifact_outputs",
    "artifact_tags",
    "artifact_types",
    "artifact_usages",
    "artifacts",
    "entities",
    "metadata",
    "projects",
    "run_files",
    "runs",
    "schema_version",
    "sessions",
    "users",
    "view_versions",
    "views",
    "views_parent_index",
]


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes in, the same out, on every backend.

    SQLite has no timezone type: values are stored as naive UTC and marked UTC on read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps UTC-aware times only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


metadata = MetaData()

# One row per applied migration (see .migrations).
schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(255), nullable=False, unique=True),
    Column("email", String(255), nullable=False, default=""),
    Column("name", String(255), nullable=False, default=""),
    Column("admin", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),  # sha256 hex of the secret
    Column("prefix", String(32), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

# Browser logins: one row per session cookie, deleted at logout (the cookie holds a random
# token; only its hash is stored). A session ends with its key: see .sessions.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 hex of the cookie's token
    Column("api_key_id", Integer, ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("description", Text, nullable=False, default="", server_default=""),  # level 6
    UniqueConstraint("entity_id", "name", name="uq_projects_entity_name"),
)

views = Table(
    "views",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("display_name", Text, nullable=False, default=""),
    Column("type", String(64), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("spec", Text, nullable=False),  # byte for byte as received
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("created_by", String(255), nullable=False, default=""),
    # level 6: a report draft's published report (views.id; no foreign key, so that
    # SQLite can add the column to an existing table), null for every other view
    Column("parent_id", Integer, nullable=True),
    UniqueConstraint("project_id", "name", name="uq_views_project_name"),
    Index("ix_views_project_updated", "project_id", "updated_at"),
)
views_parent_index = Index("ix_views_parent", views.c.parent_id)

# Share links of reports (level 6). The token itself is kept, not a hash: the W&B
# clients read a report's active tokens back (View.accessTokens) to rebuild its link.
# It is answered only to authenticated users, never logged (server.auth).
access_tokens = Table(
    "access_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("view_id", Integer, ForeignKey("views.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),  # PUBLIC
    Column("projects", Text, nullable=False, default="[]"),  # JSON [[entity, project], ...]
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(255), nullable=False, default=""),
    Column("revoked_at", UTCDateTime, nullable=True),
    Index("ix_access_tokens_view", "view_id"),
)

view_versions = Table(
    "view_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("view_id", Integer, ForeignKey("views.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("display_name", Text, nullable=False, default=""),
    Column("spec", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(255), nullable=False, default=""),
    UniqueConstraint("view_id", "version", name="uq_view_versions_view_version"),
)

# A run as the wandb SDK logs it. JSON columns hold JSON text (Python's json, so NaN and
# Infinity survive); the history lives in panelbank.history under "run-<id>".
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),  # the run id (8-character slug)
    Column("display_name", Text, nullable=False, default=""),
    Column("state", String(32), nullable=False),
    Column("config", Text, nullable=False, default="{}"),
    Column("summary", Text, nullable=False, default="{}"),
    Column("system_metrics", Text, nullable=False, default="{}"),
    Column("tags", Text, nullable=False, default="[]"),
    Column("group", Text, nullable=True),
    Column("job_type", Text, nullable=True),
    Column("notes", Text, nullable=True),
    Column("description", Text, nullable=True),
    Column("host", Text, nullable=True),
    Column("program", Text, nullable=True),
    Column("commit", Text, nullable=True),
    Column("sweep", Text, nullable=True),
    Column("exitcode", Integer, nullable=True),
    Column("history_line_count", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("heartbeat_at", UTCDateTime, nullable=False),
    Column("username", String(255), nullable=False, default=""),
    UniqueConstraint("project_id", "name", name="uq_runs_project_name"),
    Index("ix_runs_project_created", "project_id", "created_at"),
)

run_files = Table(
    "run_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(1024), nullable=False),  # relative path, e.g. media/images/a.png
    Column("size", BigInteger, nullable=False, default=0),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("run_id", "name", name="uq_run_files_run_name"),
)


# Artifacts (see .artifacts). A collection is a sequence (the versions logged under one
# name) or a portfolio (versions linked into it); every committed version is a member of
# its sequence with its version index, and of each portfolio it was linked to.
artifact_types = Table(
    "artifact_types",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(128), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("project_id", "name", name="uq_artifact_types_project_name"),
)

artifact_collections = Table(
    "artifact_collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("type_id", Integer, ForeignKey("artifact_types.id"), nullable=False),
    Column("name", String(128), nullable=False),
    Column("kind", String(16), nullable=False),  # SEQUENCE or PORTFOLIO
    Column("description", Text, nullable=True),  # null: none given (W&B tells it from "")
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("project_id", "name", name="uq_artifact_collections_project_name"),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "sequence_id",
        Integer,
        ForeignKey("artifact_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("state", String(16), nullable=False),  # PENDING, COMMITTED, DELETED
    Column("digest", String(128), nullable=False),
    Column("description", Text, nullable=True),
    Column("metadata", Text, nullable=True),  # JSON text as the SDK sent it
    Column("ttl_seconds", BigInteger, nullable=True),  # null: inherited; -2: none; or seconds
    Column("history_step", BigInteger, nullable=True),
    Column("client_id", String(128), nullable=True, index=True),
    Column("sequence_client_id", String(128), nullable=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL"), nullable=True),
    Column("manifest_md5", String(32), nullable=True),  # the manifest blob, once uploaded
    Column("manifest_type", String(16), nullable=False, default="FULL"),
    Column("base_artifact_id", Integer, nullable=True),
    Column("size", BigInteger, nullable=False, default=0),
    Column("file_count", BigInteger, nullable=False, default=0),
    Column("pending_aliases", Text, nullable=False, default="[]"),  # applied at commit
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_artifacts_sequence_digest", "sequence_id", "digest"),
)

artifact_memberships = Table(
    "artifact_memberships",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "collection_id",
        Integer,
        ForeignKey("artifact_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("version_index", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("collection_id", "artifact_id", name="uq_artifact_memberships_member"),
    UniqueConstraint("collection_id", "version_index", name="uq_artifact_memberships_version"),
)

artifact_aliases = Table(
    "artifact_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "collection_id",
        Integer,
        ForeignKey("artifact_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("alias", String(128), nullable=False),
    UniqueConstraint("collection_id", "alias", name="uq_artifact_aliases_collection_alias"),
)

# Lineage: the runs that used a version (the run that logged it is artifacts.run_id).
artifact_usages = Table(
    "artifact_usages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("used_as", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("artifact_id", "run_id", name="uq_artifact_usages_artifact_run"),
)

# Lineage: the other runs that logged a version (createArtifact with the digest of a
# committed one gives them that version; the first is artifacts.run_id).
artifact_outputs = Table(
    "artifact_outputs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("artifact_id", "run_id", name="uq_artifact_outputs_artifact_run"),
)

# Tags (see .artifact_tags): a version's own, and a collection's.
artifact_tags = Table(
    "artifact_tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(128), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("artifact_id", "name", name="uq_artifact_tags_artifact_name"),
)

artifact_collection_tags = Table(
    "artifact_collection_tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "collection_id",
        Integer,
        ForeignKey("artifact_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("name", String(128), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("collection_id", "name", name="uq_artifact_collection_tags_name"),
)
