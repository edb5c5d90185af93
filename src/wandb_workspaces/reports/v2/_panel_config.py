"""A panel's config keys, declared once for both directions.

A panel class lists the keys of its ``config`` JSON in the order the W&B app writes
them, in ``_CONFIG``::

    _CONFIG = config_keys(
        ("chartTitle", "title"),                                   # as is, both ways
        converted("xAxis", "x", history_to_wire, history_from_wire),
        item("xAxisMin", "range_x", 0),                            # part of a field
        computed("aggregate", lambda p: ..., field="aggregate"),   # from the whole panel
    )

* ``(key, field)``: the key holds the field's value as it is, both ways. A list or dict
  is written as a copy (the config never shares a container with a field).
* :func:`converted`: ``write(value)`` and ``read(stored)`` convert between the field's
  value and the stored one (None both ways means "not set": the key is left out, the
  field keeps its default); without ``read`` the stored value is read as it is.
* :func:`item`: one item of a tuple field, a key each (a range is two keys); read back as
  the tuple of the stored values, or the field's default when none is set.
* :func:`computed`: ``write(panel)`` gives the value; with ``field``, the stored value is
  read as that field's, else the key is written only.

From the table, :func:`stored_as_is` and :func:`read_keys` tell the loaders how to read
each key, and :func:`compile_writer` generates the panel's ``_config``: one ``if`` per
key, and a call only where a value is converted or computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Optional, Union

from ..._plan import Copy, class_plan
from ..._roundtrip import copy_json

__all__ = [
    "ConfigKey",
    "axis_range",
    "compile_writer",
    "computed",
    "config_keys",
    "converted",
    "item",
    "item_tuple",
    "read_keys",
    "stored_as_is",
    "stored_forms",
]

Convert = Callable[[Any], Any]


class ConfigKey(NamedTuple):
    """One config key of a panel (see the module docstring)."""

    key: str
    field: Optional[str] = None
    write: Optional[Convert] = None  # of the field's value, or of the panel if ``whole``
    read: Optional[Convert] = None  # of the stored value
    whole: bool = False
    item: Optional[int] = None  # the index of the item of a tuple field


def converted(key: str, field: str, write: Convert, read: Optional[Convert] = None) -> ConfigKey:
    """A key holding ``write(field value)``; read as ``read(stored value)``, or as is."""
    return ConfigKey(key, field, write, read)


def item(key: str, field: str, index: int) -> ConfigKey:
    """A key holding item ``index`` of a tuple field (see :func:`read_keys`)."""
    return ConfigKey(key, field, item=index)


def axis_range(axis: str) -> tuple[ConfigKey, ConfigKey]:
    """``{axis}AxisMin`` and ``{axis}AxisMax``: the field ``range_{axis}`` (low, high)."""
    field = f"range_{axis}"
    return item(f"{axis}AxisMin", field, 0), item(f"{axis}AxisMax", field, 1)


def computed(key: str, write: Convert, *, field: Optional[str] = None) -> ConfigKey:
    """A key holding ``write(panel)``; read as ``field``'s value if given, else not read."""
    return ConfigKey(key, field, write, whole=True)


def config_keys(*entries: Union[ConfigKey, tuple[str, str]]) -> tuple[ConfigKey, ...]:
    """The table of a panel's config keys; a ``(key, field)`` pair is stored as is."""
    return tuple(entry if isinstance(entry, ConfigKey) else ConfigKey(*entry) for entry in entries)


def stored_as_is(table: tuple[ConfigKey, ...]) -> dict[str, str]:
    """Config key -> field, for the keys whose stored value is the field's value."""
    return {
        entry.key: entry.field
        for entry in table
        if entry.field is not None and entry.read is None and entry.item is None
    }


Reader = Callable[..., Any]


def item_tuple(*values: Any) -> Optional[tuple[Any, ...]]:
    """A tuple field stored one key per item; None (its default) when no key is set."""
    for value in values:
        if value is not None:
            return values
    return None


def read_keys(table: tuple[ConfigKey, ...]) -> dict[str, tuple[tuple[str, ...], Reader]]:
    """Field -> (config keys, reader of their stored values), for the fields not stored as is.

    A converted field reads one key; a tuple field written an item per key reads them all.
    """
    readers: dict[str, tuple[tuple[str, ...], Reader]] = {}
    items: dict[str, list[tuple[int, str]]] = {}
    for entry in table:
        if entry.field is None:
            continue
        if entry.read is not None:
            readers[entry.field] = ((entry.key,), entry.read)
        elif entry.item is not None:
            items.setdefault(entry.field, []).append((entry.item, entry.key))
    for field, keys in items.items():
        readers[field] = (tuple(key for _, key in sorted(keys)), item_tuple)
    return readers


def stored_forms(table: tuple[ConfigKey, ...]) -> dict[str, tuple[Convert, Convert]]:
    """Field -> (write, read), for the fields converted to and from one key."""
    return {
        entry.field: (entry.write, entry.read)
        for entry in table
        if entry.field is not None
        and entry.read is not None
        and entry.write is not None
        and not entry.whole
    }


def compile_writer(cls: type, table: tuple[ConfigKey, ...]) -> Callable[[Any], dict[str, Any]]:
    """``_config`` for the class: the table's keys in order, left out when None."""
    plan = class_plan(cls)
    env: dict[str, Any] = {"_copy_json": copy_json}
    lines = ["def _config(self):", "    d = self.__dict__", "    config = {}"]
    for number, entry in enumerate(table):
        write = f"_write{number}"
        env[write] = entry.write
        value = "v"
        if entry.whole:
            lines.append(f"    v = {write}(self)")
        elif entry.item is not None:
            lines.append(f"    v = d[{entry.field!r}][{entry.item}]")
        elif entry.write is not None:
            lines += [
                f"    v = d[{entry.field!r}]",
                "    if v is not None:",
                f"        v = {write}(v)",
            ]
        else:
            lines.append(f"    v = d[{entry.field!r}]")
            copy = plan.field(str(entry.field)).copy
            value = {Copy.SHARED: "v", Copy.COPIED: "v.copy()"}.get(copy, "_copy_json(v)")
        lines += ["    if v is not None:", f"        config[{entry.key!r}] = {value}"]
    lines.append("    return config")
    exec("\n".join(lines), env)  # generated from the class's table and field plan
    writer: Callable[[Any], dict[str, Any]] = env["_config"]
    return writer
