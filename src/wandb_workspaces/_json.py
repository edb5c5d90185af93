"""JSON text of view specs, as stored: compact, UTF-8, with orjson (C speed).

The W&B app and the official client store a view spec as compact JSON text. orjson
writes the same JSON about ten times faster than the standard library; values it
cannot write (integers beyond 64 bits) fall back to the standard library.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["dumps", "loads"]

_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> str:
    """Compact JSON text (no spaces, non-ASCII kept)."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except TypeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def loads(text: str | bytes) -> Any:
    """Parse JSON text; raises ``ValueError`` (``json.JSONDecodeError``-compatible) on bad input."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        # Re-parse with the standard library for its line/column message.
        return json.loads(text)
