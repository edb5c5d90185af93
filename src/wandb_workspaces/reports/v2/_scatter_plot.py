"""``ScatterPlot``: one summary value against another across runs (``Scatter Plot``)."""

from __future__ import annotations

from typing import Any, Optional

from ..._validation import model
from ._families import pc_from_wire, pc_to_wire
from ._gradient import GradientPoint, gradient_from_wire, gradient_to_wire
from ._metrics import MetricLike
from ._panel import JSONDict, Panel, register_panel
from ._shared import FontSize, Range, put, range_from_config

__all__ = ["ScatterPlot"]


# Config keys whose value is the field's value as it is (config key -> field).
_PLAIN_KEYS = {
    "chartTitle": "title",
    "xAxisLogScale": "log_x",
    "yAxisLogScale": "log_y",
    "zAxisLogScale": "log_z",
    "showMinYAxisLine": "running_ymin",
    "showMaxYAxisLine": "running_ymax",
    "showAvgYAxisLine": "running_ymean",
    "legendTemplate": "legend_template",
    "fontSize": "font_size",
    "showLinearRegression": "regression",
}


@register_panel("Scatter Plot")
@model
class ScatterPlot(Panel):
    """A scatter plot with one point per run.

    Example::

        wr.ScatterPlot(x=wr.Config("lr"), y="val_acc", log_x=True, regression=True)

    A bare string axis is a summary metric; ``"run.Runtime"`` or ``wr.Metric`` name a run
    attribute.
    """

    title: Optional[str] = None
    x: Optional[MetricLike] = None
    y: Optional[MetricLike] = None
    z: Optional[MetricLike] = None
    range_x: Range = (None, None)
    range_y: Range = (None, None)
    range_z: Range = (None, None)
    log_x: Optional[bool] = None
    log_y: Optional[bool] = None
    log_z: Optional[bool] = None
    running_ymin: Optional[bool] = None
    running_ymax: Optional[bool] = None
    running_ymean: Optional[bool] = None
    legend_template: Optional[str] = None
    gradient: Optional[list[GradientPoint]] = None
    font_size: Optional[FontSize] = None
    regression: Optional[bool] = None

    VIEW_TYPE = "Scatter Plot"
    _STORED_AS_IS = _PLAIN_KEYS

    def _config(self) -> JSONDict:
        config: JSONDict = {}
        put(config, "chartTitle", self.title)
        put(config, "xAxis", pc_to_wire(self.x))
        put(config, "yAxis", pc_to_wire(self.y))
        put(config, "zAxis", pc_to_wire(self.z))
        ranges = (self.range_x, self.range_y, self.range_z)
        for axis, (low, high) in zip("xyz", ranges, strict=True):
            put(config, f"{axis}AxisMin", low)
            put(config, f"{axis}AxisMax", high)
        put(config, "xAxisLogScale", self.log_x)
        put(config, "yAxisLogScale", self.log_y)
        put(config, "zAxisLogScale", self.log_z)
        put(config, "showMinYAxisLine", self.running_ymin)
        put(config, "showMaxYAxisLine", self.running_ymax)
        put(config, "showAvgYAxisLine", self.running_ymean)
        put(config, "legendTemplate", self.legend_template)
        put(config, "customGradient", gradient_to_wire(self.gradient))
        put(config, "fontSize", self.font_size)
        put(config, "showLinearRegression", self.regression)
        return config

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        get = config.get
        fields["x"] = pc_from_wire(get("xAxis"))
        fields["y"] = pc_from_wire(get("yAxis"))
        fields["z"] = pc_from_wire(get("zAxis"))
        fields["range_x"] = range_from_config(config, "xAxisMin", "xAxisMax")
        fields["range_y"] = range_from_config(config, "yAxisMin", "yAxisMax")
        fields["range_z"] = range_from_config(config, "zAxisMin", "zAxisMax")
        fields["gradient"] = gradient_from_wire(get("customGradient"))
        return fields
