"""GraphQL resolvers, one module per root or group of types, bound by ``schema.py``."""

from __future__ import annotations

from ._context import Context
from .mutation import mutation_type
from .query import query_type
from .reports import REPORT_BINDABLES
from .runs import int64_scalar, json_scalar, run_project_type, run_type
from .scalars import datetime_scalar, json_string_scalar
from .types import project_type, user_type, view_type

__all__ = ["BINDABLES", "Context"]

BINDABLES = [
    query_type,
    mutation_type,
    user_type,
    project_type,
    view_type,
    json_string_scalar,
    datetime_scalar,
    run_type,
    run_project_type,
    json_scalar,
    int64_scalar,
    *REPORT_BINDABLES,
]
