"""Build user objects from stored specs without failing on values the app wrote.

A spec written by the W&B app (or another client) may hold a value our classes reject
(a fractional weight, an unknown enum value). Loading must not fail or lose it: the
field falls back to its default with a warning, and the raw JSON, which the object
remembers, still writes the original value back unless the user changes that field.
"""

from __future__ import annotations

import warnings
from typing import Any, TypeVar

from ..errors import SpecValidationError

__all__ = ["build"]

T = TypeVar("T")


def build(cls: type[T], fields: dict[str, Any], where: str) -> T:
    for _ in range(len(fields) + 1):
        try:
            return cls(**fields)
        except SpecValidationError as exc:
            bad = {path.split(".")[1] for path, _ in exc.problems if path.count(".") >= 1}
            bad &= set(fields)
            if not bad:
                raise
            for name in sorted(bad):
                warnings.warn(
                    f"{where}.{name}: stored value {fields[name]!r} is not valid here; "
                    "using the default (the stored value is kept in the spec unless you change it)",
                    UserWarning,
                    stacklevel=4,
                )
            # The caller's dict is left as it is: the next try is on a copy without them.
            fields = {name: value for name, value in fields.items() if name not in bad}
    return cls(**fields)
