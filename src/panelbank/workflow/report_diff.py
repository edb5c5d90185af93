"""A semantic diff of two reports, block by block, over their stored specs.

A report is its title, description, width and a list of blocks. Blocks are matched in
order by kind and text (a heading by its level and text, a paragraph by its text, a
panel grid by its run sets' names); an unmatched block between two matched ones is an
addition or a removal, a block of the same kind in the same place whose text or fields
changed is a change, shown as its text (inline code as `code`, links as [text](url),
LaTeX as $...$; line by line when it has several lines) and its other fields as paths
(run sets by name, panels by type and title). Ids the client or server fills in (panel
and section ``__id__``, run set ``id`` and ``project.id``) are not compared, nor the
empty paragraphs the official client puts first and last. Values are never cut.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from typing import Any

from .diff import Line, change_lines, flatten

__all__ = ["ReportSide", "block_label", "diff_reports", "inline_text", "without_report_ids"]

_KINDS = {
    "paragraph": "P",
    "list": "List",
    "code-block": "CodeBlock",
    "markdown-block": "MarkdownBlock",
    "latex": "LatexBlock",
    "block-quote": "BlockQuote",
    "callout-block": "CalloutBlock",
    "horizontal-rule": "HorizontalRule",
    "table-of-contents": "TableOfContents",
    "image": "Image",
    "video": "Video",
    "gallery": "Gallery",
    "spotify": "Spotify",
    "soundcloud": "SoundCloud",
    "twitter": "Twitter",
    "panel-grid": "PanelGrid",
    "weave-panel": "WeaveBlock",
}
_LABEL = 60  # a block's label quotes at most this much of its text (changes show all)


@dataclasses.dataclass(frozen=True)
class ReportSide:
    """One side of a report diff: what the view stores beside the spec, and the spec."""

    title: str
    description: str
    spec: dict[str, Any]


def inline_text(nodes: Any) -> str:
    """The text of inline nodes, with inline code, links and LaTeX spelled out."""
    if not isinstance(nodes, list):
        return ""
    out = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "link":
            out.append(f"[{inline_text(node.get('children'))}]({node.get('url', '')})")
        elif kind == "latex":
            out.append(f"${node.get('content', '')}$")
        elif kind in ("list-item", "paragraph"):
            out.append(inline_text(node.get("children")).rstrip("\n") + "\n")
        elif kind == "code-line":  # each text node is a line of code
            texts = [c for c in node.get("children") or [] if isinstance(c, dict)]
            out.append("\n".join(str(c.get("text", "")) for c in texts) + "\n")
        elif "children" in node:
            out.append(inline_text(node["children"]))
        else:
            text = str(node.get("text", ""))
            out.append(f"`{text}`" if node.get("inlineCode") else text)
    return "".join(out).rstrip("\n")


def _text(block: dict[str, Any]) -> str:
    """What a block says: its inline text, or its content (Markdown, LaTeX, code)."""
    content = block.get("content")
    if isinstance(content, str):
        return content
    return inline_text(block.get("children"))


def _runset_names(block: dict[str, Any]) -> list[str]:
    metadata = block.get("metadata")
    runsets = metadata.get("runSets") if isinstance(metadata, dict) else None
    if not isinstance(runsets, list):
        return []
    return [str(item.get("name", "")) for item in runsets if isinstance(item, dict)]


def block_label(block: dict[str, Any]) -> str:
    """``H2 "Details"``, ``P "A plain paragraph."``, ``PanelGrid (run sets: A, B)``..."""
    kind = str(block.get("type", "block"))
    name = f"H{block.get('level', 1)}" if kind == "heading" else _KINDS.get(kind, kind)
    if kind == "panel-grid":
        names = ", ".join(_runset_names(block))
        return f"{name} (run sets: {names})" if names else name
    if kind == "code-block" and block.get("language"):
        name = f"{name} ({block['language']})"
    if kind in ("image", "video") and block.get("url"):
        return f"{name} {block['url']}"
    text = _text(block).split("\n", 1)[0]
    if not text:
        return name
    quoted = text if len(text) <= _LABEL else text[: _LABEL - 1] + "…"
    return f"{name} {json.dumps(quoted, ensure_ascii=False)}"


def _key(block: dict[str, Any]) -> tuple[str, str]:
    if block.get("type") == "panel-grid":
        return ("panel-grid", ",".join(_runset_names(block)))
    level = str(block.get("level", "")) if block.get("type") == "heading" else ""
    return (f"{block.get('type')}{level}", _text(block))


def _without_ids(value: Any, parent: str = "") -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "__id__" or (parent == "runset" and key == "id"):
                continue
            if parent == "project" and key == "id":
                continue
            inner = "runset" if key == "runSets" else ("project" if key == "project" else "")
            out[key] = _without_ids(item, inner if inner else "")
        return out
    if isinstance(value, list):
        return [_without_ids(item, parent) for item in value]
    return value


def without_report_ids(spec: dict[str, Any]) -> dict[str, Any]:
    """A report spec without the ids the client or server fills in (panel and section
    ``__id__``, each run set's ``id`` and ``project.id``)."""
    out: dict[str, Any] = _without_ids(spec)
    return out


def _keyed(items: Any, key: Any) -> Any:
    """A list of objects as a mapping by ``key(item)`` (``#2`` for a repeated one)."""
    if not isinstance(items, list):
        return items
    out: dict[str, Any] = {}
    for item in items:
        name = key(item) if isinstance(item, dict) else str(item)
        label, n = name, 1
        while label in out:
            n += 1
            label = f"{name} #{n}"
        out[label] = item
    return out


def _panel_name(panel: dict[str, Any]) -> str:
    config = panel.get("config")
    title = config.get("chartTitle") if isinstance(config, dict) else None
    return f"{panel.get('viewType', 'panel')}" + (f" {title!r}" if title else "")


def _fields(block: dict[str, Any]) -> dict[str, Any]:
    """The block's fields other than its text, run sets and panels keyed by name."""
    fields = _without_ids(
        {k: v for k, v in block.items() if k not in ("children", "content", "type")}
    )
    metadata = fields.get("metadata")
    if isinstance(metadata, dict):
        metadata = dict(metadata)
        metadata["runSets"] = _keyed(metadata.get("runSets"), lambda r: str(r.get("name", "")))
        section = metadata.get("panelBankSectionConfig")
        if isinstance(section, dict):
            panels = _keyed(section.get("panels"), _panel_name)
            metadata["panelBankSectionConfig"] = {**section, "panels": panels}
        fields["metadata"] = metadata
    return flatten(fields, "", {})


def _block_changes(old: dict[str, Any], new: dict[str, Any], depth: int) -> list[Line]:
    lines: list[Line] = []
    if _text(old) != _text(new):
        lines += change_lines("text", _text(old), _text(new), depth)
    a, b = _fields(old), _fields(new)
    for path in [*a, *(p for p in b if p not in a)]:
        if json.dumps(a.get(path)) != json.dumps(b.get(path)) or (path in a) != (path in b):
            lines += change_lines(path, a.get(path), b.get(path), depth)
    if not lines and _without_ids(old) != _without_ids(new):  # marks, styles: the raw nodes
        lines += change_lines("children", old.get("children"), new.get("children"), depth)
    return lines


def _blocks(spec: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = [b for b in spec.get("blocks", []) if isinstance(b, dict)]

    def empty(block: dict[str, Any]) -> bool:
        return block.get("type") == "paragraph" and not _text(block) and len(block) == 2

    if blocks and empty(blocks[-1]):
        blocks = blocks[:-1]
    if blocks and empty(blocks[0]):
        blocks = blocks[1:]
    return blocks


def _paired(old: list[Any], new: list[Any], depth: int) -> list[Line]:
    """A replaced run of blocks: same-kind blocks in the same order are changes."""
    lines: list[Line] = []
    i = 0
    for block in new:
        kind = block.get("type")
        j = next((k for k in range(i, len(old)) if old[k].get("type") == kind), None)
        if j is None:
            lines.append(Line(depth, "+", block_label(block)))
            continue
        lines += [Line(depth, "-", block_label(gone)) for gone in old[i:j]]
        changed = _block_changes(old[j], block, depth + 1)
        if changed:
            lines += [Line(depth, "~", block_label(old[j])), *changed]
        i = j + 1
    lines += [Line(depth, "-", block_label(gone)) for gone in old[i:]]
    return lines


def diff_reports(old: ReportSide | None, new: ReportSide, depth: int = 1) -> list[Line]:
    """What changes when ``new`` replaces ``old`` (``old`` None: the report is created)."""
    if old is None:
        return [Line(depth, "+", block_label(block)) for block in _blocks(new.spec)]
    lines: list[Line] = []
    for name in ("title", "description"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            lines += change_lines(name, a, b, depth)
    top_old = {k: v for k, v in old.spec.items() if k != "blocks"}
    top_new = {k: v for k, v in new.spec.items() if k != "blocks"}
    flat_old, flat_new = flatten(top_old, "", {}), flatten(top_new, "", {})
    for path in [*flat_old, *(p for p in flat_new if p not in flat_old)]:
        if json.dumps(flat_old.get(path)) != json.dumps(flat_new.get(path)):
            lines += change_lines(path, flat_old.get(path), flat_new.get(path), depth)
    a, b = _blocks(old.spec), _blocks(new.spec)
    matcher = difflib.SequenceMatcher(a=[_key(x) for x in a], b=[_key(x) for x in b])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                changed = _block_changes(x, y, depth + 1)
                if changed:
                    lines += [Line(depth, "~", block_label(x)), *changed]
        elif tag == "delete":
            lines += [Line(depth, "-", block_label(x)) for x in a[i1:i2]]
        elif tag == "insert":
            lines += [Line(depth, "+", block_label(y)) for y in b[j1:j2]]
        else:
            lines += _paired(a[i1:i2], b[j1:j2], depth)
    return lines
