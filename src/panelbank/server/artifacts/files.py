"""Artifact files: manifests, file records, and the signed URLs that move their bytes.

A manifest is the JSON the SDK uploads (``{"version": 1, "contents": {path: {"digest",
"size", "ref", "birthArtifactID", ...}}, ...}``); it is kept as a blob and read back
here (cached by its MD5: blobs never change). Content digests are base64 MD5, as in the
manifest; blobs are keyed by the same MD5 in hex.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from typing import Any
from urllib.parse import quote

from ...blobs import BlobError, BlobStore
from ...settings import Settings
from ...store.artifacts import Artifact
from ..ingest.signing import BLOB_PREFIX, signer_for
from ..resolvers._context import gid

__all__ = [
    "b64_to_hex",
    "download_url",
    "file_records",
    "hex_to_b64",
    "manifest_of",
    "manifest_totals",
    "md5_of_storage_path",
    "merged_manifest",
    "signed",
    "storage_path",
]

# manifests read, by (blob store, MD5): blobs never change, so a cached copy stays right
_RAW: dict[tuple[int, str], bytes] = {}


def b64_to_hex(digest: str) -> str | None:
    """The hex form of a base64 MD5, None when it is not one."""
    try:
        raw = base64.b64decode(digest, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.hex() if len(raw) == 16 else None


#: where a blob is said to be stored: W&B's storage layout V2 names paths so, the SDK
#: only hands the path back (completeMultipartUploadArtifact)
STORAGE_PREFIX = "wandb_artifacts/"


def storage_path(md5_hex: str) -> str:
    return f"{STORAGE_PREFIX}{md5_hex}"


def md5_of_storage_path(path: str) -> str:
    """The MD5 a storage path names (also the ``blobs/<md5>`` of earlier versions)."""
    return path.removeprefix(STORAGE_PREFIX).removeprefix("blobs/")


def hex_to_b64(md5_hex: str) -> str:
    return base64.b64encode(bytes.fromhex(md5_hex)).decode("ascii")


def signed(settings: Settings, payload: list[str], method: str) -> str:
    """An absolute signed URL under ``/blob/`` for ``payload``."""
    return settings.public_url + signer_for(settings).sign(BLOB_PREFIX, payload, method=method)


def download_url(settings: Settings, md5_hex: str, name: str, *, shown: str = "") -> str:
    """A signed GET of a blob as the file ``name``. After the signed part the path goes
    on, unsigned and ignored, with where the file is said to be stored and its name
    (``shown`` instead, for the manifest), as a bucket's URLs do: logs, people and the
    SDK's tests see which file a URL fetches."""
    tail = shown or f"{storage_path(md5_hex)}/{name}"
    return signed(settings, ["get", md5_hex, name], "GET") + "/" + quote(tail, safe="/")


@functools.lru_cache(maxsize=256)
def _parsed_bytes(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except ValueError:
        return {"contents": {}}
    return manifest if isinstance(manifest, dict) else {"contents": {}}


def manifest_of(blobs: BlobStore, artifact: Artifact) -> dict[str, Any] | None:
    """The artifact's manifest, None before it was uploaded."""
    if artifact.manifest_md5 is None:
        return None
    key = (id(blobs), artifact.manifest_md5)
    if key not in _RAW:
        try:
            data = b"".join(blobs.iter_bytes(artifact.manifest_md5))
        except BlobError:
            return None
        if len(_RAW) > 64:
            _RAW.clear()
        _RAW[key] = data
    return _parsed_bytes(_RAW[key])


def _contents(manifest: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    contents = (manifest or {}).get("contents")
    if not isinstance(contents, dict):
        return {}
    return {str(k): v for k, v in contents.items() if isinstance(v, dict)}


def merged_manifest(base: dict[str, Any] | None, patch: dict[str, Any]) -> dict[str, Any]:
    """An incremental manifest applied to its base: entries added or replaced."""
    merged = dict(base or patch)
    merged["contents"] = {**_contents(base), **_contents(patch)}
    return merged


def manifest_totals(manifest: dict[str, Any] | None) -> tuple[int, int]:
    """(total size in bytes, number of entries)."""
    contents = _contents(manifest)
    size = sum(entry["size"] for entry in contents.values() if isinstance(entry.get("size"), int))
    return size, len(contents)


def file_records(
    settings: Settings,
    artifact: Artifact,
    manifest: dict[str, Any] | None,
    names: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The ``File`` records of an artifact's manifest entries (in manifest order)."""
    out: list[dict[str, Any]] = []
    for name, entry in _contents(manifest).items():
        if names is not None and name not in names:
            continue
        digest = entry.get("digest")
        ref = entry.get("ref")
        md5_hex = b64_to_hex(digest) if isinstance(digest, str) and not ref else None
        url = direct = None
        if md5_hex is not None:
            direct = download_url(settings, md5_hex, name)
            url = f"{settings.public_url}/artifacts/{artifact.entity}/{md5_hex}"
        elif isinstance(ref, str):
            url = direct = ref
        out.append(
            {
                "id": gid("File", f"{artifact.id}:{name}"),
                "name": name,
                "displayName": name,
                "url": url,
                "directUrl": direct,
                "sizeBytes": entry.get("size") if isinstance(entry.get("size"), int) else 0,
                "storagePath": storage_path(md5_hex) if md5_hex else None,
                "mimetype": None,
                "updatedAt": artifact.updated_at,
                "digest": digest,
                "md5": digest,
                "uploadUrl": None,
                "uploadHeaders": [],
                "uploadMultipartUrls": None,
                "artifact": artifact,
            }
        )
    return out
