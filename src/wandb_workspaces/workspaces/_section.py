"""``Section``: a named, collapsible group of panels (``panelBankConfig.sections[]``)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from .._fast_init import default_factory
from .._pristine import remember, spec
from .._roundtrip import as_list, copy_json
from .._validation import model
from ..errors import SpecValidationError

# From the module, not the package: the report modules of reports.v2 import the
# workspace run set functions, so the package may still be loading here.
from ..reports.v2._panel import Panel, load_panels
from ._lenient import build
from ._settings import (
    SectionLayoutSettings,
    SectionPanelSettings,
    layout_from_wire,
    layout_to_wire,
    local_settings_from_wire,
    local_settings_to_wire,
)

__all__ = ["Section"]

JSONDict = dict[str, Any]


@model
class Section:
    """A section of the workspace; panels are ordered, the first one top-left.

    >>> import wandb_workspaces.reports.v2 as wr
    >>> section = Section(name="Validation", panels=[wr.LinePlot(y=["val_loss"])], is_open=True)
    >>> section.to_spec()["name"]
    'Validation'
    """

    name: str
    panels: list[Panel] = Field(default_factory=list)
    is_open: bool = False
    pinned: bool = False
    # Their defaults are built without argument handling (sections are built by the dozen).
    layout_settings: SectionLayoutSettings = Field(
        default_factory=default_factory(SectionLayoutSettings)
    )
    panel_settings: SectionPanelSettings = Field(
        default_factory=default_factory(SectionPanelSettings)
    )

    # A loaded section tells its edits apart as panels do (see _pristine); a workspace's
    # list of sections is copied in its pristine state, the sections are not.
    _TRACKS_EDITS: ClassVar[bool] = True

    def __post_init__(self) -> None:
        self._id: str | None
        self._raw: JSONDict | None
        self._pristine: tuple[Any, ...] | None
        self._loaded: JSONDict | None
        # One update, not a setattr (through the validating __setattr__) per name.
        self.__dict__.update(_id=None, _raw=None, _pristine=None, _loaded=None)

    def _wire(self, *, as_loaded: bool = False) -> JSONDict:
        """The section's JSON from its fields alone.

        ``as_loaded``: right after loading, panels are known to be unchanged, so their
        loaded JSON stands in for writing each of them again.
        """
        data: JSONDict = {"__id__": self._id} if self._id else {}
        data["name"] = self.name
        data["isOpen"] = self.is_open
        data["type"] = "flow"
        data["flowConfig"] = layout_to_wire(self.layout_settings)
        data["sorted"] = 0
        data["localPanelSettings"] = local_settings_to_wire(self.panel_settings)
        data["panels"] = [
            panel._raw if as_loaded and panel._raw is not None else panel._spec()
            for panel in self.panels
        ]
        data["pinned"] = self.pinned
        return data

    def to_spec(self) -> JSONDict:
        """The section's JSON as the W&B app stores it."""
        spec = self._spec()
        return copy_json(spec) if self._shares_loaded_json() else spec

    def _shares_loaded_json(self) -> bool:
        return self._raw is not None or any(panel._raw is not None for panel in self.panels)

    def _spec(self) -> JSONDict:
        """Like :meth:`to_spec`, but may share subtrees with the loaded JSON (no copy)."""
        return self._wire() if self._raw is None else spec(self)

    @classmethod
    def from_spec(cls, data: Any) -> Section:
        """Load a section from its JSON, keeping every key for a lossless write-back."""
        return cls._load(copy_json(data), "section")

    @classmethod
    def _load(cls, data: Any, where: str) -> Section:
        """:meth:`from_spec` for JSON the caller owns (kept without a copy)."""
        if not isinstance(data, dict):
            raise SpecValidationError(
                f"invalid {where}: a section must be a JSON object, got {type(data).__name__}"
            )
        panels = as_list(data.get("panels"))
        name = data.get("name")
        section = build(
            cls,
            {
                "name": name if isinstance(name, str) else "",
                "panels": load_panels(panels),
                "is_open": data.get("isOpen") is True,
                "pinned": data.get("pinned") is True,
                "layout_settings": build(
                    SectionLayoutSettings, layout_from_wire(data.get("flowConfig")), where
                ),
                "panel_settings": build(
                    SectionPanelSettings,
                    local_settings_from_wire(data.get("localPanelSettings")),
                    where,
                ),
            },
            where,
        )
        section_id = data.get("__id__")
        section.__dict__["_id"] = section_id if isinstance(section_id, str) else None
        remember(section, data)
        return section
