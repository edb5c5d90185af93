"""Content-addressed blob storage: artifact files and manifests, kept by their MD5.

One interface, :class:`BlobStore`, with two implementations chosen by one setting
(``PANELBANK_BLOB_STORE``): a folder (default ``$PANELBANK_HOME/blobs``) or an
S3-compatible bucket (``s3://bucket/prefix``, through boto3: ``pip install
'panelbank[s3]'``; the endpoint and credentials come from boto3's usual environment,
``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ...). Every replica of a team server points
at the same bucket.

::

    blobs = open_blob_store(settings)
    md5 = blobs.put_file(path)            # the file's MD5 (hex); stored once per content
    b"".join(blobs.iter_bytes(md5))
"""

from __future__ import annotations

from ._base import BlobError, BlobStore, md5_of_file
from ._folder import FolderBlobStore
from ._open import open_blob_store

__all__ = ["BlobError", "BlobStore", "FolderBlobStore", "md5_of_file", "open_blob_store"]
