"""Rendering filters as strings: the text ``RunsetSettings.filters`` shows.

The output matches the official library (``Config("lr") == 0.01 and
Metric("State") == 'finished'``) except that quotes and backslashes inside names
and string values are escaped, so that every rendered string parses back to the
same filter (the official output for ``it's`` cannot be re-parsed).
"""

from __future__ import annotations

from typing import Any

from .._names import to_frontend_name
from ..errors import SpecValidationError
from ._ops import OP_TO_TEXT, SECTION_TO_FUNC
from ._time import seconds_to_amount_unit

__all__ = ["format_leaf", "format_value", "is_filter_v2", "v2_to_string"]

FILTER_FORMAT_V2 = "filterV2"


def _quote(text: str, quote: str) -> str:
    if "\\" in text or quote in text:
        text = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return quote + text + quote


def format_value(value: Any) -> str:
    """``'text'``, ``None``, ``['a', 1]``, ``0.01``, ``True`` as in the official output."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return _quote(value, "'")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return str(value)


def format_leaf(section: str, name: str, op: str, value: Any) -> str:
    """``Config("lr") == 0.01`` for one filter; names shown user-facing in every section."""
    frontend = to_frontend_name(name)
    func = SECTION_TO_FUNC.get(section)
    if not func:
        metric = frontend
    elif '"' in frontend or "\\" in frontend:
        metric = f"{func}({_quote(frontend, chr(34))})"
    else:  # nothing to escape (most names): _quote's result, without the call
        metric = f'{func}("{frontend}")'
    if op == "WITHINSECONDS":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecValidationError(
                f"a within_last filter on {metric} needs a number of seconds, got {value!r}"
            )
        amount, unit = seconds_to_amount_unit(value)
        if isinstance(amount, float) and amount.is_integer():
            amount = int(amount)
        return f"{metric} within_last {amount} {unit}"
    return f"{metric} {OP_TO_TEXT.get(op, op)} {format_value(value)}"


def is_filter_v2(data: Any) -> bool:
    """True for a dict in the flat v2 filter format (``filterFormat == "filterV2"``)."""
    return isinstance(data, dict) and data.get("filterFormat") == FILTER_FORMAT_V2


def v2_to_string(v2: dict[str, Any]) -> str:
    """The filter string for a v2 filter dict; ``[]`` gives ``""``.

    Items without a key name are skipped, ``disabled`` is ignored (as in the
    official library) and groups are parenthesised::

        >>> v2_to_string({"filterFormat": "filterV2", "filters": [
        ...     {"key": {"section": "config", "name": "lr"}, "op": "=", "value": 0.01}]})
        'Config("lr") == 0.01'
    """
    items = v2.get("filters") or []
    if not isinstance(items, list):
        raise SpecValidationError(
            "invalid filters", [("filters.filters", f"expected a list, got {items!r}")]
        )
    return _items_to_string(items, "filters.filters")


def _items_to_string(items: list[Any], path: str) -> str:
    parts: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise SpecValidationError(
                "invalid filters", [(f"{path}[{index}]", f"expected an object, got {item!r}")]
            )
        if isinstance(item.get("filters"), list):
            inner = _items_to_string(item["filters"], f"{path}[{index}].filters")
            text = f"({inner})" if inner else ""
        else:
            text = _leaf_text(item)
        if not text:
            continue
        connector = item.get("connector")
        if connector and parts:
            parts.append(str(connector).lower())
        parts.append(text)
    return " ".join(parts)


def _leaf_text(item: dict[str, Any]) -> str:
    key = item.get("key")
    if not isinstance(key, dict) or not key.get("name"):
        return ""
    return format_leaf(
        str(key.get("section", "run")),
        str(key["name"]),
        str(item.get("op", "=")),
        item.get("value"),
    )
