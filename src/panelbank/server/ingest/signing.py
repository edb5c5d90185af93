"""Signed, expiring upload and download URLs, like a cloud store's pre-signed URLs.

The wandb SDK PUTs run files to the URLs ``createRunFiles`` hands out, and artifact
files to those of ``createArtifactFiles``, with no ``Authorization`` header, and GETs
``File.directUrl`` the same way; so the URL itself is the credential: its path carries
the target (a run file, a blob) and an expiry, and an HMAC-SHA256 over method, path and
expiry with a secret that every replica of a server shares. The secret is
``PANELBANK_SIGNING_SECRET``, else the file ``PANELBANK_SIGNING_SECRET_FILE`` names, else
``$PANELBANK_HOME/upload-secret``, made on first start (readable by the owner only).
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

from ...settings import Settings
from ...store.engine import private_folder

__all__ = [
    "BLOB_PREFIX",
    "UPLOAD_PREFIX",
    "URL_TTL_SECONDS",
    "Signer",
    "UploadTarget",
    "UploadUrlError",
    "load_secret",
    "signer_for",
]

UPLOAD_PREFIX = "/upload/"
BLOB_PREFIX = "/blob/"  # artifact blobs: PUT to upload, GET to download
URL_TTL_SECONDS = 3600
_SECRET_FILE = "upload-secret"
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_EXPIRES = re.compile(r"[0-9]{1,12}")  # Unix seconds, until the year 33658


def load_secret(home: Path, *, secret: str = "", secret_file: Path | None = None) -> bytes:
    """The server's signing secret: ``secret`` if given, else the content of
    ``secret_file`` (any text of 32 characters or more, as shared by replicas), else
    ``home/upload-secret``, created (32 random bytes, mode 0600) if missing."""
    if secret:
        return secret.encode("utf-8")
    if secret_file is not None:
        try:
            text = secret_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValueError(
                f"cannot read the signing secret file {secret_file} ({exc.strerror or exc}); "
                "check PANELBANK_SIGNING_SECRET_FILE"
            ) from None
        if len(text) < 32:
            raise ValueError(
                f"the signing secret file {secret_file} holds fewer than 32 characters; put a "
                "long random string in it (the same on every replica)"
            )
        return text.encode("utf-8")
    path = home / _SECRET_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= 64:
            return bytes.fromhex(text)
    except FileNotFoundError:
        pass
    private_folder(home)
    made = secrets.token_bytes(32)
    temporary = path.with_name(f"{_SECRET_FILE}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(made.hex())
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
        """A signed path of a run file for one ``method``: PUT uploads it, GET downloads it."""
        payload = [target.entity, target.project, target.run, target.file]
        return self.sign(UPLOAD_PREFIX, payload, method=method, now=now)

    def check(self, path: str, *, method: str = "PUT", now: float | None = None) -> UploadTarget:
        """The target of a signed path; :class:`UploadUrlError` if forged or expired."""
        payload = self.verify(UPLOAD_PREFIX, path, method=method, now=now, source="createRunFiles")
        if len(payload) != 4:  # signed by us, so only with another secret's format
            raise UploadUrlError(
                "the upload URL does not name a run file; get a fresh one from createRunFiles"
            )
        entity, project, run, file = payload
        return UploadTarget(entity=entity, project=project, run=run, file=file)

    def sign(
        self, prefix: str, payload: list[str], *, method: str, now: float | None = None
    ) -> str:
        """A path under ``prefix`` that carries ``payload``, valid for ``method`` until
        ``ttl`` seconds from now."""
        expires = int((time.time() if now is None else now) + self.ttl)
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        token = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")
        return f"{prefix}{token}.{expires}.{self._sign(prefix, token, expires, method)}"

    def verify(
        self,
        prefix: str,
        path: str,
        *,
        method: str,
        now: float | None = None,
        source: str = "the server",
    ) -> list[str]:
        """The payload of a path :meth:`sign` made; :class:`UploadUrlError` (saying to get
        a fresh URL from ``source``) if it is forged, altered or expired."""
        token, _, rest = path.removeprefix(prefix).partition(".")
        expires_text, _, signature = rest.partition(".")
        # only what sign writes: ASCII digits ("²".isdigit() is true), a URL-safe token
        if not (
            path.startswith(prefix) and _TOKEN.fullmatch(token) and _EXPIRES.fullmatch(expires_text)
        ):
            raise UploadUrlError(f"this is not a signed URL of this server; get one from {source}")
        expires = int(expires_text)
        expected = self._sign(prefix, token, expires, method)
        if not hmac.compare_digest(signature.encode("ascii", "replace"), expected.encode()):
            raise UploadUrlError(
                "the URL's signature does not match (altered, or signed by another server); "
                f"get a fresh one from {source}"
            )
        if (time.time() if now is None else now) > expires:
            raise UploadUrlError(
                f"the URL expired at {expires} (Unix time); get a fresh one from {source}"
            )
        padded = token + "=" * (-len(token) % 4)
        try:
            payload = json.loads(base64.urlsafe_b64decode(padded))
        except (ValueError, TypeError):
            payload = None
        if not (isinstance(payload, list) and all(isinstance(part, str) for part in payload)):
            raise UploadUrlError(f"the URL names nothing this server signs; ask {source} again")
        return payload

    def _sign(self, prefix: str, token: str, expires: int, method: str) -> str:
        message = f"{method}\n{prefix}{token}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


def signer_for(settings: Settings) -> Signer:
    """The signer of this server's URLs, with the secret its settings name."""
    return _signer(settings.home, settings.signing_secret, settings.signing_secret_file)


@functools.cache
def _signer(home: Path, secret: str, secret_file: Path | None) -> Signer:
    return Signer(load_secret(home, secret=secret, secret_file=secret_file))
