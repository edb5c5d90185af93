"""A semantic diff of two workspaces: sections, panels, settings and filters by name.

Both sides are compared as documents (:mod:`.document`, the fields of the Python
classes), never as raw JSON: sections are matched by name, panels by type and title
within a section (a panel that changes place is a move, not a removal and an addition),
settings field by field, filters item by item. Values are never cut: a change too long
for one line shows the old and the new value in full on lines of their own (a multi-line
text, such as Markdown, line by line). Ids the client or server fills in are not
compared. Keys the classes do not model are compared as JSON paths ("other keys").
Two workspaces whose specs are equal apart from ids have no changes.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import warnings
from typing import Any

import click

import wandb_workspaces.workspaces as ws

from .document import to_document
from .export import export_tree
from .identity import moved, pair_panels, without_ids
from .tree import Unrepresentable, encode, instantiate

__all__ = ["Line", "change_lines", "diff_workspaces", "flatten", "render_lines"]

_COLORS = {"+": "green", "-": "red", "~": "yellow", " ": None}
_MISSING = object()
_ONE_LINE = 100  # a change longer than this shows its two values on lines of their own


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of a diff: ``op`` is ``+`` (added), ``-`` (removed) or ``~`` (changed)."""

    depth: int
    op: str
    text: str


def _fmt(value: Any) -> str:
    if value is _MISSING:
        return "default"
    if isinstance(value, str) and '"' in value and "'" not in value:
        return repr(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _split_filter(text: str) -> list[str]:
    """A filter string's items: split at top-level ``and``/``or`` (the connector of an
    ``or`` item stays with it), never inside quotes, brackets or parentheses."""
    items: list[str] = []
    depth, quote, start, i = 0, "", 0, 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            for word in (" and ", " or "):
                if text.startswith(word, i):
                    items.append(text[start:i].strip())
                    start = i + 1 if word == " or " else i + len(word)
                    i += len(word) - 1
                    break
        i += 1
    items.append(text[start:].strip())
    return [item for item in items if item]


def _text_lines(old: list[str], new: list[str], depth: int) -> list[Line]:
    """The lines (items) removed and added, in order; unchanged ones are left out."""
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines += [Line(depth, "-", item) for item in old[i1:i2]]
        lines += [Line(depth, "+", item) for item in new[j1:j2]]
    return lines


def _texts(value: Any) -> str | None:
    if value is _MISSING or value is None:
        return ""
    return value if isinstance(value, str) else None


def change_lines(path: str, a: Any, b: Any, depth: int) -> list[Line]:
    """One changed value: on one line when short, else each side in full (a filter item
    by item, a multi-line text line by line)."""
    old, new = _texts(a), _texts(b)
    body: list[Line] = []
    if old is not None and new is not None and path.endswith("filters"):
        body = _text_lines(_split_filter(old), _split_filter(new), depth + 1)
        if body:
            return [Line(depth, "~", f"{path}: (item by item)"), *body]
    elif old is not None and new is not None and ("\n" in old or "\n" in new):
        body = _text_lines(old.splitlines(), new.splitlines(), depth + 1)
        if body:
            return [Line(depth, "~", f"{path}: (line by line)"), *body]
    text = f"{path}: {_fmt(a)} → {_fmt(b)}"
    if len(text) <= _ONE_LINE:
        return [Line(depth, "~", text)]
    return [
        Line(depth, "~", f"{path}:"),
        Line(depth + 1, "-", _fmt(a)),
        Line(depth + 1, "+", _fmt(b)),
    ]


def _spec(workspace: ws.Workspace) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return without_ids(workspace.to_spec())


def _normalised(workspace: ws.Workspace) -> ws.Workspace:
    """The workspace as it reads back from its spec: ``y=["loss"]`` and
    ``y=[wr.Metric("loss")]``, or two spellings of one filter, compare equal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ws.Workspace.from_spec(
            workspace.to_spec(),
            entity=workspace.entity,
            project=workspace.project,
            name=workspace.name,
        )


def _document(workspace: ws.Workspace) -> dict[str, Any]:
    try:
        doc: dict[str, Any] = to_document(encode(workspace, full=True))
    except Unrepresentable:
        doc = to_document(export_tree(workspace))
    return doc


def _fields(old: dict[str, Any], new: dict[str, Any], prefix: str, depth: int) -> list[Line]:
    lines: list[Line] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key, _MISSING), new.get(key, _MISSING)
        if json.dumps(a, default=str) == json.dumps(b, default=str):
            continue
        if (isinstance(a, dict) or isinstance(b, dict)) and key != "from_spec":
            a = a if isinstance(a, dict) else {}  # a settings object left at its defaults
            b = b if isinstance(b, dict) else {}
            lines += _fields(a, b, f"{prefix}{key}.", depth)
        else:
            lines += change_lines(f"{prefix}{key}", a, b, depth)
    return lines


def _panel_label(panel: dict[str, Any]) -> str:
    if "from_spec" in panel:
        spec = panel["from_spec"]
        view_type = spec.get("viewType", "panel") if isinstance(spec, dict) else "panel"
        return f"{view_type} (from spec)"
    kind = str(panel.get("type", "panel"))
    title = panel.get("title")
    if isinstance(title, str) and title:
        return f'{kind} "{title}"'
    for key in ("y", "metric", "metrics", "markdown", "with_respect_to", "media_keys"):
        if panel.get(key):
            text = _fmt(panel[key])  # a label, not a value: long ones are named by type
            return f"{kind} {text}" if len(text) <= 60 and "\\n" not in text else kind
    return kind


def _panel_key(panel: dict[str, Any]) -> tuple[str, str]:
    if "from_spec" in panel:
        return (_panel_label(panel), "")
    title = panel.get("title")
    return (str(panel.get("type", "panel")), title if isinstance(title, str) else "")


def _panels(old: list[Any], new: list[Any], depth: int) -> list[Line]:
    """Panels paired by identity (:func:`.identity.pair_panels`): changes, moves,
    removals (where they were) and additions."""
    pairs = pair_panels([_panel_key(p) for p in old], [_panel_key(p) for p in new])
    moves = moved(pairs)
    paired_old = set(pairs.values())
    removed = [i for i in range(len(old)) if i not in paired_old]
    lines: list[Line] = []

    def flush(upto: int) -> None:
        while removed and removed[0] <= upto:
            lines.append(Line(depth, "-", _panel_label(old[removed.pop(0)])))

    for j, panel in enumerate(new):
        label = _panel_label(panel)
        if j not in pairs:
            flush(j)
            lines.append(Line(depth, "+", label))
            continue
        i = pairs[j]
        flush(i)
        was = {k: v for k, v in old[i].items() if k != "type"}
        body = {k: v for k, v in panel.items() if k != "type"}
        changed = _fields(was, body, "", depth + 1)
        if j in moves:
            lines.append(Line(depth, "~", f"{label} moved: position {i + 1} → {j + 1}"))
        elif changed:
            lines.append(Line(depth, "~", label))
        lines += changed
    flush(len(old))
    return lines


def _keyed(sections: list[Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in sections:
        name = item.get("name") if "from_spec" not in item else item["from_spec"].get("name")
        key, count = str(name), 1
        while key in out:
            count += 1
            key = f"{name} #{count}"
        out[key] = item
    return out


def _section_body(section: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in section.items() if k not in ("name", "panels")}


def _sections(old: list[Any], new: list[Any], depth: int) -> list[Line]:
    a, b = _keyed(old), _keyed(new)
    lines: list[Line] = []
    for name, section in b.items():
        if name not in a:
            lines.append(Line(depth, "+", f'section "{name}"'))
            lines += [Line(depth + 1, "+", _panel_label(p)) for p in section.get("panels", [])]
            continue
        changed = _fields(_section_body(a[name]), _section_body(section), "", depth + 1)
        changed += _panels(a[name].get("panels", []), section.get("panels", []), depth + 1)
        if changed:
            lines.append(Line(depth, "~", f'section "{name}"'))
            lines += changed
    for name in a:
        if name not in b:
            lines.append(Line(depth, "-", f'section "{name}"'))
    common_old = [name for name in a if name in b]
    common_new = [name for name in b if name in a]
    if common_old != common_new:
        lines.append(Line(depth, "~", f"section order: {_fmt(common_old)} → {_fmt(common_new)}"))
    return lines


def flatten(value: Any, prefix: str, out: dict[str, Any]) -> dict[str, Any]:
    """``out`` with every leaf of ``value`` under its path (``a.b[0].c``)."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            flatten(item, f"{prefix}[{index}]", out)
    else:
        out[prefix] = value
    return out


def _extras(workspace: ws.Workspace, actual: dict[str, Any]) -> set[str]:
    """Paths where the spec differs from what the fields alone would write."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fresh = without_ids(instantiate(encode(workspace)).to_spec())
    except (Unrepresentable, ValueError, TypeError):
        return set()
    generated = flatten(fresh, "", {})
    return {path for path, value in actual.items() if generated.get(path, _MISSING) != value} | {
        path for path in generated if path not in actual
    }


def diff_workspaces(old: ws.Workspace | None, new: ws.Workspace, depth: int = 1) -> list[Line]:
    """What changes when ``new`` replaces ``old`` (``old`` None: the view is created)."""
    if old is None:
        return [
            line
            for section in _document(new).get("sections", [])
            for line in _sections([], [section], depth)
        ]
    old_spec, new_spec = _spec(old), _spec(new)
    if old_spec == new_spec and old.name == new.name:
        return []
    old, new = _normalised(old), _normalised(new)
    a, b = _document(old), _document(new)
    lines = _fields(
        {k: v for k, v in a.items() if k not in ("sections", "entity", "project")},
        {k: v for k, v in b.items() if k not in ("sections", "entity", "project")},
        "",
        depth,
    )
    lines += _sections(a.get("sections", []), b.get("sections", []), depth)
    flat_old, flat_new = flatten(old_spec, "", {}), flatten(new_spec, "", {})
    paths = _extras(old, flat_old) | _extras(new, flat_new)
    for path in sorted(paths):
        va, vb = flat_old.get(path, _MISSING), flat_new.get(path, _MISSING)
        if va != vb:
            shown = [_fmt(v) if v is not _MISSING else "absent" for v in (va, vb)]
            lines.append(Line(depth, "~", f"other key {path}: {shown[0]} → {shown[1]}"))
    if not lines:  # equal documents, different specs: show the raw paths
        for path in sorted(set(flat_old) | set(flat_new)):
            va, vb = flat_old.get(path, _MISSING), flat_new.get(path, _MISSING)
            if va != vb:
                lines.append(Line(depth, "~", f"spec {path}: {_fmt(va)} → {_fmt(vb)}"))
    return lines


def render_lines(lines: list[Line], *, color: bool = False) -> str:
    """The diff as text, four spaces per level, coloured by op when ``color``."""
    out = []
    for line in lines:
        text = f"{'    ' * line.depth}{line.op} {line.text}"
        fg = _COLORS.get(line.op)
        out.append(click.style(text, fg=fg) if color and fg else text)
    return "\n".join(out)
