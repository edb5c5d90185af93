"""Property-based round trips over generated workspaces and app-style specs."""

from __future__ import annotations

import json
import warnings
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.vectors import normalise_ids

names = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs", "Pd", "Po"]), min_size=1, max_size=20
)
metric_names = st.from_regex(r"[a-z][a-z0-9_/]{0,12}", fullmatch=True)
smoothing = st.sampled_from(
    ["exponentialTimeWeighted", "exponential", "gaussian", "average", "none"]
)
maybe = st.none() | st.booleans()

line_plots = st.builds(
    wr.LinePlot,
    title=st.none() | names,
    x=st.sampled_from(["Step", "_runtime", "Wall Time", "epoch"]),
    y=st.lists(metric_names, max_size=3),
    log_y=maybe,
    smoothing_type=st.none() | smoothing,
    smoothing_factor=st.none() | st.floats(0, 1),
    groupby=st.none() | metric_names,
    groupby_aggfunc=st.none() | st.sampled_from(["mean", "min", "max", "median", "sum"]),
    max_runs_to_show=st.none() | st.integers(1, 100),
    layout=st.builds(
        wr.Layout,
        x=st.integers(0, 16),
        y=st.integers(0, 20),
        w=st.integers(1, 24),
        h=st.integers(1, 12),
    ),
)
panels = st.one_of(
    line_plots,
    st.builds(wr.BarPlot, metrics=st.lists(metric_names, max_size=3)),
    st.builds(wr.ScalarChart, metric=metric_names),
    st.builds(wr.MarkdownPanel, markdown=names),
)
sections = st.builds(
    ws.Section,
    name=names,
    panels=st.lists(panels, max_size=4),
    is_open=st.booleans(),
    pinned=st.booleans(),
    layout_settings=st.builds(
        ws.SectionLayoutSettings, columns=st.integers(1, 6), rows=st.integers(1, 6)
    ),
    panel_settings=st.builds(
        ws.SectionPanelSettings,
        x_axis=st.sampled_from(["Step", "_runtime", "epoch"]),
        smoothing_type=smoothing,
        smoothing_weight=st.integers(0, 10),
        x_min=st.none() | st.floats(-10, 10),
    ),
)
workspace_settings = st.builds(
    ws.WorkspaceSettings,
    x_axis=st.sampled_from(["Step", "_runtime", "epoch"]),
    smoothing_type=smoothing,
    smoothing_weight=st.integers(0, 10),
    ignore_outliers=st.booleans(),
    remove_legends_from_panels=st.booleans(),
    tooltip_color_run_names=st.booleans(),
    tooltip_number_of_runs=st.sampled_from(["default", "all", "none", "single", "all_runs"]),
    point_visualization_method=st.sampled_from(
        ["bucketing", "downsampling", "line", "point", "line_point"]
    ),
    max_runs=st.integers(1, 50),
    group_by_prefix=st.sampled_from(["first", "last"]),
    sort_panels_alphabetically=st.just(False),  # True warns on every to_spec (tested apart)
)
filters = st.lists(
    st.builds(
        lambda name, value: ws.Config(name) == value,
        metric_names,
        st.integers(-5, 5) | metric_names,
    )
    | st.builds(lambda name, value: ws.Summary(name) >= value, metric_names, st.floats(-1e6, 1e6)),
    max_size=4,
)
runset_settings = st.builds(
    ws.RunsetSettings,
    query=st.text(max_size=10),
    regex_query=st.booleans(),
    filters=filters,
    groupby=st.lists(st.builds(ws.Config, metric_names), max_size=2),
    order=st.lists(
        st.builds(ws.Ordering, st.builds(ws.Summary, metric_names), st.booleans()), max_size=2
    ),
    run_settings=st.dictionaries(
        st.from_regex(r"[a-z0-9]{8}", fullmatch=True),
        st.builds(
            ws.RunSettings,
            color=st.sampled_from(["", "red", "#00ff00", "rgb(1, 2, 3)"]),
            disabled=st.booleans(),
        ),
        max_size=4,
    ),
    pinned_columns=st.lists(
        st.sampled_from(["summary:acc", "config:lr", "run:state"]), unique=True
    ),
)
workspaces = st.builds(
    ws.Workspace,
    entity=st.just("ent"),
    project=st.just("proj"),
    name=names,
    sections=st.lists(sections, max_size=3),
    settings=workspace_settings,
    runset_settings=runset_settings,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces)
def test_generated_workspace_round_trips(workspace: ws.Workspace) -> None:
    spec = workspace.to_spec()
    text = json.dumps(spec)
    loaded = ws.Workspace.from_spec(text, entity="ent", project="proj", name=workspace.name)
    assert loaded.to_spec() == spec
    # The loaded objects alone (without the raw JSON) write the same spec.
    assert normalise_ids(loaded._wire()) == normalise_ids(spec)


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


# Dicts whose keys are data, not names: a key added to customRunColors is a run's colour
# entry, which must be a colour (stored colours are validated), not an unknown key.
_DATA_KEYED = frozenset({"customRunColors"})


def _inject(spec: Any, paths: list[int], key: str, value: Any) -> None:
    """Add ``key: value`` to some dict inside ``spec`` chosen by ``paths`` (never to a dict
    whose keys are data, see ``_DATA_KEYED``)."""
    dicts: list[dict[str, Any]] = []

    def walk(node: Any, data_keyed: bool = False) -> None:
        if isinstance(node, dict):
            if not data_keyed:
                dicts.append(node)
            for name, item in node.items():
                walk(item, name in _DATA_KEYED)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    for index in paths:
        target = dicts[index % len(dicts)]
        if key not in target:
            target[key] = value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces, st.lists(st.integers(0, 10_000), min_size=1, max_size=5), json_values)
def test_unknown_keys_anywhere_survive(
    workspace: ws.Workspace, paths: list[int], value: Any
) -> None:
    spec = workspace.to_spec()
    _inject(spec, paths, "zzUnknownKey", value)
    with warnings.catch_warnings():
        # An unknown key inside a panel config never warns, but may make a panel unknown.
        warnings.simplefilter("ignore")
        loaded = ws.Workspace.from_spec(spec, entity="ent", project="proj")
    assert loaded.to_spec() == spec
