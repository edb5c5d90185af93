"""Lists: ``UnorderedList``, ``OrderedList``, ``CheckedList`` and their items."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..._validation import model
from ._blocks import Block, JSONDict, register
from ._inline import TextLikeField, text_from_wire, text_to_wire

__all__ = [
    "CheckedList",
    "CheckedListItem",
    "List",
    "ListItem",
    "OrderedList",
    "OrderedListItem",
    "UnorderedList",
    "UnorderedListItem",
]


def _item(text: Any, **flags: Any) -> JSONDict:
    paragraph = {"type": "paragraph", "children": text_to_wire(text)}
    return {"type": "list-item", "children": [paragraph], **flags}


@model
class ListItem:
    """Base of the list items (as in the official package, not used on its own)."""


@model
class CheckedListItem(ListItem):
    """An item of a ``CheckedList``: ``wr.CheckedListItem("done", checked=True)``."""

    text: TextLikeField = ""
    checked: bool = False


@model
class OrderedListItem(ListItem):
    """An item of an ``OrderedList`` (its ``items`` may also be plain text)."""

    text: TextLikeField = ""


@model
class UnorderedListItem(ListItem):
    """An item of an ``UnorderedList`` (its ``items`` may also be plain text)."""

    text: TextLikeField = ""


def _one_empty_item() -> list[TextLikeField]:
    return [""]


def _text(item: Any) -> Any:
    return item.text if isinstance(item, (OrderedListItem, UnorderedListItem)) else item


@model
class List(Block):
    """Base of the list blocks."""


@model
class CheckedList(List):
    """A checklist: ``wr.CheckedList([wr.CheckedListItem("done", checked=True)])``."""

    items: list[CheckedListItem] = Field(default_factory=lambda: [CheckedListItem()])

    def _wire(self) -> JSONDict:
        children = [_item(item.text, checked=item.checked) for item in self.items]
        return {"type": "list", "children": children}


@model
class OrderedList(List):
    """A numbered list: ``wr.OrderedList(["first", "second"])``."""

    items: list[TextLikeField] = Field(default_factory=_one_empty_item)

    def _wire(self) -> JSONDict:
        children = [_item(_text(item), ordered=True) for item in self.items]
        return {"type": "list", "children": children, "ordered": True}


@model
class UnorderedList(List):
    """A bulleted list: ``wr.UnorderedList(["alpha", "beta"])``."""

    items: list[TextLikeField] = Field(default_factory=_one_empty_item)

    def _wire(self) -> JSONDict:
        return {"type": "list", "children": [_item(_text(item)) for item in self.items]}


def _item_text(item: Any) -> Any:
    """The text of a list item holding one paragraph (else a ValueError: kept as unknown)."""
    children = item["children"]
    if item.get("type") != "list-item" or len(children) != 1:
        raise ValueError("a list item holds more than one paragraph")
    paragraph = children[0]
    if paragraph.get("type") != "paragraph":
        raise ValueError("a list item holds something other than a paragraph")
    return text_from_wire(paragraph.get("children"))


@register("list")
def _load_list(data: JSONDict) -> Block | None:
    items = data["children"]
    texts = [_item_text(item) for item in items]
    if not items:
        return UnorderedList(items=[])
    if items[0].get("checked") is not None:
        checked = [
            CheckedListItem(text, checked=item.get("checked") is True)
            for text, item in zip(texts, items, strict=True)
        ]
        return CheckedList(items=checked)
    if items[0].get("ordered") is not None or data.get("ordered") is not None:
        return OrderedList(items=texts)
    return UnorderedList(items=texts)
