"""Detached copies of values and validated objects.

A loaded panel keeps its pristine state (:mod:`._pristine`) apart from the panel itself,
so that no edit of the panel, in place or by assignment, can reach it. :func:`detach`
makes those copies: JSON data, lists and dicts copied, frozen objects shared, and a
validated object (a gradient point, a column) copied by :func:`snapshot`, field by field.
:func:`immutable` and :func:`flat_container` tell from a field's annotation which copy it
needs, so the copies can be compiled per class.

A snapshot's copy function is compiled per class from its field annotations: a field
that can only hold immutable values (strings, numbers, literals, frozen dataclasses,
tuples of those) is shared, a list or dict of immutable values is copied shallowly, and
anything else is copied by :func:`detach`, which walks the value at run time.
"""

from __future__ import annotations

import copy
import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union

from ._fast_init import has_instance_dict, set_fields_code

__all__ = ["detach", "flat_container", "immutable", "snapshot"]

T = TypeVar("T")

_ATOMS = frozenset({str, int, float, bool, type(None)})


def _is_frozen_dataclass(cls: Any) -> bool:
    params = getattr(cls, "__dataclass_params__", None)
    return isinstance(cls, type) and params is not None and bool(params.frozen)


def immutable(annotation: Any) -> bool:
    """Whether every value a field of this type holds is immutable (sharing it is safe)."""
    if annotation in _ATOMS:
        return True
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return immutable(args[0])
    if origin is Literal:
        return True
    if origin is Union or origin is types.UnionType:
        return all(immutable(arg) for arg in args)
    if origin is tuple:
        return bool(args) and all(arg is Ellipsis or immutable(arg) for arg in args)
    return _is_frozen_dataclass(annotation)


def flat_container(annotation: Any) -> str | None:
    """``"list"``/``"dict"`` for a container of immutable values (maybe Optional), else None."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return flat_container(args[0])
    if origin is Union or origin is types.UnionType:
        rest = [arg for arg in args if arg is not type(None)]
        return flat_container(rest[0]) if len(rest) == 1 else None
    if origin is list and args and immutable(args[0]):
        return "list"
    if origin is dict and len(args) == 2 and immutable(args[0]) and immutable(args[1]):
        return "dict"
    return None


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
    slotted = not has_instance_dict(cls)
    names = [field.name for field in dataclasses.fields(cls)]
    if slotted:  # the fields' values, from the slots
        lines = ["def copy(obj):", f"    state = {{{', '.join(f'{n!r}: obj.{n}' for n in names)}}}"]
    else:
        lines = ["def copy(obj):", "    state = obj.__dict__.copy()"]
    env: dict[str, Any] = {"_detach": detach, "_new": object.__new__, "_cls": cls}
    resolved: dict[str, Any] = getattr(cls, "__pydantic_fields__", {})
    for field in dataclasses.fields(cls):
        name = field.name
        info = resolved.get(name)
        annotation = info.annotation if info is not None else Any  # unknown: walk it
        if immutable(annotation):
            continue
        kind = flat_container(annotation)
        if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
            # A nested object (a panel's Layout): its own copier, called directly.
            nested = f"_copy_{annotation.__name__}"
            env[nested], env[f"_cls_{nested}"] = _copier(annotation), annotation
            lines += [
                f"    value = state.get({name!r})",
                f"    if type(value) is _cls_{nested}:",
                f"        state[{name!r}] = {nested}(value)",
                "    elif value is not None:",
                f"        state[{name!r}] = _detach(value)",
            ]
        elif kind is not None:  # copied shallowly when it holds the container it should
            lines += [
                f"    value = state.get({name!r})",
                f"    if type(value) is {kind}:",
                f"        state[{name!r}] = value.copy()",
                "    elif value is not None:",
                f"        state[{name!r}] = _detach(value)",
            ]
        else:
            lines.append(f"    if {name!r} in state: state[{name!r}] = _detach(state[{name!r}])")
    lines.append("    new = _new(_cls)")
    lines += [f"    {line}" for line in set_fields_code(cls, "new", env, state="state")]
    lines.append("    return new")
    exec("\n".join(lines), env)  # generated from the class's own field annotations
    copier: _Copier = env["copy"]
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
