"""The blob store interface, on a folder and on an S3-compatible bucket (moto's S3 server
on loopback), and the setting that picks one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelbank.blobs import BlobError, BlobStore, FolderBlobStore, open_blob_store
from panelbank.settings import load_settings


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _s3_store(endpoint: str) -> Any:
    boto3 = pytest.importorskip("boto3")
    from panelbank.blobs._s3 import S3BlobStore

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket="blobs")
    return S3BlobStore("blobs", "team/", client=client)


@pytest.fixture(params=["folder", "s3"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "folder":
        return FolderBlobStore(tmp_path / "blobs")
    store: BlobStore = _s3_store(request.getfixturevalue("s3_server"))
    return store


def test_put_has_size_and_read(blobs: BlobStore, tmp_path: Path) -> None:
    source = tmp_path / "f.bin"
    source.write_bytes(b"x" * 3000)
    md5 = blobs.put_file(source)
    assert md5 == hashlib.md5(b"x" * 3000).hexdigest()
    assert blobs.has(md5) and blobs.size(md5) == 3000
    assert b"".join(blobs.iter_bytes(md5)) == b"x" * 3000
    assert blobs.put_file(source, md5) == md5  # stored once per content


def test_missing_and_malformed_keys(blobs: BlobStore) -> None:
    missing = "0" * 32
    assert not blobs.has(missing) and blobs.size(missing) is None
    with pytest.raises(BlobError, match="no blob"):
        b"".join(blobs.iter_bytes(missing))
    with pytest.raises(BlobError, match="not an MD5"):
        blobs.has("../../etc/passwd")


def test_the_setting_picks_the_store(tmp_path: Path) -> None:
    default = open_blob_store(load_settings(home=tmp_path))
    assert isinstance(default, FolderBlobStore) and default.root == tmp_path / "blobs"
    folder = open_blob_store(load_settings(home=tmp_path, blob_store=str(tmp_path / "elsewhere")))
    assert isinstance(folder, FolderBlobStore) and folder.root == tmp_path / "elsewhere"
    with pytest.raises(BlobError, match="expected a folder path or s3://"):
        open_blob_store(load_settings(home=tmp_path, blob_store="gs://bucket"))
