"""The blob store interface and what its implementations share."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

__all__ = ["CHUNK", "BlobError", "BlobStore", "check_md5", "md5_of_file"]

CHUNK = 1024 * 1024
_MD5_HEX = re.compile(r"[0-9a-f]{32}")


class BlobError(ValueError):
    """A blob key that is not an MD5 in hex, or a blob that is not stored."""


def check_md5(md5_hex: str) -> str:
    """``md5_hex`` if it is 32 lowercase hex digits; :class:`BlobError` otherwise."""
    if not _MD5_HEX.fullmatch(md5_hex):
        raise BlobError(f"{md5_hex!r} is not an MD5 digest in hex (32 characters 0-9a-f)")
    return md5_hex


def md5_of_file(path: Path) -> str:
    """The MD5 (hex) of a file's content."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class BlobStore(Protocol):
    """Immutable blobs keyed by the MD5 (hex) of their content."""

    def has(self, md5_hex: str) -> bool:
        """Whether the blob is stored."""
        ...

    def size(self, md5_hex: str) -> int | None:
        """The blob's size in bytes, None when it is not stored."""
        ...

    def put_file(self, path: Path, md5_hex: str | None = None) -> str:
        """Store the content of ``path`` (unchanged if already stored); returns its MD5.
        ``md5_hex``, when given, is the caller's already computed digest."""
        ...

    def iter_bytes(self, md5_hex: str) -> Iterator[bytes]:
        """The blob's content in chunks; :class:`BlobError` if it is not stored."""
        ...
