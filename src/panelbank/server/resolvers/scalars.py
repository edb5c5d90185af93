"""The custom scalars: ``JSONString`` and ``DateTime`` as W&B writes them."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from ariadne import ScalarType

from ..limits import loads_json_text

__all__ = ["datetime_scalar", "json_string_scalar"]

json_string_scalar = ScalarType("JSONString")
datetime_scalar = ScalarType("DateTime")


@json_string_scalar.serializer
def _serialize_json_string(value: Any) -> str:
    # stored specs are already JSON text and must go out byte for byte
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


@json_string_scalar.value_parser
def _parse_json_string(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("a JSONString must be a string holding JSON")
    return loads_json_text(value, "the JSONString")


@datetime_scalar.serializer
def _serialize_datetime(value: object) -> str:
    if not isinstance(value, datetime):
        raise TypeError(f"DateTime cannot represent {type(value).__name__}")
    moment: datetime = value
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    # microseconds only when there are some: W&B writes whole seconds, but clients compare
    # View.updatedAt to detect concurrent saves, which can be less than a second apart
    return moment.isoformat()


@datetime_scalar.value_parser
def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("a DateTime must be an ISO 8601 string")
    return datetime.fromisoformat(value)
