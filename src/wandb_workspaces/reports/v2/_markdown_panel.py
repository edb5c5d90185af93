"""``MarkdownPanel``: free text in a section (``Markdown Panel``)."""

from __future__ import annotations

from ..._validation import model
from ._panel import Panel, register_panel
from ._panel_config import config_keys

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
    _CONFIG = config_keys(("value", "markdown"))  # a stored null is the default ""
