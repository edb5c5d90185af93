"""Loading a panel from its JSON in one generated pass (the fast path of ``Panel._parse``).

The general path reads the config into constructor keywords, constructs the panel
(validating each keyword), then keeps its pristine state to tell later edits apart
(:mod:`~wandb_workspaces._pristine`). For each panel class this module compiles a
loader that does the same work at once: it reads each config key the class stores as
is (``_STORED_AS_IS``) and each field its ``_fields_from_config`` computes, accepts a
value only under the checks of :mod:`~wandb_workspaces._fast_init` (those a fast
``__init__`` applies), and builds the panel's state and its pristine state side by
side, sharing what is immutable.

Any value it does not accept as it is, and any error, makes it return None, and the
general path loads the panel instead: the result, warnings and errors are that path's.
The tests load generated configs both ways and compare the panels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..._fast_init import (
    _PLAIN,
    _befores,
    _Compiler,
    _default,
    _reject_shape,
    _Unsupported,
    _without_before,
    set_fields_code,
)
from ..._pristine import shape
from ..._snapshot import detach

if TYPE_CHECKING:
    from ._panel import Panel

__all__ = ["compile_loader", "fast_loader"]

Loader = Callable[[dict[str, Any]], "Panel | None"]

# A container copied as it is (its items need no conversion), maybe Optional.
_PLAIN_COPIES = frozenset(
    {"list({v})", "dict({v})", "(None if {v} is None else list({v}))",
     "(None if {v} is None else dict({v}))"}
)  # fmt: skip

# The errors a reader or check can raise on a value it does not expect.
_ERRORS = "(ValueError, TypeError, KeyError, IndexError, AttributeError, AssertionError)"


def _field_lines(
    compiler: _Compiler,
    name: str,
    info: Any,
    source: str,
    kind: Any,
    defaults: dict[str, Any],
    *,
    stored: bool,
    stored_form: tuple[str, Any] | None = None,
) -> tuple[list[str], str]:
    """Code reading one field into ``state``, and the expression of its pristine slot.

    ``state`` starts as a copy of ``defaults`` (the plain defaults, which this fills in).
    The slot is the field's value when it is immutable; the value read when it is stored
    JSON or a list or dict copied as it is (the panel holds the copy), or a fresh
    default; else a detached copy. A field kept in its stored form (``stored_form``: the
    expression of the stored JSON, and the class's writer) has that JSON as its slot, and
    takes the reader's fresh value without a copy.
    """
    default_value, default = _default(compiler, name, info)
    value, original = f"f_{name}", f"o_{name}"
    lines = [f"v = {source}"]
    if stored_form is not None:  # the JSON read (``r`` in ``source``), kept for the slot
        lines = [f"r = {stored_form[0]}", f"v = {source}"]
    if default is None:  # required: the general path reports it
        lines += ["if v is None:", "    return None"]
    elif default == _PLAIN:
        defaults[name] = default_value
        const = compiler.name(default_value, "default")
        lines += ["if v is None:", f"    {value} = {const}"]
        if stored_form is not None:  # the default as its class stores it
            as_stored = None if default_value is None else stored_form[1](default_value)
            lines.append(f"    {original} = {compiler.name(as_stored, 'stored')}")
        else:
            lines.append(f"    {original} = None")
    else:  # a factory: a fresh value for the panel, and one for its pristine slot
        lines += ["if v is None:", f"    state[{name!r}] = {value} = {default}"]
        if stored_form is not None:  # the default as its class stores it (never edited)
            as_stored = stored_form[1](info.default_factory())
            lines.append(f"    {original} = {compiler.name(as_stored, 'stored')}")
        else:
            lines.append(f"    {original} = {default}")
    try:
        if _befores(info.metadata):
            raise _Unsupported("a before-validator")
        plan = compiler.plan(info.annotation, _without_before(info.metadata))
    except _Unsupported:  # only the default is taken here; a stored value goes the long way
        return [*lines, "else:", "    return None"], value
    convert = plan.convert.format(v="v")
    if stored_form is not None and plan.convert in _PLAIN_COPIES:
        convert = "v"  # the reader's fresh list or dict: nobody else keeps it
    lines += [
        "else:",
        f"    if not {plan.check.format(v='v')}:",
        "        return None",
        f"    state[{name!r}] = {value} = {convert}",
    ]
    if stored_form is None:
        lines.append(f"    {original} = v")
    else:  # the JSON read; or, when nothing was stored, what the value read writes
        write = compiler.name(stored_form[1], "write")
        lines.append(f"    {original} = r if r is not None else {write}({value})")
    if kind == "stored":
        return lines, original
    if kind == "shared":
        return lines, value
    if stored or (kind == "copied" and plan.convert in _PLAIN_COPIES):
        # The value read: stored JSON (the panel holds its own copy, converted; any part
        # it shares is the stored JSON's too, which writes it back as edited), or a
        # fresh list or dict of immutable values nobody else keeps.
        return lines, original
    return lines, f"_detach({value})"


def _layout_lines(compiler: _Compiler, layout_cls: type) -> tuple[list[str], list[str]]:
    """Code building ``state['layout']`` as ``Layout.from_spec`` would, and its slots.

    A missing key takes the field's default; a stored null, like any value the field's
    check refuses, sends the panel down the general path.
    """
    fields: dict[str, Any] = layout_cls.__pydantic_fields__  # type: ignore[attr-defined]
    names = [field.name for field in dataclasses.fields(layout_cls)]
    lines = ["layout = data.get('layout')", "if type(layout) is dict:"]
    otherwise = ["else:"]
    for name in names:
        info = fields[name]
        plan = compiler.plan(info.annotation, _without_before(info.metadata))
        if _befores(info.metadata) or not plan.identity or info.default_factory is not None:
            raise _Unsupported(f"layout field {name!r}")
        default = compiler.name(info.default, "default")
        lines += [
            f"    l_{name} = layout.get({name!r}, {default})",
            f"    if not {plan.check.format(v=f'l_{name}')}:",
            "        return None",
        ]
        otherwise.append(f"    l_{name} = {default}")
    lines += [*otherwise, "l_panel = _new(_layout_cls)"]
    values = {name: f"l_{name}" for name in names}
    lines += set_fields_code(layout_cls, "l_panel", compiler.env, values=values)
    lines.append("state['layout'] = l_panel")
    compiler.env["_layout_cls"] = layout_cls
    return lines, [f"l_{name}" for name in names]


def compile_loader(cls: type[Panel]) -> Loader:
    """The generated loader of ``cls``; raises ``_Unsupported`` if the class is out of reach."""
    _reject_shape(cls)
    post_init = cls.__dict__.get("__post_init__")
    if post_init is not None:
        raise _Unsupported("a __post_init__ of its own")
    fields: dict[str, Any] = cls.__pydantic_fields__  # type: ignore[attr-defined]
    stored = {field: key for key, field in cls._STORED_AS_IS.items()}
    kinds = shape(cls).kinds
    layout_cls = fields["layout"].annotation
    if not isinstance(layout_cls, type) or kinds["layout"] is not layout_cls:
        raise _Unsupported("a layout that is not kept inline (see _pristine)")
    compiler = _Compiler()
    reads, layout_slots = _layout_lines(compiler, layout_cls)
    slots: list[str] = []  # the pristine state, in the order of shape(cls).slots
    # Instance state in field order, then the private attributes Panel.__post_init__ sets.
    defaults: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        name = field.name
        if not name.isidentifier() or name.startswith("_") or name not in fields:
            raise _Unsupported(f"field {name!r}")
        defaults[name] = None
        if name == "layout":
            slots += layout_slots
            continue
        stored_form = None
        if name in stored:
            source = f"get({stored[name]!r})"
        elif name in cls._READ:
            keys, reader = cls._READ[name]
            stored_values = ", ".join(f"get({key!r})" for key in keys)
            if kinds[name] == "stored":  # one key, its JSON kept as ``r``
                if len(keys) != 1:
                    raise _Unsupported(f"{name!r} is kept stored but read from several keys")
                stored_form = (stored_values, cls._STORED_FORM[name][0])
                stored_values = "r"
            source = f"{compiler.name(reader, 'read')}({stored_values})"
        else:
            source = f"computed.get({name!r})"
        lines, slot = _field_lines(
            compiler,
            name,
            fields[name],
            source,
            kinds[name],
            defaults,
            stored=name in stored,
            stored_form=stored_form,
        )
        reads += lines
        slots.append(slot)
    defaults.update(cls._PRIVATE_STATE)
    computed_names = frozenset(fields) - set(stored) - set(cls._READ)
    source = "\n".join(
        [
            "def load(data):",
            "    config = data.get('config')",
            "    if type(config) is not dict:",
            "        return None",
            "    state = _defaults.copy()",
            "    try:",
            "        get = config.get",
            *(
                [
                    "        computed = _computed(config)",
                    "        if not computed.keys() <= _computed_names:",
                    "            return None",
                ]
                if computed_names - {"layout"}  # a field read by _fields_from_config
                else []
            ),
            *(f"        {line}" for line in reads),
            f"        state['_pristine'] = ({', '.join(slots)},)",
            f"    except {_ERRORS}:",
            "        return None",
            "    panel_id = data.get('__id__')",
            "    if type(panel_id) is str:",
            "        state['_id'] = panel_id",
            "    is_auto = data.get('isAuto')",
            "    if is_auto is True or is_auto is False:",
            "        state['_is_auto'] = is_auto",
            "    state['_raw'] = data",
            "    panel = _new(_cls)",
            "    _set(panel, '__dict__', state)",
            "    return panel",
        ]
    )
    env = compiler.env
    env.update(
        _cls=cls,
        _defaults=defaults,
        _new=object.__new__,
        _set=object.__setattr__,
        _detach=detach,
        _computed=cls._fields_from_config,
        _computed_names=computed_names,
    )
    exec(source, env)  # generated from the class's own fields and table
    loader: Loader = env["load"]
    loader.__fast_source__ = source  # type: ignore[attr-defined]
    return loader


_LOADERS: dict[type, Loader | None] = {}


def fast_loader(cls: type[Panel]) -> Loader | None:
    """The loader of ``cls``, compiled on first use; None if the class is out of reach."""
    try:
        return _LOADERS[cls]
    except KeyError:
        pass
    loader: Loader | None
    try:
        loader = compile_loader(cls)
    except _Unsupported:
        loader = None
    _LOADERS[cls] = loader
    return loader
