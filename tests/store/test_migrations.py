"""Opening databases: default location, SQLite settings, numbered migrations."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from panelbank.store import Store, StoreError
from panelbank.store import schema as store_schema
from panelbank.store.engine import create_engine, resolve_url
from panelbank.store.migrations import LATEST, MIGRATIONS, current_level, migrate

from .conftest import POSTGRES_URL, needs_postgres, spec_json, wipe_postgres


def _levels(url: str) -> list[int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            column = store_schema.schema_version.c.version
            return list(connection.execute(sa.select(column).order_by(column)).scalars())
    finally:
        engine.dispose()


def test_migrations_are_numbered_in_order() -> None:
    numbers = [number for number, _ in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))
    assert numbers[-1] == LATEST


def test_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "nested" / "home"
    monkeypatch.setenv("PANELBANK_HOME", str(home))
    with Store.open() as store:
        store.ensure_project("e", "p")
    assert (home / "panelbank.db").is_file()


def test_home_argument_and_file_path(tmp_path: Path) -> None:
    with Store.open(home=tmp_path / "a") as store:
        assert store.url.endswith("/a/panelbank.db")
    path = tmp_path / "b" / "my.db"
    with Store.open(str(path)) as store:
        store.ensure_project("e", "p")
    assert path.is_file()


def test_in_memory_database() -> None:
    with Store.open("sqlite://") as store:
        store.ensure_project("e", "p")
        assert store.list_entities() == ["e"]


def test_sqlite_settings(sqlite_store: Store) -> None:
    with sqlite_store._engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 30_000


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'panelbank.db'}"
    for _ in range(3):
        Store.open(url).close()
    assert _levels(url) == list(range(1, LATEST + 1))


def test_old_database_is_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'panelbank.db'}"
    engine = create_engine(resolve_url(url))
    assert migrate(engine, target=1) == 1
    with engine.begin() as connection:
        assert not connection.dialect.has_table(connection, "views")
        connection.execute(
            store_schema.users.insert().values(
                username="old",
                email="",
                name="old",
                admin=True,
                created_at=datetime.now(timezone.utc),
            )
        )
    engine.dispose()

    with Store.open(url) as store:
        assert store.ensure_user("old").admin  # the row from level 1 survives
        _view, inserted = store.upsert_view(
            entity="e",
            project="p",
            name="nw-a-v",
            display_name="W",
            type="project-view",
            spec=spec_json(),
        )
        assert inserted
    assert _levels(url) == list(range(1, LATEST + 1))


def test_newer_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'panelbank.db'}"
    Store.open(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            store_schema.schema_version.insert().values(
                version=LATEST + 1, applied_at=datetime.now(timezone.utc)
            )
        )
    engine.dispose()
    with pytest.raises(StoreError, match=rf"schema level {LATEST + 1} .* upgrade panelbank"):
        Store.open(url)


def test_migrated_schema_matches_the_tables(store: Store) -> None:
    inspector = sa.inspect(store._engine)
    for table in store_schema.metadata.sorted_tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
    with store._engine.connect() as connection:
        assert current_level(connection) == LATEST


def test_timestamps_are_utc_aware() -> None:
    with pytest.raises(ValueError, match=r"naive datetime"):
        store_schema.UTCDateTime().process_bind_param(
            datetime(2024, 1, 1), sa.create_engine("sqlite://").dialect
        )


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def test_collection_descriptions_become_nullable_at_level_7(tmp_path: Path, backend: str) -> None:
    """A level-6 database (descriptions NOT NULL, "" when none was given) opens with null
    for none given and every other description kept."""
    url = f"sqlite:///{tmp_path / 'panelbank.db'}"
    if backend == "postgresql":
        wipe_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    engine = create_engine(resolve_url(url))
    assert migrate(engine, target=6) == 6
    now = datetime.now(timezone.utc)
    with engine.begin() as connection:
        # the table as levels 5 and 6 made it
        if backend == "postgresql":
            connection.exec_driver_sql(
                "ALTER TABLE artifact_collections ALTER COLUMN description SET NOT NULL"
            )
        else:  # SQLite alters no column: the table again
            connection.exec_driver_sql("DROP TABLE artifact_collections")
            connection.exec_driver_sql(
                "CREATE TABLE artifact_collections (id INTEGER PRIMARY KEY, "
                "project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE, "
                "type_id INTEGER NOT NULL REFERENCES artifact_types (id), "
                "name VARCHAR(128) NOT NULL, kind VARCHAR(16) NOT NULL, "
                "description TEXT NOT NULL, created_at DATETIME NOT NULL, "
                "updated_at DATETIME NOT NULL, "
                "CONSTRAINT uq_artifact_collections_project_name UNIQUE (project_id, name))"
            )
        connection.execute(store_schema.entities.insert().values(id=1, name="e", created_at=now))
        connection.execute(
            store_schema.projects.insert().values(id=1, entity_id=1, name="p", created_at=now)
        )
        connection.execute(
            store_schema.artifact_types.insert().values(
                id=1, project_id=1, name="data", description="", created_at=now
            )
        )
        for pk, description in ((1, ""), (2, "kept")):
            connection.execute(
                store_schema.artifact_collections.insert().values(
                    id=pk,
                    project_id=1,
                    type_id=1,
                    name=f"c{pk}",
                    kind="SEQUENCE",
                    description=description,
                    created_at=now,
                    updated_at=now,
                )
            )
    engine.dispose()

    with Store.open(url) as store:
        columns = {
            c["name"]: c for c in sa.inspect(store._engine).get_columns("artifact_collections")
        }
        assert columns["description"]["nullable"] is True
        with store._engine.connect() as connection:
            table = store_schema.artifact_collections
            rows = connection.execute(sa.select(table.c.name, table.c.description)).all()
        assert sorted(rows) == [("c1", None), ("c2", "kept")]
