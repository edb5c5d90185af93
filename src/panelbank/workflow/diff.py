"""A semantic diff of two workspaces: sections, panels, settings and filters by name.

Both sides are compared as documents (:mod:`.document`, the fields of the Python
classes), never as raw JSON: sections are matched by name, panels by type and title
within a section, settings field by field. Ids the client or server fills in are not
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
from .identity import without_ids
from .tree import Unrepresentable, encode, instantiate

__all__ = ["Line", "diff_workspaces", "render_lines"]

_COLORS = {"+": "green", "-": "red", "~": "yellow", " ": None}
_MISSING = object()


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
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= 80 else text[:79] + "…"


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
            lines.append(Line(depth, "~", f"{prefix}{key}: {_fmt(a)} → {_fmt(b)}"))
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
            return f"{kind} {_fmt(panel[key])}"
    return kind


def _panels(old: list[Any], new: list[Any], depth: int) -> list[Line]:
    labels_old = [_panel_label(p) for p in old]
    labels_new = [_panel_label(p) for p in new]
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=labels_old, b=labels_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = (
            list(zip(range(i1, i2), range(j1, j2), strict=False))
            if tag in ("equal", "replace")
            else []
        )
        for i, j in pairs:
            body = {k: v for k, v in new[j].items() if k != "type"}
            was = {k: v for k, v in old[i].items() if k != "type"}
            changed = _fields(was, body, "", depth + 1)
            if old[i].get("type") != new[j].get("type"):
                lines.append(Line(depth, "-", labels_old[i]))
                lines.append(Line(depth, "+", labels_new[j]))
            elif changed:
                lines.append(Line(depth, "~", labels_new[j]))
                lines += changed
        done = len(pairs)
        lines += [Line(depth, "-", labels_old[i]) for i in range(i1 + done, i2)]
        lines += [Line(depth, "+", labels_new[j]) for j in range(j1 + done, j2)]
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


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}[{index}]", out)
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
    generated = _flatten(fresh, "", {})
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
    flat_old, flat_new = _flatten(old_spec, "", {}), _flatten(new_spec, "", {})
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
