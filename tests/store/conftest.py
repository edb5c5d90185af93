"""Store fixtures: a fresh store per test on SQLite (always) and PostgreSQL (when
``PANELBANK_TEST_POSTGRES_URL`` names a database the tests may wipe)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from panelbank.store import Store
from panelbank.store import schema as store_schema
from wandb_workspaces.workspaces import Section, Workspace

POSTGRES_URL = os.environ.get("PANELBANK_TEST_POSTGRES_URL", "")

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="set PANELBANK_TEST_POSTGRES_URL to run the PostgreSQL tests"
)


def spec_json(name: str = "W", *sections: str) -> str:
    """A valid project-view spec as compact JSON, as the library writes it."""
    workspace = Workspace(
        entity="e",
        project="p",
        name=name,
        sections=[Section(name=section) for section in sections],
    )
    return json.dumps(workspace.to_spec(), separators=(",", ":"))


def wipe_postgres(url: str) -> None:
    """Drop every store table, so each test starts from an empty database."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            store_schema.metadata.drop_all(connection, checkfirst=True)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(home=tmp_path)
    yield store
    store.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=needs_postgres),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store on each backend."""
    if request.param == "postgresql":
        wipe_postgres(POSTGRES_URL)
        opened = Store.open(POSTGRES_URL)
    else:
        opened = Store.open(home=tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def row_counts() -> Callable[[Store], dict[str, int]]:
    """How many rows each table of a store holds (to show nothing was written)."""

    def count(store: Store) -> dict[str, int]:
        tables = store_schema.metadata.sorted_tables
        with store._engine.connect() as connection:  # tests may look inside
            return {
                table.name: int(
                    connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                )
                for table in tables
            }

    return count
