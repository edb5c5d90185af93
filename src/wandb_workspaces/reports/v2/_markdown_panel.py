"""``MarkdownPanel``: free text in a section (``Markdown Panel``)."""

from __future__ import annotations

from typing import Any

from ..._validation import model
from ._panel import JSONDict, Panel, register_panel

__all__ = ["MarkdownPanel"]


@register_panel("Markdown Panel")
@model
class MarkdownPanel(Panel):
    """A panel of Markdown text.

    Example::

        wr.MarkdownPanel(markdown="# Notes\\nThe baseline is run `abc123`.")
    """

    markdown: str = ""

    VIEW_TYPE = "Markdown Panel"

    def _config(self) -> JSONDict:
        return {"value": self.markdown}

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        value = config.get("value")
        return {"markdown": "" if value is None else value}
