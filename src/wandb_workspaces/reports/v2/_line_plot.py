"""``LinePlot``: run history metrics against step, time or a metric (``Run History Line Plot``)."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import Field, NonNegativeInt

from ..._validation import model
from ._families import groupby_from_wire, groupby_to_wire, history_from_wire, history_to_wire
from ._metrics import Config, Metric, MetricLike
from ._panel import JSONDict, Panel, register_panel
from ._shared import (
    FontSize,
    GroupAgg,
    GroupArea,
    LegendPosition,
    LineMark,
    PanelPointVisualization,
    Range,
    SmoothingType,
    color_overrides_to_wire,
    copied,
    plain_fields,
    range_from_config,
)

__all__ = ["LinePlot"]


# Config keys whose value is the field's value as it is (config key -> field).
_STORED_AS_IS = {
    "chartTitle": "title",
    "xLogScale": "log_x",
    "yLogScale": "log_y",
    "xAxisTitle": "title_x",
    "yAxisTitle": "title_y",
    "ignoreOutliers": "ignore_outliers",
    "groupAgg": "groupby_aggfunc",
    "groupArea": "groupby_rangefunc",
    "smoothingWeight": "smoothing_factor",
    "smoothingType": "smoothing_type",
    "showOriginalAfterSmoothing": "smoothing_show_original",
    "limit": "max_runs_to_show",
    "expressions": "custom_expressions",
    "plotType": "plot_type",
    "fontSize": "font_size",
    "legendPosition": "legend_position",
    "legendTemplate": "legend_template",
    "aggregate": "aggregate",
    "xExpression": "xaxis_expression",
    "xAxisFormat": "xaxis_format",
    "legendFields": "legend_fields",
    "metricRegex": "metric_regex",
    "pointVisualizationMethod": "point_visualization_method",
    "overrideSeriesTitles": "line_titles",
    "overrideColors": "line_colors",
    "overrideLineWidths": "line_widths",
    "overrideMarks": "line_marks",
}


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

    def _config(self) -> JSONDict:
        grouped = self.groupby is not None and self.groupby != "None"
        config: JSONDict = {}
        value: Any  # each optional key in turn
        if (value := self.title) is not None:
            config["chartTitle"] = value
        if (value := history_to_wire(self.x)) is not None:
            config["xAxis"] = value
        config["metrics"] = [history_to_wire(metric) for metric in self.y]
        if (value := self.range_x[0]) is not None:
            config["xAxisMin"] = value
        if (value := self.range_x[1]) is not None:
            config["xAxisMax"] = value
        if (value := self.range_y[0]) is not None:
            config["yAxisMin"] = value
        if (value := self.range_y[1]) is not None:
            config["yAxisMax"] = value
        if (value := self.log_x) is not None:
            config["xLogScale"] = value
        if (value := self.log_y) is not None:
            config["yLogScale"] = value
        if (value := self.title_x) is not None:
            config["xAxisTitle"] = value
        if (value := self.title_y) is not None:
            config["yAxisTitle"] = value
        if (value := self.ignore_outliers) is not None:
            config["ignoreOutliers"] = value
        if (value := groupby_to_wire(self.groupby)) is not None:
            config["groupBy"] = value
        if (value := self.groupby_aggfunc) is not None:
            config["groupAgg"] = value
        if (value := self.groupby_rangefunc) is not None:
            config["groupArea"] = value
        if (value := self.smoothing_factor) is not None:
            config["smoothingWeight"] = value
        if (value := self.smoothing_type) is not None:
            config["smoothingType"] = value
        if (value := self.smoothing_show_original) is not None:
            config["showOriginalAfterSmoothing"] = value
        if (value := self.max_runs_to_show) is not None:
            config["limit"] = value
        if (value := copied(self.custom_expressions)) is not None:
            config["expressions"] = value
        if (value := self.plot_type) is not None:
            config["plotType"] = value
        if (value := self.font_size) is not None:
            config["fontSize"] = value
        if (value := self.legend_position) is not None:
            config["legendPosition"] = value
        if (value := self.legend_template) is not None:
            config["legendTemplate"] = value
        if (value := True if grouped else self.aggregate) is not None:
            config["aggregate"] = value
        if (value := self.xaxis_expression) is not None:
            config["xExpression"] = value
        if (value := self.xaxis_format) is not None:
            config["xAxisFormat"] = value
        if (value := self.point_visualization_method) is not None:
            config["pointVisualizationMethod"] = value
        if (value := copied(self.line_widths)) is not None:
            config["overrideLineWidths"] = value
        if (value := color_overrides_to_wire(self.line_colors)) is not None:
            config["overrideColors"] = value
        if (value := copied(self.line_titles)) is not None:
            config["overrideSeriesTitles"] = value
        if (value := copied(self.line_marks)) is not None:
            config["overrideMarks"] = value
        if (value := copied(self.legend_fields)) is not None:
            config["legendFields"] = value
        if (value := self.metric_regex) is not None:
            config["metricRegex"] = value
        if self.metric_regex is not None:
            config["useMetricRegex"] = True
        return config

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        fields = plain_fields(config, _STORED_AS_IS)
        get = config.get
        fields["x"] = history_from_wire(get("xAxis"))
        fields["y"] = [history_from_wire(metric) for metric in get("metrics") or []]
        fields["range_x"] = range_from_config(config, "xAxisMin", "xAxisMax")
        fields["range_y"] = range_from_config(config, "yAxisMin", "yAxisMax")
        fields["groupby"] = groupby_from_wire(get("groupBy"))
        return fields
