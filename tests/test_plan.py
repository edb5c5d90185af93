"""The field plan: one reading of each annotation gives the check, conversion and copy kind."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

import pytest
from pydantic import AfterValidator, Field, NonNegativeInt

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from wandb_workspaces import _fast_init
from wandb_workspaces._plan import MISSING, Copy, class_plan
from wandb_workspaces._pristine import shape
from wandb_workspaces._snapshot import snapshot
from wandb_workspaces._validation import model


@model
class _Mutable:
    a: int = 0


@model(slots=True)
class _Small:
    a: int = 0
    b: Optional[str] = None


@model
class _Holder:
    small: _Small = Field(default_factory=_Small)


def _upper(value: str) -> str:
    return value.upper()


@model
class _Sample:
    plain: int = 0
    text: Annotated[str, AfterValidator(_upper)] = "x"
    ratio: float = 0.0
    bounded: NonNegativeInt = 1
    choice: Literal["a", "b"] = "a"
    maybe: Optional[str] = None
    either: Union[str, int] = ""
    pair: tuple[Optional[float], Optional[float]] = (None, None)
    names: list[str] = Field(default_factory=list)
    table: Optional[dict[str, float]] = None
    small: _Small = Field(default_factory=_Small)
    holder: Optional[_Holder] = None
    objects: list[_Mutable] = Field(default_factory=list)
    anything: Any = None
    unknown: set[str] = Field(default_factory=set)


COPIES = {
    "plain": Copy.SHARED,
    "text": Copy.SHARED,
    "ratio": Copy.SHARED,
    "bounded": Copy.SHARED,
    "choice": Copy.SHARED,
    "maybe": Copy.SHARED,
    "either": Copy.SHARED,
    "pair": Copy.SHARED,
    "names": Copy.COPIED,
    "table": Copy.COPIED,
    "small": Copy.INLINE,
    "holder": Copy.DETACHED,  # an optional object: walked (it may be None)
    "objects": Copy.DETACHED,
    "anything": Copy.DETACHED,
    "unknown": Copy.DETACHED,
}


@pytest.mark.parametrize(("name", "copy"), [pytest.param(n, c, id=n) for n, c in COPIES.items()])
def test_each_annotation_has_its_copy_kind(name: str, copy: Copy) -> None:
    assert class_plan(_Sample).field(name).copy is copy


def test_checks_and_conversions_come_from_the_same_reading() -> None:
    plan = class_plan(_Sample)
    ratio = plan.field("ratio")
    assert ratio.convert == "float({v})"  # an int for a float field becomes a float
    assert "_after" in plan.field("text").convert  # the AfterValidator is called
    assert plan.field("unknown").check is None  # not checked here: pydantic decides
    assert plan.field("anything").check == "True"
    assert plan.field("small").nested is _Small
    assert plan.field("names").factory is list and plan.field("names").default is MISSING
    assert plan.field("plain").default == 0 and not plan.field("plain").required


def test_a_field_without_a_check_goes_to_pydantic_and_is_walked_when_copied() -> None:
    sample = _Sample(unknown={"a"})  # the fast __init__ falls back for this field only
    assert sample.unknown == {"a"}
    copied = snapshot(sample)
    assert copied.unknown == {"a"} and copied.unknown is not sample.unknown
    assert hasattr(_fast_init.resolve(_Sample), "__fast_source__")


def test_every_generated_path_reads_the_plan() -> None:
    sample = _Sample(names=["n"], small=_Small(a=2), holder=_Holder())
    copied = snapshot(sample)
    assert copied == sample
    assert copied.names is not sample.names and copied.small is not sample.small
    slots = shape(_Sample).slots
    assert "small.a" in slots and "small.b" in slots and "small" not in slots  # inline


def test_panels_sections_and_workspaces_share_one_kind_of_plan() -> None:
    line = class_plan(wr.LinePlot)
    assert line.field("layout").copy is Copy.INLINE
    assert line.field("y").stored is not None  # kept as the JSON its config table writes
    assert line.field("title").stored is None
    assert class_plan(ws.Section).field("panels").copy is Copy.ITEMS
    assert class_plan(ws.Section).field("layout_settings").copy is Copy.INLINE
    assert class_plan(ws.Workspace).field("sections").copy is Copy.ITEMS
    assert class_plan(ws.Workspace).field("runset_settings").copy is Copy.OBJECT
