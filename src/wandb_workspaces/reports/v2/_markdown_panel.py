"""``MarkdownPanel``: free text in a section (``Markdown Panel``)."""

from __future__ import annotations

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
    _STORED_AS_IS = {"value": "markdown"}  # a stored null is the default ""

    def _config(self) -> JSONDict:
        return {"value": self.markdown}
