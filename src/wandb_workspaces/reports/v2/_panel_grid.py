"""``PanelGrid``: panels over one or more run sets, as a report block (``panel-grid``).

The grid's panels are the panel classes workspaces use (``wr.LinePlot``...). Its
``customRunColors`` merge each run set's run colours and the grid's own, where a
``RunsetGroup`` key names a group of runs as ``<runset id>-<key>:<value>-...``. What a
grid holds beyond that (its panel-bank sections and settings, panel overrides) is kept
from the stored JSON.
"""

from __future__ import annotations

from typing import Annotated, Any, Optional, Union

from pydantic import AfterValidator, Field

from ..._roundtrip import as_dict, as_list
from ..._validation import model
from ...errors import SpecValidationError
from ...workspaces._runset import stored_run_settings
from ._blocks import Block, JSONDict, register
from ._panel import Panel, UnknownPanel, load_panels
from ._report_runset import (
    Runset,
    RunsetGroup,
    RunsetGroupKey,
    group_key_from_wire,
    group_key_to_wire,
)
from ._shared import dig

__all__ = ["PanelGrid"]

GRID_COLUMNS = 24


def _flow_config() -> JSONDict:
    return {
        "snapToColumns": True,
        "columnsPerPage": 3,
        "rowsPerPage": 2,
        "gutterWidth": 16,
        "boxWidth": 460,
        "boxHeight": 300,
    }


def _local_panel_settings() -> JSONDict:
    return {
        "smoothingWeight": 0,
        "smoothingType": "exponential",
        "xAxis": "_step",
        "ignoreOutliers": False,
        "useRunsTableGroupingInPanels": True,
        "smoothingActive": True,
        "xAxisActive": False,
    }


def _panel_bank_config() -> JSONDict:
    hidden = {
        "name": "Hidden Panels",
        "isOpen": False,
        "type": "flow",
        "flowConfig": _flow_config(),
        "sorted": 0,
        "localPanelSettings": _local_panel_settings(),
        "panels": [],
    }
    settings = {"autoOrganizePrefix": 2, "showEmptySections": False, "sortAlphabetically": False}
    return {"state": 0, "settings": settings, "sections": [hidden]}


def _collides(a: list[int], b: list[int]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return not (ax + aw <= bx or ax >= bx + bw or ay + ah <= by or ay >= by + bh)


def _place(panels: list[Panel]) -> list[Panel]:
    """Move each panel that overlaps an earlier one right of it, or below when no room.

    As the official client does, pair by pair in order; the positions are worked out on
    plain numbers and each moved panel's layout is set once.
    """
    placed = [panel for panel in panels if not isinstance(panel, UnknownPanel)]
    boxes = [[p.layout.x, p.layout.y, p.layout.w, p.layout.h] for p in placed]
    for index, a in enumerate(boxes):
        for offset, b in enumerate(boxes[index + 1 :], start=index + 1):
            same = placed[offset]._id is not None and placed[offset]._id == placed[index]._id
            if same or not _collides(a, b):
                continue
            shift_x = a[0] + a[2] - b[0]
            if b[0] + b[2] + shift_x <= GRID_COLUMNS:
                b[0] += shift_x
            else:
                b[1] += a[1] + a[3] - b[1]
                b[0] = 0
    for panel, (x, y, _, _) in zip(placed, boxes, strict=True):
        layout = panel.layout
        if layout.x != x:
            layout.x = x
        if layout.y != y:
            layout.y = y
    return panels


def _not_empty(runsets: list[Runset]) -> list[Runset]:
    if not runsets:
        raise ValueError("a panel grid needs at least one run set (runsets=[wr.Runset(...)])")
    return runsets


@model
class PanelGrid(Block):
    """Panels over run sets: ``wr.PanelGrid(runsets=[wr.Runset(entity, project)], panels=[...])``.

    Overlapping panel layouts are moved apart (right of the earlier panel, else below).
    """

    runsets: Annotated[list[Runset], AfterValidator(_not_empty)] = Field(
        default_factory=lambda: [Runset()]
    )
    hide_run_sets: bool = False
    panels: Annotated[list[Panel], AfterValidator(_place)] = Field(default_factory=list)
    active_runset: Optional[int] = 0
    custom_run_colors: dict[Union[str, RunsetGroup], Union[str, dict[str, Any]]] = Field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        self.__dict__.setdefault("_project_ids", {})
        self.__dict__.setdefault("_open_viz", True)

    def _shares_loaded_json(self) -> bool:
        return any(panel._raw is not None for panel in self.panels) or any(
            runset._raw is not None for runset in self.runsets
        )

    def _colors(self) -> JSONDict:
        merged: dict[Any, Any] = {}
        for runset in self.runsets:
            for run_id, settings in runset.run_settings.items():
                if settings.color:
                    merged[run_id] = settings.color
            merged.update(runset.custom_run_colors)
        merged.update(self.custom_run_colors)
        colors: JSONDict = {}
        for key, color in merged.items():
            if isinstance(key, RunsetGroup):
                named = [rs for rs in self.runsets if rs.name == key.runset_name]
                if not named:
                    continue  # as the official client: a group of no run set is dropped
                parts = [f"{group_key_to_wire(part.key)}:{part.value}" for part in key.keys]
                key = f"{named[0]._id}-{'-'.join(parts)}"
            colors[key] = color
        return colors

    def _wire(self) -> JSONDict:
        ids: dict[tuple[str, str], str] = self.__dict__["_project_ids"]
        metadata: JSONDict = {
            "openViz": self.__dict__["_open_viz"],
            # The official client always opens the first run set (active_runset is not written).
            "openRunSet": 0,
            "name": "unused-name",
            "runSets": [rs._spec(ids.get((rs.entity, rs.project))) for rs in self.runsets],
            "hideRunSets": self.hide_run_sets,
            "panels": {
                "views": {"0": {"name": "Panels", "defaults": [], "config": []}},
                "tabs": ["0"],
            },
            "panelBankConfig": _panel_bank_config(),
            "panelBankSectionConfig": {
                "name": "Report Panels",
                "isOpen": False,
                # may share the loaded panels' stored JSON; to_spec copies it then
                "panels": [panel._spec() for panel in self.panels],
                "type": "grid",
                "flowConfig": _flow_config(),
                "sorted": 0,
                "localPanelSettings": _local_panel_settings(),
            },
            "customRunColors": self._colors(),
        }
        return {"type": "panel-grid", "children": [{"text": ""}], "metadata": metadata}


def _colors_from_wire(colors: JSONDict, runsets: list[Runset]) -> dict[Any, Any]:
    found: dict[Any, Any] = {}
    by_id = {runset._id: runset for runset in runsets}
    for key, color in colors.items():
        runset_id, *parts = key.split("-")
        runset = by_id.get(runset_id)
        if parts and runset is not None and all(":" in part for part in parts):
            keys = []
            for part in parts:
                name, value = part.rsplit(":", 1)
                keys.append(RunsetGroupKey(group_key_from_wire(name), value))
            found[RunsetGroup(runset.name, tuple(keys))] = color
        else:
            found[key] = color
    return found


@register("panel-grid")
def _load_grid(data: JSONDict) -> Block | None:
    metadata = data["metadata"]
    if not isinstance(metadata, dict):
        raise SpecValidationError("panel-grid: 'metadata' must be an object")
    stored = as_list(metadata.get("runSets"))
    runsets = [Runset._load(item) for item in stored if isinstance(item, dict)]
    colors = _colors_from_wire(as_dict(metadata.get("customRunColors")), runsets)
    grid_colors: dict[Any, Any] = {}
    for key, color in colors.items():
        owner = None
        if isinstance(key, str):
            owner = next((rs for rs in runsets if key in rs.run_settings), None)
        if owner is not None and isinstance(color, str):
            disabled = owner.run_settings[key].disabled
            owner.run_settings[key] = stored_run_settings(color, disabled)
        else:
            grid_colors[key] = color
    for runset in runsets:
        runset._remember()
    section = as_dict(metadata.get("panelBankSectionConfig"))
    open_run_set = metadata.get("openRunSet", 0)
    grid = PanelGrid(
        runsets=runsets,
        hide_run_sets=metadata.get("hideRunSets") is True,
        panels=load_panels(as_list(section.get("panels"))),
        active_runset=open_run_set if isinstance(open_run_set, int) else 0,
        custom_run_colors=grid_colors,
    )
    grid.__dict__["_open_viz"] = metadata.get("openViz", True)
    ids = grid.__dict__["_project_ids"]
    for runset in runsets:
        stored_id = dig(runset._raw, "project", "id")
        if isinstance(stored_id, str):
            ids.setdefault((runset.entity, runset.project), stored_id)
    return grid
