"""Workspace, section and run settings, and how they map to the view spec.

* ``WorkspaceSettings`` -> ``section.settings`` (and ``panelBankConfig.settings``)
* ``SectionPanelSettings`` -> a section's ``localPanelSettings``
* ``SectionLayoutSettings`` -> a section's ``flowConfig``
* ``RunSettings`` -> ``customRunColors`` and the run set's hidden-run selection
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, NonNegativeFloat, NonNegativeInt, PositiveInt

from .._colors import validate_color
from .._names import to_backend_name, to_frontend_name
from .._validation import model

__all__ = [
    "PANELBANK_KEY",
    "RunSettings",
    "SectionLayoutSettings",
    "SectionPanelSettings",
    "WorkspaceSettings",
    "bank_settings_to_wire",
    "layout_from_wire",
    "layout_to_wire",
    "local_settings_from_wire",
    "local_settings_to_wire",
    "settings_from_wire",
    "settings_to_wire",
]

SmoothingType = Literal["exponentialTimeWeighted", "exponential", "gaussian", "average", "none"]
# Smoothing weights are integers for most smoothing types and fractions for exponential.
SmoothingWeight = Union[NonNegativeInt, NonNegativeFloat]
TooltipRuns = Literal["default", "all", "none", "single", "all_runs"]
PointVisualization = Literal[
    "bucketing", "downsampling", "line", "point", "line_point", "bucketing-gorilla", "sampling"
]
Color = Annotated[str, AfterValidator(validate_color)]

# Settings our users were documented that the W&B app has no key for are kept under this
# key of ``section.settings``; the app ignores it, our viewer honours it.
PANELBANK_KEY = "panelbank"

_TOOLTIP_TO_WIRE = {"all": "all_runs"}
_POINT_METHOD_TO_WIRE = {
    "bucketing": "bucketing-gorilla",
    "bucketing-gorilla": "bucketing-gorilla",
    "downsampling": "sampling",
    "sampling": "sampling",
}
_POINT_DRAWING = ("line", "point", "line_point")

JSONDict = dict[str, Any]


@model(slots=True)
class SectionLayoutSettings:
    """How a section places its panels.

    ``layout="standard"`` is a grid of ``columns`` x ``rows`` panels per page;
    ``"custom"`` places each panel by its own ``layout`` (x, y, w, h on a 24-column grid).
    On the wire ``layout`` is ``flowConfig.snapToColumns`` (standard = true).

    >>> SectionLayoutSettings(columns=4, rows=3)
    SectionLayoutSettings(columns=4, rows=3, layout='standard')
    """

    columns: PositiveInt = 3
    rows: PositiveInt = 2
    layout: Literal["standard", "custom"] = "standard"


@model(slots=True)
class SectionPanelSettings:
    """Line plot settings for every panel of one section (they override the workspace's).

    >>> SectionPanelSettings(x_axis="Runtime", smoothing_type="gaussian").smoothing_type
    'gaussian'
    """

    x_axis: str = "Step"
    x_min: Optional[float] = None
    x_max: Optional[float] = None
    smoothing_type: SmoothingType = "none"
    smoothing_weight: SmoothingWeight = 0


@model(slots=True)
class WorkspaceSettings:
    """Settings for every panel of the workspace (Workspace < Section < Panel).

    ``tooltip_number_of_runs`` takes the documented ``"default" | "all" | "none"`` and the
    W&B app's ``"single" | "all_runs"``; ``"all"`` is written as the app's ``"all_runs"``.
    ``point_visualization_method`` takes the app's ``"bucketing" | "downsampling"`` and
    the documented drawing styles ``"line" | "point" | "line_point"``. Values with no W&B
    app equivalent (``tooltip_number_of_runs="none"`` and the drawing styles) are kept in
    ``settings.panelbank``, a key the app ignores and the panelbank viewer honours.
    ``panel_search_query`` and ``auto_expand_panel_search_results`` are accepted but, as in
    the official package, not stored in the spec.

    >>> WorkspaceSettings(x_axis="Runtime", smoothing_type="exponential", max_runs=20).max_runs
    20
    """

    x_axis: str = "Step"
    x_min: Optional[float] = None
    x_max: Optional[float] = None
    smoothing_type: SmoothingType = "none"
    smoothing_weight: SmoothingWeight = 0
    ignore_outliers: bool = False
    sort_panels_alphabetically: bool = False
    group_by_prefix: Literal["first", "last"] = "last"
    remove_legends_from_panels: bool = False
    tooltip_number_of_runs: TooltipRuns = "default"
    tooltip_color_run_names: bool = True
    max_runs: PositiveInt = 10
    point_visualization_method: PointVisualization = "bucketing"
    panel_search_query: str = ""
    auto_expand_panel_search_results: bool = False


@model(slots=True)
class RunSettings:
    """How one run shows: a custom ``color`` and whether it is hidden (``disabled``).

    >>> RunSettings(color="#ff0000", disabled=True)
    RunSettings(color='#ff0000', disabled=True)
    """

    color: Color = ""
    disabled: bool = False


def _panel_settings_wire(
    x_axis: str,
    x_min: Optional[float],
    x_max: Optional[float],
    smoothing_type: str,
    smoothing_weight: float,
    ignore_outliers: bool,
) -> JSONDict:
    data: JSONDict = {
        "smoothingWeight": smoothing_weight,
        "smoothingType": smoothing_type,
        "xAxis": to_backend_name(x_axis),
        "ignoreOutliers": ignore_outliers,
        "useRunsTableGroupingInPanels": True,
    }
    if x_min is not None:
        data["xAxisMin"] = x_min
    if x_max is not None:
        data["xAxisMax"] = x_max
    return data


def _add_active_flags(data: JSONDict) -> None:
    data["smoothingActive"] = data["smoothingType"] != "none" or data["smoothingWeight"] != 0
    data["xAxisActive"] = data["xAxis"] != "_step" or "xAxisMin" in data or "xAxisMax" in data


def local_settings_to_wire(settings: SectionPanelSettings) -> JSONDict:
    data = _panel_settings_wire(
        settings.x_axis,
        settings.x_min,
        settings.x_max,
        settings.smoothing_type,
        settings.smoothing_weight,
        False,
    )
    _add_active_flags(data)
    return data


def _common_from_wire(data: JSONDict) -> JSONDict:
    fields: JSONDict = {
        "x_axis": to_frontend_name(data["xAxis"]) if isinstance(data.get("xAxis"), str) else "Step",
        "x_min": data.get("xAxisMin"),
        "x_max": data.get("xAxisMax"),
        "smoothing_type": data.get("smoothingType", "exponential"),
        "smoothing_weight": data.get("smoothingWeight", 0),
    }
    return fields


def local_settings_from_wire(data: Any) -> JSONDict:
    return _common_from_wire(data) if isinstance(data, dict) else {}


def settings_to_wire(settings: WorkspaceSettings, auto_generate_panels: Optional[bool]) -> JSONDict:
    """``section.settings`` (``panelBankConfig.settings`` is :func:`bank_settings_to_wire`)."""
    data = _panel_settings_wire(
        settings.x_axis,
        settings.x_min,
        settings.x_max,
        settings.smoothing_type,
        settings.smoothing_weight,
        settings.ignore_outliers,
    )
    if not settings.tooltip_color_run_names:
        data["colorRunNames"] = False
    data["maxRuns"] = settings.max_runs
    method = settings.point_visualization_method
    data["pointVisualizationMethod"] = _POINT_METHOD_TO_WIRE.get(method, "bucketing-gorilla")
    if settings.remove_legends_from_panels:
        data["suppressLegends"] = True
    tooltip = settings.tooltip_number_of_runs
    data["tooltipNumberOfRuns"] = (
        "default" if tooltip == "none" else _TOOLTIP_TO_WIRE.get(tooltip, tooltip)
    )
    if auto_generate_panels is not None:
        data["shouldAutoGeneratePanels"] = auto_generate_panels
    extras: JSONDict = {}
    if tooltip == "none":
        extras["tooltipNumberOfRuns"] = "none"
    if method in _POINT_DRAWING:
        extras["pointVisualizationMethod"] = method
    if extras:
        data[PANELBANK_KEY] = extras
    _add_active_flags(data)
    return data


def bank_settings_to_wire(settings: WorkspaceSettings) -> JSONDict:
    """``panelBankConfig.settings``."""
    return {
        "autoOrganizePrefix": 1 if settings.group_by_prefix == "first" else 2,
        "showEmptySections": False,
        "sortAlphabetically": settings.sort_panels_alphabetically,
    }


def settings_from_wire(data: Any, bank: Any) -> JSONDict:
    """WorkspaceSettings keywords from ``section.settings`` and ``panelBankConfig.settings``."""
    data = data if isinstance(data, dict) else {}
    bank = bank if isinstance(bank, dict) else {}
    fields = _common_from_wire(data)
    extras = data.get(PANELBANK_KEY) if isinstance(data.get(PANELBANK_KEY), dict) else {}
    method = data.get("pointVisualizationMethod")
    fields.update(
        {
            "ignore_outliers": data.get("ignoreOutliers", False),
            "sort_panels_alphabetically": bank.get("sortAlphabetically", False),
            "group_by_prefix": "first" if bank.get("autoOrganizePrefix", 2) == 1 else "last",
            # Read by value (the official package reads these two by presence).
            "remove_legends_from_panels": data.get("suppressLegends") is True,
            "tooltip_color_run_names": data.get("colorRunNames") is not False,
            "tooltip_number_of_runs": extras.get("tooltipNumberOfRuns")
            or data.get("tooltipNumberOfRuns")
            or "default",
            "max_runs": data.get("maxRuns") or 10,
            "point_visualization_method": extras.get("pointVisualizationMethod")
            or ("downsampling" if method == "sampling" else "bucketing"),
        }
    )
    return fields


def layout_to_wire(layout: SectionLayoutSettings) -> JSONDict:
    return {
        "snapToColumns": layout.layout == "standard",
        "columnsPerPage": layout.columns,
        "rowsPerPage": layout.rows,
        "gutterWidth": 16,
        "boxWidth": 460,
        "boxHeight": 300,
    }


def layout_from_wire(data: Any) -> JSONDict:
    if not isinstance(data, dict):
        return {}
    fields: JSONDict = {
        "columns": data.get("columnsPerPage", 3),
        "rows": data.get("rowsPerPage", 2),
    }
    if data.get("snapToColumns") is False:
        fields["layout"] = "custom"
    return fields
