"""``ParallelCoordinatesPlot``: runs as lines across config and metric axes."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from ..._validation import model
from ._families import pc_from_wire, pc_to_wire
from ._gradient import GradientPoint, gradient_from_wire, gradient_to_wire
from ._metrics import MetricLike
from ._panel import JSONDict, Panel, register_panel
from ._panel_config import config_keys, converted
from ._shared import FontSize, listed, put

__all__ = ["ParallelCoordinatesPlot", "ParallelCoordinatesPlotColumn"]


@model(slots=True)
class ParallelCoordinatesPlotColumn:
    """One axis of a parallel coordinates plot.

    Example::

        wr.ParallelCoordinatesPlotColumn(wr.Config("lr"), display_name="learning rate", log=True)

    A bare string is a summary metric; ``"run.Runtime"`` or ``wr.Metric`` a run attribute.
    """

    metric: MetricLike
    display_name: Optional[str] = None
    inverted: Optional[bool] = None
    log: Optional[bool] = None

    def to_spec(self) -> JSONDict:
        column: JSONDict = {"accessor": pc_to_wire(self.metric)}
        put(column, "displayName", self.display_name)
        put(column, "inverted", self.inverted)
        put(column, "log", self.log)
        return column

    @classmethod
    def from_spec(cls, data: Any) -> ParallelCoordinatesPlotColumn:
        if not isinstance(data, dict):
            raise TypeError(f"a column must be an object, got {data!r}")
        get = data.get  # positionally, in field order (metric, display_name, inverted, log)
        return cls(pc_from_wire(get("accessor")), get("displayName"), get("inverted"), get("log"))


def _columns_to_wire(columns: list[ParallelCoordinatesPlotColumn]) -> list[JSONDict]:
    return [column.to_spec() for column in columns]


def _columns(value: Any) -> list[ParallelCoordinatesPlotColumn]:
    return [ParallelCoordinatesPlotColumn.from_spec(column) for column in listed(value, "columns")]


@register_panel("Parallel Coordinates Plot")
@model
class ParallelCoordinatesPlot(Panel):
    """A parallel coordinates plot (``Parallel Coordinates Plot``).

    Example::

        wr.ParallelCoordinatesPlot(columns=[
            wr.ParallelCoordinatesPlotColumn(wr.Config("lr")),
            wr.ParallelCoordinatesPlotColumn("val_acc"),
        ])
    """

    columns: list[ParallelCoordinatesPlotColumn] = Field(default_factory=list)
    title: Optional[str] = None
    gradient: Optional[list[GradientPoint]] = None
    font_size: Optional[FontSize] = None

    VIEW_TYPE = "Parallel Coordinates Plot"
    _CONFIG = config_keys(
        ("chartTitle", "title"),
        converted("columns", "columns", _columns_to_wire, _columns),
        converted("customGradient", "gradient", gradient_to_wire, gradient_from_wire),
        ("fontSize", "font_size"),
    )
