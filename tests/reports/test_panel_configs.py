"""Each panel's config JSON, compared with what the official package writes.

The expected dicts were produced once by running wandb-workspaces 0.4.13 on the same
declarations; the large Weave templates live in ``snapshots/official_weave_configs.json``.
Comparisons go through ``json.dumps`` so key order and ``0`` vs ``0.0`` count.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr

_SNAPSHOTS = json.loads(
    (Path(__file__).parent / "snapshots" / "official_weave_configs.json").read_text()
)


def snapshot(name: str) -> dict[str, Any]:
    return _SNAPSHOTS[name]  # type: ignore[no-any-return]


CASES = [
    pytest.param(lambda: wr.ScatterPlot(), "Scatter Plot", {}, id="scatter-default"),
    pytest.param(
        lambda: wr.ScatterPlot(
            title="S",
            x="run.Step",
            y=wr.Config("opt.lr"),
            z=wr.SummaryMetric("acc"),
            range_x=(0, 1),
            range_y=(None, 2.5),
            range_z=(-1.0, None),
            log_x=True,
            log_y=False,
            log_z=True,
            running_ymin=True,
            running_ymax=False,
            running_ymean=True,
            legend_template="${run:displayName}",
            gradient=[
                wr.GradientPoint(color="#fff", offset=0),
                wr.GradientPoint(color="rgb(1, 2, 3)", offset=50.5),
                wr.GradientPoint(color="rgba(0,0,0,.5)", offset=100),
            ],
            font_size="small",
            regression=True,
        ),
        "Scatter Plot",
        {
            "chartTitle": "S",
            "xAxis": "run:_step",
            "yAxis": "config:opt.value.lr",
            "zAxis": "summary:acc",
            "xAxisMin": 0.0,
            "xAxisMax": 1.0,
            "yAxisMax": 2.5,
            "zAxisMin": -1.0,
            "xAxisLogScale": True,
            "yAxisLogScale": False,
            "zAxisLogScale": True,
            "showMinYAxisLine": True,
            "showMaxYAxisLine": False,
            "showAvgYAxisLine": True,
            "legendTemplate": "${run:displayName}",
            "customGradient": [
                {"color": "#fff", "offset": 0.0},
                {"color": "rgb(1, 2, 3)", "offset": 50.5},
                {"color": "rgba(0,0,0,.5)", "offset": 100.0},
            ],
            "fontSize": "small",
            "showLinearRegression": True,
        },
        id="scatter-full",
    ),
    pytest.param(
        lambda: wr.ScatterPlot(x=wr.Metric("Runtime"), y="loss", z="run.lr"),
        "Scatter Plot",
        {"xAxis": "run:duration", "yAxis": "summary:loss", "zAxis": "run:lr"},
        id="scatter-metric-axes",
    ),
    pytest.param(
        lambda: wr.ScatterPlot("T", "a", "b"),
        "Scatter Plot",
        {"chartTitle": "T", "xAxis": "summary:a", "yAxis": "summary:b"},
        id="scatter-positional",
    ),
    pytest.param(
        lambda: wr.BarPlot(), "Bar Chart", {"metrics": [], "vertical": False}, id="bar-default"
    ),
    pytest.param(
        lambda: wr.BarPlot(
            title="B",
            metrics=["acc", wr.Metric("Step"), wr.Config("lr"), wr.SummaryMetric("best")],
            orientation="v",
            range_x=(0, 10),
            title_x="X",
            title_y="Y",
            groupby="optimizer",
            groupby_aggfunc="median",
            groupby_rangefunc="stderr",
            max_runs_to_show=20,
            max_bars_to_show=5,
            custom_expressions=["acc*2"],
            legend_template="t",
            font_size="large",
            line_titles={"r1:acc": "A"},
            line_colors={
                "r1:acc": "#ff0000",
                "r2:acc": {"color": "#00ff00", "transparentColor": "#00ff0019"},
            },
            aggregate=False,
        ),
        "Bar Chart",
        {
            "chartTitle": "B",
            "metrics": ["acc", "_step", "config.lr.value", "summary_metrics.best"],
            "vertical": True,
            "xAxisMin": 0.0,
            "xAxisMax": 10.0,
            "xAxisTitle": "X",
            "yAxisTitle": "Y",
            "groupBy": "optimizer.value",
            "groupAgg": "median",
            "groupArea": "stderr",
            "limit": 20,
            "barLimit": 5,
            "expressions": ["acc*2"],
            "legendTemplate": "t",
            "fontSize": "large",
            "overrideSeriesTitles": {"r1:acc": "A"},
            "overrideColors": {
                "r1:acc": {"color": "#ff0000", "transparentColor": "#ff000019"},
                "r2:acc": {"color": "#00ff00", "transparentColor": "#00ff0019"},
            },
            "aggregate": True,
        },
        id="bar-full",
    ),
    pytest.param(
        lambda: wr.BarPlot(metrics=["acc"], aggregate=False),
        "Bar Chart",
        {"metrics": ["acc"], "vertical": False, "aggregate": False},
        id="bar-aggregate-false",
    ),
    pytest.param(
        lambda: wr.BarPlot(metrics=["acc"], groupby=wr.Metric("Group")),
        "Bar Chart",
        {"metrics": ["acc"], "vertical": False, "groupBy": "group", "aggregate": True},
        id="bar-groupby-metric",
    ),
    pytest.param(
        lambda: wr.BarPlot(groupby="None", aggregate=False),
        "Bar Chart",
        {"metrics": [], "vertical": False, "groupBy": "None", "aggregate": False},
        id="bar-groupby-none-string",
    ),
    pytest.param(lambda: wr.ScalarChart(), "Scalar Chart", {"metrics": [""]}, id="scalar-default"),
    pytest.param(
        lambda: wr.ScalarChart(
            title="Sc",
            metric=wr.Config("lr"),
            groupby_aggfunc="min",
            groupby_rangefunc="minmax",
            custom_expressions=["x"],
            legend_template="lt",
            font_size="medium",
        ),
        "Scalar Chart",
        {
            "chartTitle": "Sc",
            "metrics": ["config.lr.value"],
            "groupAgg": "min",
            "groupArea": "minmax",
            "expressions": ["x"],
            "legendTemplate": "lt",
            "fontSize": "medium",
        },
        id="scalar-full",
    ),
    pytest.param(
        lambda: wr.ScalarChart("T", "Step"),
        "Scalar Chart",
        {"chartTitle": "T", "metrics": ["_step"]},
        id="scalar-step",
    ),
    pytest.param(lambda: wr.CodeComparer(), "Code Comparer", {"diff": "split"}, id="code-default"),
    pytest.param(
        lambda: wr.CodeComparer("unified"), "Code Comparer", {"diff": "unified"}, id="code-unified"
    ),
    pytest.param(
        lambda: wr.ParallelCoordinatesPlot(),
        "Parallel Coordinates Plot",
        {"columns": []},
        id="pc-default",
    ),
    pytest.param(
        lambda: wr.ParallelCoordinatesPlot(
            columns=[
                wr.ParallelCoordinatesPlotColumn(
                    metric=wr.Config("lr"), display_name="LR", inverted=True, log=False
                ),
                wr.ParallelCoordinatesPlotColumn("run.Runtime"),
                wr.ParallelCoordinatesPlotColumn(wr.SummaryMetric("acc"), log=True),
                wr.ParallelCoordinatesPlotColumn(wr.Metric("Step")),
                wr.ParallelCoordinatesPlotColumn("c::lr"),
            ],
            title="PC",
            gradient=[wr.GradientPoint("#abcdef", 10)],
            font_size="auto",
        ),
        "Parallel Coordinates Plot",
        {
            "chartTitle": "PC",
            "columns": [
                {
                    "accessor": "config:lr.value",
                    "displayName": "LR",
                    "inverted": True,
                    "log": False,
                },
                {"accessor": "run:duration"},
                {"accessor": "summary:acc", "log": True},
                {"accessor": "run:_step"},
                {"accessor": "summary:c::lr"},
            ],
            "customGradient": [{"color": "#abcdef", "offset": 10.0}],
            "fontSize": "auto",
        },
        id="pc-full",
    ),
    pytest.param(
        lambda: wr.ParameterImportancePlot(),
        "Parameter Importance",
        {
            "targetKey": "",
            "columnsPinned": {},
            "columnWidths": {},
            "columnOrder": [],
            "pageSize": 10,
            "onlyShowSelected": False,
        },
        id="pi-default",
    ),
    pytest.param(
        lambda: wr.ParameterImportancePlot("val_loss"),
        "Parameter Importance",
        {
            "targetKey": "val_loss",
            "columnsPinned": {},
            "columnWidths": {},
            "columnOrder": [],
            "pageSize": 10,
            "onlyShowSelected": False,
        },
        id="pi-full",
    ),
    pytest.param(lambda: wr.RunComparer(), "Run Comparer", {}, id="rc-default"),
    pytest.param(
        lambda: wr.RunComparer(diff_only=True), "Run Comparer", {"diffOnly": True}, id="rc-true"
    ),
    pytest.param(
        lambda: wr.RunComparer("split"), "Run Comparer", {"diffOnly": "split"}, id="rc-split"
    ),
    pytest.param(lambda: wr.MediaBrowser(), "Media Browser", {"mediaKeys": []}, id="mb-default"),
    pytest.param(
        lambda: wr.MediaBrowser(
            title="M",
            num_columns=4,
            media_keys=["img", "vid"],
            mode="grid",
            gallery_axis="run",
            grid_x_axis="step",
            grid_y_axis="index",
        ),
        "Media Browser",
        {
            "chartTitle": "M",
            "columnCount": 4,
            "mediaKeys": ["img", "vid"],
            "mode": "grid",
            "gallerySettings": {"axis": "run"},
            "gridSettings": {"xAxis": "step", "yAxis": "index"},
        },
        id="mb-full",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(gallery_axis="step"),
        "Media Browser",
        {"mediaKeys": [], "mode": "gallery", "gallerySettings": {"axis": "step"}},
        id="mb-infer-gallery",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(grid_y_axis="run"),
        "Media Browser",
        {"mediaKeys": [], "mode": "grid", "gridSettings": {"yAxis": "run"}},
        id="mb-infer-grid-y",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(grid_x_axis="index"),
        "Media Browser",
        {"mediaKeys": [], "mode": "grid", "gridSettings": {"xAxis": "index"}},
        id="mb-infer-grid-x",
    ),
    pytest.param(
        lambda: wr.MediaBrowser(mode="gallery"),
        "Media Browser",
        {"mediaKeys": [], "mode": "gallery"},
        id="mb-mode-only",
    ),
    pytest.param(lambda: wr.MarkdownPanel(), "Markdown Panel", {"value": ""}, id="md-default"),
    pytest.param(
        lambda: wr.MarkdownPanel("# hi\n*x*"),
        "Markdown Panel",
        {"value": "# hi\n*x*"},
        id="md-full",
    ),
    pytest.param(
        lambda: wr.CustomChart(),
        "Vega2",
        {
            "transform": {"name": "tableWithLeafColNames"},
            "userQuery": {
                "queryFields": [
                    {
                        "name": "runSets",
                        "args": [
                            {"name": "runSets", "value": "${runSets}"},
                            {"name": "limit", "value": 500.0},
                        ],
                        "fields": [{"name": "id", "value": []}, {"name": "name", "value": []}],
                    }
                ]
            },
            "panelDefId": "",
            "fieldSettings": {},
            "stringSettings": {},
        },
        id="cc-default",
    ),
    pytest.param(
        lambda: wr.CustomChart(
            query={
                "summaryTable": {"tableKey": "t"},
                "config": {"lr": None},
                "history": {},
                "limit": 10,
                "runSets": "x",
                "keys": ["a", "b"],
                "n": 3,
                "b": True,
                "s": "str",
                "nested": {"a": {"b": 1}},
            },
            chart_name="wandb/line/v0",
            chart_fields={"x": "step"},
            chart_strings={"title": "T"},
        ),
        "Vega2",
        {
            "transform": {"name": "tableWithLeafColNames"},
            "userQuery": {
                "queryFields": [
                    {
                        "name": "runSets",
                        "args": [
                            {"name": "runSets", "value": "${runSets}"},
                            {"name": "limit", "value": 500.0},
                        ],
                        "fields": [
                            {
                                "name": "summaryTable",
                                "args": [{"name": "tableKey", "value": "t"}],
                                "fields": [],
                            },
                            {
                                "name": "config",
                                "args": [{"name": "lr", "fields": []}],
                                "fields": [],
                            },
                            {"name": "history", "fields": []},
                            {"name": "keys", "value": ["a", "b"]},
                            {"name": "n", "value": 3.0},
                            {"name": "b", "value": 1.0},
                            {"name": "s", "value": "str"},
                            {
                                "name": "nested",
                                "args": [
                                    {
                                        "name": "a",
                                        "args": [{"name": "b", "value": 1.0}],
                                        "fields": [],
                                    }
                                ],
                                "fields": [],
                            },
                            {"name": "id", "value": []},
                            {"name": "name", "value": []},
                        ],
                    }
                ]
            },
            "panelDefId": "wandb/line/v0",
            "fieldSettings": {"x": "step"},
            "stringSettings": {"title": "T"},
        },
        id="cc-full",
    ),
    pytest.param(
        lambda: wr.CustomChart(query={"id": "x", "other": 1.5}),
        "Vega2",
        {
            "transform": {"name": "tableWithLeafColNames"},
            "userQuery": {
                "queryFields": [
                    {
                        "name": "runSets",
                        "args": [
                            {"name": "runSets", "value": "${runSets}"},
                            {"name": "limit", "value": 500.0},
                        ],
                        "fields": [
                            {"name": "id", "value": "x"},
                            {"name": "other", "value": 1.5},
                            {"name": "name", "value": []},
                        ],
                    }
                ]
            },
            "panelDefId": "",
            "fieldSettings": {},
            "stringSettings": {},
        },
        id="cc-id-given",
    ),
    pytest.param(
        lambda: wr.CustomChart.from_table("my_table", {"x": "a"}, {"title": "T"}),
        "Vega2",
        {
            "transform": {"name": "tableWithLeafColNames"},
            "userQuery": {
                "queryFields": [
                    {
                        "name": "runSets",
                        "args": [
                            {"name": "runSets", "value": "${runSets}"},
                            {"name": "limit", "value": 500.0},
                        ],
                        "fields": [
                            {
                                "name": "summaryTable",
                                "args": [{"name": "tableKey", "value": "my_table"}],
                                "fields": [],
                            },
                            {"name": "id", "value": []},
                            {"name": "name", "value": []},
                        ],
                    }
                ]
            },
            "panelDefId": "",
            "fieldSettings": {"x": "a"},
            "stringSettings": {"title": "T"},
        },
        id="cc-from-table",
    ),
    pytest.param(lambda: wr.WeavePanel(), "Weave", {}, id="weave-default"),
    pytest.param(
        lambda: wr.WeavePanel(config={"panel2Config": {"foo": 1}, "other": [1, 2]}),
        "Weave",
        {"panel2Config": {"foo": 1}, "other": [1, 2]},
        id="weave-config",
    ),
    pytest.param(
        lambda: wr.WeavePanelSummaryTable(table_name="preds"),
        "Weave",
        snapshot("weave-summary-table"),
        id="weave-summary-table",
    ),
    pytest.param(
        lambda: wr.WeavePanelArtifactVersionedFile(artifact="a", version="v0", file="f.json"),
        "Weave",
        snapshot("weave-artifact-file"),
        id="weave-artifact-file",
    ),
    pytest.param(
        lambda: wr.WeavePanelArtifact(artifact="a"),
        "Weave",
        snapshot("weave-artifact"),
        id="weave-artifact",
    ),
    pytest.param(
        lambda: wr.WeavePanelArtifact({}, "a", "lineage"),
        "Weave",
        snapshot("weave-artifact-tab"),
        id="weave-artifact-tab",
    ),
]


@pytest.mark.parametrize(("build", "view_type", "config"), CASES)
def test_config_matches_official(
    build: Callable[[], wr.Panel], view_type: str, config: dict[str, Any]
) -> None:
    spec = build().to_spec()
    assert spec["viewType"] == view_type
    assert json.dumps(spec["config"]) == json.dumps(config)


@pytest.mark.parametrize(("build", "view_type", "config"), CASES)
def test_panel_envelope(build: Callable[[], wr.Panel], view_type: str, config: Any) -> None:
    spec = build().to_spec()
    assert list(spec) == ["__id__", "layout", "viewType", "config"]
    assert isinstance(spec["__id__"], str) and 0 < len(spec["__id__"]) <= 12
    assert spec["layout"] == {"x": 0, "y": 0, "w": 8, "h": 6}


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: wr.ScatterPlot(layout=wr.Layout(1, 2, 3, 4)), id="scatter"),
        pytest.param(
            lambda: wr.WeavePanelSummaryTable(table_name="t", layout=wr.Layout(1, 2, 3, 4)),
            id="weave-summary-table",
        ),
        pytest.param(
            lambda: wr.WeavePanelArtifact(artifact="a", layout=wr.Layout(1, 2, 3, 4)),
            id="weave-artifact",
        ),
        pytest.param(lambda: wr.WeavePanel(layout=wr.Layout(1, 2, 3, 4)), id="weave"),
    ],
)
def test_custom_layout_is_written(build: Callable[[], wr.Panel]) -> None:
    assert build().to_spec()["layout"] == {"x": 1, "y": 2, "w": 3, "h": 4}


def test_panel_ids_are_fresh_per_instance() -> None:
    assert wr.MarkdownPanel().to_spec()["__id__"] != wr.MarkdownPanel().to_spec()["__id__"]


def test_custom_chart_does_not_mutate_the_query() -> None:
    query = {"summaryTable": {"tableKey": "t"}}
    wr.CustomChart(query=query).to_spec()
    assert query == {"summaryTable": {"tableKey": "t"}}


def test_custom_chart_id_and_name_use_value_lists() -> None:
    fields = wr.CustomChart().to_spec()["config"]["userQuery"]["queryFields"][0]["fields"]
    assert fields == [{"name": "id", "value": []}, {"name": "name", "value": []}]


def test_custom_chart_from_table_without_settings() -> None:
    # The official package raises here (None reaches a dict field); we default to {}.
    chart = wr.CustomChart.from_table("preds")
    assert (chart.chart_fields, chart.chart_strings) == ({}, {})
    assert chart.query == {"summaryTable": {"tableKey": "preds"}}


def test_custom_chart_rejects_an_unwritable_query_value() -> None:
    chart = wr.CustomChart(query={"bad": object()})
    with pytest.raises(ValueError, match=r"CustomChart.query\['bad'\]: a query value must be"):
        chart.to_spec()


def test_media_browser_needs_a_mode_for_both_axes() -> None:
    panel = wr.MediaBrowser(gallery_axis="step", grid_x_axis="run")  # built fine
    with pytest.raises(ValueError, match=r"Must specify 'mode'.*\n.*MediaBrowser.mode"):
        panel.to_spec()
    panel.mode = "grid"
    assert panel.to_spec()["config"]["mode"] == "grid"


def test_bar_plot_groupby_forces_aggregate() -> None:
    assert wr.BarPlot(groupby="opt", aggregate=False).to_spec()["config"]["aggregate"] is True


def test_gradient_point_default_offset() -> None:
    assert json.dumps(wr.GradientPoint("#000").to_spec()) == '{"color": "#000", "offset": 0.0}'
