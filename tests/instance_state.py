"""Comparable instance state, for tests that build the same object two ways."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any


def attributes(obj: Any) -> dict[str, Any]:
    """The instance state: its ``__dict__``, or its fields' values for a slotted class."""
    if hasattr(obj, "__dict__"):
        return dict(vars(obj))
    return {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}


def typed(value: Any) -> Any:
    """A comparable form of a value: containers by content, objects by identity.

    Types are kept (``1`` is not ``1.0`` or ``True``); the library's own dataclasses
    compare by their state, since a default built by a factory is a new object each time.
    """
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(item) for item in value])
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if value is None or isinstance(value, (bool, int, str)):
        return (type(value).__name__, value)
    if isinstance(value, float):
        return ("float", "nan" if value != value else value)
    if dataclasses.is_dataclass(value) and type(value).__module__.startswith("wandb_workspaces"):
        return (type(value).__name__, state(value))
    return ("object", id(value))


def state(obj: Any, exclude: Iterable[str] = ("_id",)) -> dict[str, Any]:
    """``obj``'s attributes in comparable form, without those in ``exclude``."""
    left_out = set(exclude)
    return {key: typed(value) for key, value in attributes(obj).items() if key not in left_out}
