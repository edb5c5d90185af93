"""Signed URLs verify on every replica that shares the signing secret, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelbank.server.ingest.signing import BLOB_PREFIX, UploadUrlError, signer_for
from panelbank.settings import SettingsError, load_settings

SECRET = "s" * 40


def test_replicas_with_one_secret_accept_each_others_urls(tmp_path: Path) -> None:
    one = signer_for(load_settings(home=tmp_path / "a", signing_secret=SECRET))
    two = signer_for(load_settings(home=tmp_path / "b", signing_secret=SECRET))
    path = one.sign(BLOB_PREFIX, ["get", "0" * 32, "f"], method="GET")
    assert two.verify(BLOB_PREFIX, path, method="GET") == ["get", "0" * 32, "f"]
    other = signer_for(load_settings(home=tmp_path / "c"))  # its own per-home secret
    with pytest.raises(UploadUrlError, match="signature does not match"):
        other.verify(BLOB_PREFIX, path, method="GET")
    with pytest.raises(UploadUrlError, match="signature does not match"):
        two.verify(BLOB_PREFIX, path, method="PUT")  # a download URL uploads nothing


def test_secret_file_is_shared(tmp_path: Path) -> None:
    shared = tmp_path / "secret"
    shared.write_text("f" * 48 + "\n")
    one = signer_for(load_settings(home=tmp_path / "a", signing_secret_file=shared))
    two = signer_for(load_settings(home=tmp_path / "b", signing_secret_file=shared))
    path = one.sign(BLOB_PREFIX, ["put", "1" * 32], method="PUT")
    assert two.verify(BLOB_PREFIX, path, method="PUT") == ["put", "1" * 32]


def test_short_secrets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="at least 32 characters"):
        load_settings(home=tmp_path, signing_secret="short")
    short = tmp_path / "secret"
    short.write_text("tiny")
    with pytest.raises(ValueError, match="fewer than 32 characters"):
        signer_for(load_settings(home=tmp_path, signing_secret_file=short))
