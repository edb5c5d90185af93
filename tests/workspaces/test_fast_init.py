"""The generated fast ``__init__`` leaves exactly the state pydantic's own would.

Every validated class of the library is constructed twice from the same generated
arguments: through its (fast) ``__init__`` and through pydantic's translating
``__init__`` (``__init__.__wrapped__``). Both must end in the same instance state
(types compared too: ``1`` is not ``1.0``), or both raise the same error with the same
message, and emit the same warnings.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle
import typing
import warnings
from typing import Annotated, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BeforeValidator, Field

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.instance_state import attributes, state
from wandb_workspaces import _fast_init
from wandb_workspaces._plan import Unsupported
from wandb_workspaces._validation import model
from wandb_workspaces.errors import SpecValidationError


def _validated_classes() -> list[Any]:
    found: dict[str, Any] = {}
    for module in (ws, wr):
        for name in dir(module):
            value = getattr(module, name)
            if isinstance(value, type) and hasattr(value, "__pydantic_fields__"):
                found[value.__qualname__] = value
    return sorted(found.values(), key=lambda cls: cls.__qualname__)


CLASSES = _validated_classes()
# Classes that keep pydantic's __init__ for every call, and why (asserted below).
ALWAYS_SLOW = {
    "RunsetSettings": "a model validator",
    "Runset": "a model validator (plain colours join run_settings)",
    "RunsetGroup": "frozen, hashable: a plain pydantic dataclass (a colour key)",
    "RunsetGroupKey": "frozen, hashable: a plain pydantic dataclass (a colour key)",
    "UnknownBlock": "not validated: its keys are whatever the stored block holds",
    "Workspace": "an InitVar (auto_generate_panels)",
}


def _literals(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [value for arg in typing.get_args(annotation) for value in _literals(arg)]


_COMMON: list[Any] = [
    None, True, False, 0, 1, -1, 3, 2**60, 0.5, -0.5, 100.0, 101, math.inf, "", "a", "Step",
    "#ff0000", "red", "rgb(1, 2, 3)", "not a colour", "😀", [], ["a", "b"], [1, 2.5], [None],
    {}, {"a": "b"}, {"a": 1}, {"a": {"color": "#fff"}}, {1: "x"}, (None, None), (0, 1.5),
    (1, "x"), (0.0,), "config:lr", "Config('lr') = 1",
]  # fmt: skip


def _instances() -> list[Any]:
    return [
        wr.Layout(), wr.Layout(x=1, w=4), wr.Config("lr"), wr.Metric("Step"),
        wr.SummaryMetric("acc"), wr.GradientPoint(color="#fff"), wr.LinePlot(),
        ws.RunSettings(color="red"), ws.SectionLayoutSettings(), ws.SectionPanelSettings(),
        ws.Section(name="s"), ws.WorkspaceSettings(), ws.RunsetSettings(),
        expr.Config("lr"), expr.Ordering(expr.Summary("x")), ws.Summary("acc") >= 1,
        wr.ParallelCoordinatesPlotColumn(metric="lr"), [wr.LinePlot()],
        [wr.GradientPoint(color="#000")], {"r1": ws.RunSettings()},
    ]  # fmt: skip


def _arguments(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    names = [field.name for field in dataclasses.fields(cls)]
    fields = cls.__pydantic_fields__  # type: ignore[attr-defined]
    per_field = {
        name: st.sampled_from(_COMMON + _literals(fields[name].annotation) + _instances())
        for name in names
    }
    extra = st.sampled_from([{}, {}, {}, {"not_a_field": 1}])
    # Few fields at a time, so that often every value is valid (the fast path's case).
    chosen = st.lists(st.sampled_from(names), max_size=4, unique=True) if names else st.just([])
    kwargs = chosen.flatmap(
        lambda picked: st.fixed_dictionaries({name: per_field[name] for name in picked})
    )
    return kwargs.flatmap(lambda given: extra.map(lambda more: {**given, **more}))


def _build(cls: Any, init: Any, kwargs: dict[str, Any]) -> tuple[str, Any, list[str]]:
    obj = cls.__new__(cls)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            init(obj, **kwargs)
        except Exception as exc:  # the two paths must fail alike
            outcome: tuple[str, Any] = ("error", (type(exc).__name__, str(exc)))
        else:
            outcome = ("ok", state(obj))
    return outcome[0], outcome[1], [str(w.message) for w in caught]


def test_the_fast_path_covers_the_library() -> None:
    fast = {cls.__name__ for cls in CLASSES if hasattr(_fast_init.resolve(cls), "__fast_source__")}
    slow = {cls.__name__ for cls in CLASSES} - fast
    assert slow == set(ALWAYS_SLOW)


FAST_CLASSES = [cls for cls in CLASSES if cls.__name__ not in ALWAYS_SLOW]


@pytest.mark.parametrize("cls", FAST_CLASSES, ids=lambda cls: cls.__qualname__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_and_pydantic_construction_agree(cls: Any, data: st.DataObject) -> None:
    kwargs = data.draw(_arguments(cls))
    _fast_init.resolve(cls)
    fast = _build(cls, cls.__init__, kwargs)
    slow = _build(cls, cls.__init__.__wrapped__, kwargs)
    assert fast == slow


def test_positional_arguments_and_errors_match() -> None:
    assert wr.GradientPoint("#fff", 50).offset == 50.0
    assert ws.Section("Name", [wr.LinePlot()], True).is_open is True
    with pytest.raises(SpecValidationError, match="did you mean 'title'"):
        wr.LinePlot(titel="x")  # type: ignore[call-arg]
    with pytest.raises(SpecValidationError, match="too many positional"):
        ws.SectionLayoutSettings(1, 2, "standard", 4)  # type: ignore[call-arg]
    with pytest.raises(SpecValidationError, match="name"):
        ws.Section()  # type: ignore[call-arg]


def test_containers_are_copied_like_pydantic_copies_them() -> None:
    ys: list[Any] = ["loss"]
    plot = wr.LinePlot(y=ys, range_y=(0, 1))
    ys.append("acc")
    assert plot.y == ["loss"]
    assert plot.range_y == (0.0, 1.0) and isinstance(plot.range_y[0], float)


def test_compiling_waits_for_the_first_instance() -> None:
    @model
    class Later:
        name: str = ""

    assert hasattr(Later.__init__, "__pending__")  # nothing compiled at import
    assert Later(name="x").name == "x"
    assert hasattr(Later.__init__, "__fast_source__")


def test_an_unsupported_class_shape_is_reported() -> None:
    @dataclasses.dataclass
    class Plain:
        a: int = 0

    with pytest.raises(Unsupported, match="not a pydantic dataclass"):
        _fast_init.compile_init(Plain, Plain.__init__)


def test_valid_arguments_never_reach_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    classes: list[Any] = [wr.LinePlot, ws.Section, ws.RunSettings, wr.GradientPoint, wr.Layout]
    for cls in classes:
        namespace = _fast_init.resolve(cls).__globals__
        slow = namespace["_slow"]
        monkeypatch.setitem(namespace, "_slow", lambda *args, _slow=slow: calls.append(args))
    wr.LinePlot(
        title="t", x=wr.Config("lr"), y=["a", wr.SummaryMetric("b")], range_y=(0, 2.5),
        smoothing_factor=1, smoothing_type="gaussian", max_runs_to_show=3,
        line_colors={"r:a": "#fff", "r:b": {"color": "#000"}}, layout=wr.Layout(w=4),
    )  # fmt: skip
    ws.Section("s", panels=[], is_open=True, layout_settings=ws.SectionLayoutSettings())
    ws.RunSettings(color="rgb(1, 2, 3)", disabled=True)
    wr.GradientPoint("#abc", 100)
    assert calls == []


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@model
class _Stripped:
    name: Annotated[str, BeforeValidator(_strip)] = ""
    count: Annotated[int, Field(ge=0)] = 0


@pytest.mark.parametrize("kwargs", [{"name": "  a "}, {"name": 3}, {"count": -1}, {"count": 2}])
def test_before_validators_run_first_on_both_paths(kwargs: dict[str, Any]) -> None:
    init: Any = _fast_init.resolve(_Stripped)
    assert hasattr(init, "__fast_source__")
    assert _build(_Stripped, init, kwargs) == _build(_Stripped, init.__wrapped__, kwargs)
    if kwargs == {"name": "  a "}:
        assert _Stripped(**kwargs).name == "a"


def test_default_factory_builds_what_the_class_builds() -> None:
    make = _fast_init.default_factory(wr.Layout)
    assert make is not wr.Layout
    assert attributes(make()) == attributes(wr.Layout()) and type(make()) is wr.Layout
    assert make() is not make()  # a new instance each time
    # A class with a required field, a factory default or a __post_init__ keeps its own call.
    for cls in (wr.GradientPoint, wr.LinePlot, ws.Section):
        assert _fast_init.default_factory(cls) is cls


def test_small_value_classes_keep_their_fields_in_slots() -> None:
    values: list[Any] = [
        wr.Layout(), wr.Config("a"), wr.Metric("Step"), wr.SummaryMetric("acc"),
        wr.GradientPoint("#fff"), ws.RunSettings(), wr.ParallelCoordinatesPlotColumn("a"),
        ws.SectionLayoutSettings(), ws.SectionPanelSettings(), ws.WorkspaceSettings(),
    ]  # fmt: skip
    for value in values:
        assert not hasattr(value, "__dict__"), type(value).__name__
        assert copy.deepcopy(value) == value == pickle.loads(pickle.dumps(value))
    layout = wr.Layout()
    layout.w = 4  # validated assignment still works
    assert layout == wr.Layout(w=4)
    with pytest.raises(SpecValidationError, match="w"):
        layout.w = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        wr.Config("a").name = "b"
