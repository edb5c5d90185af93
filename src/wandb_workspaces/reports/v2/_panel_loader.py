"""Loading a panel from its JSON in one generated pass (the fast path of ``Panel._parse``).

The general path reads the config into constructor keywords, constructs the panel
(validating each keyword), then keeps its pristine state to tell later edits apart
(:mod:`~wandb_workspaces._pristine`). For each panel class this module compiles a
loader that does the same work at once: it reads each config key the class stores as
is (``_STORED_AS_IS``) and each field its ``_fields_from_config`` computes, accepts a
value only under the checks of the class's field plan (:mod:`~wandb_workspaces._plan`,
the checks a fast ``__init__`` applies too), and builds the panel's state and its
pristine state side by side, keeping each field as the plan's copy kind says.

Any value it does not accept as it is, and any error, makes it return None, and the
general path loads the panel instead: the result, warnings and errors are that path's.
The tests load generated configs both ways and compare the panels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..._plan import (
    MISSING,
    ClassPlan,
    Copy,
    FieldPlan,
    Names,
    Unsupported,
    class_plan,
    set_fields_code,
)
from ..._snapshot import detach
from ._panel_config import item_tuple

if TYPE_CHECKING:
    from ._panel import Panel

__all__ = ["LOADERS", "compile_loader", "fast_loader"]

Loader = Callable[[dict[str, Any]], "Panel | None"]

# The errors a reader or check can raise on a value it does not expect.
_ERRORS = "(ValueError, TypeError, KeyError, IndexError, AttributeError, AssertionError)"


def _field_lines(
    names: Names, field: FieldPlan, source: str, *, as_is: bool, stored: str | None
) -> tuple[list[str], str]:
    """Code reading one field into ``state``, and the expression of its pristine slot.

    ``state`` starts as a copy of the plain defaults. The slot is the field's value when
    it is immutable; the value read when it is a config value taken as it is (``as_is``)
    or a list or dict copied as it is (the panel holds the copy), or a fresh default;
    else a detached copy. A field kept in its stored form (``stored``: the expression of
    the stored JSON) has that JSON as its slot, and takes the reader's fresh value
    without a copy.
    """
    name = field.name
    value, original = f"f_{name}", f"o_{name}"
    lines = [f"v = {source}"]
    write = None
    if stored is not None and field.stored is not None:  # the JSON read, kept for the slot
        lines = [f"r = {stored}", f"v = {source}"]
        write = field.stored[0]
    if field.required:  # the general path reports it
        lines += ["if v is None:", "    return None"]
    elif field.factory is None:  # a plain default (in ``state`` already)
        const = names.name(field.default, "default")
        lines += ["if v is None:", f"    {value} = {const}"]
        as_stored = None if write is None or field.default is None else write(field.default)
        kept = "None" if as_stored is None else names.name(as_stored, "stored")
        lines.append(f"    {original} = {kept}")
    else:  # a factory: a fresh value for the panel, and one for its pristine slot
        factory = f"{names.name(field.factory, 'factory')}()"
        lines += ["if v is None:", f"    state[{name!r}] = {value} = {factory}"]
        if write is not None:  # the default as its class stores it (never edited)
            lines.append(f"    {original} = {names.name(write(field.factory()), 'stored')}")
        else:
            lines.append(f"    {original} = {factory}")
    if field.befores or field.check is None:
        # Only the default is taken here; a stored value goes the long way.
        return [*lines, "else:", "    return None"], value
    plain_copy = field.plain_copy
    convert = "v" if write is not None and plain_copy else field.convert.format(v="v")
    lines += [
        "else:",
        f"    if not {field.check.format(v='v')}:",
        "        return None",
        f"    state[{name!r}] = {value} = {convert}",
    ]
    if write is None:
        lines.append(f"    {original} = v")
    else:  # the JSON read; or, when nothing was stored, what the value read writes
        lines.append(
            f"    {original} = r if r is not None else {names.name(write, 'write')}({value})"
        )
    if write is not None:
        return lines, original
    if field.copy is Copy.SHARED:
        return lines, value
    if as_is or (field.copy is Copy.COPIED and plain_copy):
        # The value read: stored JSON (the panel holds its own copy, converted; any part
        # it shares is the stored JSON's too, which writes it back as edited), or a
        # fresh list or dict of immutable values nobody else keeps.
        return lines, original
    return lines, f"_detach({value})"


def _sparse(field: FieldPlan) -> bool:
    """Whether a config value taken as it is, with a None default, is read sparsely.

    A panel's config holds a few of its many keys: these fields cost nothing when their
    key is absent (their state is the default, their pristine slot None); the loader
    visits only the keys present (:func:`_take_source`).
    """
    return field.default is None and field.check is not None and not field.befores


def _take_source(names: Names, field: FieldPlan, slot: int) -> str:
    """``take(v, state, slots)`` of a sparse field: check the stored value ``v`` (not None),
    put the field's value in ``state`` and its pristine slot in ``slots[slot]``; False
    when the check refuses it."""
    name, check = field.name, str(field.check).format(v="v")
    helper = f"_take_{name}"  # field names are unique, the namespace is the loader's own
    lines = [f"def {helper}(v, state, slots):", f"    if not {check}:", "        return False"]
    if field.identity:  # the value read is the panel's value and its pristine slot
        lines += [f"    state[{name!r}] = slots[{slot}] = v"]
    else:
        converted = field.convert.format(v="v")
        kept = "value" if field.copy is Copy.SHARED else "v"
        lines += [f"    state[{name!r}] = value = {converted}", f"    slots[{slot}] = {kept}"]
    lines.append("    return True")
    exec("\n".join(lines), names.env)  # generated from the field's plan
    return helper


def _layout_lines(names: Names, field: FieldPlan) -> tuple[list[str], list[str]]:
    """Code building ``state['layout']`` as ``Layout.from_spec`` would, and its slots.

    A missing key takes the field's default; a stored null, like any value the field's
    check refuses, sends the panel down the general path.
    """
    layout_cls = field.nested
    if field.copy is not Copy.INLINE or layout_cls is None:
        raise Unsupported("a layout that is not kept inline (see _pristine)")
    layout = class_plan(layout_cls)
    lines = ["layout = data.get('layout')", "if type(layout) is dict:"]
    otherwise = ["else:"]
    for item in layout.fields:
        name = item.name
        if item.befores or item.check is None or not item.identity or item.default is MISSING:
            raise Unsupported(f"layout field {name!r}")
        default = names.name(item.default, "default")
        lines += [
            f"    l_{name} = layout.get({name!r}, {default})",
            f"    if not {item.check.format(v=f'l_{name}')}:",
            "        return None",
        ]
        otherwise.append(f"    l_{name} = {default}")
    names.env.update(layout.env)  # the names of the layout's checks
    lines += [*otherwise, f"l_panel = _new({names.name(layout_cls, 'cls')})"]
    values = {item.name: f"l_{item.name}" for item in layout.fields}
    lines += set_fields_code(layout_cls, "l_panel", names, values=values)
    lines.append("state['layout'] = l_panel")
    return lines, [f"l_{item.name}" for item in layout.fields]


def _absent_reads_as_none(reader: Callable[[Any], Any]) -> bool:
    """Whether ``reader`` reads an absent (or null) key as None, "not set".

    Readers are pure functions of the stored value, so asking once answers for every
    panel.
    """
    try:
        return reader(None) is None
    except Exception:  # a reader that refuses None is called with it
        return False


def compile_loader(cls: type[Panel]) -> Loader:
    """The generated loader of ``cls``; raises ``Unsupported`` if the class is out of reach."""
    plan: ClassPlan = class_plan(cls)
    problems = [plan.problem, *(field.problem for field in plan.fields)]
    if any(problems):
        raise Unsupported("; ".join(str(problem) for problem in problems if problem))
    if cls.__dict__.get("__post_init__") is not None:
        raise Unsupported("a __post_init__ of its own")
    as_is = {field: key for key, field in cls._STORED_AS_IS.items()}
    names = plan.names()
    reads, layout_slots = _layout_lines(names, plan.field("layout"))
    slots: list[str] = []  # the pristine state, in the order of shape(cls).slots
    take: dict[str, Callable[..., bool]] = {}  # config key -> take() of a sparse field
    # Instance state in field order (plain defaults set), then Panel's private attributes.
    defaults: dict[str, Any] = {}
    for field in plan.fields:
        name = field.name
        defaults[name] = None if field.default is MISSING else field.default
        if name == "layout":
            slots += layout_slots
            continue
        stored = None
        if name in as_is and _sparse(field):
            take[as_is[name]] = names.env[_take_source(names, field, len(slots))]
            slots.append("None")  # filled in by take() when the key is present
            continue
        if name in as_is:
            source = f"get({as_is[name]!r})"
        elif name in cls._READ:
            keys, reader = cls._READ[name]
            stored_values = [f"get({key!r})" for key in keys]
            if field.stored is not None:  # one key, its JSON kept as ``r``
                if len(keys) != 1:
                    raise Unsupported(f"{name!r} is kept stored but read from several keys")
                stored, stored_values = stored_values[0], ["r"]
            if reader is item_tuple:  # a tuple field, an item per key: read inline
                reads += [f"i_{name}_{k} = {get}" for k, get in enumerate(stored_values)]
                read = " and ".join(f"i_{name}_{k} is None" for k in range(len(keys)))
                pairs = "".join(f"i_{name}_{k}, " for k in range(len(keys)))
                source = f"None if {read} else ({pairs})"
            elif len(keys) == 1:
                if stored is None:  # the JSON read as ``r`` all the same
                    reads.append(f"r = {stored_values[0]}")
                    stored_values = ["r"]
                source = f"{names.name(reader, 'read')}(r)"
                if _absent_reads_as_none(reader):  # most keys are absent: no call then
                    source = f"None if r is None else {source}"
            else:
                source = f"{names.name(reader, 'read')}({', '.join(stored_values)})"
        else:
            source = f"computed.get({name!r})"
        lines, slot = _field_lines(names, field, source, as_is=name in as_is, stored=stored)
        reads += lines
        slots.append(slot)
    defaults.update(cls._PRIVATE_STATE)
    fields = {field.name for field in plan.fields}
    computed_names = frozenset(fields) - set(as_is) - set(cls._READ)
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
            f"        slots = [{', '.join(slots)}]",
            *(
                [
                    "        for key, v in config.items():",
                    "            if v is not None:",
                    "                take = _take.get(key)",
                    "                if take is not None and not take(v, state, slots):",
                    "                    return None",
                ]
                if take
                else []
            ),
            "        state['_pristine'] = tuple(slots)",
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
    env = names.env
    env.update(
        _cls=cls,
        _defaults=defaults,
        _new=object.__new__,
        _set=object.__setattr__,
        _detach=detach,
        _computed=cls._fields_from_config,
        _computed_names=computed_names,
        _take=take,
    )
    exec(source, env)  # generated from the class's field plan and config table
    loader: Loader = env["load"]
    loader.__fast_source__ = source  # type: ignore[attr-defined]
    return loader


#: The loader of each class compiled so far (None: the class is out of reach).
LOADERS: dict[type, Loader | None] = {}


def fast_loader(cls: type[Panel]) -> Loader | None:
    """The loader of ``cls``, compiled on first use; None if the class is out of reach."""
    try:
        return LOADERS[cls]
    except KeyError:
        pass
    loader: Loader | None
    try:
        loader = compile_loader(cls)
    except Unsupported:
        loader = None
    LOADERS[cls] = loader
    return loader
