"""The store's files are its owner's only: the home folder 0700, the SQLite database and
its -wal/-shm files 0600, and the server's secrets 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual default: new files world-readable
    yield
    os.umask(previous)


def test_a_new_store_is_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store.open(home=home)
    try:
        store.ensure_project("e", "p")  # a write: the -wal and -shm files exist now
        db = home / "panelbank.db"
        files = [db, db.with_name("panelbank.db-wal"), db.with_name("panelbank.db-shm")]
        assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}
        assert mode(home) == 0o700
    finally:
        store.close()


def test_a_database_made_by_an_earlier_version_is_made_private(tmp_path: Path) -> None:
    Store.open(home=tmp_path).close()
    db = tmp_path / "panelbank.db"
    db.chmod(0o644)
    Store.open(home=tmp_path).close()
    assert mode(db) == 0o600


def test_the_servers_secrets_are_private(tmp_path: Path) -> None:
    home = tmp_path / "server-home"
    settings = load_settings(home=home)
    store = Store.open(settings.database_url)
    try:
        create_app(settings, store=store)
    finally:
        store.close()
    assert mode(home) == 0o700
    assert mode(home / "upload-secret") == 0o600
