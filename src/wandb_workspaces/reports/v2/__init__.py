"""The panels a workspace section holds (``import wandb_workspaces.reports.v2 as wr``).

Example::

    import wandb_workspaces.reports.v2 as wr

    panels = [wr.LinePlot(x="Step", y=["loss"]), wr.BarPlot(metrics=["acc"], orientation="v")]
    specs = [panel.to_spec() for panel in panels]            # the JSON the app stores
    loaded = [wr.panel_from_spec(spec) for spec in specs]     # and back, losslessly
"""

from __future__ import annotations

from typing import Union

from ._bar_plot import BarPlot
from ._code_comparer import CodeComparer
from ._custom_chart import CustomChart
from ._gradient import GradientPoint
from ._line_plot import LinePlot
from ._markdown_panel import MarkdownPanel
from ._media_browser import MediaBrowser
from ._metrics import Config, Metric, SummaryMetric
from ._panel import Layout, Panel, UnknownPanel, panel_from_spec
from ._parallel_coordinates import ParallelCoordinatesPlot, ParallelCoordinatesPlotColumn
from ._parameter_importance import ParameterImportancePlot
from ._run_comparer import RunComparer
from ._scalar_chart import ScalarChart
from ._scatter_plot import ScatterPlot
from ._weave import (
    WeavePanel,
    WeavePanelArtifact,
    WeavePanelArtifactVersionedFile,
    WeavePanelSummaryTable,
)

PanelTypes = Union[
    LinePlot,
    ScatterPlot,
    ScalarChart,
    BarPlot,
    CodeComparer,
    ParallelCoordinatesPlot,
    ParameterImportancePlot,
    RunComparer,
    MediaBrowser,
    MarkdownPanel,
    CustomChart,
    WeavePanel,
    WeavePanelSummaryTable,
    WeavePanelArtifactVersionedFile,
    WeavePanelArtifact,
    UnknownPanel,
]
"""Every panel class, for annotations (``list[wr.PanelTypes]``), as in the official package."""

__all__ = [
    "BarPlot",
    "CodeComparer",
    "Config",
    "CustomChart",
    "GradientPoint",
    "Layout",
    "LinePlot",
    "MarkdownPanel",
    "MediaBrowser",
    "Metric",
    "Panel",
    "PanelTypes",
    "ParallelCoordinatesPlot",
    "ParallelCoordinatesPlotColumn",
    "ParameterImportancePlot",
    "RunComparer",
    "ScalarChart",
    "ScatterPlot",
    "SummaryMetric",
    "UnknownPanel",
    "WeavePanel",
    "WeavePanelArtifact",
    "WeavePanelArtifactVersionedFile",
    "WeavePanelSummaryTable",
    "panel_from_spec",
]
