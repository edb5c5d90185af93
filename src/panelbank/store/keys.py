"""Users and their API keys. Only a SHA-256 hash of each key is stored.

Keys look like ``local-`` + 40 lowercase hex digits: the official SDK wants at least 40
characters after a ``<prefix>-``. A key has 160 random bits, so a plain (unsalted)
hash is enough to make the stored value useless to someone who reads the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Row, func, select

from . import schema
from .errors import StoreError
from .models import ApiKeyInfo, User
from .names import check_name
from .projects import ensure_entity

__all__ = [
    "KEY_PREFIX",
    "add_api_key",
    "count_api_keys",
    "create_api_key",
    "delete_user",
    "ensure_user",
    "find_user",
    "hash_key",
    "key_for_api_key",
    "key_is_active",
    "list_api_keys",
    "new_key",
    "revoke_api_key",
    "user_for_api_key",
    "user_row",
]

KEY_PREFIX = "local-"
_SHOWN_CHARS = len(KEY_PREFIX) + 8  # ApiKeyInfo.prefix: enough to tell keys apart
_MAX_KEY_LENGTH = 256

_u, _k = schema.users, schema.api_keys


def new_key() -> str:
    return KEY_PREFIX + secrets.token_hex(20)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def ensure_user(connection: Connection, username: str, *, email: str, admin: bool) -> User:
    """The user, inserted (with an entity of the same name) if missing; existing users
    are returned unchanged."""
    check_name("user", username)
    row = connection.execute(select(_u).where(_u.c.username == username)).one_or_none()
    if row is None:
        ensure_entity(connection, username)
        connection.execute(
            _u.insert().values(
                username=username, email=email, name=username, admin=admin, created_at=_now()
            )
        )
        row = connection.execute(select(_u).where(_u.c.username == username)).one()
    return user_row(row)


def find_user(connection: Connection, username: str) -> User | None:
    row = connection.execute(select(_u).where(_u.c.username == username)).one_or_none()
    return None if row is None else user_row(row)


def create_api_key(connection: Connection, username: str, description: str) -> str:
    user = ensure_user(connection, username, email="", admin=False)
    key = new_key()
    connection.execute(
        _k.insert().values(
            user_id=user.id,
            key_hash=hash_key(key),
            prefix=key[:_SHOWN_CHARS],
            description=description,
            created_at=_now(),
            revoked=False,
        )
    )
    return key


def add_api_key(connection: Connection, username: str, key: str, description: str) -> None:
    """Make ``key`` (chosen by the caller, e.g. W&B's test fixtures) a key of ``username``.

    Only W&B's test fixture protocol uses this (``panelbank serve --test-fixtures``,
    loopback only): everywhere else keys are random (:func:`create_api_key`).
    """
    if not isinstance(key, str) or not key or len(key) > _MAX_KEY_LENGTH:
        raise StoreError(f"an API key must be 1 to {_MAX_KEY_LENGTH} characters long")
    user = ensure_user(connection, username, email="", admin=False)
    digest = hash_key(key)
    existing = connection.execute(select(_k.c.user_id).where(_k.c.key_hash == digest)).scalar()
    if existing is not None:
        if existing != user.id:
            raise StoreError("that API key already belongs to another user; choose another")
        connection.execute(_k.update().where(_k.c.key_hash == digest).values(revoked=False))
        return
    connection.execute(
        _k.insert().values(
            user_id=user.id,
            key_hash=digest,
            prefix=key[:_SHOWN_CHARS],
            description=description,
            created_at=_now(),
            revoked=False,
        )
    )


def delete_user(connection: Connection, username: str) -> bool:
    """Delete the user and their keys (their entity and its projects stay); False if
    there was no such user."""
    user_id = connection.execute(select(_u.c.id).where(_u.c.username == username)).scalar()
    if user_id is None:
        return False
    connection.execute(_k.delete().where(_k.c.user_id == user_id))
    connection.execute(_u.delete().where(_u.c.id == user_id))
    return True


def user_for_api_key(connection: Connection, key: str) -> User | None:
    if not isinstance(key, str) or not key or len(key) > _MAX_KEY_LENGTH:
        return None
    digest = hash_key(key)
    row = connection.execute(
        select(_u, _k.c.key_hash)
        .join_from(_k, _u, _k.c.user_id == _u.c.id)
        .where(_k.c.key_hash == digest, _k.c.revoked.is_(False))
    ).one_or_none()
    # The index lookup already matched; compare again in constant time so that no
    # code path compares key material byte by byte.
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        return None
    return user_row(row)


def key_for_api_key(connection: Connection, key: str) -> tuple[User, int] | None:
    """The user of a key that is not revoked, with the key's id; None otherwise."""
    if not isinstance(key, str) or not key or len(key) > _MAX_KEY_LENGTH:
        return None
    digest = hash_key(key)
    row = connection.execute(
        select(_u, _k.c.key_hash, _k.c.id.label("key_id"))
        .join_from(_k, _u, _k.c.user_id == _u.c.id)
        .where(_k.c.key_hash == digest, _k.c.revoked.is_(False))
    ).one_or_none()
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        return None
    return user_row(row), int(row.key_id)


def key_is_active(connection: Connection, key_id: int, username: str) -> bool:
    """Whether key ``key_id`` exists, belongs to ``username`` and is not revoked."""
    row = connection.execute(
        select(_k.c.id)
        .join_from(_k, _u, _k.c.user_id == _u.c.id)
        .where(_k.c.id == key_id, _u.c.username == username, _k.c.revoked.is_(False))
    ).one_or_none()
    return row is not None


def list_api_keys(
    connection: Connection, username: str | None, *, include_revoked: bool
) -> list[ApiKeyInfo]:
    query = select(_k, _u.c.username).join_from(_k, _u, _k.c.user_id == _u.c.id).order_by(_k.c.id)
    if username is not None:
        query = query.where(_u.c.username == username)
    if not include_revoked:
        query = query.where(_k.c.revoked.is_(False))
    return [
        ApiKeyInfo(
            id=row.id,
            username=row.username,
            description=row.description,
            prefix=row.prefix,
            created_at=row.created_at,
            revoked=row.revoked,
        )
        for row in connection.execute(query)
    ]


def revoke_api_key(connection: Connection, key_id: int) -> bool:
    result = connection.execute(
        _k.update().where(_k.c.id == key_id, _k.c.revoked.is_(False)).values(revoked=True)
    )
    return bool(result.rowcount)


def count_api_keys(connection: Connection) -> int:
    count = connection.execute(
        select(func.count()).select_from(_k).where(_k.c.revoked.is_(False))
    ).scalar()
    return int(count or 0)


def user_row(row: Row[Any]) -> User:
    return User(
        id=row.id, username=row.username, email=row.email, name=row.name, admin=bool(row.admin)
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)
