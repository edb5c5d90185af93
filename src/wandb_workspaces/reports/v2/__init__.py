"""Reports, and the panels a report's grid or a workspace section holds (``wr``).

Example::

    import wandb_workspaces.reports.v2 as wr

    report = wr.Report(project="proj", entity="team", title="Results", blocks=[
        wr.H1("Results"), wr.P(["See ", wr.Link("the docs", url="https://docs.wandb.ai")]),
        wr.PanelGrid(runsets=[wr.Runset("team", "proj")],
                     panels=[wr.LinePlot(x="Step", y=["loss"])]),
    ])
    spec = report.to_spec()                                   # the JSON the app stores
    same = wr.Report.from_spec(spec, entity="team", project="proj", title="Results")

    panels = [wr.LinePlot(x="Step", y=["loss"]), wr.BarPlot(metrics=["acc"], orientation="v")]
    loaded = [wr.panel_from_spec(panel.to_spec()) for panel in panels]

Names the official package has only in ``wr.interface`` (``GalleryURL``, ``Spotify``...)
are there too, and here as well.
"""

from __future__ import annotations

from typing import Union

from ._bar_plot import BarPlot
from ._blocks import Block, UnknownBlock, block_from_spec
from ._code_comparer import CodeComparer
from ._custom_chart import CustomChart
from ._embeds import Gallery, GalleryReport, GalleryURL, SoundCloud, Spotify, Twitter
from ._gradient import GradientPoint
from ._inline import InlineCode, InlineLatex, Link, TextWithInlineComments
from ._line_plot import LinePlot
from ._lists import (
    CheckedList,
    CheckedListItem,
    OrderedList,
    OrderedListItem,
    UnorderedList,
    UnorderedListItem,
)
from ._markdown_panel import MarkdownPanel
from ._media_blocks import Image, Video
from ._media_browser import MediaBrowser
from ._metrics import Config, Metric, SummaryMetric
from ._panel import Layout, Panel, UnknownPanel, panel_from_spec
from ._panel_grid import PanelGrid
from ._parallel_coordinates import ParallelCoordinatesPlot, ParallelCoordinatesPlotColumn
from ._parameter_importance import ParameterImportancePlot
from ._report import Report
from ._report_runset import OrderBy, Runset, RunsetGroup, RunsetGroupKey, RunSettings
from ._run_comparer import RunComparer
from ._scalar_chart import ScalarChart
from ._scatter_plot import ScatterPlot
from ._text_blocks import (
    H1,
    H2,
    H3,
    BlockQuote,
    CalloutBlock,
    CodeBlock,
    HorizontalRule,
    LatexBlock,
    MarkdownBlock,
    P,
    TableOfContents,
)
from ._weave import (
    WeavePanel,
    WeavePanelArtifact,
    WeavePanelArtifactVersionedFile,
    WeavePanelSummaryTable,
)
from ._weave_blocks import (
    WeaveBlockArtifact,
    WeaveBlockArtifactVersionedFile,
    WeaveBlockSummaryTable,
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

BlockTypes = Union[
    H1, H2, H3, P, CodeBlock, MarkdownBlock, LatexBlock, Image, UnorderedList, OrderedList,
    CheckedList, CalloutBlock, Video, HorizontalRule, Spotify, SoundCloud, Gallery, PanelGrid,
    TableOfContents, BlockQuote, Twitter, WeaveBlockSummaryTable, WeaveBlockArtifact,
    WeaveBlockArtifactVersionedFile, UnknownBlock,
]  # fmt: skip
"""Every block class, for annotations (``list[wr.BlockTypes]``)."""

# isort: split
# Last: the official interface module's names include BlockTypes and PanelTypes.
from . import blocks, interface, metrics, panels  # noqa: E402

__all__ = [
    "H1",
    "H2",
    "H3",
    "BarPlot",
    "Block",
    "BlockQuote",
    "BlockTypes",
    "CalloutBlock",
    "CheckedList",
    "CheckedListItem",
    "CodeBlock",
    "CodeComparer",
    "Config",
    "CustomChart",
    "Gallery",
    "GalleryReport",
    "GalleryURL",
    "GradientPoint",
    "HorizontalRule",
    "Image",
    "InlineCode",
    "InlineLatex",
    "LatexBlock",
    "Layout",
    "LinePlot",
    "Link",
    "MarkdownBlock",
    "MarkdownPanel",
    "MediaBrowser",
    "Metric",
    "OrderBy",
    "OrderedList",
    "OrderedListItem",
    "P",
    "Panel",
    "PanelGrid",
    "PanelTypes",
    "ParallelCoordinatesPlot",
    "ParallelCoordinatesPlotColumn",
    "ParameterImportancePlot",
    "Report",
    "RunComparer",
    "RunSettings",
    "Runset",
    "RunsetGroup",
    "RunsetGroupKey",
    "ScalarChart",
    "ScatterPlot",
    "SoundCloud",
    "Spotify",
    "SummaryMetric",
    "TableOfContents",
    "TextWithInlineComments",
    "Twitter",
    "UnknownBlock",
    "UnknownPanel",
    "UnorderedList",
    "UnorderedListItem",
    "Video",
    "WeaveBlockArtifact",
    "WeaveBlockArtifactVersionedFile",
    "WeaveBlockSummaryTable",
    "WeavePanel",
    "WeavePanelArtifact",
    "WeavePanelArtifactVersionedFile",
    "WeavePanelSummaryTable",
    "block_from_spec",
    "blocks",
    "interface",
    "metrics",
    "panel_from_spec",
    "panels",
]
