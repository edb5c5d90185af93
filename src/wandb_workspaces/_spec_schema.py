"""The JSON Schema of the view spec as this library writes it (:func:`spec_json_schema`).

For tools that read specs: the panelbank viewer generates its TypeScript types and value
lists from it, so neither is typed a second time. Everything comes from the library:

* A panel's config keys are its class's table (``_CONFIG``, see
  ``reports/v2/_panel_config.py``); a key stored as is has its field's type, a converted
  one the return type of its converter, an item of a range the item's type. A converter
  without annotations (a lambda) gives ``{}``: any JSON value.
* Value lists (smoothing types, legend positions, ...) are the ``Literal`` types of the
  fields, each a named enum under ``$defs``. Where the wire spells a setting otherwise
  (``tooltipNumberOfRuns``, ``pointVisualizationMethod``, the ``panelbank`` extras), the
  list is what the library's writer makes of every value the user class accepts.
* Settings, sections and panels have no wire model in the library (their converters are
  functions), so their keys are listed here once, each with the field that gives its
  type; a test checks the list against what the converters write.

Every key is optional (the app may leave any out) and every object open to keys not
declared (the app writes more than the library models; a round trip keeps them).
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import TypeAdapter

from .reports import v2 as wr
from .reports.v2 import _shared
from .workspaces._settings import (
    PANELBANK_KEY,
    SectionLayoutSettings,
    SectionPanelSettings,
    WorkspaceSettings,
    settings_to_wire,
)

__all__ = ["spec_json_schema"]

JSONDict = dict[str, Any]
_NONE = type(None)
_UNIONS = (Union, types.UnionType)


def _optional(tp: Any) -> Any:
    """``Optional[T]`` -> ``T`` (a None value is never written: the key is left out)."""
    if get_origin(tp) in _UNIONS:
        args = [arg for arg in get_args(tp) if arg is not _NONE]
        return args[0] if len(args) == 1 else Union[tuple(args)]
    return tp


def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _vocabularies() -> list[tuple[str, Any]]:
    """The named value lists: (name, the Literal type the library declares)."""
    return [
        ("SmoothingType", _shared.SmoothingType),
        ("GroupAgg", _shared.GroupAgg),
        ("GroupArea", _shared.GroupArea),
        ("FontSize", _shared.FontSize),
        ("LegendPosition", _shared.LegendPosition),
        ("LineMark", _shared.LineMark),
        ("PointVisualizationMethod", _shared.PanelPointVisualization),
        ("PlotType", _optional(_hints(wr.LinePlot)["plot_type"])),
    ]


class _Builder:
    """Collects ``$defs`` while turning Python types into JSON Schema."""

    def __init__(self) -> None:
        self.defs: dict[str, JSONDict] = {}
        self.vocabularies: dict[tuple[Any, ...], str] = {}

    def vocabulary(self, name: str, values: tuple[Any, ...], description: str) -> JSONDict:
        self.defs[name] = {"title": name, "description": description, "enum": list(values)}
        self.vocabularies.setdefault(values, name)
        return {"$ref": f"#/$defs/{name}"}

    def values(self, values: tuple[Any, ...]) -> JSONDict:
        """A reference to the named vocabulary of these values, else an inline enum."""
        name = self.vocabularies.get(values)
        return {"$ref": f"#/$defs/{name}"} if name else {"enum": list(values)}

    def type(self, tp: Any) -> JSONDict:
        tp = _optional(tp)
        origin, args = get_origin(tp), get_args(tp)
        if origin is Literal:
            return self.values(args)
        if origin is list:
            return {"type": "array", "items": self.type(args[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type(args[1])}
        if origin in _UNIONS:
            return {"anyOf": [self.type(arg) for arg in args]}
        if tp is Any:
            return {}
        schema: JSONDict = TypeAdapter(tp).json_schema()
        return schema

    def obj(self, name: str, description: str, properties: dict[str, JSONDict]) -> JSONDict:
        self.defs[name] = {
            "title": name,
            "description": description,
            "type": "object",
            "properties": properties,
        }
        return {"$ref": f"#/$defs/{name}"}


def _written(field: str, key: str, extras: bool = False) -> tuple[Any, ...]:
    """The values ``settings_to_wire`` writes at ``key`` for each value of ``field``."""
    values: list[Any] = []
    for value in get_args(_hints(WorkspaceSettings)[field]):
        wire = settings_to_wire(WorkspaceSettings(**{field: value}), None)
        source = wire.get(PANELBANK_KEY, {}) if extras else wire
        if key in source and source[key] not in values:
            values.append(source[key])
    return tuple(values)


def _config_key_type(entry: Any, hints: dict[str, Any]) -> Any:
    """The type of the value a panel's config key holds (see the module docstring)."""
    if entry.write is not None:
        # a remembering converter (a bound ``one`` of reports.v2._families._NameCache) is
        # described by the function it remembers
        write = getattr(getattr(entry.write, "__self__", None), "convert", entry.write)
        written = getattr(write, "__annotations__", {})
        return get_type_hints(write).get("return", Any) if written else Any
    field_type = _optional(hints[entry.field])
    if entry.item is not None:
        return get_args(field_type)[entry.item]
    return field_type


def _panel_classes() -> list[type]:
    classes = [getattr(wr, name) for name in wr.__all__]
    return [c for c in classes if isinstance(c, type) and issubclass(c, wr.Panel)]


def _panels(b: _Builder) -> tuple[JSONDict, JSONDict]:
    """The panel view types (an enum) and each table-declared panel's config."""
    view_types: list[str] = []
    configs: dict[str, JSONDict] = {}
    for cls in _panel_classes():
        view_type: str = getattr(cls, "VIEW_TYPE", "")
        if not view_type or view_type in view_types:
            continue
        view_types.append(view_type)
        table = cls.__dict__.get("_CONFIG")
        if not table:
            continue
        hints = _hints(cls)
        properties = {entry.key: b.type(_config_key_type(entry, hints)) for entry in table}
        description = f"The config of a {view_type!r} panel (wr.{cls.__name__})."
        configs[view_type] = b.obj(f"{cls.__name__}Config", description, properties)
    kinds = b.vocabulary(
        "PanelViewType", tuple(view_types), "The viewType of each panel class of reports.v2."
    )
    by_type = b.obj(
        "PanelConfigs",
        "The config of each panel type whose keys the library declares, by viewType "
        "(a map for typing, not a key of the spec).",
        configs,
    )
    return kinds, by_type


def _settings(b: _Builder) -> tuple[JSONDict, JSONDict, JSONDict, JSONDict]:
    """section.settings, a section's localPanelSettings, flowConfig, panelBankConfig.settings."""
    ws, local, flow = (
        _hints(WorkspaceSettings),
        _hints(SectionPanelSettings),
        _hints(SectionLayoutSettings),
    )
    tooltip = b.vocabulary(
        "TooltipNumberOfRuns",
        _written("tooltip_number_of_runs", "tooltipNumberOfRuns"),
        "section.settings.tooltipNumberOfRuns, as the W&B app spells it.",
    )
    drawing = b.vocabulary(
        "PointDrawing",
        _written("point_visualization_method", "pointVisualizationMethod", extras=True),
        "How lines are drawn (panelbank only): section.settings.panelbank."
        "pointVisualizationMethod.",
    )
    extra_tooltip = b.vocabulary(
        "PanelbankTooltip",
        _written("tooltip_number_of_runs", "tooltipNumberOfRuns", extras=True),
        "section.settings.panelbank.tooltipNumberOfRuns: tooltip values the app has no key for.",
    )
    panelbank = b.obj(
        "PanelbankSettingsSpec",
        f"section.settings.{PANELBANK_KEY}: settings the W&B app has no key for.",
        {"tooltipNumberOfRuns": extra_tooltip, "pointVisualizationMethod": drawing},
    )
    common = {
        "smoothingWeight": b.type(local["smoothing_weight"]),
        "smoothingType": b.type(local["smoothing_type"]),
        "xAxis": {"type": "string"},
        "xAxisMin": b.type(local["x_min"]),
        "xAxisMax": b.type(local["x_max"]),
        "ignoreOutliers": b.type(ws["ignore_outliers"]),
        "useRunsTableGroupingInPanels": {"type": "boolean"},
        "smoothingActive": {"type": "boolean"},
        "xAxisActive": {"type": "boolean"},
    }
    section_settings = b.obj(
        "SectionPanelSettingsSpec",
        "A section's localPanelSettings (ws.SectionPanelSettings).",
        dict(common),
    )
    workspace_settings = b.obj(
        "WorkspaceSettingsSpec",
        "section.settings: the line plot settings of the workspace (ws.WorkspaceSettings).",
        {
            **common,
            "colorRunNames": b.type(ws["tooltip_color_run_names"]),
            "maxRuns": b.type(ws["max_runs"]),
            "pointVisualizationMethod": b.values(
                _written("point_visualization_method", "pointVisualizationMethod")
            ),
            "suppressLegends": b.type(ws["remove_legends_from_panels"]),
            "tooltipNumberOfRuns": tooltip,
            "shouldAutoGeneratePanels": {"type": "boolean"},
            PANELBANK_KEY: panelbank,
        },
    )
    flow_config = b.obj(
        "FlowConfigSpec",
        "A section's flowConfig (ws.SectionLayoutSettings): snapToColumns false is the "
        "custom layout.",
        {
            "snapToColumns": {"type": "boolean"},
            "columnsPerPage": b.type(flow["columns"]),
            "rowsPerPage": b.type(flow["rows"]),
            "gutterWidth": {"type": "integer"},
            "boxWidth": {"type": "integer"},
            "boxHeight": {"type": "integer"},
        },
    )
    bank = b.obj(
        "PanelBankSettingsSpec",
        "panelBankConfig.settings (from ws.WorkspaceSettings).",
        {
            "autoOrganizePrefix": {"enum": [1, 2]},
            "showEmptySections": {"type": "boolean"},
            "sortAlphabetically": b.type(ws["sort_panels_alphabetically"]),
        },
    )
    return workspace_settings, section_settings, flow_config, bank


def _layout(b: _Builder) -> JSONDict:
    hints = _hints(wr.Layout)
    fields = {f.name: b.type(hints[f.name]) for f in dataclasses.fields(wr.Layout)}
    return b.obj("LayoutSpec", "Where a panel sits on the 24-column grid (wr.Layout).", fields)


def spec_json_schema() -> JSONDict:
    """The JSON Schema (2020-12) of the view spec this library writes.

    The document describes the whole spec (``ViewSpec``); ``$defs`` name its parts
    (``SectionSpec``, ``PanelSpec``, ``WorkspaceSettingsSpec``, ...), each panel type's
    config (``LinePlotConfig``, ...) and the value lists as enums (``SmoothingType``,
    ``LegendPosition``, ...). Every key is optional and every object open.

    >>> from wandb_workspaces.workspaces.internal import spec_json_schema
    >>> spec_json_schema()["$defs"]["SmoothingType"]["enum"][:2]
    ['exponentialTimeWeighted', 'exponential']
    """
    b = _Builder()
    for name, vocabulary in _vocabularies():
        b.vocabulary(name, get_args(vocabulary), f"The {name} values the library accepts.")
    kinds, _ = _panels(b)
    workspace_settings, section_settings, flow_config, bank = _settings(b)
    panel = b.obj(
        "PanelSpec",
        "A panel in a section's panels.",
        {
            "__id__": {"type": "string"},
            "layout": _layout(b),
            "isAuto": {"type": "boolean"},
            "viewType": {"anyOf": [kinds, {"type": "string"}]},
            "config": {"type": "object"},
        },
    )
    section = b.obj(
        "SectionSpec",
        "A section (ws.Section): panelBankConfig.sections[].",
        {
            "__id__": {"type": "string"},
            "name": {"type": "string"},
            "isOpen": {"type": "boolean"},
            "type": {"type": "string"},
            "flowConfig": flow_config,
            "sorted": {"type": "integer"},
            "localPanelSettings": section_settings,
            "panels": {"type": "array", "items": panel},
            "pinned": {"type": "boolean"},
        },
    )
    panel_bank = b.obj(
        "PanelBankConfigSpec",
        "section.panelBankConfig: the sections and how they are organised.",
        {
            "state": {"type": "integer"},
            "settings": bank,
            "sections": {"type": "array", "items": section},
        },
    )
    workspace = b.obj(
        "WorkspaceSpec",
        "The spec's section: the workspace (ws.Workspace).",
        {
            "panelBankConfig": panel_bank,
            "panelBankSectionConfig": {"type": "object"},
            "customRunColors": {"type": "object"},
            "name": {"type": "string"},
            "runSets": {"type": "array", "items": {"type": "object"}},
            "settings": workspace_settings,
            "openRunSet": {"type": "integer"},
            "openViz": {"type": "boolean"},
        },
    )
    b.obj(
        "ViewSpec",
        "The JSON object the W&B app stores as a workspace view's spec.",
        {
            "section": workspace,
            "vizExpanded": {"type": "boolean"},
            "libraryExpanded": {"type": "boolean"},
        },
    )
    root = b.defs.pop("ViewSpec")  # the document itself
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": b.defs}
