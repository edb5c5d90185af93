"""The executable GraphQL schema: ``schema.graphql`` (package data) bound to the resolvers."""

from __future__ import annotations

import functools
from importlib import resources

from ariadne import make_executable_schema
from graphql import GraphQLSchema, print_schema

from .resolvers import BINDABLES

__all__ = ["build_schema", "schema_sdl", "type_defs"]


def type_defs() -> str:
    """The SDL as shipped in the package."""
    return resources.files(__package__).joinpath("schema.graphql").read_text(encoding="utf-8")


@functools.cache
def build_schema() -> GraphQLSchema:
    """The schema with its resolvers (built once; it is immutable)."""
    return make_executable_schema(type_defs(), *BINDABLES)


def schema_sdl() -> str:
    """The schema as graphql-core prints it (what the snapshot test compares)."""
    return print_schema(build_schema()) + "\n"
