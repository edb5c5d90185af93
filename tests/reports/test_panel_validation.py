"""Declaration-time validation, the public surface and the field order of the panel classes."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr


def test_public_names() -> None:
    assert sorted(wr.__all__) == sorted(
        [
            "LinePlot", "ScatterPlot", "BarPlot", "ScalarChart", "CodeComparer",
            "ParallelCoordinatesPlot", "ParameterImportancePlot", "RunComparer", "MediaBrowser",
            "MarkdownPanel", "CustomChart", "WeavePanel", "WeavePanelSummaryTable",
            "WeavePanelArtifactVersionedFile", "WeavePanelArtifact", "Layout", "GradientPoint",
            "ParallelCoordinatesPlotColumn", "Metric", "Config", "SummaryMetric", "UnknownPanel",
            "Panel", "panel_from_spec", "PanelTypes",
            # the report API (tests/reports/test_report_api.py)
            "Report", "Block", "BlockTypes", "UnknownBlock", "block_from_spec", "interface",
            "blocks", "panels", "metrics",
            "H1", "H2", "H3", "P", "BlockQuote", "CalloutBlock", "CodeBlock", "MarkdownBlock",
            "LatexBlock", "HorizontalRule", "TableOfContents", "Link", "InlineCode",
            "InlineLatex", "TextWithInlineComments", "CheckedList", "CheckedListItem",
            "OrderedList", "OrderedListItem", "UnorderedList", "UnorderedListItem", "Image",
            "Video", "Gallery", "GalleryReport", "GalleryURL", "Spotify", "SoundCloud",
            "Twitter", "PanelGrid", "Runset", "RunSettings", "OrderBy", "RunsetGroup",
            "RunsetGroupKey", "WeaveBlockSummaryTable", "WeaveBlockArtifact",
            "WeaveBlockArtifactVersionedFile",
        ]
    )  # fmt: skip
    for name in wr.__all__:
        assert getattr(wr, name) is not None


def test_panel_types_lists_every_panel_class() -> None:
    classes = typing.get_args(wr.PanelTypes)
    assert len(classes) == 16
    assert all(issubclass(cls, wr.Panel) for cls in classes)
    assert wr.UnknownPanel in classes


# Field names in declaration order, as the official package has them (positional
# construction follows this order); ``layout`` is keyword-only everywhere.
FIELDS = [
    pytest.param(
        wr.ScatterPlot,
        [
            "layout",
            "title",
            "x",
            "y",
            "z",
            "range_x",
            "range_y",
            "range_z",
            "log_x",
            "log_y",
            "log_z",
            "running_ymin",
            "running_ymax",
            "running_ymean",
            "legend_template",
            "gradient",
            "font_size",
            "regression",
        ],
        id="ScatterPlot",
    ),
    pytest.param(
        wr.BarPlot,
        [
            "layout",
            "title",
            "metrics",
            "orientation",
            "range_x",
            "title_x",
            "title_y",
            "groupby",
            "groupby_aggfunc",
            "groupby_rangefunc",
            "max_runs_to_show",
            "max_bars_to_show",
            "custom_expressions",
            "legend_template",
            "font_size",
            "line_titles",
            "line_colors",
            "aggregate",
        ],
        id="BarPlot",
    ),
    pytest.param(
        wr.ScalarChart,
        [
            "layout",
            "title",
            "metric",
            "groupby_aggfunc",
            "groupby_rangefunc",
            "custom_expressions",
            "legend_template",
            "font_size",
        ],
        id="ScalarChart",
    ),
    pytest.param(wr.CodeComparer, ["layout", "diff"], id="CodeComparer"),
    pytest.param(
        wr.ParallelCoordinatesPlot,
        ["layout", "columns", "title", "gradient", "font_size"],
        id="ParallelCoordinatesPlot",
    ),
    pytest.param(
        wr.ParallelCoordinatesPlotColumn,
        ["metric", "display_name", "inverted", "log"],
        id="ParallelCoordinatesPlotColumn",
    ),
    pytest.param(
        wr.ParameterImportancePlot, ["layout", "with_respect_to"], id="ParameterImportancePlot"
    ),
    pytest.param(wr.RunComparer, ["layout", "diff_only"], id="RunComparer"),
    pytest.param(
        wr.MediaBrowser,
        [
            "layout",
            "title",
            "num_columns",
            "media_keys",
            "mode",
            "gallery_axis",
            "grid_x_axis",
            "grid_y_axis",
        ],
        id="MediaBrowser",
    ),
    pytest.param(wr.MarkdownPanel, ["layout", "markdown"], id="MarkdownPanel"),
    pytest.param(
        wr.CustomChart,
        ["layout", "query", "chart_name", "chart_fields", "chart_strings"],
        id="CustomChart",
    ),
    pytest.param(wr.WeavePanel, ["layout", "config"], id="WeavePanel"),
    pytest.param(wr.WeavePanelSummaryTable, ["layout", "table_name"], id="WeavePanelSummaryTable"),
    pytest.param(
        wr.WeavePanelArtifactVersionedFile,
        ["layout", "artifact", "version", "file"],
        id="WeavePanelArtifactVersionedFile",
    ),
    pytest.param(
        wr.WeavePanelArtifact, ["layout", "config", "artifact", "tab"], id="WeavePanelArtifact"
    ),
    pytest.param(wr.GradientPoint, ["color", "offset"], id="GradientPoint"),
    pytest.param(wr.Layout, ["x", "y", "w", "h"], id="Layout"),
]


@pytest.mark.parametrize(("cls", "names"), FIELDS)
def test_field_order(cls: type, names: list[str]) -> None:
    fields = [field for field in dataclasses.fields(cls) if not field.name.startswith("_")]
    assert [field.name for field in fields] == names
    assert all(field.kw_only for field in fields if field.name == "layout")


def test_weave_artifact_takes_config_first() -> None:
    panel = wr.WeavePanelArtifact({}, "my-artifact", "lineage")
    assert (panel.config, panel.artifact, panel.tab) == ({}, "my-artifact", "lineage")
    assert isinstance(panel, wr.WeavePanel)


INVALID: list[Any] = [
    pytest.param(
        lambda: wr.BarPlot(metric=["a"]),  # type: ignore[call-arg]
        r"BarPlot.metric: unknown field 'metric'; valid fields are .*\(did you mean 'metrics'\?\)",
        id="unknown-field",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(num_column=3),  # type: ignore[call-arg]
        r"unknown field 'num_column'.*did you mean 'num_columns'",
        id="unknown-field-media",
    ),
    pytest.param(
        lambda: wr.ScatterPlot(font_size="big"),  # type: ignore[arg-type]
        r"ScatterPlot.font_size: 'big' is not one of 'small', 'medium', 'large' or 'auto'",
        id="bad-font-size",
    ),
    pytest.param(
        lambda: wr.CodeComparer(diff="splt"),  # type: ignore[arg-type]
        r"'splt' is not one of 'split' or 'unified' \(did you mean 'split'\?\)",
        id="bad-diff",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(gallery_axis="time"),  # type: ignore[arg-type]
        r"MediaBrowser.gallery_axis: 'time' is not one of 'step', 'index' or 'run'",
        id="bad-media-axis",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(mode="list"),  # type: ignore[arg-type]
        r"'list' is not one of 'gallery' or 'grid'",
        id="bad-media-mode",
    ),
    pytest.param(
        lambda: wr.WeavePanelArtifact(artifact="a", tab="readme"),  # type: ignore[arg-type]
        r"'readme' is not one of 'overview', 'metadata', 'usage', 'files' or 'lineage'",
        id="bad-artifact-tab",
    ),
    pytest.param(
        lambda: wr.BarPlot(groupby_aggfunc="avg"),  # type: ignore[arg-type]
        r"'avg' is not one of 'mean', 'min', 'max', 'median', 'sum' or 'samples'",
        id="bad-aggfunc",
    ),
    pytest.param(
        lambda: wr.RunComparer(diff_only=False),  # type: ignore[arg-type]
        r"RunComparer.diff_only",
        id="diff-only-false",
    ),
    pytest.param(lambda: wr.BarPlot(metrics="acc"), r"BarPlot.metrics", id="metrics-not-list"),  # type: ignore[arg-type]
    pytest.param(
        lambda: wr.WeavePanelSummaryTable(),  # type: ignore[call-arg]
        r"WeavePanelSummaryTable.table_name: a value is required",
        id="missing-table-name",
    ),
    pytest.param(
        lambda: wr.WeavePanelArtifactVersionedFile(artifact="a", version="v0"),  # type: ignore[call-arg]
        r"WeavePanelArtifactVersionedFile.file: a value is required",
        id="missing-file",
    ),
    pytest.param(
        lambda: wr.ParallelCoordinatesPlotColumn(),  # type: ignore[call-arg]
        r"ParallelCoordinatesPlotColumn.metric: a value is required",
        id="missing-column-metric",
    ),
    pytest.param(
        lambda: wr.CustomChart(chart_fields=None),  # type: ignore[arg-type]
        r"CustomChart.chart_fields",
        id="chart-fields-none",
    ),
]


@pytest.mark.parametrize(("build", "message"), INVALID)
def test_invalid_declarations(build: Callable[[], Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(
    "color",
    [
        pytest.param("red", id="name"),
        pytest.param("#ffff", id="four-hex"),
        pytest.param("#12345g", id="bad-hex-digit"),
        pytest.param("fff", id="no-hash"),
        pytest.param("rgb(256, 0, 0)", id="channel-too-big"),
        pytest.param("rgb(0, 0)", id="two-channels"),
        pytest.param("rgba(0, 0, 0, 2)", id="alpha-too-big"),
        pytest.param("rgba(0, 0, 0)", id="rgba-without-alpha"),
        pytest.param(" #fff", id="leading-space"),
    ],
)
def test_gradient_point_rejects_bad_colours(color: str) -> None:
    with pytest.raises(
        ValueError, match=r"GradientPoint.color: a colour must be '#rgb', '#rrggbb'"
    ):
        wr.GradientPoint(color=color)


@pytest.mark.parametrize(
    "color",
    [
        pytest.param("#fff", id="short-hex"),
        pytest.param("#A1b2C3", id="long-hex"),
        pytest.param("rgb(0,255,7)", id="rgb"),
        pytest.param("rgb( 10 , 200 , 99 )", id="rgb-spaces"),
        pytest.param("rgba(1, 2, 3, 0.25)", id="rgba"),
        pytest.param("rgba(1,2,3,.5)", id="rgba-bare-fraction"),
        pytest.param("rgba(1,2,3,1)", id="rgba-opaque"),
    ],
)
def test_gradient_point_accepts_css_colours(color: str) -> None:
    assert wr.GradientPoint(color=color).color == color


@pytest.mark.parametrize(
    "offset", [pytest.param(-1, id="negative"), pytest.param(100.5, id="over")]
)
def test_gradient_point_offset_range(offset: float) -> None:
    with pytest.raises(ValueError, match=r"GradientPoint.offset: .*(greater|less) than or equal"):
        wr.GradientPoint(color="#fff", offset=offset)


def test_assignment_is_validated() -> None:
    panel = wr.BarPlot()
    with pytest.raises(ValueError, match=r"BarPlot.orientation: 'x' is not one of 'v' or 'h'"):
        panel.orientation = "x"  # type: ignore[assignment]
    assert panel.orientation == "h"


def test_nested_gradient_is_validated() -> None:
    with pytest.raises(ValueError, match=r"ScatterPlot.gradient.0"):
        wr.ScatterPlot(gradient=[{"color": "nope"}])  # type: ignore[list-item]


def test_metric_values_accept_all_reference_kinds() -> None:
    panel = wr.ScatterPlot(x="a", y=wr.Metric("b"), z=wr.SummaryMetric("c"))
    assert panel.y == wr.Metric("b")
    with pytest.raises(ValueError, match=r"ScatterPlot.x"):
        wr.ScatterPlot(x=3)  # type: ignore[arg-type]
