"""``ScatterPlot``: one summary value against another across runs (``Scatter Plot``)."""

from __future__ import annotations

from typing import Any, Optional

from ..._validation import model
from ._families import pc_from_wire, pc_to_wire
from ._gradient import GradientPoint, gradient_from_wire, gradient_to_wire
from ._metrics import MetricLike
from ._panel import JSONDict, Panel, register_panel
from ._shared import FontSize, Range, plain_fields, put, range_from_config

__all__ = ["ScatterPlot"]


# Config keys whose value is the field's value as it is (config key -> field).
_STORED_AS_IS = {
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

    def _config(self) -> JSONDict:
        config: JSONDict = {}
        value: Any  # each optional key in turn
        if (value := self.title) is not None:
            config["chartTitle"] = value
        if (value := pc_to_wire(self.x)) is not None:
            config["xAxis"] = value
        if (value := pc_to_wire(self.y)) is not None:
            config["yAxis"] = value
        if (value := pc_to_wire(self.z)) is not None:
            config["zAxis"] = value
        ranges = (self.range_x, self.range_y, self.range_z)
        for axis, (low, high) in zip("xyz", ranges, strict=True):
            put(config, f"{axis}AxisMin", low)
            put(config, f"{axis}AxisMax", high)
        if (value := self.log_x) is not None:
            config["xAxisLogScale"] = value
        if (value := self.log_y) is not None:
            config["yAxisLogScale"] = value
        if (value := self.log_z) is not None:
            config["zAxisLogScale"] = value
        if (value := self.running_ymin) is not None:
            config["showMinYAxisLine"] = value
        if (value := self.running_ymax) is not None:
            config["showMaxYAxisLine"] = value
        if (value := self.running_ymean) is not None:
            config["showAvgYAxisLine"] = value
        if (value := self.legend_template) is not None:
            config["legendTemplate"] = value
        if (value := gradient_to_wire(self.gradient)) is not None:
            config["customGradient"] = value
        if (value := self.font_size) is not None:
            config["fontSize"] = value
        if (value := self.regression) is not None:
            config["showLinearRegression"] = value
        return config

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        fields = plain_fields(config, _STORED_AS_IS)
        get = config.get
        fields["x"] = pc_from_wire(get("xAxis"))
        fields["y"] = pc_from_wire(get("yAxis"))
        fields["z"] = pc_from_wire(get("zAxis"))
        fields["range_x"] = range_from_config(config, "xAxisMin", "xAxisMax")
        fields["range_y"] = range_from_config(config, "yAxisMin", "yAxisMax")
        fields["range_z"] = range_from_config(config, "zAxisMin", "zAxisMax")
        fields["gradient"] = gradient_from_wire(get("customGradient"))
        return fields
