"""JSON text of view specs, as stored: compact, UTF-8, with orjson (C speed).

The W&B app and the official client store a view spec as compact JSON text. orjson
writes the same JSON about ten times faster than the standard library; values it
cannot write (integers beyond 64 bits) fall back to the standard library.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from .errors import SpecValidationError

__all__ = ["dumps", "load_object", "loads"]

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


def load_object(value: dict[str, Any] | str | bytes, what: str, example: str) -> dict[str, Any]:
    """A spec given as a dict or as JSON text, as a dict; ``SpecValidationError`` saying
    ``invalid {what}`` and where the text is broken, or that it is not an object like
    ``example``."""
    if isinstance(value, (str, bytes)):
        try:
            value = loads(value)
        except json.JSONDecodeError as exc:
            raise SpecValidationError(
                f"invalid {what}: not valid JSON ({exc.msg} at line {exc.lineno}, "
                f"column {exc.colno})"
            ) from None
    if not isinstance(value, dict):
        raise SpecValidationError(
            f"invalid {what}: expected a JSON object like {example}, got {type(value).__name__}"
        )
    return value
