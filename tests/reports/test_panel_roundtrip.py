"""Load -> save gives back the identical JSON, and edits after a load take effect."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
from tests.vectors import shared_vector


def _vector_panels(name: str) -> list[dict[str, Any]]:
    spec = shared_vector(name)["spec"]
    sections = spec["section"]["panelBankConfig"]["sections"]
    return [panel for section in sections for panel in section["panels"]]


def _same_json(a: Any, b: Any) -> bool:
    return json.dumps(a) == json.dumps(b)


# -- golden vectors --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["panel_types", "lineplot_full", "custom_layout"])
def test_vector_panels_round_trip(name: str) -> None:
    for panel_json in _vector_panels(name):
        panel = wr.panel_from_spec(panel_json)
        assert not isinstance(panel, wr.UnknownPanel)
        assert _same_json(panel.to_spec(), panel_json)


def test_vector_panel_types_load_as_their_classes() -> None:
    kinds = [type(wr.panel_from_spec(panel)) for panel in _vector_panels("panel_types")]
    assert kinds == [
        wr.ScatterPlot,
        wr.BarPlot,
        wr.ScalarChart,
        wr.CodeComparer,
        wr.ParallelCoordinatesPlot,
        wr.ParameterImportancePlot,
        wr.RunComparer,
        wr.MediaBrowser,
        wr.MarkdownPanel,
    ]


# -- every panel class we write, read back ---------------------------------------------
ALL_PANELS = [
    pytest.param(
        lambda: wr.ScatterPlot(x="lr", y=wr.Metric("Step"), z=wr.Config("a.b")), id="scatter"
    ),
    pytest.param(
        lambda: wr.BarPlot(metrics=["acc"], groupby="opt", line_colors={"r:a": "#f00"}), id="bar"
    ),
    pytest.param(lambda: wr.ScalarChart(metric=wr.SummaryMetric("acc")), id="scalar"),
    pytest.param(lambda: wr.CodeComparer("unified"), id="code"),
    pytest.param(
        lambda: wr.ParallelCoordinatesPlot(
            [wr.ParallelCoordinatesPlotColumn("c::lr", "LR", True, False)],
            gradient=[wr.GradientPoint("#fff", 20)],
        ),
        id="parallel-coordinates",
    ),
    pytest.param(lambda: wr.ParameterImportancePlot("loss"), id="parameter-importance"),
    pytest.param(lambda: wr.RunComparer(True), id="run-comparer"),
    pytest.param(lambda: wr.MediaBrowser(media_keys=["img"], grid_x_axis="run"), id="media"),
    pytest.param(lambda: wr.MarkdownPanel("**hi**"), id="markdown"),
    pytest.param(
        lambda: wr.CustomChart({"summaryTable": {"tableKey": "t"}, "n": 2}, "c/v0"), id="custom"
    ),
    pytest.param(lambda: wr.WeavePanel({"panel2Config": {"a": [1, None]}}), id="weave"),
    pytest.param(lambda: wr.WeavePanelSummaryTable(table_name="t"), id="weave-summary-table"),
    pytest.param(
        lambda: wr.WeavePanelArtifactVersionedFile(artifact="a", version="v1", file="f"),
        id="weave-artifact-file",
    ),
    pytest.param(lambda: wr.WeavePanelArtifact(artifact="a", tab="usage"), id="weave-artifact"),
    pytest.param(lambda: wr.LinePlot(y=["loss"], layout=wr.Layout(2, 3, 4, 5)), id="line"),
]


@pytest.mark.parametrize("build", ALL_PANELS)
def test_written_panels_read_back_identically(build: Callable[[], wr.Panel]) -> None:
    panel = build()
    spec = panel.to_spec()
    loaded = wr.panel_from_spec(spec)
    assert type(loaded) is type(panel)
    assert _same_json(loaded.to_spec(), spec)
    assert loaded.layout == panel.layout


@pytest.mark.parametrize("build", ALL_PANELS)
def test_extra_keys_survive_at_panel_and_config_level(build: Callable[[], wr.Panel]) -> None:
    spec = build().to_spec()
    spec["isAuto"] = False
    spec["someAppKey"] = {"nested": [1, 2]}
    spec["config"]["appOnlySetting"] = None
    spec["config"]["anotherOne"] = {"deep": True}
    loaded = wr.panel_from_spec(spec)
    assert _same_json(loaded.to_spec(), spec)


# -- JSON the app writes -----------------------------------------------------------------
def _panel(view_type: str, config: Any, **extra: Any) -> dict[str, Any]:
    return {
        "__id__": "abc123",
        "layout": {"x": 4, "y": 2, "w": 12, "h": 9},
        **extra,
        "viewType": view_type,
        "config": config,
    }


_PICK_EXP = {
    "nodeType": "output",
    "type": "any",
    "fromOp": {"name": "pick", "inputs": {"obj": {"nodeType": "var"}, "key": {"val": "tbl"}}},
}

CUSTOM_CHART_APP = _panel(
    "Vega2",
    {
        "panelDefId": "wandb/scatter/v0",
        "userQuery": {
            "queryFields": [
                {
                    "name": "runSets",
                    "args": [{"name": "runSets", "value": "${runSets}"}],
                    "fields": [
                        {"name": "id", "fields": []},
                        {"name": "name", "fields": []},
                        {
                            "name": "summary",
                            "args": [{"name": "keys", "value": ["acc"]}],
                            "fields": [],
                        },
                    ],
                }
            ]
        },
        "fieldSettings": {"x": "acc"},
        "legendPlacement": "right",
    },
)

APP_PANELS = [
    pytest.param(
        _panel("Scalar Chart", {"metrics": [], "groupAgg": "max"}),
        wr.ScalarChart,
        id="scalar-no-metric",
    ),
    pytest.param(
        _panel("Run Comparer", {"diffOnly": False}), wr.RunComparer, id="run-comparer-false"
    ),
    pytest.param(_panel("Markdown Panel", {}), wr.MarkdownPanel, id="markdown-no-value"),
    pytest.param(
        _panel("Parameter Importance", {"pageSize": 25, "columnsPinned": {"lr": True}}),
        wr.ParameterImportancePlot,
        id="parameter-importance-no-target",
    ),
    pytest.param(
        _panel(
            "Media Browser",
            {
                "mediaKeys": ["img"],
                "gallerySettings": {"axis": "step"},
                "gridSettings": {"xAxis": "run"},
            },
        ),
        wr.MediaBrowser,
        id="media-both-axes-no-mode",
    ),
    pytest.param(
        _panel("Media Browser", {"gallerySettings": "odd", "mediaKeys": None}),
        wr.MediaBrowser,
        id="media-odd-settings",
    ),
    pytest.param(
        _panel("Bar Chart", {"metrics": ["acc"], "vertical": "yes"}),
        wr.BarPlot,
        id="bar-odd-vertical",
    ),
    pytest.param(
        _panel(
            "Scatter Plot",
            {"xAxis": "config:lr.value", "yAxis": "summary:acc", "xAxisMin": None, "colorBy": "x"},
            isAuto=True,
        ),
        wr.ScatterPlot,
        id="scatter-nulls-and-extras",
    ),
    pytest.param(
        CUSTOM_CHART_APP,
        wr.CustomChart,
        id="custom-chart-app",
    ),
    pytest.param(_panel("Vega2", {"panelDefId": "x"}), wr.CustomChart, id="custom-chart-no-query"),
    pytest.param(
        _panel("Weave Trace", {"panel2Config": {"exp": {"nodeType": "var"}}, "x": 1}, isAuto=False),
        wr.WeavePanel,
        id="weave-trace",
    ),
    pytest.param(
        _panel("Weave", {"panel2Config": {"exp": _PICK_EXP, "panelConfig": {"k": 1}}}),
        wr.WeavePanelSummaryTable,
        id="weave-pick",
    ),
    pytest.param(
        _panel(
            "Weave",
            {
                "panel2Config": {
                    "exp": {"fromOp": {"inputs": {"artifactName": {"val": "a"}}}},
                    "panelConfig": {"tabConfigs": {"overview": {}}},
                }
            },
        ),
        wr.WeavePanelArtifact,
        id="weave-artifact-no-tab",
    ),
    pytest.param(
        _panel(
            "Weave",
            {
                "panel2Config": {
                    "exp": {"fromOp": {"inputs": {"artifactName": {"val": "a"}}}},
                    "panelConfig": {"tabConfigs": {"overview": {"selectedTab": "x"}}},
                }
            },
        ),
        wr.WeavePanel,
        id="weave-artifact-unknown-tab",
    ),
    pytest.param(
        _panel("Run History Table", {"columns": []}), wr.UnknownPanel, id="unknown-view-type"
    ),
    pytest.param(
        {"layout": {"x": 0}, "config": {"metrics": ["a"]}}, wr.UnknownPanel, id="no-view-type"
    ),
]


@pytest.mark.parametrize(("panel_json", "kind"), APP_PANELS)
def test_app_panels_round_trip(panel_json: dict[str, Any], kind: type[wr.Panel]) -> None:
    panel = wr.panel_from_spec(panel_json)
    assert type(panel) is kind
    assert _same_json(panel.to_spec(), panel_json)


NOT_FITTING = [
    pytest.param(_panel("Scatter Plot", {"fontSize": "huge"}), id="bad-literal"),
    pytest.param(_panel("Scatter Plot", {"customGradient": [{"color": "red"}]}), id="bad-colour"),
    pytest.param(_panel("Parallel Coordinates Plot", {"columns": [1]}), id="bad-column"),
    pytest.param(_panel("Parallel Coordinates Plot", {"columns": "lr"}), id="columns-not-list"),
    pytest.param(_panel("Bar Chart", {"metrics": "acc"}), id="metrics-not-list"),
    pytest.param(_panel("Code Comparer", {"diff": "side"}), id="bad-diff"),
    pytest.param(_panel("Markdown Panel", {"value": 3}), id="markdown-not-str"),
    pytest.param(_panel("Weave", None), id="weave-null-config"),
    pytest.param(_panel("Vega2", []), id="config-not-object"),
]


@pytest.mark.parametrize("panel_json", NOT_FITTING)
def test_panels_that_do_not_fit_load_as_unknown(panel_json: dict[str, Any]) -> None:
    with pytest.warns(UserWarning, match="kept unchanged as an UnknownPanel"):
        panel = wr.panel_from_spec(panel_json)
    assert isinstance(panel, wr.UnknownPanel)
    assert _same_json(panel.to_spec(), panel_json)


def test_weave_layout_is_kept_on_load() -> None:
    spec = wr.WeavePanelArtifact(artifact="a", layout=wr.Layout(3, 4, 5, 6)).to_spec()
    panel = wr.panel_from_spec(spec)
    assert panel.layout == wr.Layout(3, 4, 5, 6)


# -- what loading gives the user -------------------------------------------------------
def test_loaded_fields_are_typed_like_the_official_package() -> None:
    scatter = wr.panel_from_spec(
        wr.ScatterPlot(x="run.Step", y=wr.Config("o.lr"), z="acc").to_spec()
    )
    assert isinstance(scatter, wr.ScatterPlot)
    assert (scatter.x, scatter.y, scatter.z) == (
        wr.Metric("Step"),
        wr.Config("o.lr"),
        wr.SummaryMetric("acc"),
    )
    bar = wr.panel_from_spec(wr.BarPlot(metrics=["acc"], orientation="v", groupby="opt").to_spec())
    assert isinstance(bar, wr.BarPlot)
    assert (bar.metrics, bar.orientation, bar.groupby, bar.aggregate) == (
        [wr.Metric("acc")],
        "v",
        wr.Config("opt"),
        True,
    )
    media = wr.panel_from_spec(
        wr.MediaBrowser("M", 4, ["img"], "grid", "run", "step", "index").to_spec()
    )
    assert isinstance(media, wr.MediaBrowser)
    assert (media.mode, media.gallery_axis, media.grid_x_axis, media.grid_y_axis) == (
        "grid",
        "run",
        "step",
        "index",
    )
    column = wr.ParallelCoordinatesPlotColumn("c::lr", display_name="x", log=True)
    pc = wr.panel_from_spec(wr.ParallelCoordinatesPlot([column]).to_spec())
    assert isinstance(pc, wr.ParallelCoordinatesPlot)
    assert pc.columns == [
        wr.ParallelCoordinatesPlotColumn(wr.SummaryMetric("c::lr"), display_name="x", log=True)
    ]


def test_loaded_custom_chart_query() -> None:
    chart = wr.CustomChart(
        query={"summaryTable": {"tableKey": "t"}, "keys": ["a"], "n": 3, "h": {}}, chart_name="c"
    )
    loaded = wr.panel_from_spec(chart.to_spec())
    assert isinstance(loaded, wr.CustomChart)
    assert json.dumps(loaded.query) == json.dumps(
        {
            "runSets": None,
            "limit": 500.0,
            "summaryTable": {"tableKey": "t"},
            "keys": ["a"],
            "n": 3.0,
            "h": None,
            "id": [],
            "name": [],
        }
    )
    assert _same_json(loaded.to_spec()["config"], chart.to_spec()["config"])


def test_loaded_panels_keep_id_and_is_auto() -> None:
    panel = wr.panel_from_spec(_panel("Markdown Panel", {"value": "x"}, isAuto=True))
    spec = panel.to_spec()
    assert (spec["__id__"], spec["isAuto"]) == ("abc123", True)


# -- edits after a load ----------------------------------------------------------------
def _load(panel_json: dict[str, Any]) -> Any:
    return wr.panel_from_spec(json.loads(json.dumps(panel_json)))


def test_edit_scatter_keeps_app_keys() -> None:
    panel = _load(_panel("Scatter Plot", {"chartTitle": "a", "xAxis": "summary:x", "colorBy": "c"}))
    panel.title = None
    panel.log_y = True
    panel.layout = wr.Layout(0, 0, 6, 6)
    spec = panel.to_spec()
    assert spec["config"] == {"xAxis": "summary:x", "colorBy": "c", "yAxisLogScale": True}
    assert spec["layout"] == {"x": 0, "y": 0, "w": 6, "h": 6}


def test_edit_bar_orientation_and_in_place_dict() -> None:
    panel = _load(
        _panel("Bar Chart", {"metrics": ["acc"], "vertical": False, "overrideSeriesTitles": {}})
    )
    panel.orientation = "v"
    panel.line_titles["r:acc"] = "Accuracy"
    config = panel.to_spec()["config"]
    assert config["vertical"] is True
    assert config["overrideSeriesTitles"] == {"r:acc": "Accuracy"}


def test_edit_scalar_without_metric() -> None:
    panel = _load(_panel("Scalar Chart", {"metrics": [], "x": 1}))
    panel.metric = "acc"
    assert panel.to_spec()["config"] == {"metrics": ["acc"], "x": 1}


def test_edit_parallel_coordinates_columns() -> None:
    panel = _load(_panel("Parallel Coordinates Plot", {"columns": [{"accessor": "summary:a"}]}))
    panel.columns.append(wr.ParallelCoordinatesPlotColumn(wr.Config("lr")))
    assert panel.to_spec()["config"]["columns"] == [
        {"accessor": "summary:a"},
        {"accessor": "config:lr.value"},
    ]


def test_edit_parameter_importance_keeps_table_state() -> None:
    panel = _load(_panel("Parameter Importance", {"targetKey": "a", "pageSize": 25}))
    panel.with_respect_to = "b"
    assert panel.to_spec()["config"] == {"targetKey": "b", "pageSize": 25}


def test_edit_run_comparer_from_false() -> None:
    panel = _load(_panel("Run Comparer", {"diffOnly": False}))
    assert panel.diff_only is None
    panel.diff_only = "split"
    assert panel.to_spec()["config"] == {"diffOnly": "split"}


def test_edit_markdown_and_media_browser() -> None:
    markdown = _load(_panel("Markdown Panel", {"value": "a", "x": 1}))
    markdown.markdown = "b"
    assert markdown.to_spec()["config"] == {"value": "b", "x": 1}
    media = _load(_panel("Media Browser", {"mediaKeys": ["a"], "mode": "grid"}))
    media.media_keys.append("b")
    media.mode = "gallery"
    assert media.to_spec()["config"] == {"mediaKeys": ["a", "b"], "mode": "gallery"}


def test_edit_custom_chart() -> None:
    app = CUSTOM_CHART_APP
    panel = _load(app)
    panel.chart_name = "wandb/line/v0"
    config = panel.to_spec()["config"]
    assert config["panelDefId"] == "wandb/line/v0"
    assert config["userQuery"] == app["config"]["userQuery"]
    assert config["legendPlacement"] == "right"
    panel.query = {"history": {"keys": ["loss"]}}
    fields = panel.to_spec()["config"]["userQuery"]["queryFields"][0]["fields"]
    assert [field["name"] for field in fields] == ["history", "id", "name"]


def test_edit_weave_trace_summary_table() -> None:
    spec = wr.WeavePanelSummaryTable(table_name="old", layout=wr.Layout(1, 1, 9, 9)).to_spec()
    spec["viewType"] = "Weave Trace"
    spec["config"]["panel2Config"]["panelConfig"] = {"app": "state"}
    panel = _load(spec)
    panel.table_name = "new"
    out = panel.to_spec()
    assert (out["viewType"], out["layout"]) == ("Weave Trace", spec["layout"])
    assert out["config"]["panel2Config"]["panelConfig"] == {"app": "state"}
    assert out["config"]["panel2Config"]["exp"]["fromOp"]["inputs"]["key"]["val"] == "new"


def test_edit_weave_config_in_place() -> None:
    panel = _load(_panel("Weave", {"panel2Config": {"a": 1}}))
    panel.config["panel2Config"]["a"] = 2
    assert panel.to_spec()["config"] == {"panel2Config": {"a": 2}}


def test_edit_weave_artifact_tab() -> None:
    panel = _load(wr.WeavePanelArtifact(artifact="a").to_spec())
    panel.tab = "files"
    tabs = panel.to_spec()["config"]["panel2Config"]["panelConfig"]["tabConfigs"]
    assert tabs == {"overview": {"selectedTab": "files"}}


@pytest.mark.parametrize(
    ("view_type", "key", "field", "edit"),
    [
        pytest.param("Run History Line Plot", "expressions", "custom_expressions",
                     lambda v: v.append("b"), id="line-expressions"),
        pytest.param("Run History Line Plot", "overrideLineWidths", "line_widths",
                     lambda v: v.update(b=2.0), id="line-widths"),
        pytest.param("Run History Line Plot", "overrideSeriesTitles", "line_titles",
                     lambda v: v.update(b="B"), id="line-titles"),
        pytest.param("Run History Line Plot", "overrideMarks", "line_marks",
                     lambda v: v.update(b="dotted"), id="line-marks"),
        pytest.param("Run History Line Plot", "legendFields", "legend_fields",
                     lambda v: v.append("b"), id="line-legend-fields"),
        pytest.param("Run History Line Plot", "overrideColors", "line_colors",
                     lambda v: v["a"].update(color="#000"), id="line-colors-nested"),
        pytest.param("Bar Chart", "expressions", "custom_expressions",
                     lambda v: v.append("b"), id="bar-expressions"),
        pytest.param("Bar Chart", "overrideSeriesTitles", "line_titles",
                     lambda v: v.update(b="B"), id="bar-titles"),
        pytest.param("Bar Chart", "overrideColors", "line_colors",
                     lambda v: v["a"].update(color="#000"), id="bar-colors-nested"),
        pytest.param("Scalar Chart", "expressions", "custom_expressions",
                     lambda v: v.append("b"), id="scalar-expressions"),
    ],
)  # fmt: skip
def test_in_place_edit_of_a_loaded_container_field_is_written(
    view_type: str, key: str, field: str, edit: Callable[[Any], None]
) -> None:
    values = {
        "expressions": ["a"],
        "overrideLineWidths": {"a": 1.0},
        "overrideSeriesTitles": {"a": "A"},
        "overrideMarks": {"a": "solid"},
        "legendFields": ["a"],
        "overrideColors": {"a": {"color": "#fff", "transparentColor": "#fff19"}},
    }
    panel = _load(_panel(view_type, {"metrics": ["acc"], key: values[key]}))
    edit(getattr(panel, field))
    expected = json.loads(json.dumps(values[key]))
    edit(expected)
    if key == "overrideColors":
        expected["a"]["transparentColor"] = "#fff19"  # stored as loaded: only color changed
    assert panel.to_spec()["config"][key] == expected


def test_loading_draws_no_id_and_new_panels_still_get_one() -> None:
    stored = _panel("Markdown Panel", {"value": "a"})
    del stored["__id__"]
    assert "__id__" not in _load(stored).to_spec()
    assert len(wr.MarkdownPanel(markdown="b").to_spec()["__id__"]) == 11


@pytest.mark.parametrize(
    ("panel_json", "edit", "check"),
    [
        pytest.param(
            _panel("Markdown Panel", {"value": "a"}),
            lambda p: setattr(p.layout, "w", 3),
            lambda spec: spec["layout"]["w"] == 3,
            id="layout-attribute",
        ),
        pytest.param(
            _panel("Scatter Plot", {"customGradient": [{"color": "#fff", "offset": 0.0}]}),
            lambda p: setattr(p.gradient[0], "offset", 50),
            lambda spec: spec["config"]["customGradient"][0]["offset"] == 50.0,
            id="gradient-point",
        ),
        pytest.param(
            _panel("Parallel Coordinates Plot", {"columns": [{"accessor": "summary:a"}]}),
            lambda p: setattr(p.columns[0], "log", True),
            lambda spec: spec["config"]["columns"][0] == {"accessor": "summary:a", "log": True},
            id="parallel-coordinates-column",
        ),
        pytest.param(
            _panel("Run History Line Plot", {"xAxis": "_step", "metrics": ["a"]}),
            lambda p: p.y.append(wr.SummaryMetric("b")),
            lambda spec: spec["config"]["metrics"] == ["a", "summary_metrics.b"],
            id="line-metrics-list",
        ),
        pytest.param(
            _panel("Run History Line Plot", {"xAxis": "_step", "metrics": ["a"]}),
            lambda p: setattr(p, "x", wr.Config("lr")),
            lambda spec: spec["config"]["xAxis"] == "config.lr.value",
            id="line-x-axis",
        ),
        pytest.param(
            _panel("Bar Chart", {"metrics": ["a"], "vertical": True}),
            lambda p: setattr(p, "orientation", "h"),
            lambda spec: spec["config"]["vertical"] is False,
            id="bar-orientation",
        ),
        pytest.param(
            _panel("Vega2", {"panelDefId": "c", "fieldSettings": {"x": {"deep": 1}}}),
            lambda p: p.chart_fields["x"].update(deep=2),
            lambda spec: spec["config"]["fieldSettings"] == {"x": {"deep": 2}},
            id="custom-chart-nested-dict",
        ),
    ],
)
def test_in_place_edit_of_a_loaded_nested_object_is_written(
    panel_json: dict[str, Any], edit: Callable[[Any], None], check: Callable[[Any], bool]
) -> None:
    panel = _load(panel_json)
    assert panel.to_spec() == panel_json  # unchanged: the stored JSON as it was
    edit(panel)
    assert check(panel.to_spec())
