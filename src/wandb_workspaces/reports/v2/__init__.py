"""The panels a workspace section holds (``import wandb_workspaces.reports.v2 as wr``)."""

from __future__ import annotations

from ._line_plot import LinePlot
from ._metrics import Config, Metric, SummaryMetric
from ._panel import Layout, Panel, UnknownPanel, panel_from_spec

__all__ = [
    "Config",
    "Layout",
    "LinePlot",
    "Metric",
    "Panel",
    "SummaryMetric",
    "UnknownPanel",
    "panel_from_spec",
]
