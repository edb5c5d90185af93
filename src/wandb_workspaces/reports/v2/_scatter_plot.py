"""``ScatterPlot``: one summary value against another across runs (``Scatter Plot``)."""

from __future__ import annotations

from typing import Optional

from ..._validation import model
from ._families import pc_from_wire, pc_to_wire
from ._gradient import GradientPoint, gradient_from_wire, gradient_to_wire
from ._metrics import MetricLike
from ._panel import Panel, register_panel
from ._panel_config import axis_range, config_keys, converted
from ._shared import FontSize, Range

__all__ = ["ScatterPlot"]


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
    _CONFIG = config_keys(
        ("chartTitle", "title"),
        converted("xAxis", "x", pc_to_wire, pc_from_wire),
        converted("yAxis", "y", pc_to_wire, pc_from_wire),
        converted("zAxis", "z", pc_to_wire, pc_from_wire),
        *axis_range("x"),
        *axis_range("y"),
        *axis_range("z"),
        ("xAxisLogScale", "log_x"),
        ("yAxisLogScale", "log_y"),
        ("zAxisLogScale", "log_z"),
        ("showMinYAxisLine", "running_ymin"),
        ("showMaxYAxisLine", "running_ymax"),
        ("showAvgYAxisLine", "running_ymean"),
        ("legendTemplate", "legend_template"),
        converted("customGradient", "gradient", gradient_to_wire, gradient_from_wire),
        ("fontSize", "font_size"),
        ("showLinearRegression", "regression"),
    )
