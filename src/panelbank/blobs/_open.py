"""The blob store a server's settings name."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

from ..settings import Settings
from ._base import BlobError, BlobStore
from ._folder import FolderBlobStore

__all__ = ["open_blob_store"]


def open_blob_store(settings: Settings) -> BlobStore:
    """``PANELBANK_BLOB_STORE``: empty for ``<home>/blobs``, a folder path, or
    ``s3://bucket/prefix``."""
    return _open(settings.blob_store, settings.home)


@functools.cache
def _open(where: str, home: Path) -> BlobStore:
    if not where:
        return FolderBlobStore(home / "blobs")
    if where.startswith("s3://"):
        parts = urlsplit(where)
        if not parts.netloc:
            raise BlobError(f"PANELBANK_BLOB_STORE={where!r} names no bucket (s3://bucket/prefix)")
        from ._s3 import S3BlobStore

        return S3BlobStore(parts.netloc, parts.path)
    if "://" in where:
        raise BlobError(
            f"PANELBANK_BLOB_STORE={where!r}: expected a folder path or s3://bucket/prefix"
        )
    return FolderBlobStore(Path(where).expanduser())
