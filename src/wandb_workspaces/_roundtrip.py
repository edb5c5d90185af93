"""Lossless round trips: keep what the W&B app wrote, apply only what the user changed.

Each object loaded from a spec remembers the raw JSON it came from (``raw``) and what
this library would have written for it right after loading (``loaded``). When it is
written again, :func:`merge` starts from the raw JSON and overlays only the keys whose
generated value differs from ``loaded``, so keys we do not model, values in a
vocabulary we normalise, and computed keys all come back byte for byte, while edits
made through the Python objects still take effect.
"""

from __future__ import annotations

import marshal
import pickle
from typing import Any, TypeVar

__all__ = ["DERIVED_KEYS", "as_dict", "as_list", "copy_json", "merge"]

JSON = Any
T = TypeVar("T")

# Keys computed from their siblings (settings flags): rewritten whenever a sibling changes.
DERIVED_KEYS = ("smoothingActive", "xAxisActive")


def as_dict(value: JSON) -> dict[str, JSON]:
    """``value`` if it is a JSON object, else an empty one (lenient reading of stored specs)."""
    return value if isinstance(value, dict) else {}


def as_list(value: JSON) -> list[JSON]:
    """``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


_SCALARS = frozenset({str, int, float, bool, type(None)})
_SHALLOW_MAX = 32


def copy_json(value: T) -> T:
    """A deep copy of plain JSON data (dicts, lists, scalars).

    marshal copies such trees in C, about three times as fast as a recursive copy in
    Python (pickle, which it falls back to for other types, is about twice); a small
    object or array of scalars (most config values) is copied shallowly.
    """
    data: Any = value
    items = data.values() if type(data) is dict else data
    flat = type(data) in (dict, list) and len(items) <= _SHALLOW_MAX
    if flat and all(type(item) in _SCALARS for item in items):
        return data.copy()  # type: ignore[no-any-return]  # only scalars: shallow is deep
    if isinstance(value, (dict, list)):
        copied: T
        try:  # exact dicts, lists, str, int, float, bool, None (and tuples) only
            copied = marshal.loads(marshal.dumps(value))
        except ValueError:  # another type (a dict subclass, an object), or over 2,000 deep
            copied = pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        return copied
    return value


def _same(a: JSON, b: JSON) -> bool:
    # 1 == True in Python; a bool that became an int (or back) is a change.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def merge(
    raw: dict[str, JSON] | None, loaded: dict[str, JSON] | None, current: dict[str, JSON]
) -> dict[str, JSON]:
    """Three-way merge of a generated spec object onto the raw one it was loaded from.

    ``raw`` None (a fresh object) returns ``current`` itself. The result shares subtrees
    with ``raw`` and ``current``; callers that hand it out copy it once (``copy_json``).
    """
    if raw is None or loaded is None:
        return current
    if current == loaded:
        return raw  # unchanged since load
    out: dict[str, JSON] = {}
    changed = False
    for key, value in raw.items():
        if key in loaded and key not in current:
            changed = True
            continue  # the user cleared it
        out[key] = value
    for key, value in current.items():
        if key in loaded and _same(loaded[key], value):
            continue  # unchanged since load: the raw value (or its absence) stands
        changed = True
        old_raw, old_loaded = raw.get(key), loaded.get(key)
        if isinstance(value, dict) and isinstance(old_raw, dict) and isinstance(old_loaded, dict):
            out[key] = merge(old_raw, old_loaded, value)
        else:
            out[key] = value
    if changed:
        for key in DERIVED_KEYS:
            if key in current:
                out[key] = current[key]
    return out
