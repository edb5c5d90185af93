"""Vocabularies and small helpers that several panel classes share."""

from __future__ import annotations

from typing import Any, Literal, Optional

from ..._roundtrip import copy_json

__all__ = [
    "FontSize",
    "GroupAgg",
    "GroupArea",
    "LegendPosition",
    "LineMark",
    "PanelPointVisualization",
    "Range",
    "SmoothingType",
    "aggregate_to_wire",
    "color_overrides_to_wire",
    "dig",
    "grouped",
    "listed",
    "plain_fields",
    "put",
]

SmoothingType = Literal["exponentialTimeWeighted", "exponential", "gaussian", "average", "none"]
GroupAgg = Literal["mean", "min", "max", "median", "sum", "samples"]
GroupArea = Literal["minmax", "stddev", "stderr", "none", "samples"]
FontSize = Literal["small", "medium", "large", "auto"]
LegendPosition = Literal["north", "south", "east", "west"]
LineMark = Literal["solid", "dashed", "dotted", "dotdash", "dotdotdash", "points"]
PanelPointVisualization = Literal["bucketing-gorilla", "sampling"]
Range = tuple[Optional[float], Optional[float]]


def put(config: dict[str, Any], key: str, value: Any) -> None:
    """Set ``config[key]`` unless the value is None (None means "not set")."""
    if value is not None:
        config[key] = value


def grouped(groupby: Any) -> bool:
    """Whether a line or bar plot groups its runs (``groupby`` set, and not "None")."""
    return groupby is not None and groupby != "None"


def aggregate_to_wire(panel: Any) -> Optional[bool]:
    """A grouped line or bar plot is always stored as aggregated."""
    return True if grouped(panel.groupby) else panel.aggregate


def plain_fields(config: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Constructor keywords for the config keys ``names`` maps to fields, as stored.

    A key that is absent or null is left out (the field keeps its default).
    """
    return {
        names[key]: value for key, value in config.items() if key in names and value is not None
    }


def color_overrides_to_wire(colors: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """A plain colour ``c`` becomes ``{"color": c, "transparentColor": c + "19"}``."""
    if colors is None:
        return None
    return {
        key: {"color": value, "transparentColor": value + "19"}
        if isinstance(value, str)
        else copy_json(value)
        for key, value in colors.items()
    }


def dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...``, or None as soon as a level is missing or is not an object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def listed(value: Any, key: str) -> list[Any]:
    """A stored ``key`` value as a list (absent or null is empty); any other value is an error."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{key!r} must be a list, got {value!r}")
    return value
