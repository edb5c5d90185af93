"""Signed, expiring upload URLs, like a cloud store's pre-signed URLs.

The wandb SDK PUTs run files to the URLs ``createRunFiles`` hands out with no
``Authorization`` header, so the URL itself is the credential: its path carries the
target (entity, project, run, file) and an expiry, and an HMAC-SHA256 over method, path
and expiry with a server secret. The secret is made on first start and kept in
``$PANELBANK_HOME/upload-secret`` (readable by the owner only).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from pathlib import Path

__all__ = [
    "UPLOAD_PREFIX",
    "URL_TTL_SECONDS",
    "Signer",
    "UploadTarget",
    "UploadUrlError",
    "load_secret",
    "signer_for",
]

UPLOAD_PREFIX = "/upload/"
URL_TTL_SECONDS = 3600
_SECRET_FILE = "upload-secret"
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_EXPIRES = re.compile(r"[0-9]{1,12}")  # Unix seconds, until the year 33658


def load_secret(home: Path) -> bytes:
    """The server's signing secret, created (32 random bytes, mode 0600) if missing."""
    path = home / _SECRET_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= 64:
            return bytes.fromhex(text)
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    temporary = path.with_name(f"{_SECRET_FILE}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret.hex())
    try:
        os.link(temporary, path)  # first writer wins if two servers start at once
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


@dataclasses.dataclass(frozen=True)
class UploadTarget:
    """Where an upload URL writes: one file of one run."""

    entity: str
    project: str
    run: str
    file: str


class UploadUrlError(ValueError):
    """An upload URL that this server did not sign, or that has expired."""


class Signer:
    """Makes and checks upload paths: ``/upload/<base64url target>.<expiry>.<signature>``."""

    def __init__(self, secret: bytes, *, ttl: int = URL_TTL_SECONDS) -> None:
        self._secret = secret
        self.ttl = ttl

    def path_for(
        self, target: UploadTarget, *, now: float | None = None, method: str = "PUT"
    ) -> str:
        """A signed path for one ``method``: PUT uploads the file, GET downloads it."""
        expires = int((time.time() if now is None else now) + self.ttl)
        payload = json.dumps(
            [target.entity, target.project, target.run, target.file],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        token = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")
        return f"{UPLOAD_PREFIX}{token}.{expires}.{self._sign(token, expires, method=method)}"

    def check(self, path: str, *, method: str = "PUT", now: float | None = None) -> UploadTarget:
        """The target of a signed path; :class:`UploadUrlError` if forged or expired."""
        token, _, rest = path.removeprefix(UPLOAD_PREFIX).partition(".")
        expires_text, _, signature = rest.partition(".")
        # only what path_for writes: ASCII digits ("²".isdigit() is true), a URL-safe token
        if not (
            path.startswith(UPLOAD_PREFIX)
            and _TOKEN.fullmatch(token)
            and _EXPIRES.fullmatch(expires_text)
        ):
            raise UploadUrlError(
                "this is not an upload URL of this server; get one from createRunFiles"
            )
        expires = int(expires_text)
        expected = self._sign(token, expires, method=method)
        if not hmac.compare_digest(signature.encode("ascii", "replace"), expected.encode()):
            raise UploadUrlError(
                "the upload URL's signature does not match (altered, or signed by another "
                "server); get a fresh one from createRunFiles"
            )
        if (time.time() if now is None else now) > expires:
            raise UploadUrlError(
                f"the upload URL expired at {expires} (Unix time); get a fresh one from "
                "createRunFiles"
            )
        padded = token + "=" * (-len(token) % 4)
        try:
            entity, project, run, file = json.loads(base64.urlsafe_b64decode(padded))
        except (ValueError, TypeError):  # signed by us, so only with another secret's format
            raise UploadUrlError(
                "the upload URL does not name a run file; get a fresh one from createRunFiles"
            ) from None
        return UploadTarget(entity=entity, project=project, run=run, file=file)

    def _sign(self, token: str, expires: int, *, method: str = "PUT") -> str:
        message = f"{method}\n{UPLOAD_PREFIX}{token}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


@functools.cache
def signer_for(home: Path) -> Signer:
    """The signer of this server's upload URLs (its secret lives under ``home``)."""
    return Signer(load_secret(home))
