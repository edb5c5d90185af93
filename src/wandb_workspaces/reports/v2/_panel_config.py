"""A panel's config keys, declared once for both directions.

A panel class lists the keys of its ``config`` JSON in the order the W&B app writes
them, in ``_CONFIG``::

    _CONFIG = config_keys(
        ("chartTitle", "title"),                            # stored as the field's value
        ("xAxis", None, lambda p: history_to_wire(p.x)),    # computed from the panel
        ("overrideColors", "line_colors", _colors_to_wire), # read as is, written computed
    )

* ``(key, field)``: the key holds the field's value as it is, both ways. A list or dict
  is written as a copy (the config never shares a container with a field).
* ``(key, None, write)``: ``write(panel)`` gives the value (None: the key is left out);
  reading it is the class's ``_fields_from_config``.
* ``(key, field, write)``: read as the field's value, written by ``write(panel)``.

From the table, :func:`stored_as_is` gives the keys the loaders read as field values,
and :func:`compile_writer` generates the panel's ``_config`` (one ``if`` per key, no
call per plain key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional, Union

from ..._pristine import shape
from ..._roundtrip import copy_json

__all__ = ["ConfigKey", "compile_writer", "config_keys", "stored_as_is"]

Writer = Callable[[Any], Any]
ConfigKey = tuple[str, Optional[str], Optional[Writer]]
_Entry = Union[tuple[str, Optional[str]], tuple[str, Optional[str], Optional[Writer]]]


def config_keys(*entries: _Entry) -> tuple[ConfigKey, ...]:
    """The table of a panel's config keys (see the module docstring)."""
    table: list[ConfigKey] = []
    for entry in entries:
        key, field, write = (*entry, None) if len(entry) == 2 else entry
        if field is None and write is None:
            raise ValueError(f"config key {key!r} names neither a field nor a writer")
        table.append((key, field, write))
    return tuple(table)


def stored_as_is(table: tuple[ConfigKey, ...]) -> dict[str, str]:
    """Config key -> field, for the keys whose stored value is the field's value."""
    return {key: field for key, field, _ in table if field is not None}


def compile_writer(cls: type, table: tuple[ConfigKey, ...]) -> Callable[[Any], dict[str, Any]]:
    """``_config`` for the class: the table's keys in order, absent when None."""
    kinds = shape(cls).kinds
    env: dict[str, Any] = {"_copy_json": copy_json}
    lines = ["def _config(self):", "    d = self.__dict__", "    config = {}"]
    for index, (key, field, write) in enumerate(table):
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
