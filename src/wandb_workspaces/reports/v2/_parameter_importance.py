"""``ParameterImportancePlot``: which config keys predict a metric (``Parameter Importance``)."""

from __future__ import annotations

from typing import Any

from ..._validation import model
from ._panel import JSONDict, Panel, register_panel

__all__ = ["ParameterImportancePlot"]


@register_panel("Parameter Importance")
@model
class ParameterImportancePlot(Panel):
    """The importance of each hyperparameter with respect to a metric.

    Example::

        wr.ParameterImportancePlot(with_respect_to="val_loss")
    """

    with_respect_to: str = ""

    VIEW_TYPE = "Parameter Importance"

    def _config(self) -> JSONDict:
        # The table state keys are written with the app's defaults so a new panel
        # opens with an empty, unpinned table, as the official package does.
        return {
            "targetKey": self.with_respect_to,
            "columnsPinned": {},
            "columnWidths": {},
            "columnOrder": [],
            "pageSize": 10,
            "onlyShowSelected": False,
        }

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        return {"with_respect_to": config["targetKey"]} if "targetKey" in config else {}
