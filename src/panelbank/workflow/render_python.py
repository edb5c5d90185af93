"""Render a tree (:mod:`.tree`) as a Python script that uses the public API.

Calls that fit on a line of 100 characters stay on it; longer ones put one argument per
line with a trailing comma, as black would.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .patch import Step
from .tree import Call, FromSpec, Patched, qualified_name

__all__ = ["render_script"]

WIDTH = 100
INDENT = "    "
_FROM_SPEC = {"panel": "wr.panel_from_spec", "section": "ws.Section.from_spec"}
_IMPORTS = {
    "expr": "import wandb_workspaces.expr as expr",
    "wr": "import wandb_workspaces.reports.v2 as wr",
    "ws": "import wandb_workspaces.workspaces as ws",
}
HEADER = (
    '"""A W&B workspace, exported by `panelbank export`.\n\n'
    "`panelbank plan FILE` shows what `panelbank apply FILE` would change in the saved view\n"
    "(matched by entity, project and name).\n"
    '"""\n'
)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        if '"' in value and "'" not in value:
            return repr(value)  # single quotes read better than escaped double ones
        return json.dumps(value, ensure_ascii=False)  # a valid Python literal, double-quoted
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    return repr(value)


def _parts(node: Any, indent: str) -> tuple[str, list[str], str] | None:
    """``(open, parts, close)`` for containers and calls, None for scalars."""
    inner = indent + INDENT
    if isinstance(node, Call):
        parts = [render(arg, inner) for arg in node.args]
        parts += [f"{key}={render(value, inner, len(key) + 1)}" for key, value in node.kwargs]
        return f"{qualified_name(node.cls)}(", parts, ")"
    if isinstance(node, FromSpec):
        parts = [render(node.spec, inner)]
        parts += [f"{key}={render(value, inner, len(key) + 1)}" for key, value in node.kwargs]
        return f"{_FROM_SPEC.get(node.kind, 'ws.Workspace.from_spec')}(", parts, ")"
    if isinstance(node, list):
        return "[", [render(item, inner) for item in node], "]"
    if isinstance(node, tuple):
        return "(", [render(item, inner) for item in node], ")"
    if isinstance(node, dict):
        parts = []
        for key, value in node.items():
            head = render(key, inner)
            parts.append(f"{head}: {render(value, inner, len(head) + 2)}")
        return "{", parts, "}"
    return None


def render(node: Any, indent: str = "", lead: int = 0) -> str:
    """Source for ``node``, laid out for a line that starts at ``indent`` plus ``lead``
    characters (``key=``) and ends in a comma."""
    shape = _parts(node, indent)
    if shape is None:
        return _scalar(node)
    opening, parts, closing = shape
    if not parts:
        return opening + closing
    flat = opening + ", ".join(parts) + ("," if isinstance(node, tuple) and len(parts) == 1 else "")
    flat += closing
    if "\n" not in flat and len(indent) + lead + len(flat) + 1 <= WIDTH:
        return flat
    inner = indent + INDENT
    lines = [opening] + [f"{inner}{part}," for part in parts] + [indent + closing]
    return "\n".join(lines)


def _aliases(node: Any, found: set[str]) -> None:
    if isinstance(node, Call):
        found.add(qualified_name(node.cls).split(".")[0])
        for item in (*node.args, *(value for _, value in node.kwargs)):
            _aliases(item, found)
    elif isinstance(node, Patched):
        _aliases(node.node, found)
    elif isinstance(node, FromSpec):
        found.add("wr" if node.kind == "panel" else "ws")
        for _, value in node.kwargs:
            _aliases(value, found)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _aliases(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            _aliases(key, found)
            _aliases(value, found)


_PATCH_NOTE = "# What no class models, as the view stores it: set on the spec the classes write.\n"


def _step(step: Step) -> str:
    """One patch step as a statement on ``spec``."""
    *parents, last = step.path
    target = "spec" + "".join(f"[{_scalar(part)}]" for part in parents)
    if step.op == "remove":
        return f"del {target}[{_scalar(last)}]"
    if step.op == "add" and isinstance(last, int):
        return f"{target}.append({render(step.value, '', len(target) + 8)})"
    head = f"{target}[{_scalar(last)}] = "
    return head + render(step.value, "", len(head))


def _patch_lines(node: Patched, variable: str) -> str:
    steps = "\n".join(_step(step) for step in node.steps)
    if variable == "report":
        load = (
            "report = wr.Report.from_spec(\n    spec, entity=report.entity, project=report.project,"
            " title=report.title,\n    description=report.description,\n)\n"
        )
    else:
        load = (
            "workspace = ws.Workspace.from_spec(\n"
            "    spec, entity=workspace.entity, project=workspace.project, name=workspace.name\n"
            ")\n"
        )
    return f"\n{_PATCH_NOTE}spec = {variable}.to_spec()\n{steps}\n{load}"


def render_script(node: Any, variable: str = "workspace", header: str = HEADER) -> str:
    """A script that binds ``variable`` (``workspace``, or ``report``) to what ``node``
    describes."""
    aliases: set[str] = set()
    _aliases(node, aliases)
    if isinstance(node, Patched):  # the line that loads the patched spec
        aliases.add("wr" if variable == "report" else "ws")
    imports = "\n".join(_IMPORTS[alias] for alias in sorted(aliases))
    if isinstance(node, Patched):
        body = f"{variable} = {render(node.node)}\n{_patch_lines(node, variable)}"
    else:
        body = f"{variable} = {render(node)}\n"
    return f"{header}\n{imports}\n\n{body}"
