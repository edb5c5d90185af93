"""``LinePlot``: run history metrics against step, time or a metric (``Run History Line Plot``)."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import Field, NonNegativeInt

from ..._validation import model
from ._families import (
    groupby_from_wire,
    groupby_to_wire,
    histories_from_wire,
    histories_to_wire,
    history_from_wire,
    history_to_wire,
)
from ._metrics import Config, Metric, MetricLike
from ._panel import Panel, register_panel
from ._panel_config import axis_range, computed, config_keys, converted
from ._shared import (
    FontSize,
    GroupAgg,
    GroupArea,
    LegendPosition,
    LineMark,
    PanelPointVisualization,
    Range,
    SmoothingType,
    aggregate_to_wire,
    color_overrides_to_wire,
)

__all__ = ["LinePlot"]


@register_panel("Run History Line Plot")
@model
class LinePlot(Panel):
    """A line plot of run history.

    Example::

        wr.LinePlot(x="Step", y=["loss", "val_loss"], smoothing_type="exponential",
                    smoothing_factor=0.6, groupby="optimizer", groupby_aggfunc="mean")

    ``x`` and each ``y`` take a metric name (``"val_loss"``, ``"Step"``), or
    ``wr.Metric`` / ``wr.Config`` / ``wr.SummaryMetric``. ``line_colors`` etc. are keyed
    ``"{run id}:{metric}"``.
    """

    title: Optional[str] = None
    x: Optional[MetricLike] = "Step"
    y: list[MetricLike] = Field(default_factory=list)
    range_x: Range = (None, None)
    range_y: Range = (None, None)
    log_x: Optional[bool] = None
    log_y: Optional[bool] = None
    title_x: Optional[str] = None
    title_y: Optional[str] = None
    ignore_outliers: Optional[bool] = None
    groupby: Optional[Union[str, Config, Metric]] = None
    groupby_aggfunc: Optional[GroupAgg] = None
    groupby_rangefunc: Optional[GroupArea] = None
    smoothing_factor: Optional[float] = None
    smoothing_type: Optional[SmoothingType] = None
    smoothing_show_original: Optional[bool] = None
    max_runs_to_show: Optional[NonNegativeInt] = None
    custom_expressions: Optional[list[str]] = None
    plot_type: Optional[Literal["line", "stacked-area", "pct-area"]] = None
    font_size: Optional[FontSize] = None
    legend_position: Optional[LegendPosition] = None
    legend_template: Optional[str] = None
    aggregate: Optional[bool] = None
    xaxis_expression: Optional[str] = None
    xaxis_format: Optional[str] = None
    legend_fields: Optional[list[str]] = None
    metric_regex: Optional[str] = None
    point_visualization_method: Optional[PanelPointVisualization] = None
    line_titles: Optional[dict[str, str]] = None
    line_colors: Optional[dict[str, Union[str, dict[str, Any]]]] = None
    line_widths: Optional[dict[str, float]] = None
    line_marks: Optional[dict[str, LineMark]] = None

    VIEW_TYPE = "Run History Line Plot"
    _CONFIG = config_keys(
        ("chartTitle", "title"),
        converted("xAxis", "x", history_to_wire, history_from_wire),
        converted("metrics", "y", histories_to_wire, histories_from_wire),
        *axis_range("x"),
        *axis_range("y"),
        ("xLogScale", "log_x"),
        ("yLogScale", "log_y"),
        ("xAxisTitle", "title_x"),
        ("yAxisTitle", "title_y"),
        ("ignoreOutliers", "ignore_outliers"),
        converted("groupBy", "groupby", groupby_to_wire, groupby_from_wire),
        ("groupAgg", "groupby_aggfunc"),
        ("groupArea", "groupby_rangefunc"),
        ("smoothingWeight", "smoothing_factor"),
        ("smoothingType", "smoothing_type"),
        ("showOriginalAfterSmoothing", "smoothing_show_original"),
        ("limit", "max_runs_to_show"),
        ("expressions", "custom_expressions"),
        ("plotType", "plot_type"),
        ("fontSize", "font_size"),
        ("legendPosition", "legend_position"),
        ("legendTemplate", "legend_template"),
        computed("aggregate", aggregate_to_wire, field="aggregate"),
        ("xExpression", "xaxis_expression"),
        ("xAxisFormat", "xaxis_format"),
        ("pointVisualizationMethod", "point_visualization_method"),
        ("overrideLineWidths", "line_widths"),
        converted("overrideColors", "line_colors", color_overrides_to_wire),
        ("overrideSeriesTitles", "line_titles"),
        ("overrideMarks", "line_marks"),
        ("legendFields", "legend_fields"),
        ("metricRegex", "metric_regex"),
        computed("useMetricRegex", lambda p: True if p.metric_regex is not None else None),
    )
