"""What every resolver gets as ``info.context``, and small helpers they share."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from ...history import HistoryStore
from ...settings import Settings
from ...store import Store, User

__all__ = ["Context", "Info", "context_of", "gid", "input_error"]

# What every resolver receives (graphql-core's info is generic in its context type).
Info = GraphQLResolveInfo[Any]


@dataclasses.dataclass(frozen=True)
class Context:
    store: Store
    settings: Settings
    viewer: User | None
    history: HistoryStore | None = None  # None until a history store is configured


def context_of(info: Info) -> Context:
    context = info.context
    if not isinstance(context, Context):  # only create_app builds contexts
        raise TypeError(f"unexpected GraphQL context {type(context).__name__}")
    return context


def gid(kind: str, key: object) -> str:
    """A W&B-style global id: ``base64("<kind>:<key>")``."""
    return base64.b64encode(f"{kind}:{key}".encode()).decode("ascii")


def input_error(message: str, code: str = "BAD_USER_INPUT", **extra: Any) -> GraphQLError:
    """A GraphQL error the client caused (answered with HTTP 400)."""
    return GraphQLError(message, extensions={"code": code, **extra})
