"""Property tests: generated panels read back to the same JSON; any JSON loads without crashing."""

from __future__ import annotations

import dataclasses
import json
import warnings
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import wandb_workspaces.reports.v2 as wr

names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
maybe_bool = st.none() | st.booleans()
maybe_text = st.none() | names
maybe_float = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=32)
ranges = st.tuples(maybe_float, maybe_float)
font_sizes = st.none() | st.sampled_from(["small", "medium", "large", "auto"])
aggs = st.none() | st.sampled_from(["mean", "min", "max", "median", "sum", "samples"])
areas = st.none() | st.sampled_from(["minmax", "stddev", "stderr", "none", "samples"])
metrics = (
    names
    | names.map(lambda name: "run." + name)
    | st.builds(wr.Metric, names)
    | st.builds(wr.Config, names)
    | st.builds(wr.SummaryMetric, names)
)
groupbys = st.none() | names | st.builds(wr.Metric, names) | st.builds(wr.Config, names)
layouts = st.builds(
    wr.Layout,
    st.integers(0, 24),
    st.integers(0, 99),
    st.integers(1, 24),
    st.integers(1, 99),
)
colors = st.sampled_from(["#fff", "#0a0B0c", "rgb(1, 2, 3)", "rgba(255,0,0,.5)", "rgba(0,0,0,1)"])
gradients = st.none() | st.lists(
    st.builds(wr.GradientPoint, colors, st.floats(0, 100, allow_nan=False)), max_size=3
)
json_leaf = st.none() | st.booleans() | st.integers(-5, 5) | st.floats(-1e3, 1e3) | names
json_values = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
    max_leaves=10,
)
query_leaf = st.floats(-1e6, 1e6) | names | st.lists(names, max_size=2)
queries = st.recursive(
    st.dictionaries(names, st.none() | query_leaf, max_size=3),
    lambda inner: st.dictionaries(names, inner | query_leaf, max_size=3),
    max_leaves=8,
)
axes = st.none() | st.sampled_from(["step", "index", "run"])


def _panel(build: Any, *args: Any, **kwargs: Any) -> st.SearchStrategy[Any]:
    """A panel to build in the test: constructors draw random ids, which strategies must not."""
    return st.tuples(st.just(build), st.tuples(*args), st.fixed_dictionaries(kwargs))


def _media(**fields: Any) -> wr.MediaBrowser:
    both = fields["gallery_axis"] is not None and (
        fields["grid_x_axis"] is not None or fields["grid_y_axis"] is not None
    )
    if both and fields["mode"] is None:
        fields["mode"] = "grid"
    return wr.MediaBrowser(**fields)


panels = st.one_of(
    _panel(
        wr.ScatterPlot,
        title=maybe_text,
        x=st.none() | metrics,
        y=st.none() | metrics,
        z=st.none() | metrics,
        range_x=ranges,
        range_y=ranges,
        range_z=ranges,
        log_x=maybe_bool,
        running_ymean=maybe_bool,
        legend_template=maybe_text,
        gradient=gradients,
        font_size=font_sizes,
        regression=maybe_bool,
        layout=layouts,
    ),
    _panel(
        wr.BarPlot,
        title=maybe_text,
        metrics=st.lists(metrics, max_size=3),
        orientation=st.sampled_from(["v", "h"]),
        range_x=ranges,
        groupby=groupbys,
        groupby_aggfunc=aggs,
        groupby_rangefunc=areas,
        max_runs_to_show=st.none() | st.integers(0, 100),
        max_bars_to_show=st.none() | st.integers(0, 100),
        custom_expressions=st.none() | st.lists(names, max_size=2),
        line_titles=st.none() | st.dictionaries(names, names, max_size=2),
        line_colors=st.none() | st.dictionaries(names, colors, max_size=2),
        aggregate=maybe_bool,
    ),
    _panel(
        wr.ScalarChart,
        title=maybe_text,
        metric=metrics,
        groupby_aggfunc=aggs,
        groupby_rangefunc=areas,
        font_size=font_sizes,
    ),
    _panel(wr.CodeComparer, st.sampled_from(["split", "unified"])),
    _panel(
        wr.ParallelCoordinatesPlot,
        columns=st.lists(
            st.builds(
                wr.ParallelCoordinatesPlotColumn, metrics, maybe_text, maybe_bool, maybe_bool
            ),
            max_size=3,
        ),
        title=maybe_text,
        gradient=gradients,
        font_size=font_sizes,
    ),
    _panel(wr.ParameterImportancePlot, names),
    _panel(wr.RunComparer, st.none() | st.sampled_from(["split", True])),
    _panel(
        _media,
        title=maybe_text,
        num_columns=st.none() | st.integers(1, 10),
        media_keys=st.lists(names, max_size=2),
        mode=st.none() | st.sampled_from(["gallery", "grid"]),
        gallery_axis=axes,
        grid_x_axis=axes,
        grid_y_axis=axes,
    ),
    _panel(wr.MarkdownPanel, names),
    _panel(
        wr.CustomChart,
        query=queries,
        chart_name=names,
        chart_fields=st.dictionaries(names, json_values, max_size=2),
        chart_strings=st.dictionaries(names, names, max_size=2),
    ),
    _panel(wr.WeavePanel, st.dictionaries(names, json_values, max_size=3), layout=layouts),
    _panel(wr.WeavePanelSummaryTable, table_name=names, layout=layouts),
    _panel(wr.WeavePanelArtifactVersionedFile, artifact=names, version=names, file=names),
    _panel(
        wr.WeavePanelArtifact,
        artifact=names,
        tab=st.sampled_from(["overview", "metadata", "usage", "files", "lineage"]),
    ),
)


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=False)


@settings(max_examples=300, deadline=None)
@given(panels)
def test_generated_panels_round_trip(declaration: Any) -> None:
    build, args, kwargs = declaration
    spec = build(*args, **kwargs).to_spec()
    loaded = wr.panel_from_spec(json.loads(json.dumps(spec)))
    assert not isinstance(loaded, wr.UnknownPanel)
    assert _dumps(loaded.to_spec()) == _dumps(spec)
    # and once more from the loaded object, as a second save would
    assert _dumps(wr.panel_from_spec(loaded.to_spec()).to_spec()) == _dumps(spec)


VIEW_TYPES = [
    "Run History Line Plot",
    "Scatter Plot",
    "Bar Chart",
    "Scalar Chart",
    "Code Comparer",
    "Parallel Coordinates Plot",
    "Parameter Importance",
    "Run Comparer",
    "Media Browser",
    "Markdown Panel",
    "Vega2",
    "Weave",
    "Weave Trace",
]
CONFIG_KEYS = [
    "chartTitle", "xAxis", "metrics", "vertical", "groupBy", "fontSize", "columns", "diff",
    "diffOnly", "targetKey", "value", "mediaKeys", "mode", "gallerySettings", "gridSettings",
    "userQuery", "panelDefId", "panel2Config", "customGradient", "xAxisMin", "limit",
]  # fmt: skip
odd_configs = st.dictionaries(st.sampled_from(CONFIG_KEYS) | names, json_values, max_size=6)


@settings(max_examples=400, deadline=None)
@given(
    view_type=st.sampled_from(VIEW_TYPES),
    config=odd_configs | json_values,
    extra=st.dictionaries(st.sampled_from(["isAuto", "__id__", "layout", "foo"]), json_values),
)
def test_any_panel_json_loads_and_writes_back_unchanged(
    view_type: str, config: Any, extra: dict[str, Any]
) -> None:
    data = {**extra, "viewType": view_type, "config": config}
    with warnings.catch_warnings():
        # Panels that do not fit their schema load as UnknownPanel, with a warning.
        warnings.simplefilter("ignore", UserWarning)
        panel = wr.panel_from_spec(json.loads(json.dumps(data)))
    assert _dumps(panel.to_spec()) == _dumps(data)


def _containers(value: Any, found: dict[int, Any]) -> dict[int, Any]:
    """Every list and dict reachable from ``value`` (through model fields too), by id."""
    if isinstance(value, (list, dict)):
        found[id(value)] = value
    children: Any = ()
    if isinstance(value, dict):
        children = value.values()
    elif isinstance(value, (list, tuple)):
        children = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        children = [getattr(value, field.name) for field in dataclasses.fields(value)]
    for child in children:
        _containers(child, found)
    return found


@settings(max_examples=200, deadline=None)
@given(panels)
def test_written_config_shares_no_container_with_the_fields(declaration: Any) -> None:
    # A loaded panel's snapshot of its JSON is taken without a copy; an in-place edit of
    # a field (panel.line_titles[k] = v) must not reach it.
    build, args, kwargs = declaration
    for panel in (built := build(*args, **kwargs), wr.panel_from_spec(built.to_spec())):
        shared = set(_containers(panel._wire(), {})) & set(_containers(panel, {}))
        assert not shared
