"""The loaded state of a panel, kept as one tuple, to tell later edits apart.

An object loaded from a spec writes its raw JSON back unchanged unless the user changed
it, by assignment or in place. At load it keeps its *pristine state*: a tuple of its
field values in which every mutable value (a list, a dict, a nested object) is a
separate copy, so that no later edit can reach it. To know whether it changed, the
object compares the tuple of its current values with that one (``==`` element by
element, as the dataclass equality does). Only when it did change is an object in the
pristine state rebuilt (:meth:`Shape.restore`) to write what was loaded, for the merge.

A class may name fields to keep in their stored form, ``_STORED_FORM = {field: (write,
read)}``: the slot holds ``write(value)``, the JSON the field is stored as (a loader can
keep the very JSON it read), both states are compared in that form, and ``read`` gives
the value back. Equal JSON writes the same spec, so this tells changes apart as well,
and keeps no copy of lists of objects.

A field holding a small object of immutable values (a panel's ``Layout``) is kept as
those values, inline: the tuple is the one object a pristine state adds, where a copied
object would be another per panel, and loading creates hundreds of panels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ._fast_init import set_fields_code
from ._snapshot import detach, flat_container, immutable

__all__ = ["Shape", "shape"]


@dataclasses.dataclass(frozen=True)
class Shape:
    """The compiled state functions of one class (see the module docstring)."""

    #: One slot per field, a flattened field taking one slot per field of its own.
    slots: tuple[str, ...]
    #: ``pristine(obj)``: the detached state tuple.
    pristine: Callable[[Any], tuple[Any, ...]]
    #: ``current(obj)``: the state tuple, sharing the object's values (to compare).
    current: Callable[[Any], tuple[Any, ...]]
    #: ``restore(obj, state)``: a new object of obj's class in ``state``, with obj's
    #: private attributes.
    restore: Callable[[Any, tuple[Any, ...]], Any]
    #: How a field is kept: "shared" (immutable), "copied" (a list or dict of immutable
    #: values: a shallow copy), "detached" (anything else), "stored" (as the JSON its
    #: class's ``_STORED_FORM`` writes), or the class it is flattened from.
    kinds: dict[str, Any]


def _flattened(annotation: Any) -> list[str] | None:
    """The field names of a small mutable object kept inline, or None."""
    if not (isinstance(annotation, type) and dataclasses.is_dataclass(annotation)):
        return None
    fields: dict[str, Any] = getattr(annotation, "__pydantic_fields__", {})
    names = [field.name for field in dataclasses.fields(annotation)]
    if not names or any(name not in fields for name in names):
        return None
    if all(immutable(fields[name].annotation) for name in names):
        return names
    return None


def _kind(annotation: Any) -> Any:
    if immutable(annotation):
        return "shared"
    nested = _flattened(annotation)
    if nested is not None:
        return annotation
    return "copied" if flat_container(annotation) else "detached"


def _compile(cls: type) -> Shape:
    resolved: dict[str, Any] = getattr(cls, "__pydantic_fields__", {})
    stored: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = getattr(
        cls, "_STORED_FORM", {}
    )
    env: dict[str, Any] = {"_detach": detach, "_new": object.__new__, "_set": object.__setattr__}
    slots: list[str] = []
    pristine: list[str] = []
    current: list[str] = []
    restore: list[str] = []
    kinds: dict[str, Any] = {}
    for index, field in enumerate(dataclasses.fields(cls)):
        name = field.name
        info = resolved.get(name)
        kind = _kind(info.annotation if info is not None else Any)
        kinds[name] = kind
        value = f"d[{name!r}]"
        if isinstance(kind, type):  # inline: one slot per field of the nested object
            env[f"_cls{index}"] = kind
            inner = [f.name for f in dataclasses.fields(kind)]
            nested = f"(n{index} := {value})"  # bound once, then read by name
            items = [f"{nested}.{inner[0]}", *(f"n{index}.{item}" for item in inner[1:])]
            pristine += items
            current += items
            start = len(slots)
            restore.append(f"    n = _new(_cls{index})")
            values = {item: f"s[{start + k}]" for k, item in enumerate(inner)}
            restore += [f"    {line}" for line in set_fields_code(kind, "n", env, values=values)]
            restore.append(f"    state[{name!r}] = n")
            slots += [f"{name}.{item}" for item in inner]
            continue
        slot = len(slots)
        slots.append(name)
        if name in stored:  # kept as stored: written (compared) and read back as JSON
            write, read = stored[name]
            kinds[name] = "stored"
            env[f"_write{index}"], env[f"_read{index}"] = write, read
            as_stored = f"(None if (v{index} := {value}) is None else _write{index}(v{index}))"
            pristine.append(as_stored)
            current.append(as_stored)
            restore.append(
                f"    state[{name!r}] = None if s[{slot}] is None else _read{index}(s[{slot}])"
            )
            continue
        current.append(value)
        if kind == "shared":
            pristine.append(value)
        elif kind == "copied":  # a list or dict of immutable values
            pristine.append(
                f"({value}.copy() if type({value}) is list or type({value}) is dict "
                f"else _detach({value}))"
            )
        else:
            pristine.append(f"_detach({value})")
        restore.append(f"    state[{name!r}] = s[{slot}]")
    source = "\n".join(
        [
            "def pristine(obj):",
            "    d = obj.__dict__",
            f"    return ({', '.join(pristine)},)",
            "def current(obj):",
            "    d = obj.__dict__",
            f"    return ({', '.join(current)},)",
            "def restore(obj, s):",
            "    state = {}",
            *restore,
            "    for key, item in obj.__dict__.items():",
            "        if key[:1] == '_':",
            "            state[key] = item",
            "    new = _new(type(obj))",
            "    _set(new, '__dict__', state)",
            "    return new",
        ]
    )
    exec(source, env)  # generated from the class's own field annotations
    return Shape(tuple(slots), env["pristine"], env["current"], env["restore"], kinds)


_SHAPES: dict[type, Shape] = {}


def shape(cls: type) -> Shape:
    """The state functions of ``cls``, compiled on first use."""
    found = _SHAPES.get(cls)
    if found is None:
        found = _SHAPES[cls] = _compile(cls)
    return found
