"""Workspace declarations for the differential tests against the official library.

Plain data: each case is a ``name`` and a ``source`` (Python that binds ``workspace`` with
``ws``, ``wr`` and ``expr`` imported, like the ``source`` of shared/vectors). The expected
output is not written here: it is whatever the official wandb-workspaces 0.4.13 produces,
computed at test time in its own venv (see official_runner.py).

``ours_differs`` marks a declaration our library handles differently *on purpose*,
with the reason; those are left out of the differential comparison (the tests still
check that the two outcomes really differ, so the reason stays true).

``OFFICIAL_WARNINGS_NOT_MIRRORED`` lists official warnings (by message prefix) that ours
deliberately does not emit, with the reason; the warning comparison ignores them.
"""

from __future__ import annotations

from typing import TypedDict


class _Required(TypedDict):
    name: str
    source: str


class Case(_Required, total=False):
    ours_differs: str


def _w(body: str = "", **kw: str) -> str:
    """A Workspace(entity="e", project="p", name=<kw name>, <body>) declaration."""
    name = kw.get("name", "Case")
    sep = ", " if body else ""
    return f'workspace = ws.Workspace(entity="e", project="p", name={name!r}{sep}{body})\n'


def _settings(args: str) -> str:
    return _w(f"settings=ws.WorkspaceSettings({args})")


def _runset(args: str) -> str:
    return _w(f"runset_settings=ws.RunsetSettings({args})")


def _panels(*panels: str, section: str = "S") -> str:
    inner = ",\n        ".join(panels)
    return _w(f"sections=[ws.Section(name={section!r}, is_open=True, panels=[\n        {inner}])]")


_DOCUMENTED_VALUES = (
    "documented value the official 0.4.13 literal rejects; ours accepts it and maps it "
    "(spec/README.md, 'The API documented for our users')"
)

OFFICIAL_WARNINGS_NOT_MIRRORED: dict[str, str] = {
    "Passing a plain list of FilterExpr is deprecated": (
        "our documented API takes filters as a list AND-ed together (spec/README.md), so ours "
        "does not deprecate it (expr/_v2.py filters_to_string docstring)"
    ),
}

CASES: list[Case] = [
    # ---- WorkspaceSettings: every field -------------------------------------------------
    {
        "name": "settings_defaults_spelled_out",
        "source": _settings(
            'x_axis="Step", x_min=None, x_max=None, smoothing_type="none", '
            "smoothing_weight=0, ignore_outliers=False, sort_panels_alphabetically=False, "
            'group_by_prefix="last", remove_legends_from_panels=False, '
            'tooltip_number_of_runs="default", tooltip_color_run_names=True, max_runs=10, '
            'point_visualization_method="bucketing", panel_search_query="", '
            "auto_expand_panel_search_results=False"
        ),
    },
    {"name": "tooltip_single", "source": _settings('tooltip_number_of_runs="single"')},
    {"name": "tooltip_default", "source": _settings('tooltip_number_of_runs="default"')},
    {"name": "tooltip_all_runs", "source": _settings('tooltip_number_of_runs="all_runs"')},
    {
        "name": "tooltip_documented_all",
        "source": _settings('tooltip_number_of_runs="all"'),
        "ours_differs": _DOCUMENTED_VALUES,
    },
    {
        "name": "tooltip_documented_none",
        "source": _settings('tooltip_number_of_runs="none"'),
        "ours_differs": _DOCUMENTED_VALUES,
    },
    {"name": "pointviz_bucketing", "source": _settings('point_visualization_method="bucketing"')},
    {
        "name": "pointviz_downsampling",
        "source": _settings('point_visualization_method="downsampling"'),
    },
    {
        "name": "pointviz_documented_line",
        "source": _settings('point_visualization_method="line"'),
        "ours_differs": _DOCUMENTED_VALUES,
    },
    {
        "name": "pointviz_documented_point",
        "source": _settings('point_visualization_method="point"'),
        "ours_differs": _DOCUMENTED_VALUES,
    },
    {
        "name": "pointviz_documented_line_point",
        "source": _settings('point_visualization_method="line_point"'),
        "ours_differs": _DOCUMENTED_VALUES,
    },
    {
        "name": "settings_smoothing_exponential_time_weighted",
        "source": _settings('smoothing_type="exponentialTimeWeighted", smoothing_weight=7'),
    },
    {"name": "settings_smoothing_exponential", "source": _settings('smoothing_type="exponential"')},
    {
        "name": "settings_smoothing_average_weight",
        "source": _settings('smoothing_type="average", smoothing_weight=12'),
    },
    {
        "name": "settings_smoothing_weight_only",
        "source": _settings("smoothing_weight=3"),
    },
    {
        "name": "settings_xaxis_names",
        "source": _settings('x_axis="WallTime", x_min=0.5'),
    },
    {
        "name": "settings_xaxis_relative_wall_max_only",
        "source": _settings('x_axis="RelativeTime(Wall)", x_max=3600'),
    },
    {
        "name": "settings_xaxis_unmapped_metric",
        "source": _settings('x_axis="epoch"'),
    },
    {
        "name": "settings_flags",
        "source": _settings(
            'group_by_prefix="first", remove_legends_from_panels=True, '
            "tooltip_color_run_names=False, ignore_outliers=True, max_runs=1"
        ),
    },
    {
        "name": "settings_sort_alphabetically_warns",
        "source": _settings('sort_panels_alphabetically=True, group_by_prefix="last"'),
    },
    {
        "name": "settings_search_fields_not_written",
        "source": _settings('panel_search_query="acc", auto_expand_panel_search_results=True'),
    },
    {
        "name": "auto_generate_panels_true",
        "source": _w("auto_generate_panels=True"),
    },
    {
        "name": "positional_entity_project",
        "source": 'workspace = ws.Workspace("ent", "proj")\n',
    },
    # ---- Section layout and panel settings ---------------------------------------------
    {
        "name": "section_variants",
        "source": _w(
            "sections=[\n"
            '    ws.Section(name="Pinned", pinned=True, is_open=True),\n'
            '    ws.Section(name="Wide",\n'
            "        layout_settings=ws.SectionLayoutSettings(columns=6, rows=1),\n"
            '        panel_settings=ws.SectionPanelSettings(x_axis="Runtime",\n'
            '            smoothing_type="exponentialTimeWeighted", smoothing_weight=2,\n'
            "            x_min=0.25)),\n"
            '    ws.Section(name="Tall",\n'
            "        layout_settings=ws.SectionLayoutSettings(columns=1, rows=5),\n"
            '        panel_settings=ws.SectionPanelSettings(x_axis="WallTime", x_max=10,\n'
            '            smoothing_type="gaussian")),\n'
            '    ws.Section(name="Empty")]'
        ),
    },
    {
        "name": "section_layout_custom_documented",
        "source": _w(
            'sections=[ws.Section(name="C", layout_settings=ws.SectionLayoutSettings('
            'layout="custom", columns=2, rows=2))]'
        ),
        "ours_differs": (
            "SectionLayoutSettings(layout=...) is part of our documented API; the official "
            "class has no `layout` field and rejects the keyword"
        ),
    },
    # ---- Panels ---------------------------------------------------------------------------
    {
        "name": "lineplot_groupby_str_and_regex",
        "source": _panels(
            'wr.LinePlot(title="grouped", x="Runtime", y=["loss"], groupby="Group", '
            'groupby_aggfunc="median", groupby_rangefunc="minmax", metric_regex="val/.*")',
            'wr.LinePlot(y=["acc"], groupby="model", groupby_aggfunc="samples", '
            'groupby_rangefunc="samples")',
            'wr.LinePlot(y=["acc"], groupby="a.b")',
            'wr.LinePlot(y=["acc"], groupby="a.value.b", aggregate=False)',
            'wr.LinePlot(y=["acc"], groupby="None")',
        ),
    },
    {
        "name": "lineplot_groupby_objects",
        "source": _panels(
            'wr.LinePlot(y=["loss"], groupby=wr.Config("optimizer"))',
            'wr.LinePlot(y=["loss"], groupby=wr.Metric("State"))',
            'wr.LinePlot(y=["loss"], groupby=wr.Metric("custom_run_field"))',
            'wr.LinePlot(y=["loss"], groupby=wr.Config("Group"))',
            'wr.LinePlot(y=["loss"], aggregate=False)',
            'wr.LinePlot(y=["loss"], aggregate=True)',
        ),
    },
    {
        "name": "lineplot_metric_kinds",
        "source": _panels(
            'wr.LinePlot(x=wr.Metric("Runtime"), y=[wr.Config("lr"), wr.SummaryMetric("acc"), '
            'wr.Metric("Step"), "train/loss", wr.Config("a.b")])',
            'wr.LinePlot(x="WallTime", y=["x"], xaxis_expression="${step} * 2", '
            'xaxis_format="datetime", custom_expressions=["${loss} + 1", "${acc}"])',
        ),
    },
    {
        "name": "lineplot_series_overrides",
        "source": _panels(
            'wr.LinePlot(y=["loss", "acc"],\n'
            '            line_titles={"run1:loss": "Loss of run 1"},\n'
            '            line_colors={"run1:loss": "#ff0000", "run2:acc": {"color": "blue", '
            '"transparentColor": "rgba(0,0,255,0.1)"}},\n'
            '            line_widths={"run1:loss": 2.5, "run2:acc": 1},\n'
            '            line_marks={"run1:loss": "dashed", "run2:acc": "dotdotdash", '
            '"run3:acc": "points"})',
            'wr.LinePlot(y=["m"], line_marks={"a:m": "solid", "b:m": "dotted", "c:m": "dotdash"})',
        ),
    },
    {
        "name": "lineplot_display_options",
        "source": _panels(
            'wr.LinePlot(y=["a"], plot_type="pct-area", font_size="auto", legend_position="north", '
            'point_visualization_method="sampling", max_runs_to_show=3, '
            'smoothing_type="average", smoothing_factor=0, log_x=True, log_y=False, '
            "range_x=(None, 5), range_y=(1, None))",
            'wr.LinePlot(y=["b"], plot_type="line", font_size="small", legend_position="west", '
            'point_visualization_method="bucketing-gorilla", smoothing_type="none", '
            'legend_fields=["run:displayName", "config:lr"], legend_template="${run:name}")',
            'wr.LinePlot(y=["c"], font_size="medium", legend_position="east", '
            'smoothing_type="exponentialTimeWeighted", smoothing_factor=0.25, '
            "smoothing_show_original=False, ignore_outliers=False)",
            'wr.LinePlot(y=["d"], smoothing_type="gaussian", layout=wr.Layout(x=8, '
            "y=0, w=16, h=4))",
        ),
    },
    {
        "name": "scatter_gradient_and_axes",
        "source": _panels(
            'wr.ScatterPlot(title="sc", x=wr.Config("lr"), y=wr.SummaryMetric("acc"), '
            'z=wr.Metric("Runtime"), range_x=(0, 1), range_y=(None, 2.5), range_z=(3, None), '
            "log_x=True, log_y=False, log_z=True, running_ymin=True, running_ymax=False, "
            'running_ymean=True, legend_template="${run:displayName}", font_size="large", '
            'regression=True, gradient=[wr.GradientPoint(color="#f00", offset=0), '
            'wr.GradientPoint(color="#00ff00", offset=50.5), '
            'wr.GradientPoint(color="rgb(0, 0, 255)", offset=100)])',
            'wr.ScatterPlot(x="run.createdAt", y="c::lr", z="loss")',
            'wr.ScatterPlot(x="run.State", y="config:lr.value", gradient=['
            'wr.GradientPoint(color="rgba(1,2,3,0.5)")])',
            "wr.ScatterPlot()",
        ),
    },
    {
        "name": "barplot_options",
        "source": _panels(
            'wr.BarPlot(title="b", metrics=["acc", wr.SummaryMetric("f1"), wr.Config("lr")], '
            'orientation="h", range_x=(0, 1), title_x="x", title_y="y", groupby="Group", '
            'groupby_aggfunc="sum", groupby_rangefunc="stderr", max_runs_to_show=5, '
            'max_bars_to_show=7, custom_expressions=["${acc}*100"], legend_template="${run:name}", '
            'font_size="small", line_titles={"r:acc": "A"}, line_colors={"r:acc": "#123456"})',
            'wr.BarPlot(metrics=["acc"], orientation="v", groupby=wr.Config("opt"), '
            "aggregate=False)",
            "wr.BarPlot()",
        ),
    },
    {
        "name": "scalar_chart_options",
        "source": _panels(
            'wr.ScalarChart(title="s", metric=wr.SummaryMetric("best"), groupby_aggfunc="min", '
            'groupby_rangefunc="none", custom_expressions=["${best}"], legend_template="t", '
            'font_size="auto")',
            'wr.ScalarChart(metric=wr.Config("lr"))',
            "wr.ScalarChart()",
        ),
    },
    {
        "name": "parallel_coordinates_columns",
        "source": _panels(
            'wr.ParallelCoordinatesPlot(title="pc", font_size="medium", columns=[\n'
            '            wr.ParallelCoordinatesPlotColumn(metric=wr.Config("lr"), '
            'display_name="LR", '
            "log=True),\n"
            '            wr.ParallelCoordinatesPlotColumn(metric=wr.SummaryMetric("acc"), '
            "inverted=True),\n"
            '            wr.ParallelCoordinatesPlotColumn(metric=wr.Metric("Runtime"), log=False, '
            "inverted=False),\n"
            '            wr.ParallelCoordinatesPlotColumn(metric="run.State"),\n'
            '            wr.ParallelCoordinatesPlotColumn(metric="c::batch_size")],\n'
            '        gradient=[wr.GradientPoint(color="#000000", offset=10), '
            'wr.GradientPoint(color="#ffffff", offset=90)])',
            "wr.ParallelCoordinatesPlot()",
        ),
    },
    {
        "name": "media_browser_modes",
        "source": _panels(
            'wr.MediaBrowser(title="g", num_columns=4, media_keys=["img"], gallery_axis="step")',
            'wr.MediaBrowser(media_keys=["img", "vid"], grid_x_axis="run", grid_y_axis="index")',
            'wr.MediaBrowser(media_keys=["img"], grid_y_axis="step")',
            'wr.MediaBrowser(mode="gallery", gallery_axis="run", grid_x_axis="step")',
            'wr.MediaBrowser(mode="grid", gallery_axis="index", grid_x_axis="step", '
            'grid_y_axis="run")',
            'wr.MediaBrowser(mode="grid")',
            "wr.MediaBrowser()",
        ),
    },
    {
        "name": "media_browser_ambiguous_mode_error",
        "source": _panels('wr.MediaBrowser(gallery_axis="step", grid_x_axis="run")'),
    },
    {
        "name": "custom_chart",
        "source": _panels(
            "wr.CustomChart(\n"
            '            query={"summary": ["acc", "loss"], "config": {"lr": {}}, '
            '"history": None, "tableKey": "t"},\n'
            '            chart_name="wandb/line/v0",\n'
            '            chart_fields={"x": "_step", "y": "loss"},\n'
            '            chart_strings={"title": "My chart"})',
            'wr.CustomChart.from_table("predictions", chart_fields={"x": "a"}, '
            'chart_strings={"t": "T"})',
            "wr.CustomChart()",
        ),
    },
    {
        "name": "weave_panels",
        "source": _panels(
            'wr.WeavePanel(config={"panel2Config": {"exp": {"nodeType": "void", '
            '"type": "invalid"}}, "x": [1, None, 2.5]})',
            'wr.WeavePanelSummaryTable(table_name="my_table", layout=wr.Layout(x=0, '
            "y=6, w=24, h=10))",
            'wr.WeavePanelArtifactVersionedFile(artifact="model", version="v3", file="preds.json")',
            'wr.WeavePanelArtifact(artifact="dataset", tab="lineage")',
            'wr.WeavePanelArtifact(artifact="dataset")',
        ),
    },
    {
        "name": "simple_panels",
        "source": _panels(
            'wr.CodeComparer(diff="unified")',
            "wr.CodeComparer()",
            "wr.RunComparer(diff_only=True)",
            "wr.RunComparer()",
            "wr.ParameterImportancePlot()",
            'wr.ParameterImportancePlot(with_respect_to="summary:acc")',
            'wr.MarkdownPanel(markdown="## Überschrift\\n\\n* 一 \\"quoted\\" `code`")',
            "wr.MarkdownPanel()",
        ),
    },
    # ---- Filters ------------------------------------------------------------------------
    {
        "name": "filter_objects_name_mapping",
        "source": _runset(
            "filters=expr.And(\n"
            '        ws.Metric("State") == "Finished", ws.Metric("Name") != "baseline",\n'
            '        ws.Tags().isin(["a", "b"]), ws.Metric("ID").notin(["x1", "x2"]),\n'
            '        ws.Config("Name") == "n", ws.Metric("User") == "me",\n'
            '        ws.Metric("State").isin(["Running", "Crashed"]),\n'
            '        ws.Summary("flag") == True, ws.Config("opt") == None)'
        ),
    },
    {
        "name": "filter_objects_lt_gt_warn",
        "source": _runset(
            'filters=expr.And(ws.Summary("loss") < 0.5, ws.Config("epochs") > 10, '
            'ws.Summary("acc") <= 1, ws.Summary("acc") >= 0)'
        ),
    },
    {
        "name": "filter_or_of_ands",
        "source": _runset(
            "filters=expr.Or(\n"
            '        expr.And(ws.Config("a") == 1, ws.Config("b") == 2),\n'
            '        ws.Config("c") == 3)'
        ),
    },
    {
        "name": "filter_and_with_or_group",
        "source": _runset(
            'filters=expr.And(ws.Config("a") == 1, expr.Or(ws.Config("b") == 2, '
            'ws.Config("c") == 3), ws.Summary("d") >= 4)'
        ),
    },
    {
        "name": "filter_or_flattened",
        "source": _runset(
            'filters=expr.Or(ws.Config("a") == 1, expr.Or(ws.Config("b") == 2, '
            'expr.Or(ws.Config("c") == 3)))'
        ),
    },
    {
        "name": "filter_single_and",
        "source": _runset('filters=expr.And(ws.Summary("x") >= 1)'),
    },
    {
        "name": "filter_nested_too_deep_error",
        "source": _runset(
            'filters=expr.And(ws.Config("a") == 1, expr.Or(ws.Config("b") == 2, '
            'expr.And(ws.Config("c") == 3, expr.Or(ws.Config("d") == 4, ws.Config("e") == 5))))'
        ),
    },
    {
        "name": "filter_within_last_objects",
        "source": _runset(
            'filters=expr.Or(ws.Metric("CreatedTimestamp").within_last(5, "days"),\n'
            '        ws.Metric("CreatedTimestamp").within_last(90, "minutes"),\n'
            '        ws.Metric("CreatedTimestamp").within_last(1.5, "Hours"))'
        ),
    },
    {
        "name": "filter_within_last_wrong_metric_error",
        "source": _runset('filters=[ws.Metric("State").within_last(1, "days")]'),
    },
    {
        "name": "filter_in_notin_lists",
        "source": _runset(
            'filters=expr.And(ws.Config("model").isin(["bert-base", "gpt-2"]), '
            'ws.Summary("n").notin([1, 2.5, -3]), ws.Tags().notin(["bad"]))'
        ),
    },
    {
        "name": "filter_string_every_operator",
        "source": _runset(
            "filters=\"Config('a') == 1 and Config('b') = 'x' and Config('c') != 2 "
            "and SummaryMetric('d') <= 3 and Summary('e') >= 4 and Metric('State') in "
            "['finished', 'Crashed'] and Config('f') not in ['u', 'v'] and "
            "Metric('CreatedTimestamp') within_last 3 days\""
        ),
    },
    {
        "name": "filter_string_lt_gt_warn",
        "source": _runset("filters=\"Config('a') < 1 and Summary('b') > 2\""),
    },
    {
        "name": "filter_string_lt_only_warn",
        "source": _runset("filters=\"Summary('loss') < 0.25\""),
    },
    {
        "name": "filter_string_and_or_parentheses",
        "source": _runset(
            "filters=\"(Config('a') == 1 or Config('b') == 2) and Summary('c') >= 3 "
            "or Metric('Name') == 'x'\""
        ),
    },
    {
        "name": "filter_string_bare_identifiers_and_calls",
        "source": _runset(
            "filters=\"State == 'Finished' and Name != 'x' and ID == abc and "
            "Tags() in ['t1'] and Tags('extra') == 'y' and KeysInfo('k') == 1\""
        ),
    },
    {
        "name": "filter_string_arithmetic_values",
        "source": _runset(
            "filters=\"Config('a') == 0.5 + 0.45 and Config('b') >= -5 and "
            "Config('c') <= +10 and Config('d') == 2 ** 3 and Config('e') == 7 // 2\""
        ),
    },
    {
        "name": "filter_string_withinlast_call",
        "source": _runset(
            "filters=\"WithinLast(Metric('CreatedTimestamp'), 2, 'hours') or "
            "Metric('CreatedTimestamp') within_last 1 day\""
        ),
    },
    {
        "name": "filter_string_dotted_identifier_dropped",
        "source": _runset("filters=\"config.lr == 1 and Config('b') == 2\""),
        # wire_format §7.11: the official silently drops the `config.lr` leaf.
        "ours_differs": (
            "ours raises FilterSyntaxError ('dotted names are not supported; write "
            "Config('lr')') instead of silently dropping the leaf (expr/_parser.py)"
        ),
    },
    {
        "name": "filter_string_empty",
        "source": _runset('filters=""'),
    },
    {
        "name": "filter_list_single_deprecated",
        "source": _runset('filters=[ws.Summary("acc") >= 0.5]'),
    },
    {
        "name": "filter_string_syntax_error",
        "source": _runset("filters=\"Config('a') == \""),
    },
    # ---- Grouping and ordering ---------------------------------------------------------
    {
        "name": "groupby_kinds",
        "source": _runset(
            'groupby=[ws.Summary("acc"), ws.Tags(), expr.KeysInfo("k"), ws.Config("a.b"),\n'
            '        ws.Config("pbt.workspace.value"), ws.Metric("User"), ws.Metric("custom")],\n'
            '    order=[ws.Ordering(ws.Metric("Runtime")), ws.Ordering(ws.Tags(), '
            "ascending=False),\n"
            '        ws.Ordering(expr.KeysInfo("k"), ascending=True)]'
        ),
    },
    {
        "name": "order_empty_and_groupby_single",
        "source": _runset('groupby=[ws.Metric("JobType")], order=[]'),
    },
    # ---- Runs table columns, run settings, colours -------------------------------------
    {
        "name": "pinned_columns_display_name_moved",
        "source": _runset(
            'pinned_columns=["config:lr", "run:displayName", "summary:acc", "run:state"]'
        ),
    },
    {
        "name": "pinned_columns_display_name_first",
        "source": _runset('pinned_columns=["run:displayName"]'),
    },
    {
        "name": "run_settings_colours",
        "source": _runset(
            "run_settings={\n"
            '        "r1": ws.RunSettings(color="red"),\n'
            '        "r2": ws.RunSettings(color="#0f0"),\n'
            '        "r3": ws.RunSettings(color="rgb(1, 2, 3)", disabled=True),\n'
            '        "r4": ws.RunSettings(disabled=True),\n'
            '        "r5": ws.RunSettings(),\n'
            '        "r6": ws.RunSettings(color="#ABCDEF", disabled=False)}'
        ),
    },
    {
        "name": "group_colors_single_level",
        "source": _runset(
            'groupby=[ws.Metric("Group")], group_colors={"sweep_alpha": "#ff0000", '
            '"sweep_beta": "blue"}'
        ),
    },
    {
        "name": "group_colors_group_path",
        "source": _runset(
            'groupby=[ws.Config("model"), ws.Metric("Group")],\n'
            '    group_colors={ws.GroupPath("bert", "g1"): "#112233", "gpt": "#445566",\n'
            '                  ws.GroupPath("bert"): "#778899"}'
        ),
    },
    {
        "name": "group_colors_without_groupby_warns",
        "source": _runset('group_colors={"a": "#ff0000"}'),
    },
    {
        "name": "group_colors_invalid_entries_warn",
        "source": _runset(
            'groupby=[ws.Metric("Group")],\n'
            '    group_colors={"a": "#ff0000", ws.GroupPath("a"): "#00ff00", '
            'ws.GroupPath(): "#000",\n'
            '                  ws.GroupPath("x", "y"): "#111111", "b": 5, 7: "#222222"}'
        ),
    },
    # ---- Baseline and pinned runs ------------------------------------------------------
    {
        "name": "baseline_only_is_pinned",
        "source": _runset('baseline_run="abc123"'),
    },
    {
        "name": "baseline_in_pinned_forms",
        "source": _runset(
            'baseline_run=ws.RunRef("b2", entity="e2", project="p2"),\n'
            '    pinned_runs=["a1", "e2/p2/b2", ws.RunRef("c3"), ws.RunRef("d4", project="other")]'
        ),
    },
    {
        "name": "baseline_slash_form_cross_project",
        "source": _runset('baseline_run="team/proj/run9", pinned_runs=["run1"]'),
    },
    {
        "name": "pinned_runs_already_encoded_gid",
        "source": _runset(
            'pinned_runs=["UnVuOnYxOjFtYmt1MzhuOnRlc3QtcHJvamVjdDp0ZXN0LWVudGl0eQ==", "plain"]'
        ),
    },
    {
        "name": "pinned_runs_over_cap_warns",
        "source": _runset('pinned_runs=[f"run{i}" for i in range(21)]'),
    },
    {
        "name": "pinned_runs_bad_slash_form_error",
        "source": _runset('pinned_runs=["a/b"]'),
    },
    # ---- Edge values and edits after construction ----------------------------------------
    {
        "name": "filter_string_literal_with_operators",
        "source": _runset("filters=\"Config('a') == 'x=y' and Config('b') != 'p<q'\""),
        # wire_format §7.11: the official rewrites `=`, `<`, `>` inside string literals
        # ('x=y' is stored as 'x==y', 'p<q' as 'p<=q', with a '<' warning).
        "ours_differs": (
            "ours tokenizes the filter string, so operators inside quoted values are kept "
            "as written and nothing is warned (spec/README.md: do better on listed quirks)"
        ),
    },
    {
        "name": "filter_value_number_formats",
        "source": _runset(
            'filters=expr.And(ws.Config("lr") == 1e-05, ws.Config("big") == 12345678901234, '
            'ws.Summary("f") >= 0.1, ws.Summary("neg") <= -2.5e3)'
        ),
    },
    {
        "name": "filter_within_last_fractional_days",
        "source": _runset(
            'filters=expr.And(ws.Metric("CreatedTimestamp").within_last(0.5, "days"))'
        ),
    },
    {
        "name": "groupby_order_fe_names_in_config",
        "source": _runset(
            'groupby=[ws.Config("Name"), ws.Config("model.value")], '
            'order=[ws.Ordering(ws.Config("Name")), ws.Ordering(ws.Metric("Name"), ascending=True)]'
        ),
    },
    {
        "name": "group_colors_three_levels",
        "source": _runset(
            'groupby=[ws.Config("a"), ws.Summary("b"), ws.Metric("Group")],\n'
            '    group_colors={ws.GroupPath("x", "y", "z"): "#010203", ws.GroupPath("x", "y"): '
            '"#040506", "ü ñ/%": "#070809"}'
        ),
    },
    {
        "name": "lineplot_empty_groupby_and_y",
        "source": _panels('wr.LinePlot(title="empty", groupby="")', 'wr.LinePlot(y=[], x="")'),
    },
    {
        "name": "empty_section_name_and_unicode_run_ids",
        "source": _w(
            'sections=[ws.Section(name="")], runset_settings=ws.RunsetSettings('
            'run_settings={"ärger-1": ws.RunSettings(color="#fff"), "日本": '
            "ws.RunSettings(disabled=True)})"
        ),
    },
    {
        "name": "edit_after_construction",
        "source": (
            _w('sections=[ws.Section(name="A")]')
            + "workspace.settings.max_runs = 7\n"
            + 'workspace.settings.x_axis = "Runtime"\n'
            + 'workspace.sections.append(ws.Section(name="B", '
            + 'panels=[wr.BarPlot(metrics=["m"])]))\n'
            + "workspace.sections[0].is_open = True\n"
            + 'workspace.sections[0].panels.append(wr.LinePlot(y=["z"], title="added"))\n'
            + 'workspace.runset_settings.query = "late"\n'
            + "workspace.runset_settings.filters = expr.Or(ws.Config('a') == 1, "
            + "ws.Config('b') == 2)\n"
        ),
    },
    {
        "name": "assign_baseline_after_construction",
        "source": (
            _runset('pinned_runs=["p1"]')
            + 'workspace.runset_settings.baseline_run = "b1"\n'
            + 'workspace.runset_settings.pinned_columns = ["summary:acc"]\n'
        ),
    },
    {
        "name": "pinned_columns_cleared_after_set",
        "source": (
            _runset('pinned_columns=["summary:acc", "config:lr"]')
            + "workspace.runset_settings.pinned_columns = []\n"
        ),
        # wire_format §7.10: the official keeps emitting the stale columnOrder.
        "ours_differs": (
            "ours derives columnOrder from the current pinned_columns, so clearing the pins "
            "writes columnOrder [] (spec/README.md: do better on listed quirks)"
        ),
    },
    {
        "name": "pinned_columns_appended_in_place",
        "source": (
            _runset('pinned_columns=["summary:acc"]')
            + 'workspace.runset_settings.pinned_columns.append("config:lr")\n'
        ),
        # wire_format §7.10: in-place edits bypass the official validator (stale columnOrder).
        "ours_differs": (
            "ours derives columnOrder from pinned_columns at save, so an appended pin is "
            "also ordered (spec/README.md: do better on listed quirks)"
        ),
    },
    {
        "name": "replace_settings_objects",
        "source": (
            _w() + 'workspace.settings = ws.WorkspaceSettings(smoothing_type="average", '
            "smoothing_weight=4)\n"
            + "workspace.runset_settings = ws.RunsetSettings(groupby=[ws.Metric('Group')], "
            "group_colors={'g': '#123123'})\n"
        ),
    },
    # ---- Names and whole workspaces ----------------------------------------------------
    {
        "name": "query_plain_and_name_unicode",
        "source": _w('runset_settings=ws.RunsetSettings(query="bert")', name="Проверка 検証 ok"),
    },
    {
        "name": "name_with_emoji_error",
        "source": _w("", name="Metrics 🚀"),
    },
    {
        "name": "name_with_symbol_error",
        "source": _w("", name="A+B"),
        # wire_format §7.2: the official rejects every Unicode symbol category.
        "ours_differs": (
            "ours allows math/currency symbols such as '+' in names and rejects only emoji "
            "(utils/validators.py validate_no_emoji docstring)"
        ),
    },
    {
        "name": "everything_together",
        "source": (
            'workspace = ws.Workspace(entity="team", project="proj", name="All together",\n'
            "    sections=[\n"
            '        ws.Section(name="Train", is_open=True, panels=[\n'
            '            wr.LinePlot(x="Step", y=["loss"], smoothing_factor=0.8, '
            'smoothing_type="exponential", groupby="Group"),\n'
            '            wr.BarPlot(metrics=["acc"]), wr.ScalarChart(metric="acc"),\n'
            '            wr.MarkdownPanel(markdown="notes")],\n'
            "            panel_settings=ws.SectionPanelSettings(smoothing_weight=1)),\n"
            '        ws.Section(name="Eval", pinned=True, '
            'panels=[wr.ScatterPlot(x="lr", y="acc")])],\n'
            '    settings=ws.WorkspaceSettings(x_axis="Runtime", max_runs=50,\n'
            '        tooltip_number_of_runs="single", point_visualization_method="downsampling"),\n'
            '    runset_settings=ws.RunsetSettings(query="exp", regex_query=True,\n'
            '        filters=expr.Or(ws.Config("lr") == 0.1, ws.Summary("acc") >= 0.9),\n'
            '        groupby=[ws.Metric("Group")], order=[ws.Ordering(ws.Summary("acc"))],\n'
            '        run_settings={"r1": ws.RunSettings(color="#ff0000", disabled=True)},\n'
            '        group_colors={"g": "#00ff00"}, pinned_columns=["summary:acc"],\n'
            '        baseline_run="r1", pinned_runs=["r2"]))\n'
        ),
    },
]
