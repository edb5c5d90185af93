"""``BarPlot``: one bar per run (or group) for each metric (``Bar Chart``)."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import Field

from ..._validation import model
from ._families import groupby_from_wire, groupby_to_wire, history_from_wire, history_to_wire
from ._metrics import Config, Metric, MetricLike
from ._panel import JSONDict, Panel, register_panel
from ._shared import (
    FontSize,
    GroupAgg,
    GroupArea,
    Range,
    color_overrides_to_wire,
    copied,
    list_at,
    put,
)

__all__ = ["BarPlot"]


# Config keys whose value is the field's value as it is (config key -> field).
_PLAIN_KEYS = {
    "chartTitle": "title",
    "xAxisTitle": "title_x",
    "yAxisTitle": "title_y",
    "groupAgg": "groupby_aggfunc",
    "groupArea": "groupby_rangefunc",
    "limit": "max_runs_to_show",
    "barLimit": "max_bars_to_show",
    "expressions": "custom_expressions",
    "legendTemplate": "legend_template",
    "fontSize": "font_size",
    "overrideSeriesTitles": "line_titles",
    "overrideColors": "line_colors",
    "aggregate": "aggregate",
}


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
    _STORED_AS_IS = _PLAIN_KEYS

    def _config(self) -> JSONDict:
        grouped = self.groupby is not None and self.groupby != "None"
        config: JSONDict = {}
        put(config, "chartTitle", self.title)
        config["metrics"] = [history_to_wire(metric) for metric in self.metrics]
        config["vertical"] = self.orientation == "v"
        put(config, "xAxisMin", self.range_x[0])
        put(config, "xAxisMax", self.range_x[1])
        put(config, "xAxisTitle", self.title_x)
        put(config, "yAxisTitle", self.title_y)
        put(config, "groupBy", groupby_to_wire(self.groupby))
        put(config, "groupAgg", self.groupby_aggfunc)
        put(config, "groupArea", self.groupby_rangefunc)
        put(config, "limit", self.max_runs_to_show)
        put(config, "barLimit", self.max_bars_to_show)
        put(config, "expressions", copied(self.custom_expressions))
        put(config, "legendTemplate", self.legend_template)
        put(config, "fontSize", self.font_size)
        put(config, "overrideSeriesTitles", copied(self.line_titles))
        put(config, "overrideColors", color_overrides_to_wire(self.line_colors))
        put(config, "aggregate", True if grouped else self.aggregate)
        return config

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        get = config.get
        fields["metrics"] = [history_from_wire(metric) for metric in list_at(config, "metrics")]
        fields["orientation"] = "v" if get("vertical") is True else "h"
        fields["range_x"] = (get("xAxisMin"), get("xAxisMax"))
        fields["groupby"] = groupby_from_wire(get("groupBy"))
        return fields
