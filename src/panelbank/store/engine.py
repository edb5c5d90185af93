"""Database URLs and engines: SQLite tuned for a small server, PostgreSQL as is.

SQLite connections run in WAL mode with foreign keys on and a busy timeout; write
transactions start with ``BEGIN IMMEDIATE`` so two writers never both read and then
fail to upgrade their lock (they queue on the busy timeout instead). Python's sqlite3
module would issue its own deferred ``BEGIN``; it is switched off and SQLAlchemy's
``begin`` event issues ours (the recipe in SQLAlchemy's SQLite dialect documentation).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, make_url
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DataError
from sqlalchemy.pool import StaticPool

from ..settings import default_home
from .errors import InvalidTextError

__all__ = [
    "BUSY_TIMEOUT_MS",
    "create_engine",
    "private_folder",
    "read",
    "resolve_url",
    "write",
]

BUSY_TIMEOUT_MS = 30_000
_WRITE_OPTION = "panelbank_write"


def resolve_url(url: str | None, home: Path | None = None) -> URL:
    """The SQLAlchemy URL to open; a bare file path means a SQLite file.

    The folder of a SQLite file is created if missing (mode 0700), and the file itself is
    made readable by its owner only (0600; SQLite gives its -wal and -shm files the same
    mode): it holds the API key hashes and every workspace.
    """
    if url is None:
        folder = home if home is not None else default_home()
        url = f"sqlite:///{Path(folder).expanduser() / 'panelbank.db'}"
    elif "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not _is_memory(parsed):
        _private_database(Path(parsed.database or "").expanduser())
    return parsed


def private_folder(path: Path) -> Path:
    """``path`` as a folder, created with mode 0700 (its owner only) if missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _private_database(path: Path) -> None:
    private_folder(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # SQLite takes an empty file
    except OSError:
        return  # read-only or not ours: SQLite will say what is wrong when it opens it
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):  # missing, or owned by someone else
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)  # a database created by an earlier version


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def create_engine(url: URL) -> Engine:
    """An engine for ``url`` with the connection settings the store relies on."""
    if url.get_backend_name() != "sqlite":
        return sa_create_engine(url, pool_pre_ping=True)
    kwargs: dict[str, Any] = {
        "connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    }
    if _is_memory(url):
        # One shared connection, or every connection would see its own empty database;
        # the store serialises access to it.
        kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_size"] = 8
        kwargs["max_overflow"] = 16
    engine = sa_create_engine(url, **kwargs)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _on_sqlite_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; fsync at checkpoints
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _sqlite_write_lock(engine: Engine) -> AbstractContextManager[Any]:
    """Writers of one SQLite file in this process queue on a lock.

    SQLite admits one writer at a time; a second one waits on the busy timeout, which
    sleeps in growing steps of up to 100 ms. Queueing threads on a lock first turns those
    sleeps into an immediate hand-over (other processes still meet the busy timeout).
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    key = str(engine.url.database)
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.Lock())


@contextmanager
def _storable_text() -> Iterator[None]:
    """Text neither database can hold becomes :class:`InvalidTextError`: lone surrogates
    (not encodable as UTF-8, on both backends) and NUL (refused by PostgreSQL)."""
    try:
        yield
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise InvalidTextError(
            f"a name or text value contains {bad!r}, a lone surrogate, which is not valid "
            "Unicode text and cannot be stored; send the text as valid UTF-8"
        ) from None
    except DataError as exc:
        if "NUL" not in str(exc.orig):
            raise
        raise InvalidTextError(
            "a name or text value contains a NUL character (U+0000), which cannot be "
            "stored; remove it"
        ) from None


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed on success, rolled back on any exception."""
    with _storable_text(), _sqlite_write_lock(engine), engine.connect() as connection:
        connection.execution_options(**{_WRITE_OPTION: True})
        with connection.begin():
            yield connection


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot on both backends)."""
    with _storable_text(), engine.connect() as connection, connection.begin():
        yield connection
