"""The executable GraphQL schema: the SDL files in ``schema_sdl/`` bound to the resolvers.

One ``.graphql`` file per area (views, runs, ingest, artifacts); later files ``extend`` the root
types of earlier ones. They are package data, read in name order.
"""

from __future__ import annotations

import functools
from importlib import resources

from ariadne import make_executable_schema
from graphql import GraphQLSchema, print_schema

from .artifacts import ARTIFACT_BINDABLES
from .ingest.graphql import INGEST_BINDABLES
from .ingest.lifecycle import LIFECYCLE_BINDABLES
from .resolvers import BINDABLES

__all__ = ["build_schema", "schema_sdl", "type_defs"]


def type_defs() -> str:
    """The SDL as shipped in the package: every ``schema_sdl/*.graphql``, in name order."""
    folder = resources.files(__package__).joinpath("schema_sdl")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".graphql")),
        key=lambda entry: entry.name,
    )
    return "\n".join(entry.read_text(encoding="utf-8") for entry in files)


@functools.cache
def build_schema() -> GraphQLSchema:
    """The schema with its resolvers (built once; it is immutable)."""
    # ingest first: where both bind a field of Run, the read side's resolver wins
    return make_executable_schema(
        type_defs(), *INGEST_BINDABLES, *LIFECYCLE_BINDABLES, *BINDABLES, *ARTIFACT_BINDABLES
    )


def schema_sdl() -> str:
    """The schema as graphql-core prints it (what the snapshot test compares)."""
    return print_schema(build_schema()) + "\n"
