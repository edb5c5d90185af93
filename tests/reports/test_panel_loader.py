"""The generated panel loader leaves exactly the panel the general path builds.

Each panel class loads generated panel JSON twice: through its generated loader
(``_panel_loader``) and through the general path (constructor keywords, the class's
validating ``__init__``, then its pristine state). Where the loader accepts the JSON,
both panels must have the same state (types compared too), the same pristine state,
and write the same spec; where the general path fails, the loader must have declined.
"""

from __future__ import annotations

import copy
import dataclasses
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wandb_workspaces.reports.v2 as wr
from tests.instance_state import state
from wandb_workspaces._pristine import shape
from wandb_workspaces.errors import SpecValidationError
from wandb_workspaces.reports.v2._panel import Panel, load_panel, load_panels
from wandb_workspaces.reports.v2._panel_loader import fast_loader


def _panel_classes() -> list[type[Panel]]:
    found = {
        value
        for value in vars(wr).values()
        if isinstance(value, type) and issubclass(value, Panel) and value.VIEW_TYPE
    }
    return sorted(found, key=lambda cls: cls.__name__)


CLASSES = _panel_classes()

# Panels written by the library, whose config keys the drawn configs reuse.
_SAMPLES: list[Any] = [
    wr.LinePlot(title="t", x=wr.Config("lr"), y=["a", wr.SummaryMetric("b")], range_y=(0, 2),
                smoothing_factor=0.5, groupby="Group", line_colors={"r:a": "#fff"},
                line_marks={"r:a": "dashed"}, legend_fields=["x"], metric_regex="a.*"),
    wr.BarPlot(metrics=["a", wr.Metric("Step")], orientation="v", range_x=(1, None),
               groupby=wr.Config("opt"), line_titles={"a": "A"}, max_bars_to_show=3),
    wr.ScalarChart(metric=wr.Config("lr"), groupby_aggfunc="max", custom_expressions=["a"]),
    wr.ScatterPlot(x="a", y=wr.Metric("Runtime"), z=wr.Config("b"), range_z=(0, 1), log_x=True,
                   gradient=[wr.GradientPoint("#fff", 0), wr.GradientPoint("#000", 100)]),
    wr.ParallelCoordinatesPlot(columns=[wr.ParallelCoordinatesPlotColumn("a", log=True)],
                               title="p", gradient=[wr.GradientPoint("#abc", 5)]),
    wr.MarkdownPanel(markdown="# hi"),
    wr.MediaBrowser(media_keys=["img"], num_columns=2, mode="gallery", gallery_axis="step"),
    wr.CodeComparer(diff="unified"),
    wr.RunComparer(diff_only="split"),
    wr.ParameterImportancePlot(with_respect_to="acc"),
    wr.CustomChart(query={"summaryTable": {"tableKey": "t"}}, chart_name="c",
                   chart_fields={"x": {"deep": [1]}}),
    wr.WeavePanel(config={"panel2Config": {"a": [1, {"b": 2}]}}),
]  # fmt: skip
_CONFIGS = [panel.to_spec()["config"] for panel in _SAMPLES]
_KEYS = sorted({key for config in _CONFIGS for key in config})
_VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 2.5, "", "a", "Step", "_step", "summary:acc", "config:lr.value",
    "config.lr.value", "dashed", "mean", "north", "small", "#fff", [], ["a"], [1, 2], [None],
    {}, {"a": "b"}, {"a": 1.5}, {"a": {"color": "#fff"}}, [{"color": "#fff", "offset": 5}],
    [{"accessor": "summary:a"}], [{"color": "nope"}],
]  # fmt: skip


@st.composite
def _panel_json(draw: st.DrawFn) -> dict[str, Any]:
    config = copy.deepcopy(draw(st.sampled_from(_CONFIGS)))
    for key in draw(st.lists(st.sampled_from(_KEYS), max_size=3, unique=True)):
        config[key] = copy.deepcopy(draw(st.sampled_from(_VALUES)))
    for key in draw(st.lists(st.sampled_from(sorted(config)), max_size=2, unique=True)):
        if draw(st.booleans()):
            del config[key]
    layout = draw(
        st.sampled_from(
            [{"x": 0, "y": 2, "w": 8, "h": 6}, {"x": 1}, {}, None, {"w": 0}, {"x": None},
             {"x": True}, {"h": 2.0}, "bad"]
        )
    )  # fmt: skip
    data: dict[str, Any] = {"__id__": draw(st.sampled_from(["abc", None, 5])), "config": config}
    if layout is not None:
        data["layout"] = layout
    auto = draw(st.sampled_from([None, True, False, 1]))
    if auto is not None:
        data["isAuto"] = auto
    return data


def _state(obj: Any) -> list[tuple[str, Any]]:
    """The panel's state in comparable form and in order, without the JSON it keeps."""
    return list(state(obj, exclude=("_pristine", "_raw")).items())


def _general(cls: type[Panel], data: dict[str, Any]) -> Panel | None:
    try:
        panel = cls._construct(data)
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    panel._remember(data)
    return panel


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_panel_json())
def test_generated_and_general_loading_agree(cls: type[Panel], data: dict[str, Any]) -> None:
    loader = fast_loader(cls)
    assert loader is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = loader(data)
        slow = _general(cls, data)
    if slow is None:
        assert fast is None
        return
    if fast is None:
        return  # declined: the general path loads it
    assert _state(fast) == _state(slow)
    assert fast._raw is data and fast._pristine is not None and slow._pristine is not None
    assert fast.to_spec() == slow.to_spec() == data
    # Both pristine states tell an edit apart the same way, and restore what was loaded:
    # after the same edit, both panels write the same spec.
    fast.layout.w = slow.layout.w = 5
    assert fast.to_spec() == slow.to_spec()
    assert fast.to_spec()["layout"]["w"] == 5


@pytest.mark.parametrize("sample", _SAMPLES, ids=lambda panel: type(panel).__name__)
def test_the_loaded_panel_shares_nothing_mutable_with_its_pristine_state(sample: Panel) -> None:
    panel = load_panel(copy.deepcopy(sample.to_spec()))
    pristine = panel._pristine
    assert pristine is not None
    for slot, value, kept in zip(shape(type(panel)).slots, shape(type(panel)).current(panel),
                                 pristine, strict=True):  # fmt: skip
        params = getattr(type(value), "__dataclass_params__", None)
        frozen = params is not None and params.frozen
        if isinstance(value, (list, dict)) or (dataclasses.is_dataclass(value) and not frozen):
            assert value is not kept, slot
            assert value == kept, slot


def test_typical_panels_take_the_generated_loader() -> None:
    for sample in _SAMPLES:
        data = copy.deepcopy(sample.to_spec())
        loader = fast_loader(type(sample))
        assert loader is not None and loader(data) is not None, type(sample).__name__


_VIEW_TYPES = [cls.VIEW_TYPE for cls in CLASSES] + ["Weave", "Unknown Type", None, 5, ["x"]]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(
        st.tuples(_panel_json(), st.sampled_from(_VIEW_TYPES)) | st.sampled_from([None, 3, []]),
        max_size=4,
    )
)
def test_loading_a_sections_panels_at_once_is_loading_each(items: list[Any]) -> None:
    # A section's panels go through load_panels, which calls the generated loaders directly.
    panels = []
    for item in items:
        if isinstance(item, tuple):
            data, view_type = item
            panels.append({**data, "viewType": view_type})
        else:
            panels.append(item)
    with warnings.catch_warnings(record=True) as each_warned:
        warnings.simplefilter("always")
        try:
            each: Any = [load_panel(copy.deepcopy(panel)) for panel in panels]
        except SpecValidationError as exc:
            each = str(exc)
    with warnings.catch_warnings(record=True) as all_warned:
        warnings.simplefilter("always")
        try:
            at_once: Any = load_panels(copy.deepcopy(panels))
        except SpecValidationError as exc:
            at_once = str(exc)
    assert [str(w.message) for w in all_warned] == [str(w.message) for w in each_warned]
    if isinstance(each, str):
        assert at_once == each
        return
    assert [type(panel) for panel in at_once] == [type(panel) for panel in each]
    # An UnknownPanel draws a fresh _id (it writes its JSON, not the _id): compared apart.
    assert [_state_but_id(panel) for panel in at_once] == [_state_but_id(panel) for panel in each]
    assert [p._id for p in at_once if not isinstance(p, wr.UnknownPanel)] == [
        p._id for p in each if not isinstance(p, wr.UnknownPanel)
    ]
    assert [panel.to_spec() for panel in at_once] == [panel.to_spec() for panel in each]


def _state_but_id(obj: Any) -> list[tuple[str, Any]]:
    return list(state(obj, exclude=("_pristine", "_raw", "_id")).items())
