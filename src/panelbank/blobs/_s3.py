"""Blobs in an S3-compatible bucket, through boto3 (the optional extra ``s3``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._base import CHUNK, BlobError, check_md5, md5_of_file

__all__ = ["S3BlobStore"]


class S3BlobStore:
    """A :class:`~panelbank.blobs.BlobStore` in ``s3://<bucket>/<prefix>``; keys are
    ``<prefix><first two hex digits>/<md5 hex>``."""

    def __init__(self, bucket: str, prefix: str = "", *, client: Any = None) -> None:
        if client is None:
            try:
                import boto3
            except ImportError:
                raise BlobError(
                    "PANELBANK_BLOB_STORE names an s3:// bucket but boto3 is not installed; "
                    "install it with `pip install 'panelbank[s3]'`"
                ) from None
            client = boto3.client("s3")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client = client

    def _key(self, md5_hex: str) -> str:
        check_md5(md5_hex)
        return f"{self.prefix}{md5_hex[:2]}/{md5_hex}"

    def size(self, md5_hex: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self._client.head_object(Bucket=self.bucket, Key=self._key(md5_hex))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return int(head["ContentLength"])

    def has(self, md5_hex: str) -> bool:
        return self.size(md5_hex) is not None

    def put_file(self, path: Path, md5_hex: str | None = None) -> str:
        md5_hex = md5_hex or md5_of_file(path)
        if not self.has(md5_hex):
            self._client.upload_file(str(path), self.bucket, self._key(md5_hex))
        return md5_hex

    def iter_bytes(self, md5_hex: str) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=self._key(md5_hex))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in ("404", "NoSuchKey"):
                raise BlobError(f"no blob {md5_hex} is stored") from None
            raise
        body = answer["Body"]
        return iter(lambda: body.read(CHUNK), b"")
