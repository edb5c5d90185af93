"""``CodeComparer``: a diff of the code of two runs (``Code Comparer``)."""

from __future__ import annotations

from typing import Any, Literal

from ..._validation import model
from ._panel import JSONDict, Panel, register_panel

__all__ = ["CodeComparer"]


@register_panel("Code Comparer")
@model
class CodeComparer(Panel):
    """Compare the code of runs side by side (``"split"``) or inline (``"unified"``).

    Example::

        wr.CodeComparer(diff="unified")
    """

    diff: Literal["split", "unified"] = "split"

    VIEW_TYPE = "Code Comparer"

    def _config(self) -> JSONDict:
        return {"diff": self.diff}

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        return {"diff": config["diff"]} if "diff" in config else {}
