"""Browser sessions, kept on the server (call inside the store's transactions).

Logging in with an API key opens a session: a random token (256 bits) goes into the
cookie, and only its SHA-256 hash is stored, with the key it was opened with and when it
expires. A request's cookie names a user while its row exists, has not expired and its
key is not revoked; logging out deletes the row, so a copied cookie stops working.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, select

from . import schema
from .keys import user_row
from .models import User

__all__ = ["SESSION_DAYS", "end_session", "open_session", "session_user"]

SESSION_DAYS = 30
_MAX_TOKEN_LENGTH = 128

_s, _k, _u = schema.sessions, schema.api_keys, schema.users


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(connection: Connection, key_id: int) -> str:
    """A new session for the key ``key_id``; returns the token (shown only this once)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc)
    # expired sessions are of no use to anyone: drop them while we are writing anyway
    connection.execute(_s.delete().where(_s.c.expires_at < now))
    connection.execute(
        _s.insert().values(
            token_hash=_hash(token),
            api_key_id=key_id,
            created_at=now,
            expires_at=now + timedelta(days=SESSION_DAYS),
        )
    )
    return token


def session_user(connection: Connection, token: str) -> User | None:
    """The user of a live session (not ended, not expired, its key not revoked)."""
    if not token or len(token) > _MAX_TOKEN_LENGTH or not token.isascii():
        return None
    row = connection.execute(
        select(_u)
        .join_from(_s, _k, _s.c.api_key_id == _k.c.id)
        .join(_u, _k.c.user_id == _u.c.id)
        .where(
            _s.c.token_hash == _hash(token),
            _s.c.expires_at > datetime.now(timezone.utc),
            _k.c.revoked.is_(False),
        )
    ).one_or_none()
    return None if row is None else user_row(row)


def end_session(connection: Connection, token: str) -> bool:
    """End a session (logout); False if there was none."""
    if not token or len(token) > _MAX_TOKEN_LENGTH or not token.isascii():
        return False
    return bool(connection.execute(_s.delete().where(_s.c.token_hash == _hash(token))).rowcount)
