"""Detached copies of values and validated objects.

A loaded panel keeps its pristine state (:mod:`._pristine`) apart from the panel itself,
so that no edit of the panel, in place or by assignment, can reach it. :func:`detach`
makes those copies: JSON data, lists and dicts copied, frozen objects shared, and a
validated object (a gradient point, a column) copied by :func:`snapshot`, field by field.

A snapshot's copy function is generated per class from the copy kinds of its field plan
(:class:`._plan.Copy`): a field that only holds immutable values is shared, a list or
dict of immutable values is copied shallowly, a nested object by its own class's copy
function, and anything else by :func:`detach`, which walks the value at run time.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from ._plan import Copy, class_plan, has_instance_dict, set_fields_code

__all__ = ["detach", "snapshot"]

T = TypeVar("T")

_ATOMS = frozenset({str, int, float, bool, type(None)})


def _is_frozen_dataclass(cls: Any) -> bool:
    params = getattr(cls, "__dataclass_params__", None)
    return isinstance(cls, type) and params is not None and bool(params.frozen)


def detach(value: T) -> T:
    """A copy of ``value`` that shares nothing mutable with it."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    data: Any = value
    if kind is list:
        return [item if type(item) in _ATOMS else detach(item) for item in data]  # type: ignore[return-value]
    if kind is dict:
        return {  # type: ignore[return-value]
            key: item if type(item) in _ATOMS else detach(item) for key, item in data.items()
        }
    if kind is tuple:
        return tuple(detach(item) for item in data)  # type: ignore[return-value]
    copier = _COPIERS.get(kind)  # a dataclass seen before
    if copier is not None:
        return copier(value)  # type: ignore[no-any-return]
    if kind in _FROZEN or _is_frozen_dataclass(kind):
        _FROZEN.add(kind)
        return value
    if dataclasses.is_dataclass(kind):
        return snapshot(value)
    return copy.deepcopy(value)


_Copier = Callable[[Any], Any]
_COPIERS: dict[type, _Copier] = {}  # the compiled copy of each dataclass copied so far
_FROZEN: set[type] = set()  # frozen dataclasses seen so far (shared, never copied)


def _compile(cls: type) -> _Copier:
    plan = class_plan(cls)
    names = plan.names()
    names.env.update(_detach=detach, _new=object.__new__, _cls=cls)
    slotted = not has_instance_dict(cls)
    if slotted and all(field.copy is Copy.SHARED for field in plan.fields):
        # A small value object (a run's settings): its slots set straight from the original's.
        values = {field.name: f"obj.{field.name}" for field in plan.fields}
        lines = ["def copy(obj):", "    new = _new(_cls)"]
        lines += [f"    {line}" for line in set_fields_code(cls, "new", names, values=values)]
        exec("\n".join([*lines, "    return new"]), names.env)  # from the field plan
        shared: _Copier = names.env["copy"]
        return shared
    if slotted:  # the fields' values, from the slots
        values_read = ", ".join(f"{field.name!r}: obj.{field.name}" for field in plan.fields)
        lines = ["def copy(obj):", f"    state = {{{values_read}}}"]
    else:
        lines = ["def copy(obj):", "    state = obj.__dict__.copy()"]
    for field in plan.fields:
        name = field.name
        if field.copy is Copy.SHARED:
            continue
        if field.nested is not None:  # a nested object (a panel's Layout): its own copier
            nested = names.name(field.nested, "nested")
            copy_value = f"{names.name(_copier(field.nested), 'copy')}(value)"
        elif field.copy is Copy.COPIED:  # a list or dict of immutable values
            nested, copy_value = None, "value.copy()"
        else:
            lines.append(f"    if {name!r} in state: state[{name!r}] = _detach(state[{name!r}])")
            continue
        test = (
            f"type(value) is {nested}" if nested else "type(value) is list or type(value) is dict"
        )
        lines += [
            f"    value = state.get({name!r})",
            f"    if {test}:",
            f"        state[{name!r}] = {copy_value}",
            "    elif value is not None:",
            f"        state[{name!r}] = _detach(value)",
        ]
    lines.append("    new = _new(_cls)")
    lines += [f"    {line}" for line in set_fields_code(cls, "new", names, state="state")]
    lines.append("    return new")
    exec("\n".join(lines), names.env)  # generated from the class's field plan
    copier: _Copier = names.env["copy"]
    return copier


def _copier(cls: type) -> _Copier:
    copier = _COPIERS.get(cls)
    if copier is None:
        copier = _COPIERS[cls] = _compile(cls)
    return copier


def snapshot(obj: T) -> T:
    """A detached copy of the dataclass instance ``obj``, private attributes included.

    Private attributes are copied as they are (they hold ids and loaded JSON, which
    are never edited in place).
    """
    snap: T = _copier(type(obj))(obj)
    return snap
