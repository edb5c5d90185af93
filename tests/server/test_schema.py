"""The GraphQL schema (SDL) is pinned by a snapshot; regenerate it with
``PANELBANK_UPDATE_SNAPSHOTS=1 python -m pytest tests/server/test_schema.py``."""

from __future__ import annotations

import os
from pathlib import Path

from graphql import GraphQLInputObjectType
from graphql import build_schema as parse_sdl

from panelbank.server.schema import build_schema, schema_sdl, type_defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "schema.graphql"


def test_schema_matches_the_snapshot() -> None:
    printed = schema_sdl()
    if os.environ.get("PANELBANK_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(printed, encoding="utf-8")
    assert printed == SNAPSHOT.read_text(encoding="utf-8"), (
        "the GraphQL schema changed; if that is intended, rerun with PANELBANK_UPDATE_SNAPSHOTS=1"
    )


def test_shipped_sdl_parses_to_the_same_schema() -> None:
    # the file in the package is the single source; the printed form only normalises it
    assert set(parse_sdl(type_defs()).type_map) == set(build_schema().type_map)


def test_the_w_and_b_names_the_clients_rely_on() -> None:
    schema = build_schema()
    query = schema.query_type
    mutation = schema.mutation_type
    assert query is not None and mutation is not None
    assert {"viewer", "project", "view", "serverInfo", "models", "projects"} <= set(query.fields)
    assert {"upsertView", "deleteView"} <= set(mutation.fields)
    upsert_input = schema.get_type("UpsertViewInput")
    assert isinstance(upsert_input, GraphQLInputObjectType)
    sent = {"id", "entityName", "projectName", "name", "displayName", "description", "type"}
    assert sent | {"spec", "createdUsing", "locked"} <= set(upsert_input.fields)
