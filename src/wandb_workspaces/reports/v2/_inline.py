"""Rich text inside blocks: ``Link``, ``InlineCode``, ``InlineLatex``, ``TextWithInlineComments``.

A block's text (``P.text``, a heading's, a list item's...) is a string, one of these
objects, or a list mixing them. On the wire it is a list of Slate nodes: text leaves
``{"text": ...}`` (``"inlineCode": true`` for code), links ``{"type": "link", ...}`` and
inline LaTeX ``{"type": "latex", ...}``.

What the app writes beyond that is kept on the object it belongs to and written back:
marks on a leaf (``bold``, ``italic``, ``strikethrough``, ``underline``, colours, inline
comment anchors ``inlineComment_<id>``) make a plain leaf a ``TextWithInlineComments``
(still a piece of text), and an inline node of a type we do not model is kept verbatim.
"""

from __future__ import annotations

from typing import Any, ClassVar, Union

from ..._roundtrip import copy_json
from ..._validation import model

__all__ = [
    "InlineCode",
    "InlineLatex",
    "Link",
    "TextLike",
    "TextLikeField",
    "TextWithInlineComments",
    "text_from_wire",
    "text_to_wire",
]

JSONDict = dict[str, Any]

# The keys a text leaf's fields write; any other key of a leaf is kept as a mark.
_LEAF_KEYS = frozenset({"text", "inlineCode"})


class _Inline:
    """Private state of inline objects: the leaf keys (marks) we do not model."""

    _PRIVATE_STATE: ClassVar[JSONDict] = {"_extra": None, "_verbatim": None}

    def __post_init__(self) -> None:
        self._extra: JSONDict | None
        self._verbatim: JSONDict | None
        state = self.__dict__
        if "_extra" not in state:
            state.update(self._PRIVATE_STATE)

    def _leaf(self, text: str, **flags: Any) -> JSONDict:
        data: JSONDict = {"text": text, **flags}
        if self._extra:
            data.update(copy_json(self._extra))
        return data


@model
class TextWithInlineComments(_Inline):
    """A piece of text that carries more than its characters: inline comments or marks.

    Loading a report gives one for each text leaf with marks (bold, italic, colours...)
    or comment anchors, so they are written back; ``text`` can be edited freely.
    """

    text: str

    def _wire(self) -> JSONDict:
        verbatim = self._verbatim
        if verbatim is not None:  # an inline node of a type we do not model
            data: JSONDict = copy_json(verbatim)
            if self.text != verbatim.get("text", ""):
                data["text"] = self.text
            return data
        return self._leaf(self.text)


@model
class Link(_Inline):
    """A link inside text: ``wr.P(["See ", wr.Link("the docs", url="https://docs.wandb.ai")])``."""

    text: Union[str, TextWithInlineComments]
    url: str

    def _wire(self) -> JSONDict:
        text = self.text
        child = {"text": text} if isinstance(text, str) else text._wire()
        data: JSONDict = {"type": "link", "url": self.url, "children": [child]}
        if self._extra:
            data.update(copy_json(self._extra))
            more = data.pop("_children", None)
            if more:
                data["children"] = [child, *more]
        return data


@model
class InlineLatex(_Inline):
    """LaTeX inside text: ``wr.P(["Euler: ", wr.InlineLatex("e^{i\\\\pi}+1=0")])``."""

    text: str

    def _wire(self) -> JSONDict:
        data: JSONDict = {"type": "latex", "children": [{"text": ""}], "content": self.text}
        if self._extra:
            data.update(copy_json(self._extra))
        return data


@model
class InlineCode(_Inline):
    """Code inside text, shown in a monospace font: ``wr.InlineCode("wandb.init()")``."""

    text: str

    def _wire(self) -> JSONDict:
        return self._leaf(self.text, inlineCode=True)


TextLike = Union[str, TextWithInlineComments, Link, InlineLatex, InlineCode]
TextLikeField = Union[TextLike, list[TextLike]]
"""A block's text: a string, an inline object, or a list of them."""


def _piece_to_wire(piece: Any) -> JSONDict:
    if isinstance(piece, str):
        return {"text": piece}
    if isinstance(piece, _Inline):
        wire: JSONDict = piece._wire()  # type: ignore[attr-defined]
        return wire
    raise TypeError(f"not a piece of text: {piece!r}")


def text_to_wire(text: Any) -> list[JSONDict]:
    """The Slate children of a block's text (``""`` and ``[]`` give one empty leaf)."""
    if isinstance(text, list):
        if not text:
            return [{"text": ""}]
        return [_piece_to_wire(piece) for piece in text]
    return [_piece_to_wire(text)]


def _with_state(obj: Any, **state: Any) -> Any:
    obj.__dict__.update(state)
    return obj


def _leaf_from_wire(node: JSONDict) -> Any:
    text = node.get("text", "")
    if not isinstance(text, str):
        return _with_state(TextWithInlineComments(""), _verbatim=node)
    extra = {key: value for key, value in node.items() if key not in _LEAF_KEYS}
    code = node.get("inlineCode")
    if code is True:
        return _with_state(InlineCode(text), _extra=extra or None)
    if code is not None:
        extra["inlineCode"] = code
    if not extra:
        return text
    return _with_state(TextWithInlineComments(text), _extra=extra)


def _link_from_wire(node: JSONDict) -> Any:
    children = node.get("children")
    url = node.get("url")
    if not isinstance(children, list) or not children or not isinstance(url, str):
        return None
    first = children[0]
    if not isinstance(first, dict) or "type" in first:
        return None
    text = _leaf_from_wire(first)
    if not isinstance(text, (str, TextWithInlineComments)) or (text == "" and "text" not in first):
        return None
    extra = {key: value for key, value in node.items() if key not in ("type", "url", "children")}
    if len(children) > 1:
        extra["_children"] = children[1:]
    return _with_state(Link(text, url), _extra=extra or None)


def _latex_from_wire(node: JSONDict) -> Any:
    content = node.get("content", "")
    if not isinstance(content, str) or node.get("children") != [{"text": ""}]:
        return None
    modelled = ("type", "content", "children")
    extra = {key: value for key, value in node.items() if key not in modelled}
    return _with_state(InlineLatex(content), _extra=extra or None)


def _piece_from_wire(node: Any) -> Any:
    if not isinstance(node, dict):
        return _with_state(TextWithInlineComments(""), _verbatim={"value": node})
    kind = node.get("type")
    piece = None
    if kind is None:
        piece = _leaf_from_wire(node)
    elif kind == "link":
        piece = _link_from_wire(node)
    elif kind == "latex":
        piece = _latex_from_wire(node)
    if piece is None:
        text = node.get("text", "")
        return _with_state(
            TextWithInlineComments(text if isinstance(text, str) else ""), _verbatim=node
        )
    return piece


def text_from_wire(children: Any) -> Any:
    """A block's text from its Slate children: a string when it is one plain leaf."""
    if not isinstance(children, list) or not children:
        return ""
    pieces = [_piece_from_wire(node) for node in children]
    if len(pieces) == 1 and isinstance(pieces[0], str):
        return pieces[0]
    return pieces
