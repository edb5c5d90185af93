"""Colours for run groups: ``GroupPath`` and the ``run-color-group:`` keys of ``customRunColors``.

A key is ``"run-color-group:" + enc(runset id) + ":" + enc(path)``, where ``enc`` is
JavaScript's ``encodeURIComponent(JSON.stringify(x))`` and the path is a list of
``{"kind": "group", "key": "<section>:<name>", "value": "<group value>"}``, one per
grouping level.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

__all__ = ["PREFIX", "GroupPath", "decode_key", "encode_key", "group_color_entries"]

PREFIX = "run-color-group:"
_SAFE = "-_.!~*'()"


class GroupPath:
    """The values of a nested grouping, outermost first: ``GroupPath("adam", "0.01")``."""

    __slots__ = ("segments",)

    def __init__(self, *segments: str) -> None:
        self.segments: tuple[str, ...] = tuple(segments)

    def __iter__(self) -> Iterator[str]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GroupPath) and other.segments == self.segments

    def __hash__(self) -> int:
        return hash(("GroupPath", self.segments))

    def __repr__(self) -> str:
        return f"GroupPath({', '.join(repr(segment) for segment in self.segments)})"


def _enc(value: Any) -> str:
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return quote(text, safe=_SAFE)


def encode_key(runset_id: str | None, path: list[dict[str, Any]]) -> str:
    return PREFIX + _enc(runset_id) + ":" + _enc(path)


def decode_key(key: str) -> tuple[str | None, list[dict[str, Any]]] | None:
    """``(runset id, path)`` of a well-formed key, else None."""
    if not key.startswith(PREFIX):
        return None
    runset_part, sep, path_part = key[len(PREFIX) :].partition(":")
    if not sep:
        return None
    try:
        runset_id = json.loads(unquote(runset_part))
        path = json.loads(unquote(path_part))
    except ValueError:
        return None
    if runset_id is not None and not isinstance(runset_id, str):
        return None
    if not isinstance(path, list):
        return None
    for item in path:
        if not (
            isinstance(item, dict)
            and item.get("kind") == "group"
            and isinstance(item.get("key"), str)
            and (item.get("value") is None or isinstance(item.get("value"), str))
        ):
            return None
    return runset_id, path


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=5)


def group_color_entries(
    group_colors: dict[Any, Any], group_keys: list[str], runset_id: str
) -> dict[str, str]:
    """The ``customRunColors`` entries for ``group_colors``.

    Invalid entries warn and are left out.
    """
    if not group_colors:
        return {}
    if not group_keys:
        _warn("Omitting group_colors because runset_settings.groupby is empty.")
        return {}
    entries: dict[str, str] = {}
    seen: set[tuple[str, ...]] = set()
    for raw_path, color in group_colors.items():
        if isinstance(raw_path, str):
            segments: tuple[Any, ...] = (raw_path,)
        elif isinstance(raw_path, GroupPath):
            segments = raw_path.segments
        else:
            _warn(f"group_colors key {raw_path!r} must be a str or GroupPath; omitted")
            continue
        if not segments:
            _warn("group_colors has an empty GroupPath; omitted")
            continue
        if not all(isinstance(segment, str) for segment in segments):
            _warn(f"group_colors path {raw_path!r} has a segment that is not a str; omitted")
            continue
        if len(segments) > len(group_keys):
            _warn(
                f"group_colors path {raw_path!r} is {len(segments)} levels deep but groupby has "
                f"{len(group_keys)}; omitted"
            )
            continue
        if not isinstance(color, str):
            _warn(f"group_colors colour for {raw_path!r} must be a str, got {color!r}; omitted")
            continue
        if segments in seen:
            _warn(f"duplicate group color path {raw_path!r}; the first colour is kept")
            continue
        seen.add(segments)
        path = [
            {"kind": "group", "key": key, "value": segment}
            for key, segment in zip(group_keys, segments, strict=False)
        ]
        entries[encode_key(runset_id, path)] = color
    return entries
