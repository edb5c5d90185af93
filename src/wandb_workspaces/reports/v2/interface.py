"""The names of the official ``wandb_workspaces.reports.v2.interface`` module.

Scripts written for the official package import some classes from here
(``wr.interface.GalleryURL``, ``wr.interface.Spotify``...); every name is the same
object as ``wr.<name>``.
"""

from __future__ import annotations

from typing import Literal, Union

from . import BlockTypes, PanelTypes  # defined by the package before it imports this
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
from ._report_runset import (
    MAX_RUNSET_VISIBLE_COLUMNS,
    OrderBy,
    Runset,
    RunsetGroup,
    RunsetGroupKey,
    RunSettings,
)
from ._run_comparer import RunComparer
from ._scalar_chart import ScalarChart
from ._scatter_plot import ScatterPlot
from ._shared import FontSize, GroupAgg, GroupArea, LegendPosition, Range, SmoothingType
from ._shared import LineMark as Mark
from ._shared import PanelPointVisualization as PointVizMethod
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

MetricType = Union[str, Config, SummaryMetric, Metric]
SummaryOrConfigOnlyMetric = MetricType
SpecialMetricType = Union[Config, SummaryMetric, Metric]
RunId = str
LinePlotStyle = Literal["line", "stacked-area", "pct-area"]
CodeCompareDiff = Literal["split", "unified"]

__all__ = [
    "H1",
    "H2",
    "H3",
    "MAX_RUNSET_VISIBLE_COLUMNS",
    "BarPlot",
    "Block",
    "BlockQuote",
    # types of the annotations, as the official interface has them
    "BlockTypes",
    "CalloutBlock",
    "CheckedList",
    "CheckedListItem",
    "CodeBlock",
    "CodeCompareDiff",
    "CodeComparer",
    "Config",
    "CustomChart",
    "FontSize",
    "Gallery",
    "GalleryReport",
    "GalleryURL",
    "GradientPoint",
    "GroupAgg",
    "GroupArea",
    "Heading",
    "HorizontalRule",
    "Image",
    "InlineCode",
    "InlineLatex",
    "Language",
    "LatexBlock",
    "Layout",
    "LegendPosition",
    "LinePlot",
    "LinePlotStyle",
    "Link",
    "List",
    "ListItem",
    "Mark",
    "MarkdownBlock",
    "MarkdownPanel",
    "MediaBrowser",
    "Metric",
    "MetricType",
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
    "PointVizMethod",
    "Range",
    "Report",
    "ReportWidth",
    "RunComparer",
    "RunId",
    "RunSettings",
    "Runset",
    "RunsetGroup",
    "RunsetGroupKey",
    "ScalarChart",
    "ScatterPlot",
    "SmoothingType",
    "SoundCloud",
    "SpecialMetricType",
    "Spotify",
    "SummaryMetric",
    "SummaryOrConfigOnlyMetric",
    "TableOfContents",
    "TextLike",
    "TextLikeField",
    "TextWithInlineComments",
    "Twitter",
    "UnknownBlock",
    "UnknownPanel",
    "UnorderedList",
    "UnorderedListItem",
    "Video",
    "WeaveBlock",
    "WeaveBlockArtifact",
    "WeaveBlockArtifactVersionedFile",
    "WeaveBlockSummaryTable",
    "WeavePanel",
    "WeavePanelArtifact",
    "WeavePanelArtifactVersionedFile",
    "WeavePanelSummaryTable",
]  # fmt: skip
