"""How loaded panels, sections and workspaces tell edits apart: one pristine state each.

An object loaded from a spec writes its stored JSON back unchanged unless the user
changed it, by assignment or in place. At load it keeps its *pristine state*
(:func:`remember`): a tuple of its field values in which every mutable value is a
separate copy, so that no later edit can reach it. How each field is kept follows the
copy kind of the class's field plan (:class:`._plan.Copy`, read from the annotations in
:mod:`._plan` only):

* immutable values are shared; a list or dict of immutable values is copied shallowly;
* a list of objects that track their own edits (a section's panels, a workspace's
  sections) is copied, its items are shared: each item tells its own edits apart;
* a small object of immutable values (a panel's ``Layout``) is kept as those values,
  inline (the tuple is the one object a pristine state adds);
* a field the class keeps in its stored form (``_STORED_FORM = {field: (write, read)}``,
  the field plan's ``stored``) is kept as the JSON ``write`` gives (a loader can keep the
  very JSON it read); both states are compared in that form and ``read`` gives the
  value back;
* anything else is a detached copy (:func:`._snapshot.detach`).

:func:`unchanged` compares the tuple of the current values with the pristine one (``==``
element by element, as the dataclass equality does), and asks the items of tracked
lists the same. :func:`spec` then writes the stored JSON as it is, or, after an edit,
merges what the object writes now onto it (:func:`._roundtrip.merge`), against what it
wrote when loaded: an object in the pristine state is rebuilt (:attr:`Shape.restore`)
to write that, once, on the first change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Protocol

from ._plan import Copy, class_plan, set_fields_code
from ._roundtrip import merge
from ._snapshot import detach

__all__ = ["Shape", "Tracked", "loaded_spec", "remember", "shape", "spec", "unchanged"]

JSONDict = dict[str, Any]


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
    #: The fields holding lists of objects that track their own edits.
    items: tuple[str, ...]


def _compile(cls: type) -> Shape:
    plan = class_plan(cls)
    names = plan.names()
    names.env.update(_detach=detach, _new=object.__new__, _set=object.__setattr__)
    slots: list[str] = []
    pristine: list[str] = []
    current: list[str] = []
    restore: list[str] = []
    for index, field in enumerate(plan.fields):
        name = field.name
        value = f"d[{name!r}]"
        if field.copy is Copy.INLINE and field.stored is None:
            # Inline: one slot per field of the nested object.
            kind = field.nested
            if kind is None:
                raise TypeError(f"{cls.__name__}.{name}: an inline field without its class")
            inner = [f.name for f in dataclasses.fields(kind)]
            nested = f"(n{index} := {value})"  # bound once, then read by name
            values_read = [f"{nested}.{inner[0]}", *(f"n{index}.{item}" for item in inner[1:])]
            pristine += values_read
            current += values_read
            start = len(slots)
            restore.append(f"    n = _new({names.name(kind, 'cls')})")
            values = {item: f"s[{start + k}]" for k, item in enumerate(inner)}
            restore += [f"    {line}" for line in set_fields_code(kind, "n", names, values=values)]
            restore.append(f"    state[{name!r}] = n")
            slots += [f"{name}.{item}" for item in inner]
            continue
        slot = len(slots)
        slots.append(name)
        if field.stored is not None:  # kept as stored: written (compared) and read back as JSON
            write, read = names.name(field.stored[0], "write"), names.name(field.stored[1], "read")
            as_stored = f"(None if (v{index} := {value}) is None else {write}(v{index}))"
            pristine.append(as_stored)
            current.append(as_stored)
            restore.append(
                f"    state[{name!r}] = None if s[{slot}] is None else {read}(s[{slot}])"
            )
            continue
        current.append(value)
        if field.copy is Copy.SHARED:
            pristine.append(value)
        elif field.copy in (Copy.COPIED, Copy.ITEMS):  # the list or dict, not its items
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
    env = names.env
    exec(source, env)  # generated from the class's field plan
    items = tuple(field.name for field in plan.fields if field.copy is Copy.ITEMS)
    return Shape(tuple(slots), env["pristine"], env["current"], env["restore"], items)


_SHAPES: dict[type, Shape] = {}


def shape(cls: type) -> Shape:
    """The state functions of ``cls``, compiled on first use."""
    found = _SHAPES.get(cls)
    if found is None:
        found = _SHAPES[cls] = _compile(cls)
    return found


class Tracked(Protocol):
    """An object that tells its edits apart (a panel, a section, a workspace).

    Its private attributes, set in its ``__post_init__``: ``_raw``, the JSON it was loaded
    from (None: a new object); ``_pristine``, its state then (:func:`remember`); and
    ``_loaded``, what it wrote then (None until first needed, see :func:`loaded_spec`).
    """

    _raw: JSONDict | None
    _pristine: tuple[Any, ...] | None
    _loaded: JSONDict | None

    def _wire(self, *, as_loaded: bool = False) -> JSONDict: ...


def remember(obj: Tracked, raw: JSONDict) -> None:
    """Keep ``raw``, the JSON ``obj`` was loaded from, and ``obj``'s pristine state."""
    state = obj.__dict__
    state["_raw"] = raw
    state["_pristine"] = shape(type(obj)).pristine(obj)
    state["_loaded"] = None


def unchanged(obj: Tracked) -> bool:
    """Whether a loaded ``obj``, and every tracked item it holds, is as it was loaded."""
    pristine = obj._pristine
    if pristine is None or obj._raw is None:
        return False
    found = shape(type(obj))
    if found.current(obj) != pristine:
        return False
    state = obj.__dict__
    return all(unchanged(item) for name in found.items for item in state[name])


def loaded_spec(obj: Tracked) -> JSONDict:
    """What the loaded ``obj`` wrote when it was loaded (computed once, on first need).

    Tracked items write their stored JSON (``as_loaded``): they tell their own edits apart.
    """
    loaded = obj._loaded
    if loaded is None:
        pristine = obj._pristine
        if pristine is None:
            raise ValueError(f"{type(obj).__name__} was not loaded: it has no pristine state")
        restored: Tracked = shape(type(obj)).restore(obj, pristine)
        loaded = obj.__dict__["_loaded"] = restored._wire(as_loaded=True)
    return loaded


def spec(obj: Tracked) -> JSONDict:
    """What ``obj`` writes: its stored JSON if unchanged since loading, else the merge.

    The result may share subtrees with the stored JSON; callers that hand it out copy it.
    """
    raw = obj._raw
    if raw is None or (obj._pristine is None and obj._loaded is None):
        return obj._wire()
    if unchanged(obj):
        return raw
    return merge(raw, loaded_spec(obj), obj._wire())
