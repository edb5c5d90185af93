"""The public API's run filters and orders: what ``wandb.Api().runs(path, filters, order)``
sends, as MongoDB-style JSON and a sort string.

::

    >>> node = parse_filters({"$and": [{"config.lr.value": {"$gt": 0.01}}, {"state": "finished"}]})
    >>> parse_order("-summary_metrics.acc")
    [SortKey(key=Key(section='summary', name='acc'), ascending=False)]

Paths: ``config.<key>[.value][.<nested>]`` (the ``.value`` of W&B's stored config may
be left out), ``summary_metrics.<key>``, ``keys_info.keys.<key>``, ``tags`` (a list:
``{"tags": "x"}`` means "has tag x"), ``tags.<tag>`` (true if the run has it), and run
attributes in snake_case or camelCase (``state``, ``display_name``, ``created_at``,
``name`` (the run id), ``group``, ``job_type``, ``username``, ``sweep``, ``host``...).
Operators: ``$and $or $nor`` and, per field, ``$eq $ne $gt $gte $lt $lte $in $nin
$regex ($options) $exists $not``; a bare value means ``$eq``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ._fields import Key, check_run_field, key_from_path
from ._match import AllOf, AnyOf, Cond, Node, NoneOf, check_depth
from ._sort import SortKey
from .errors import FilterError, OrderError, suggest

__all__ = ["parse_filters", "parse_order"]

_FIELD_OPS = {
    "$eq": "=",
    "$ne": "!=",
    "$gt": ">",
    "$gte": ">=",
    "$lt": "<",
    "$lte": "<=",
    "$in": "IN",
    "$nin": "NIN",
    "$regex": "REGEX",
    "$exists": "EXISTS",
}
_LOGICAL: dict[str, type[AllOf] | type[AnyOf] | type[NoneOf]] = {
    "$and": AllOf,
    "$or": AnyOf,
    "$nor": NoneOf,
}
_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


def parse_filters(filters: Any) -> Node:
    """The filter tree of ``filters`` (a dict, or its JSON text; ``None`` and ``{}``
    match every run). Raises :class:`FilterError` naming the offending JSON path."""
    if isinstance(filters, str):
        try:
            filters = json.loads(filters) if filters.strip() else {}
        except ValueError as exc:
            raise FilterError("filters", f"not valid JSON ({exc})") from None
    if filters is None:
        return AllOf(())
    return _document(filters, "filters", 0)


def _document(doc: Any, where: str, depth: int) -> Node:
    check_depth(depth, where)
    if not isinstance(doc, Mapping):
        raise FilterError(where, f'expected an object like {{"state": "finished"}}, got {doc!r}')
    items: list[Node] = []
    for name, value in doc.items():
        here = f"{where}.{name}" if name.startswith("$") else f'{where}."{name}"'
        if name.startswith("$"):
            items.append(_logical(name, value, here, depth))
        else:
            items.append(_field(name, value, here, depth))
    return items[0] if len(items) == 1 else AllOf(tuple(items))


def _logical(name: str, value: Any, where: str, depth: int) -> Node:
    kind = _LOGICAL.get(name)
    if kind is None:
        raise FilterError(
            where,
            f"unknown operator {name}{suggest(name, _LOGICAL)}; at the top level use "
            "$and, $or or $nor, or a field path",
        )
    if not isinstance(value, list):
        raise FilterError(where, f"{name} takes a list of filter objects, got {value!r}")
    return kind(tuple(_document(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value)))


def _key(path: str, where: str) -> Key:
    key = key_from_path(path)
    if key.section == "run":
        return Key("run", check_run_field(path, where))
    return key


def _field(path: str, value: Any, where: str, depth: int) -> Node:
    key = _key(path, where)
    if isinstance(value, Mapping) and any(str(k).startswith("$") for k in value):
        return _operators(key, value, where, depth + 1)
    return Cond(key, "=", value)


def _operators(key: Key, spec: Mapping[str, Any], where: str, depth: int) -> Node:
    check_depth(depth, where)
    items: list[Node] = []
    for name, operand in spec.items():
        here = f"{where}.{name}"
        if name == "$options":
            if "$regex" not in spec:
                raise FilterError(here, "$options only goes with $regex")
            continue
        if name == "$not":
            if not isinstance(operand, Mapping):
                raise FilterError(here, f"$not takes an operator object, got {operand!r}")
            items.append(NoneOf((_operators(key, operand, here, depth + 1),)))
            continue
        op = _FIELD_OPS.get(name)
        if op is None:
            valid = [*_FIELD_OPS, "$not", "$options"]
            raise FilterError(
                here, f"unknown operator {name}{suggest(name, valid)}; valid: {', '.join(valid)}"
            )
        items.append(Cond(key, op, _operand(op, operand, spec.get("$options", ""), here)))
    return items[0] if len(items) == 1 else AllOf(tuple(items))


def _operand(op: str, operand: Any, options: Any, where: str) -> Any:
    if op in ("IN", "NIN") and not isinstance(operand, list):
        raise FilterError(where, f"expects a list of values, got {operand!r}")
    if op == "REGEX":
        if not isinstance(operand, str) or not isinstance(options, str):
            raise FilterError(where, f"expects a pattern string, got {operand!r}")
        flags = 0
        for letter in options:
            if letter not in _REGEX_FLAGS:
                raise FilterError(where, f'unknown $options letter "{letter}"; valid: i m s x')
            flags |= _REGEX_FLAGS[letter]
        try:
            return re.compile(operand, flags)
        except re.error as exc:
            raise FilterError(where, f"invalid regular expression {operand!r} ({exc})") from None
    return operand


def parse_order(order: str | None) -> list[SortKey]:
    """Sort keys of an order string: ``+created_at`` (ascending; also without a sign),
    ``-summary_metrics.acc`` (descending), ``config.lr.value``; several joined by commas.
    A bare name that is not a run attribute means a summary metric, as in the SDK."""
    keys: list[SortKey] = []
    for part in (order or "").split(","):
        text = part.strip()
        if not text:
            continue
        ascending = not text.startswith("-")
        path = text[1:] if text[0] in "+-" else text
        if not path:
            raise OrderError("order", f"{part!r} names no field; write e.g. -created_at")
        key = key_from_path(path)
        if key.section == "run":
            try:
                key = Key("run", check_run_field(path, "order"))
            except FilterError:
                key = Key("summary", path)
        keys.append(SortKey(key, ascending))
    return keys or [SortKey(Key("run", "createdAt"), True)]
