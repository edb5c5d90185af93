"""The panel classes, where the official package also has them (``wr.panels``)."""

from __future__ import annotations

from .interface import (
    BarPlot,
    CodeComparer,
    CustomChart,
    LinePlot,
    MarkdownPanel,
    MediaBrowser,
    ParallelCoordinatesPlot,
    ParameterImportancePlot,
    RunComparer,
    ScalarChart,
    ScatterPlot,
    WeavePanel,
    WeavePanelArtifact,
    WeavePanelArtifactVersionedFile,
    WeavePanelSummaryTable,
)

__all__ = [
    "BarPlot", "CodeComparer", "CustomChart", "LinePlot", "MarkdownPanel", "MediaBrowser",
    "ParallelCoordinatesPlot", "ParameterImportancePlot", "RunComparer", "ScalarChart",
    "ScatterPlot", "WeavePanel", "WeavePanelArtifact", "WeavePanelArtifactVersionedFile",
    "WeavePanelSummaryTable",
]  # fmt: skip
