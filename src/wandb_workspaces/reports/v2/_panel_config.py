"""A panel's config keys, declared once for both directions.

A panel class lists the keys of its ``config`` JSON in the order the W&B app writes
them, in ``_CONFIG``::

    _CONFIG = config_keys(
        ("chartTitle", "title"),                               # the field's value, both ways
        ("xAxis", "x", lambda p: history_to_wire(p.x), history_from_wire),  # converted
        ("xAxisMin", None, lambda p: p.range_x[0]),            # written only
        ("aggregate", "aggregate", lambda p: ...),             # read as is, written computed
    )

* ``(key, field)``: the key holds the field's value as it is, both ways. A list or dict
  is written as a copy (the config never shares a container with a field).
* ``(key, field, write)``: read as the field's value; ``write(panel)`` gives the value
  to write (None: the key is left out).
* ``(key, field, write, read)``: ``read(stored value or None)`` gives the field's value
  (None: the field's default).
* ``(key, None, write)``: written only; the class's ``_fields_from_config`` reads it
  (with other keys: a range is two keys).

From the table, :func:`stored_as_is` and :func:`read_keys` tell the loaders how to read
each key, and :func:`compile_writer` generates the panel's ``_config`` (one ``if`` per
key, no call for a key stored as is).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional, Union

from ..._pristine import shape
from ..._roundtrip import copy_json

__all__ = ["ConfigKey", "compile_writer", "config_keys", "read_keys", "stored_as_is"]

Writer = Callable[[Any], Any]
Reader = Callable[[Any], Any]
ConfigKey = tuple[str, Optional[str], Optional[Writer], Optional[Reader]]
_Entry = Union[
    tuple[str, Optional[str]],
    tuple[str, Optional[str], Optional[Writer]],
    tuple[str, Optional[str], Optional[Writer], Optional[Reader]],
]


def config_keys(*entries: _Entry) -> tuple[ConfigKey, ...]:
    """The table of a panel's config keys (see the module docstring)."""
    table: list[ConfigKey] = []
    for entry in entries:
        key, field, write, read = (*entry, None, None, None)[:4]
        if field is None and (write is None or read is not None):
            raise ValueError(f"config key {key!r}: a key without a field is written only")
        table.append((key, field, write, read))
    return tuple(table)


def stored_as_is(table: tuple[ConfigKey, ...]) -> dict[str, str]:
    """Config key -> field, for the keys whose stored value is the field's value."""
    return {key: field for key, field, _, read in table if field is not None and read is None}


def read_keys(table: tuple[ConfigKey, ...]) -> dict[str, tuple[str, Reader]]:
    """Field -> (config key, reader), for the fields read from one key through a reader."""
    return {field: (key, read) for key, field, _, read in table if field and read}


def compile_writer(cls: type, table: tuple[ConfigKey, ...]) -> Callable[[Any], dict[str, Any]]:
    """``_config`` for the class: the table's keys in order, absent when None."""
    kinds = shape(cls).kinds
    env: dict[str, Any] = {"_copy_json": copy_json}
    lines = ["def _config(self):", "    d = self.__dict__", "    config = {}"]
    for index, (key, field, write, _) in enumerate(table):
        if write is not None:
            env[f"_write{index}"] = write
            lines.append(f"    v = _write{index}(self)")
            value = "v"
        else:
            assert field is not None
            lines.append(f"    v = d[{field!r}]")
            kind = kinds[field]
            value = "v" if kind == "shared" else "v.copy()" if kind == "copied" else "_copy_json(v)"
        lines += ["    if v is not None:", f"        config[{key!r}] = {value}"]
    lines.append("    return config")
    exec("\n".join(lines), env)  # generated from the class's table
    writer: Callable[[Any], dict[str, Any]] = env["_config"]
    return writer
