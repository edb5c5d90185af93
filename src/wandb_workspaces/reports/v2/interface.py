"""The names of the official ``wandb_workspaces.reports.v2.interface`` module.

Scripts written for the official package import some classes from here
(``wr.interface.GalleryURL``, ``wr.interface.Spotify``...); every name is the same
object as ``wr.<name>``.
"""

from __future__ import annotations

from ._bar_plot import BarPlot
from ._blocks import Block, UnknownBlock
from ._code_comparer import CodeComparer
from ._custom_chart import CustomChart
from ._embeds import Gallery, GalleryReport, GalleryURL, SoundCloud, Spotify, Twitter
from ._gradient import GradientPoint
from ._inline import InlineCode, InlineLatex, Link, TextLike, TextLikeField, TextWithInlineComments
from ._line_plot import LinePlot
from ._lists import (
    CheckedList,
    CheckedListItem,
    List,
    ListItem,
    OrderedList,
    OrderedListItem,
    UnorderedList,
    UnorderedListItem,
)
from ._markdown_panel import MarkdownPanel
from ._media_blocks import Image, Video
from ._media_browser import MediaBrowser
from ._metrics import Config, Metric, SummaryMetric
from ._panel import Layout, Panel, UnknownPanel
from ._panel_grid import PanelGrid
from ._parallel_coordinates import ParallelCoordinatesPlot, ParallelCoordinatesPlotColumn
from ._parameter_importance import ParameterImportancePlot
from ._report import Report, ReportWidth
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
    Heading,
    HorizontalRule,
    Language,
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
    WeaveBlock,
    WeaveBlockArtifact,
    WeaveBlockArtifactVersionedFile,
    WeaveBlockSummaryTable,
)

__all__ = [
    "H1", "H2", "H3", "BarPlot", "Block", "BlockQuote", "CalloutBlock", "CheckedList",
    "CheckedListItem", "CodeBlock", "CodeComparer", "Config", "CustomChart", "Gallery",
    "GalleryReport", "GalleryURL", "GradientPoint", "Heading", "HorizontalRule", "Image",
    "InlineCode", "InlineLatex", "Language", "LatexBlock", "Layout", "LinePlot", "Link", "List",
    "ListItem", "MarkdownBlock", "MarkdownPanel", "MediaBrowser", "Metric", "OrderBy",
    "OrderedList", "OrderedListItem", "P", "Panel", "PanelGrid", "ParallelCoordinatesPlot",
    "ParallelCoordinatesPlotColumn", "ParameterImportancePlot", "Report", "ReportWidth",
    "RunComparer", "RunSettings", "Runset", "RunsetGroup", "RunsetGroupKey", "ScalarChart",
    "ScatterPlot", "SoundCloud", "Spotify", "SummaryMetric", "TableOfContents", "TextLike",
    "TextLikeField", "TextWithInlineComments", "Twitter", "UnknownBlock", "UnknownPanel",
    "UnorderedList", "UnorderedListItem", "Video", "WeaveBlock", "WeaveBlockArtifact",
    "WeaveBlockArtifactVersionedFile", "WeaveBlockSummaryTable", "WeavePanel",
    "WeavePanelArtifact", "WeavePanelArtifactVersionedFile", "WeavePanelSummaryTable",
]  # fmt: skip
