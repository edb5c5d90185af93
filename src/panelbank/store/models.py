"""What the store hands out: plain, immutable records (no ORM objects leak out)."""

from __future__ import annotations

import base64
import dataclasses
from datetime import datetime
from typing import Any

__all__ = [
    "AccessToken",
    "ApiKeyInfo",
    "Project",
    "RunFile",
    "RunRecord",
    "User",
    "View",
    "ViewVersion",
    "decode_view_gid",
    "view_gid",
]


def view_gid(pk: int) -> str:
    """The GraphQL id of a view, as W&B writes it: ``base64("View:<pk>")``."""
    return base64.b64encode(f"View:{pk}".encode()).decode("ascii")


def decode_view_gid(gid: str) -> int | None:
    """The primary key behind a view GraphQL id, or None if it is not one."""
    try:
        text = base64.b64decode(gid.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        return None
    kind, _, number = text.partition(":")
    # ASCII digits only ("²".isdigit() is true), and a key the database can hold
    if kind != "View" or not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    return int(number)


@dataclasses.dataclass(frozen=True)
class User:
    id: int
    username: str
    email: str
    name: str
    admin: bool


@dataclasses.dataclass(frozen=True)
class ApiKeyInfo:
    """An API key as listed: never the secret, only its id, a short prefix and metadata."""

    id: int
    username: str
    description: str
    prefix: str  # the first characters ("local-" and 8 hex digits), for recognising a key
    created_at: datetime
    revoked: bool = False


@dataclasses.dataclass(frozen=True)
class Project:
    id: int
    entity: str
    name: str
    created_at: datetime
    description: str = ""


@dataclasses.dataclass(frozen=True)
class View:
    """A stored view (a saved workspace is a view of type ``project-view``)."""

    pk: int
    entity: str
    project: str
    name: str  # internal name, e.g. nw-abc123def45-v
    display_name: str
    type: str  # project-view, runs, ...
    description: str
    spec: str  # byte for byte as received
    version: int  # 1 on insert, +1 on every update
    created_at: datetime
    updated_at: datetime
    created_by: str  # username
    parent_pk: int | None = None  # a report draft's published report

    @property
    def id(self) -> str:
        return view_gid(self.pk)


@dataclasses.dataclass(frozen=True)
class AccessToken:
    """A report's share-link token: it reads the view and the runs of ``projects``."""

    token: str
    view_pk: int
    type: str  # PUBLIC
    projects: tuple[tuple[str, str], ...]  # (entity, project) pairs it grants
    created_at: datetime
    created_by: str
    revoked_at: datetime | None

    @property
    def view_id(self) -> str:
        return view_gid(self.view_pk)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclasses.dataclass(frozen=True)
class ViewVersion:
    """One earlier (or the current) state of a view, kept on every write."""

    view_pk: int
    version: int
    display_name: str
    spec: str
    created_at: datetime
    created_by: str


RUN_STATES = ("running", "finished", "crashed", "failed")


def history_key(run_pk: int) -> str:
    """The name of a run's history in the history store (``RunRecord.history_key``)."""
    return f"run-{run_pk}"


@dataclasses.dataclass(frozen=True)
class RunRecord:
    """The store's record of a run, as logged by the wandb SDK (its history lives in
    panelbank.history, see ``RunHistory``).

    ``name`` is the run id (the 8-character slug in URLs); ``config`` is W&B's stored form
    ``{"lr": {"value": 0.01, "desc": None}, ...}``; ``summary`` the latest summary dict;
    ``state`` one of ``running``, ``finished``, ``crashed`` (non-zero exit code) or
    ``failed``; ``history_key`` names the run's history in the history store.

    Read-only: the store hands the same record to every reader while its row is
    unchanged (:mod:`.run_cache`), so its dicts are never changed in place.
    """

    pk: int
    entity: str
    project: str
    name: str
    display_name: str
    state: str
    config: dict[str, Any]
    summary: dict[str, Any]
    system_metrics: dict[str, Any]
    tags: tuple[str, ...]
    group: str | None
    job_type: str | None
    notes: str | None
    description: str | None
    host: str | None
    program: str | None
    commit: str | None
    sweep: str | None
    exitcode: int | None
    history_line_count: int
    created_at: datetime
    updated_at: datetime
    heartbeat_at: datetime
    username: str

    @property
    def history_key(self) -> str:
        return history_key(self.pk)


@dataclasses.dataclass(frozen=True)
class RunFile:
    """A file of a run (uploaded by the client, or written from file_stream)."""

    run_pk: int
    name: str
    size: int
    updated_at: datetime
