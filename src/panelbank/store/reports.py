"""Reports on top of views: drafts, deleting with drafts, share-link access tokens.

A report is a view of type ``runs``; a draft is a view of type ``runs/draft``. Saving a
published report as a draft (an update by id that asks for ``runs/draft``, what the W&B
clients send for ``save(draft=True)``) leaves the report as it is and writes its one
draft instead, a view whose ``parent_id`` is the report; saving that draft as ``runs``
publishes it: the report takes the draft's content and the draft is deleted. Deleting a
report deletes its access tokens and, when asked, its drafts.

A share link's token (``secrets.token_urlsafe``, 256 bits) grants reading one report
and the runs of the projects listed with it, until it is revoked. Call these functions
inside the store's transactions.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Row, select

from wandb_workspaces.backends import DRAFT_VIEW_TYPE, REPORT_VIEW_TYPE

from . import schema
from . import views as _views
from .errors import ConflictError, InvalidViewTypeError, NotFoundError, StoreError
from .models import AccessToken, View, decode_view_gid, view_gid
from .names import check_name

__all__ = [
    "MAX_TOKEN_PROJECTS",
    "PUBLIC_TOKEN",
    "create_token",
    "delete_report",
    "find_token",
    "revoke_token",
    "set_token_projects",
    "tokens_of",
    "write_report",
]

_v, _t = schema.views, schema.access_tokens
PUBLIC_TOKEN = "PUBLIC"
MAX_TOKEN_PROJECTS = 100
REPORT_TYPES = frozenset({REPORT_VIEW_TYPE, DRAFT_VIEW_TYPE})


# -- drafts ------------------------------------------------------------------------------
def write_report(connection: Connection, write: _views.ViewWrite) -> tuple[View, bool]:
    """``views.write_view``, except for a draft of a published report and its publishing."""
    current = _views.get_view(connection, write.id) if write.id is not None else None
    if current is not None and current.type == REPORT_VIEW_TYPE and write.type == DRAFT_VIEW_TYPE:
        return _save_draft(connection, current, write)
    if current is not None and current.type == DRAFT_VIEW_TYPE and write.type == REPORT_VIEW_TYPE:
        parent = _by_pk(connection, current.parent_pk)
        if parent is not None:
            return _publish(connection, current, parent, write)
    return _views.write_view(connection, write)


def _save_draft(connection: Connection, report: View, write: _views.ViewWrite) -> tuple[View, bool]:
    # in the report's project, and never compared with the report's version
    write = dataclasses.replace(
        write, entity=report.entity, project=report.project, expected_version=None
    )
    draft = next(iter(_drafts(connection, report.pk)), None)
    if draft is not None:  # one draft per report: the next save(draft=True) updates it
        return _views.write_view(connection, dataclasses.replace(write, id=draft.id, name=""))
    fresh = dataclasses.replace(write, id=None, name=_views.new_view_name(), parent_pk=report.pk)
    return _views.write_view(connection, fresh)


def _publish(
    connection: Connection, draft: View, report: View, write: _views.ViewWrite
) -> tuple[View, bool]:
    if write.expected_version is not None and write.expected_version != draft.version:
        raise ConflictError(
            f"draft {draft.name!r} is at version {draft.version}, not {write.expected_version} "
            "as loaded: someone else saved it since; reload it and apply your changes again",
            current_version=draft.version,
        )
    published, _ = _views.write_view(
        connection, dataclasses.replace(write, id=report.id, name="", expected_version=None)
    )
    _delete_one(connection, draft.pk)
    return published, False


def _drafts(connection: Connection, pk: int) -> list[View]:
    rows = connection.execute(select(_v.c.id).where(_v.c.parent_id == pk).order_by(_v.c.id))
    return [view for view in (_by_pk(connection, row.id) for row in rows) if view is not None]


def _by_pk(connection: Connection, pk: int | None) -> View | None:
    return None if pk is None else _views.get_view(connection, view_gid(pk))


def delete_report(connection: Connection, gid: str, *, delete_drafts: bool) -> tuple[bool, bool]:
    """Delete a view with its tokens (and its drafts if ``delete_drafts``).

    Returns ``(deleted, pending_drafts)``: whether there was such a view, and whether
    drafts of it were left (they become drafts of no report).
    """
    pk = decode_view_gid(gid) if isinstance(gid, str) else None
    if pk is None:
        return False, False
    drafts = [row.id for row in connection.execute(select(_v.c.id).where(_v.c.parent_id == pk))]
    if delete_drafts:
        for draft in drafts:
            _delete_one(connection, draft)
    elif drafts:
        connection.execute(_v.update().where(_v.c.parent_id == pk).values(parent_id=None))
    return _delete_one(connection, pk), bool(drafts) and not delete_drafts


def _delete_one(connection: Connection, pk: int) -> bool:
    # The foreign key cascades too; deleting explicitly keeps it right without one.
    connection.execute(_t.delete().where(_t.c.view_id == pk))
    return _views.delete_view(connection, view_gid(pk))


# -- access tokens -----------------------------------------------------------------------
def _check_projects(projects: Iterable[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    pairs: dict[tuple[str, str], None] = {}
    for entity, project in projects:
        check_name("entity", entity)
        check_name("project", project)
        pairs[(entity, project)] = None
    if len(pairs) > MAX_TOKEN_PROJECTS:
        raise StoreError(
            f"a share link grants at most {MAX_TOKEN_PROJECTS} projects, not {len(pairs)}; "
            "split the report's run sets over fewer projects"
        )
    return tuple(pairs)


def create_token(
    connection: Connection, gid: str, projects: Iterable[Sequence[str]], *, username: str
) -> AccessToken:
    """A new PUBLIC token for the report ``gid`` granting ``projects`` too."""
    pairs = _check_projects(projects)
    view = _views.get_view(connection, gid)
    if view is None:
        raise NotFoundError(f"no report with id {gid!r}; it may have been deleted")
    if view.type not in REPORT_TYPES:
        raise InvalidViewTypeError(
            f"view {gid!r} is a {view.type!r}, not a report: only reports (views of type "
            f"{REPORT_VIEW_TYPE!r} or {DRAFT_VIEW_TYPE!r}) have share links"
        )
    token = secrets.token_urlsafe(32)
    connection.execute(
        _t.insert().values(
            token=token,
            view_id=view.pk,
            type=PUBLIC_TOKEN,
            projects=json.dumps([list(pair) for pair in pairs]),
            created_at=datetime.now(timezone.utc),
            created_by=username,
            revoked_at=None,
        )
    )
    found = find_token(connection, token)
    if found is None:  # pragma: no cover - just inserted in this transaction
        raise StoreError("the access token was not stored")
    return found


def tokens_of(connection: Connection, gid: str) -> list[AccessToken]:
    """Every token of the view, revoked ones included, oldest first."""
    pk = decode_view_gid(gid) if isinstance(gid, str) else None
    if pk is None:
        return []
    rows = connection.execute(select(_t).where(_t.c.view_id == pk).order_by(_t.c.id))
    return [_token(row) for row in rows]


def find_token(connection: Connection, token: str) -> AccessToken | None:
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    row = connection.execute(select(_t).where(_t.c.token == token)).one_or_none()
    return None if row is None else _token(row)


def set_token_projects(
    connection: Connection, token: str, projects: Iterable[Sequence[str]]
) -> bool:
    """Replace what an active token grants; False if it is unknown or revoked."""
    pairs = _check_projects(projects)
    found = find_token(connection, token)
    if found is None or not found.active:
        return False
    encoded = json.dumps([list(pair) for pair in pairs])
    connection.execute(_t.update().where(_t.c.token == token).values(projects=encoded))
    return True


def revoke_token(connection: Connection, token: str) -> bool:
    """Revoke a token now; False if it is unknown or already revoked."""
    found = find_token(connection, token)
    if found is None or not found.active:
        return False
    now = datetime.now(timezone.utc)
    connection.execute(_t.update().where(_t.c.token == token).values(revoked_at=now))
    return True


def _token(row: Row[Any]) -> AccessToken:
    return AccessToken(
        token=row.token,
        view_pk=row.view_id,
        type=row.type,
        projects=tuple((str(e), str(p)) for e, p in json.loads(row.projects)),
        created_at=row.created_at,
        created_by=row.created_by,
        revoked_at=row.revoked_at,
    )
