"""The block classes, where the official package also has them (``wr.blocks``)."""

from __future__ import annotations

from .interface import (
    H1,
    H2,
    H3,
    BlockQuote,
    CalloutBlock,
    CheckedList,
    CheckedListItem,
    CodeBlock,
    Gallery,
    HorizontalRule,
    Image,
    LatexBlock,
    MarkdownBlock,
    OrderedList,
    OrderedListItem,
    P,
    PanelGrid,
    TableOfContents,
    UnorderedList,
    UnorderedListItem,
    Video,
    WeaveBlockArtifact,
    WeaveBlockArtifactVersionedFile,
    WeaveBlockSummaryTable,
)

__all__ = [
    "H1", "H2", "H3", "BlockQuote", "CalloutBlock", "CheckedList", "CheckedListItem",
    "CodeBlock", "Gallery", "HorizontalRule", "Image", "LatexBlock", "MarkdownBlock",
    "OrderedList", "OrderedListItem", "P", "PanelGrid", "TableOfContents", "UnorderedList",
    "UnorderedListItem", "Video", "WeaveBlockArtifact", "WeaveBlockArtifactVersionedFile",
    "WeaveBlockSummaryTable",
]  # fmt: skip
