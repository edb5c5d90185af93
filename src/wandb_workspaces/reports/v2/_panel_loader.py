"""Loading a panel from its JSON in one generated pass (the fast path of ``Panel._parse``).

The general path reads the config into constructor keywords, constructs the panel
(validating each keyword), then keeps a detached copy of it to tell later edits apart
(:func:`~wandb_workspaces._snapshot.snapshot`). For each panel class this module
compiles a loader that does the same work at once: it reads each config key the class
stores as is (``_STORED_AS_IS``) and each field its ``_fields_from_config`` computes,
accepts a value only under the checks of :mod:`~wandb_workspaces._fast_init` (those a
fast ``__init__`` applies), and builds the panel's state and its pristine copy side by
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
)
from ..._snapshot import detach, flat_container, immutable

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
    compiler: _Compiler, name: str, info: Any, source: str, defaults: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """Code reading one field into ``state``, and code setting its pristine copy in ``pris``.

    ``state`` starts as a copy of ``defaults`` (the plain defaults, which this fills in),
    and ``pris`` as a copy of the finished ``state``: only fields that can hold something
    mutable need a line of the second kind.
    """
    default_value, default = _default(compiler, name, info)
    lines = [f"v = {source}"]
    if default is None:  # required: the general path reports it
        lines += ["if v is None:", "    return None"]
    elif default == _PLAIN:
        defaults[name] = default_value
    else:  # a factory: a fresh value for the panel (and below, for its pristine copy)
        lines += ["if v is None:", f"    state[{name!r}] = {default}"]
    otherwise = "" if default == _PLAIN else "el"
    try:
        if _befores(info.metadata):
            raise _Unsupported("a before-validator")
        plan = compiler.plan(info.annotation, _without_before(info.metadata))
    except _Unsupported:  # only the default is taken here; a stored value goes the long way
        return [*lines, f"{otherwise}if v is not None:", "    return None"], []
    convert = plan.convert.format(v="v")
    lines += [
        f"{otherwise}if v is not None:",
        f"    if not {plan.check.format(v='v')}:",
        "        return None",
        f"    state[{name!r}] = {convert}",
    ]
    if immutable(info.annotation):
        return lines, []  # shared by the panel and its pristine copy
    if flat_container(info.annotation) and plan.convert in _PLAIN_COPIES:
        # The panel holds a copy of the value read, which nobody else keeps.
        again = f"v = {source}"
        if default == _PLAIN:
            return lines, [again, "if v is not None:", f"    pris[{name!r}] = v"]
        return lines, [again, f"pris[{name!r}] = v if v is not None else {default}"]
    return lines, [
        f"v = state[{name!r}]",
        "if v is not None:",
        f"    pris[{name!r}] = _detach(v)",
    ]


def _layout_lines(compiler: _Compiler, layout_cls: type) -> list[str]:
    """Code building ``state['layout']`` and ``pris['layout']`` as ``Layout.from_spec`` would.

    A missing key takes the field's default; a stored null, like any value the field's
    check refuses, sends the panel down the general path.
    """
    fields: dict[str, Any] = layout_cls.__pydantic_fields__  # type: ignore[attr-defined]
    names = [field.name for field in dataclasses.fields(layout_cls)]
    lines = ["layout = data.get('layout')", "if type(layout) is dict:"]
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
    values = ", ".join(f"{name!r}: l_{name}" for name in names)
    defaults = ", ".join(
        f"{name!r}: {compiler.name(fields[name].default, 'default')}" for name in names
    )
    lines += [
        f"    layout = {{{values}}}",
        "else:",
        f"    layout = {{{defaults}}}",
        "l_panel = _new(_layout_cls)",
        "_set(l_panel, '__dict__', layout)",
        "l_pristine = _new(_layout_cls)",
        "_set(l_pristine, '__dict__', layout.copy())",
        "state['layout'] = l_panel",
    ]
    compiler.env["_layout_cls"] = layout_cls
    return lines


def compile_loader(cls: type[Panel]) -> Loader:
    """The generated loader of ``cls``; raises ``_Unsupported`` if the class is out of reach."""
    _reject_shape(cls)
    post_init = cls.__dict__.get("__post_init__")
    if post_init is not None:
        raise _Unsupported("a __post_init__ of its own")
    fields: dict[str, Any] = cls.__pydantic_fields__  # type: ignore[attr-defined]
    stored = {field: key for key, field in cls._STORED_AS_IS.items()}
    compiler = _Compiler()
    reads: list[str] = []
    copies: list[str] = []
    # Instance state in field order, then the private attributes Panel.__post_init__ sets.
    defaults: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        name = field.name
        if not name.isidentifier() or name.startswith("_") or name not in fields:
            raise _Unsupported(f"field {name!r}")
        defaults[name] = None
        if name == "layout":
            continue
        source = f"get({stored[name]!r})" if name in stored else f"computed.get({name!r})"
        read, copy = _field_lines(compiler, name, fields[name], source, defaults)
        reads += read
        copies += copy
    defaults.update(_id=None, _is_auto=None, _raw=None, _pristine=None, _loaded=None)
    computed_names = frozenset(fields) - set(stored)
    layout_cls = fields["layout"].default_factory
    if not isinstance(layout_cls, type):
        raise _Unsupported("a layout without its class as default factory")
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
            *(f"        {line}" for line in _layout_lines(compiler, layout_cls)),
            *(f"        {line}" for line in reads),
            "        panel_id = data.get('__id__')",
            "        state['_id'] = panel_id if type(panel_id) is str else None",
            "        is_auto = data.get('isAuto')",
            "        if is_auto is True or is_auto is False:",
            "            state['_is_auto'] = is_auto",
            "        state['_raw'] = data",
            "        pris = state.copy()",
            "        pris['layout'] = l_pristine",
            *(f"        {line}" for line in copies),
            f"    except {_ERRORS}:",
            "        return None",
            "    pristine = _new(_cls)",
            "    _set(pristine, '__dict__', pris)",
            "    state['_pristine'] = pristine",
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
