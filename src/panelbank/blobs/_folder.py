"""Blobs in a folder: ``<root>/<first two hex digits>/<md5 hex>``."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ._base import CHUNK, BlobError, check_md5, md5_of_file

__all__ = ["FolderBlobStore"]


class FolderBlobStore:
    """A :class:`~panelbank.blobs.BlobStore` on the local file system."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, md5_hex: str) -> Path:
        check_md5(md5_hex)
        return self.root / md5_hex[:2] / md5_hex

    def has(self, md5_hex: str) -> bool:
        return self._path(md5_hex).is_file()

    def size(self, md5_hex: str) -> int | None:
        try:
            return self._path(md5_hex).stat().st_size
        except FileNotFoundError:
            return None

    def put_file(self, path: Path, md5_hex: str | None = None) -> str:
        md5_hex = md5_hex or md5_of_file(path)
        target = self._path(md5_hex)
        if target.is_file():
            return md5_hex
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".blob-")
        try:
            with os.fdopen(descriptor, "wb") as out, path.open("rb") as source:
                shutil.copyfileobj(source, out, CHUNK)
            os.replace(temporary, target)  # atomic: readers see all of it or nothing
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return md5_hex

    def iter_bytes(self, md5_hex: str) -> Iterator[bytes]:
        try:
            handle = self._path(md5_hex).open("rb")
        except FileNotFoundError:
            raise BlobError(f"no blob {md5_hex} is stored") from None
        return _chunks(handle)


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk
