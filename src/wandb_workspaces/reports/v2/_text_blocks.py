"""Text blocks: headings, paragraphs, quotes, code, Markdown, LaTeX, callouts, rules, contents."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator

from ..._roundtrip import as_list
from ..._validation import model
from ._blocks import Block, JSONDict, check_blocks, load_block, register
from ._inline import TextLikeField, text_from_wire, text_to_wire

__all__ = [
    "H1",
    "H2",
    "H3",
    "BlockQuote",
    "CalloutBlock",
    "CodeBlock",
    "Heading",
    "HorizontalRule",
    "Language",
    "LatexBlock",
    "MarkdownBlock",
    "P",
    "TableOfContents",
]

Language = Literal["javascript", "python", "css", "json", "html", "markdown", "yaml"]


def _empty_children() -> list[JSONDict]:
    return [{"text": ""}]


def _text_of(data: JSONDict) -> Any:
    return text_from_wire(data.get("children"))


def _as_loaded(block: Block, **fields: Any) -> Block:
    """Set fields a stored spec holds that validation would refuse (kept as stored)."""
    block.__dict__.update(fields)
    return block


@model
class Heading(Block):
    """Base of ``H1``, ``H2`` and ``H3``."""

    LEVEL = 0

    def _heading(self, text: Any, collapsed: Optional[list[Block]]) -> JSONDict:
        data: JSONDict = {"type": "heading", "children": text_to_wire(text)}
        if collapsed is not None:
            data["collapsedChildren"] = [block.to_spec() for block in collapsed]
        data["level"] = self.LEVEL
        return data


@model
class H1(Heading):
    """A top-level heading; ``collapsed_blocks`` are shown when it is expanded.

    Example: ``wr.H1("Appendix", collapsed_blocks=[wr.P("Details...")])``.
    """

    text: TextLikeField = ""
    collapsed_blocks: Annotated[Optional[list[Block]], BeforeValidator(check_blocks)] = None
    LEVEL = 1

    def _wire(self) -> JSONDict:
        return self._heading(self.text, self.collapsed_blocks)


@model
class H2(Heading):
    """A second-level heading (see :class:`H1`)."""

    text: TextLikeField = ""
    collapsed_blocks: Annotated[Optional[list[Block]], BeforeValidator(check_blocks)] = None
    LEVEL = 2

    def _wire(self) -> JSONDict:
        return self._heading(self.text, self.collapsed_blocks)


@model
class H3(Heading):
    """A third-level heading (see :class:`H1`)."""

    text: TextLikeField = ""
    collapsed_blocks: Annotated[Optional[list[Block]], BeforeValidator(check_blocks)] = None
    LEVEL = 3

    def _wire(self) -> JSONDict:
        return self._heading(self.text, self.collapsed_blocks)


_HEADINGS: dict[Any, type[H1] | type[H2] | type[H3]] = {1: H1, 2: H2, 3: H3}


@register("heading")
def _load_heading(data: JSONDict) -> Block | None:
    cls = _HEADINGS.get(data.get("level", 1))
    if cls is None or type(data.get("level", 1)) is not int:
        return None
    collapsed = data.get("collapsedChildren")
    blocks = None
    if collapsed is not None:
        blocks = [
            load_block(item, f"collapsedChildren[{index}]")
            for index, item in enumerate(as_list(collapsed))
        ]
    return cls(text=_text_of(data), collapsed_blocks=blocks)


@model
class P(Block):
    """A paragraph: ``wr.P("Plain text")`` or ``wr.P(["See ", wr.Link("a link", url=...)])``."""

    text: TextLikeField = ""

    def _wire(self) -> JSONDict:
        return {"type": "paragraph", "children": text_to_wire(self.text)}


@register("paragraph")
def _load_paragraph(data: JSONDict) -> Block | None:
    return P(text=_text_of(data))


@model
class BlockQuote(Block):
    """A quotation: ``wr.BlockQuote("Quoted text")``."""

    text: TextLikeField = ""

    def _wire(self) -> JSONDict:
        return {"type": "block-quote", "children": text_to_wire(self.text)}


@register("block-quote")
def _load_quote(data: JSONDict) -> Block | None:
    return BlockQuote(text=_text_of(data))


@model
class CodeBlock(Block):
    """A block of code, highlighted for ``language`` (None: plain).

    Example: ``wr.CodeBlock("import wandb\\nwandb.init()", language="python")``.
    """

    code: TextLikeField = ""
    language: Optional[Language] = "python"

    def _wire(self) -> JSONDict:
        line: JSONDict = {"type": "code-line", "children": text_to_wire(self.code)}
        data: JSONDict = {"type": "code-block", "children": [line]}
        if self.language is not None:
            line["language"] = self.language
            data["language"] = self.language
        return data


@register("code-block")
def _load_code(data: JSONDict) -> Block | None:
    lines = [text_from_wire(line.get("children")) for line in data["children"]]
    if len(lines) == 1:
        code = lines[0]
    elif all(isinstance(line, str) for line in lines):
        code = "\n".join(lines)
    else:
        return None
    language = data.get("language")
    block = CodeBlock(code=code, language=None)
    return _as_loaded(block, language=language) if isinstance(language, str) else block


@model
class MarkdownBlock(Block):
    """Markdown text: ``wr.MarkdownBlock("# Title\\n\\n**bold**")``."""

    text: str = ""

    def _wire(self) -> JSONDict:
        return {"type": "markdown-block", "children": _empty_children(), "content": self.text}


@register("markdown-block")
def _load_markdown(data: JSONDict) -> Block | None:
    return MarkdownBlock(text=data.get("content", ""))


@model
class LatexBlock(Block):
    """A LaTeX equation shown as a block: ``wr.LatexBlock("\\\\int_0^1 x\\\\,dx")``."""

    text: str = ""

    def _wire(self) -> JSONDict:
        return {"type": "latex", "children": _empty_children(), "content": self.text, "block": True}


@register("latex")
def _load_latex(data: JSONDict) -> Block | None:
    return LatexBlock(text=data.get("content", ""))


@model
class CalloutBlock(Block):
    """Highlighted text in a box: ``wr.CalloutBlock("Heads up")``."""

    text: TextLikeField = ""

    def _wire(self) -> JSONDict:
        line = {"type": "callout-line", "children": text_to_wire(self.text)}
        return {"type": "callout-block", "children": [line]}


@register("callout-block")
def _load_callout(data: JSONDict) -> Block | None:
    lines = data["children"]
    return CalloutBlock(text=text_from_wire(lines[0].get("children")) if lines else "")


@model
class HorizontalRule(Block):
    """A horizontal line between blocks."""

    def _wire(self) -> JSONDict:
        return {"type": "horizontal-rule", "children": _empty_children()}


@register("horizontal-rule")
def _load_rule(data: JSONDict) -> Block | None:
    return HorizontalRule()


@model
class TableOfContents(Block):
    """The report's headings (``H1``, ``H2``, ``H3``) as a list of links."""

    def _wire(self) -> JSONDict:
        return {"type": "table-of-contents", "children": _empty_children()}


@register("table-of-contents")
def _load_contents(data: JSONDict) -> Block | None:
    return TableOfContents()
