"""``MediaBrowser``: logged images, video and audio of runs (``Media Browser``)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from ..._validation import model
from ...errors import SpecValidationError
from ._panel import JSONDict, Panel, register_panel
from ._shared import dig, put

__all__ = ["MediaBrowser"]

MediaAxis = Literal["step", "index", "run"]


@register_panel("Media Browser")
@model
class MediaBrowser(Panel):
    """Browse media logged under ``media_keys``, as a gallery or a grid.

    Example::

        wr.MediaBrowser(media_keys=["samples"], gallery_axis="step", num_columns=4)

    When ``mode`` is not given it follows the axes: ``"gallery"`` if ``gallery_axis`` is
    set, else ``"grid"`` if a grid axis is. Setting both kinds of axis requires ``mode``.
    """

    title: Optional[str] = None
    num_columns: Optional[int] = None
    media_keys: list[str] = Field(default_factory=list)
    mode: Optional[Literal["gallery", "grid"]] = None
    gallery_axis: Optional[MediaAxis] = None
    grid_x_axis: Optional[MediaAxis] = None
    grid_y_axis: Optional[MediaAxis] = None

    VIEW_TYPE = "Media Browser"

    def _mode(self) -> Optional[str]:
        has_grid = self.grid_x_axis is not None or self.grid_y_axis is not None
        if self.mode is not None:
            return self.mode
        if self.gallery_axis is not None and has_grid:
            # Raised when written, not when built, so attributes may be set in any order.
            raise SpecValidationError(
                "Must specify 'mode' for a MediaBrowser with both a gallery and a grid axis",
                [("MediaBrowser.mode", "set mode='gallery' or mode='grid' to say which one shows")],
            )
        if self.gallery_axis is not None:
            return "gallery"
        return "grid" if has_grid else None

    def _config(self) -> JSONDict:
        config: JSONDict = {}
        put(config, "chartTitle", self.title)
        put(config, "columnCount", self.num_columns)
        config["mediaKeys"] = list(self.media_keys)
        put(config, "mode", self._mode())
        if self.gallery_axis is not None:
            config["gallerySettings"] = {"axis": self.gallery_axis}
        grid: JSONDict = {}
        put(grid, "xAxis", self.grid_x_axis)
        put(grid, "yAxis", self.grid_y_axis)
        if grid:
            config["gridSettings"] = grid
        return config

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        fields = {
            "title": config.get("chartTitle"),
            "num_columns": config.get("columnCount"),
            "media_keys": config.get("mediaKeys") or [],
            "mode": config.get("mode"),
            "gallery_axis": dig(config, "gallerySettings", "axis"),
            "grid_x_axis": dig(config, "gridSettings", "xAxis"),
            "grid_y_axis": dig(config, "gridSettings", "yAxis"),
        }
        has_grid = fields["grid_x_axis"] is not None or fields["grid_y_axis"] is not None
        if fields["mode"] is None and fields["gallery_axis"] is not None and has_grid:
            # Stored JSON cannot say which view wins; assume the gallery so the panel
            # loads. The stored config (without a mode) is still written back as it was.
            fields["mode"] = "gallery"
        return fields
