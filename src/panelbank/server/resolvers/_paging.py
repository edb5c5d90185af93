"""Relay-style connections over a list already in memory (offset cursors)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from ._context import input_error

__all__ = ["connection"]

MAX_PAGE = 1000


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode("ascii")


def _offset_after(after: str | None) -> int:
    if not after:
        return 0
    try:
        kind, _, number = base64.b64decode(after, validate=True).decode().partition(":")
        if kind == "offset" and number.isdigit():
            return int(number) + 1
    except (ValueError, UnicodeError):
        pass
    raise input_error(f"after: {after!r} is not a cursor this server handed out")


def connection(
    items: Sequence[Any], *, first: int | None, after: str | None, max_page: int = MAX_PAGE
) -> dict[str, Any]:
    """``{edges: [{node, cursor}], pageInfo}`` for ``first`` items after cursor ``after``."""
    if first is not None and not 0 <= first <= max_page:
        raise input_error(f"first: must be between 0 and {max_page}, not {first}")
    start = _offset_after(after)
    stop = len(items) if first is None else min(len(items), start + first)
    edges = [{"node": items[i], "cursor": _cursor(i)} for i in range(start, stop)]
    return {
        "edges": edges,
        "pageInfo": {
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
            "hasNextPage": stop < len(items),
            "hasPreviousPage": start > 0,
        },
    }
