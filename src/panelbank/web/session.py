"""Browser sessions: a signed cookie naming the user who logged in with an API key,
and the key.

The cookie value is ``<username>.<key id>.<expiry>.<hmac>`` (HMAC-SHA256 over the first
three parts with a secret kept in ``$PANELBANK_HOME/session.key``, created on first use),
so it cannot be forged or extended; it is HttpOnly and SameSite=Strict. The server
checks on every request that the key is not revoked (``AuthMiddleware``): revoking the
key ends the sessions it opened.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path
from typing import NamedTuple

from ..store.engine import private_folder

__all__ = ["COOKIE", "MAX_AGE", "Session", "SessionSigner"]

COOKIE = "panelbank_session"
MAX_AGE = 30 * 24 * 3600  # seconds


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class Session(NamedTuple):
    username: str
    key_id: int


class SessionSigner:
    """Signs and checks session cookie values."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @classmethod
    def for_home(cls, home: Path) -> SessionSigner:
        """The signer with the secret under ``home`` (created, mode 0600, when missing)."""
        path = home / "session.key"
        try:
            secret = path.read_bytes()
        except FileNotFoundError:
            secret = secrets.token_bytes(32)
            try:
                private_folder(home)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(secret)
            except FileExistsError:  # another process wrote it first
                secret = path.read_bytes()
            except OSError:  # read-only home: sessions last as long as this process
                pass
        return cls(secret)

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode(), hashlib.sha256).digest())

    def sign(self, username: str, key_id: int, *, now: float | None = None) -> str:
        expires = int((now if now is not None else time.time()) + MAX_AGE)
        payload = f"{_b64(username.encode())}.{int(key_id)}.{expires}"
        return f"{payload}.{self._mac(payload)}"

    def session(self, value: str | None, *, now: float | None = None) -> Session | None:
        """The user and key of a valid, unexpired cookie value; None otherwise."""
        if not value or value.count(".") != 3:
            return None
        name, key_id, expires, mac = value.split(".")
        if not hmac.compare_digest(mac, self._mac(f"{name}.{key_id}.{expires}")):
            return None
        if not key_id.isdigit() or not expires.isdigit():
            return None
        if int(expires) < (now if now is not None else time.time()):
            return None
        try:
            username = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
        except (ValueError, UnicodeError):
            return None
        return Session(username, int(key_id))

    def username(self, value: str | None, *, now: float | None = None) -> str | None:
        """The user of a valid, unexpired cookie value; None otherwise."""
        session = self.session(value, now=now)
        return session.username if session else None
