"""The view spec's JSON Schema (``spec_json_schema``) describes what the library writes.

Checked with every object closed (``additionalProperties: false``): a key the library
writes that the schema does not declare, or a value of another type, fails here. The
viewer's TypeScript types are generated from this schema (viewer/scripts/gen-spec.mjs).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any, get_args

import jsonschema
import pytest
from hypothesis import given, settings

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.reports.test_panel_hypothesis import panels
from tests.vectors import golden_params
from wandb_workspaces.reports.v2 import _shared
from wandb_workspaces.workspaces.internal import spec_json_schema

JSONDict = dict[str, Any]


@cache
def schema() -> JSONDict:
    return spec_json_schema()


@cache
def closed_schema() -> JSONDict:
    """The schema with every object's keys closed: only declared keys pass."""
    closed = copy.deepcopy(spec_json_schema())
    for definition in [closed, *closed["$defs"].values()]:
        if "properties" in definition:
            definition["additionalProperties"] = False
    return closed


@cache
def validator(name: str | None = None) -> jsonschema.protocols.Validator:
    closed = closed_schema()
    if name is not None:
        closed = {"$ref": f"#/$defs/{name}", "$defs": closed["$defs"]}
    return jsonschema.Draft202012Validator(closed)


def check_spec(spec: JSONDict) -> None:
    """The whole spec, and each panel's config against its type's config."""
    validator().validate(spec)
    configs = schema()["$defs"]["PanelConfigs"]["properties"]
    for section in spec["section"]["panelBankConfig"]["sections"]:
        for panel in section["panels"]:
            check_panel(panel, configs)


def check_panel(panel: JSONDict, configs: JSONDict) -> None:
    validator("PanelSpec").validate(panel)
    ref = configs.get(panel["viewType"])
    if ref is not None:
        validator(ref["$ref"].rsplit("/", 1)[1]).validate(panel["config"])


def test_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    json.dumps(schema(), allow_nan=False)  # plain JSON


@pytest.mark.parametrize(
    "record",
    # the records of declarations the library rejects have no spec
    [param for param in golden_params() if param.values[0]["official"]["spec"] is not None],
)
def test_describes_every_golden_spec(record: JSONDict) -> None:
    # the official library's specs, which ours writes byte for byte (tests/compat)
    check_spec(record["official"]["spec"])


def test_describes_a_workspace_with_every_setting() -> None:
    workspace = ws.Workspace(
        entity="e",
        project="p",
        name="n",
        sections=[
            ws.Section(
                name="s",
                panels=[wr.LinePlot(y=["loss"], smoothing_type="gaussian", plot_type="pct-area")],
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panel_settings=ws.SectionPanelSettings(x_axis="Runtime", x_min=1, x_max=2),
            )
        ],
        settings=ws.WorkspaceSettings(
            x_min=0,
            x_max=5,
            tooltip_number_of_runs="none",
            point_visualization_method="line_point",
            remove_legends_from_panels=True,
            tooltip_color_run_names=False,
            group_by_prefix="first",
        ),
        runset_settings=ws.RunsetSettings(run_settings={"r1": ws.RunSettings(color="#ff0000")}),
    )
    spec = workspace.to_spec()
    assert spec["section"]["settings"]["panelbank"] == {
        "tooltipNumberOfRuns": "none",
        "pointVisualizationMethod": "line_point",
    }
    check_spec(spec)


@settings(max_examples=150, deadline=None)
@given(panels)
def test_describes_generated_panels(declaration: Any) -> None:
    build, args, kwargs = declaration
    configs = schema()["$defs"]["PanelConfigs"]["properties"]
    check_panel(build(*args, **kwargs).to_spec(), configs)


def test_a_key_it_does_not_declare_fails() -> None:
    config = wr.LinePlot(y=["loss"]).to_spec()["config"]
    with pytest.raises(jsonschema.ValidationError, match="'smoothness' was unexpected"):
        validator("LinePlotConfig").validate({**config, "smoothness": 1})
    with pytest.raises(jsonschema.ValidationError, match="'east-ish' is not one of"):
        validator("LinePlotConfig").validate({**config, "legendPosition": "east-ish"})


def test_value_lists_are_the_library_s() -> None:
    defs = schema()["$defs"]
    for name, literal in [
        ("SmoothingType", _shared.SmoothingType),
        ("LegendPosition", _shared.LegendPosition),
        ("FontSize", _shared.FontSize),
        ("LineMark", _shared.LineMark),
        ("GroupAgg", _shared.GroupAgg),
    ]:
        assert defs[name]["enum"] == list(get_args(literal))
    # the wire spellings of settings, as the writer makes them
    assert defs["TooltipNumberOfRuns"]["enum"] == ["default", "all_runs", "single"]
    assert defs["PanelbankTooltip"]["enum"] == ["none"]
    assert defs["PointDrawing"]["enum"] == ["line", "point", "line_point"]
    assert defs["LinePlotConfig"]["properties"]["smoothingType"] == {
        "$ref": "#/$defs/SmoothingType"
    }
