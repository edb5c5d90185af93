"""``ScalarChart``: one number, a metric aggregated over the runs shown (``Scalar Chart``)."""

from __future__ import annotations

from typing import Any, Optional

from ..._validation import model
from ._families import history_from_wire, history_to_wire
from ._metrics import MetricLike
from ._panel import Panel, register_panel
from ._panel_config import config_keys, converted
from ._shared import FontSize, GroupAgg, GroupArea

__all__ = ["ScalarChart"]


def _first_metric(metrics: Any) -> Any:
    # The app may store no metric at all (the official package crashes on that); the
    # panel then shows "" and the stored empty list is written back unchanged.
    return history_from_wire(metrics[0] if isinstance(metrics, list) and metrics else "")


@register_panel("Scalar Chart")
@model
class ScalarChart(Panel):
    """A single aggregated value.

    Example::

        wr.ScalarChart(metric="accuracy", groupby_aggfunc="max", title="Best accuracy")
    """

    title: Optional[str] = None
    metric: MetricLike = ""
    groupby_aggfunc: Optional[GroupAgg] = None
    groupby_rangefunc: Optional[GroupArea] = None
    custom_expressions: Optional[list[str]] = None
    legend_template: Optional[str] = None
    font_size: Optional[FontSize] = None

    VIEW_TYPE = "Scalar Chart"
    _CONFIG = config_keys(
        ("chartTitle", "title"),
        converted("metrics", "metric", lambda metric: [history_to_wire(metric)], _first_metric),
        ("groupAgg", "groupby_aggfunc"),
        ("groupArea", "groupby_rangefunc"),
        ("expressions", "custom_expressions"),
        ("legendTemplate", "legend_template"),
        ("fontSize", "font_size"),
    )
