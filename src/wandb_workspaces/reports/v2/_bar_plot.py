"""``BarPlot``: one bar per run (or group) for each metric (``Bar Chart``)."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import Field

from ..._validation import model
from ._families import groupby_from_wire, groupby_to_wire, histories_from_wire, histories_to_wire
from ._metrics import Config, Metric, MetricLike
from ._panel import Panel, register_panel
from ._panel_config import axis_range, computed, config_keys, converted
from ._shared import (
    FontSize,
    GroupAgg,
    GroupArea,
    Range,
    aggregate_to_wire,
    color_overrides_to_wire,
    listed,
)

__all__ = ["BarPlot"]


def _metrics(value: Any) -> list[Any]:
    return histories_from_wire(listed(value, "metrics"))


def _orientation(vertical: Any) -> str:
    return "v" if vertical is True else "h"


@register_panel("Bar Chart")
@model
class BarPlot(Panel):
    """A bar chart of run metrics.

    Example::

        wr.BarPlot(metrics=["accuracy"], orientation="v", groupby="optimizer",
                   groupby_aggfunc="mean", max_bars_to_show=10)

    ``orientation`` is ``"h"`` (horizontal bars, the default) or ``"v"``.
    """

    title: Optional[str] = None
    metrics: list[MetricLike] = Field(default_factory=list)
    orientation: Literal["v", "h"] = "h"
    range_x: Range = (None, None)
    title_x: Optional[str] = None
    title_y: Optional[str] = None
    groupby: Optional[Union[str, Config, Metric]] = None
    groupby_aggfunc: Optional[GroupAgg] = None
    groupby_rangefunc: Optional[GroupArea] = None
    max_runs_to_show: Optional[int] = None
    max_bars_to_show: Optional[int] = None
    custom_expressions: Optional[list[str]] = None
    legend_template: Optional[str] = None
    font_size: Optional[FontSize] = None
    line_titles: Optional[dict[Any, Any]] = None
    line_colors: Optional[dict[Any, Any]] = None
    aggregate: Optional[bool] = None

    VIEW_TYPE = "Bar Chart"
    _CONFIG = config_keys(
        ("chartTitle", "title"),
        converted("metrics", "metrics", histories_to_wire, _metrics),
        converted("vertical", "orientation", lambda orientation: orientation == "v", _orientation),
        *axis_range("x"),
        ("xAxisTitle", "title_x"),
        ("yAxisTitle", "title_y"),
        converted("groupBy", "groupby", groupby_to_wire, groupby_from_wire),
        ("groupAgg", "groupby_aggfunc"),
        ("groupArea", "groupby_rangefunc"),
        ("limit", "max_runs_to_show"),
        ("barLimit", "max_bars_to_show"),
        ("expressions", "custom_expressions"),
        ("legendTemplate", "legend_template"),
        ("fontSize", "font_size"),
        ("overrideSeriesTitles", "line_titles"),
        converted("overrideColors", "line_colors", color_overrides_to_wire),
        computed("aggregate", aggregate_to_wire, field="aggregate"),
    )
