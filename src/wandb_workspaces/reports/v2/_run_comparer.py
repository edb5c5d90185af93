"""``RunComparer``: a table comparing the config and summary of runs (``Run Comparer``)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from ..._validation import model
from ._panel import JSONDict, Panel, register_panel
from ._shared import put

__all__ = ["RunComparer"]


@register_panel("Run Comparer")
@model
class RunComparer(Panel):
    """Compare runs key by key; ``diff_only`` shows only the keys whose values differ.

    Example::

        wr.RunComparer(diff_only="split")
    """

    diff_only: Optional[Literal["split", True]] = None

    VIEW_TYPE = "Run Comparer"

    def _config(self) -> JSONDict:
        config: JSONDict = {}
        put(config, "diffOnly", self.diff_only)
        return config

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        # The app stores ``false`` for "show all keys", which the API spells None; the
        # stored value is written back unchanged unless diff_only is edited.
        value = config.get("diffOnly")
        return {"diff_only": None if value is False else value}
