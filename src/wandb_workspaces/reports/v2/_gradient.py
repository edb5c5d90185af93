"""``GradientPoint``: one stop of the colour gradient of scatter and parallel-coordinates plots."""

from __future__ import annotations

import re
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, Field

from ..._validation import model
from ._panel import JSONDict

__all__ = ["GradientPoint", "gradient_from_wire", "gradient_to_wire"]

_CHANNEL = r"\s*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d|0\d\d?)\s*"
_ALPHA = r"\s*(?:1|0|0?\.\d+)\s*"
_COLOR = re.compile(
    rf"#(?:[0-9a-fA-F]{{3}}|[0-9a-fA-F]{{6}})"
    rf"|rgb\({_CHANNEL},{_CHANNEL},{_CHANNEL}\)"
    rf"|rgba\({_CHANNEL},{_CHANNEL},{_CHANNEL},{_ALPHA}\)"
)


def _check_color(value: str) -> str:
    if not _COLOR.fullmatch(value):
        raise ValueError(
            "a colour must be '#rgb', '#rrggbb', 'rgb(r, g, b)' or 'rgba(r, g, b, a)' "
            "with channels 0-255 and alpha 0-1"
        )
    return value


@model(slots=True)
class GradientPoint:
    """A colour at a position (0 to 100) along a gradient.

    Example::

        wr.ScatterPlot(x="lr", y="acc", gradient=[wr.GradientPoint("#fff", 0),
                                                   wr.GradientPoint("rgb(0, 0, 255)", 100)])
    """

    color: Annotated[str, AfterValidator(_check_color)]
    offset: Annotated[float, Field(ge=0, le=100)] = 0

    def to_spec(self) -> JSONDict:
        return {"color": self.color, "offset": float(self.offset)}  # the default 0 too

    @classmethod
    def from_spec(cls, data: Any) -> GradientPoint:
        if not isinstance(data, dict):
            raise TypeError(f"a gradient point must be an object, got {data!r}")
        if "color" in data and "offset" in data:  # as stored: no keywords dict to build
            return cls(data["color"], data["offset"])
        return cls(**{key: data[key] for key in ("color", "offset") if key in data})


def gradient_to_wire(gradient: Optional[list[GradientPoint]]) -> Optional[list[JSONDict]]:
    return None if gradient is None else [point.to_spec() for point in gradient]


def gradient_from_wire(value: Any) -> Optional[list[GradientPoint]]:
    if value is None:
        return None
    if not isinstance(value, list):
        raise TypeError(f"customGradient must be a list, got {value!r}")
    return [GradientPoint.from_spec(point) for point in value]
