"""Export a workspace as a file: a Python script, or a YAML/JSON document.

Every format re-creates the workspace's spec exactly, except the ids the client and
server fill in (see :mod:`.identity`). What the classes cannot express is exported with
the public ``from_spec`` loaders at the smallest level that holds it:

* a panel with keys its class does not model: ``wr.panel_from_spec({...})``
  (a panel type no class models is an ordinary ``wr.UnknownPanel(spec={...})``);
* a section with keys :class:`ws.Section` does not model: ``ws.Section.from_spec({...})``;
* at the workspace level (a legacy filter tree, disabled filter items, other run sets,
  app-only settings): the ``ws.Workspace(...)`` the classes say, then a patch of only
  what they cannot (:mod:`.patch`): assignments on ``workspace.to_spec()`` in a script,
  ``spec_patch:`` in a document; ``ws.Workspace.from_spec({...}, entity=..., ...)``
  only when no typed workspace comes close.

Each choice is checked by building the objects back and comparing specs.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

from .document import to_document
from .errors import ExportError
from .identity import without_ids
from .patch import spec_patch
from .render_python import render_script
from .tree import (
    Call,
    FromSpec,
    Patched,
    Unrepresentable,
    default_arguments,
    encode,
    instantiate,
    same,
)
from .yaml_io import dump_yaml

__all__ = ["FORMATS", "export_text", "export_tree", "file_names", "spec_of"]

FORMATS = ("python", "yaml", "json")


def spec_of(obj: Any) -> Any:
    """``obj.to_spec()`` with the library's warnings (deprecations) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return obj.to_spec()


def _same_spec(node: Any, expected: Any) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            built = instantiate(node)
            return bool(without_ids({"x": spec_of(built)}) == without_ids({"x": expected}))
    except (Unrepresentable, ValueError, TypeError):
        return False


def _strip(spec: Any) -> Any:
    stripped: Any = without_ids({"x": spec})["x"]
    return stripped


def _panel_node(panel: wr.Panel) -> Any:
    spec = spec_of(panel)
    try:
        if isinstance(panel, wr.UnknownPanel):
            node: Any = Call(wr.UnknownPanel, (), (("spec", _strip(panel.spec)),))
        else:
            node = encode(panel)
    except Unrepresentable:
        node = None
    if node is not None:
        for candidate in (_plain_metrics(node), node):
            if _same_spec(candidate, spec):
                return candidate
    return FromSpec("panel", _strip(spec))


def _plain_metrics(node: Any) -> Any:
    """``wr.Metric("loss")`` as plain ``"loss"`` (the caller checks the spec is the same)."""
    if isinstance(node, Call):
        if node.cls is wr.Metric and len(node.args) == 1:
            return node.args[0]
        args = tuple(_plain_metrics(arg) for arg in node.args)
        defaults = default_arguments(node.cls)
        kwargs = [(key, _plain_metrics(value)) for key, value in node.kwargs]
        kept = [(k, v) for k, v in kwargs if k not in defaults or not same(v, defaults[k])]
        return Call(node.cls, args, tuple(kept))
    if isinstance(node, list):
        return [_plain_metrics(item) for item in node]
    return node


def _replace(call: Call, key: str, value: Any) -> Call:
    return Call(call.cls, call.args, tuple((k, value if k == key else v) for k, v in call.kwargs))


def _section_node(section: ws.Section) -> Any:
    spec = spec_of(section)
    try:
        node = encode(section)
    except Unrepresentable:
        return FromSpec("section", _strip(spec))
    if section.panels:
        node = _replace(node, "panels", [_panel_node(panel) for panel in section.panels])
    if _same_spec(node, spec):
        return node
    return FromSpec("section", _strip(spec))


def _patched(node: Any, spec: dict[str, Any]) -> Patched | None:
    """``node`` and the patch that makes its spec ``spec`` (None: no readable patch)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            written = without_ids(instantiate(node).to_spec())
    except (Unrepresentable, ValueError, TypeError):
        return None
    steps = spec_patch(written, without_ids(spec))
    if not steps or any(not step.path for step in steps):
        return None  # nothing to patch, or all of it: the whole spec reads better
    candidate = Patched(node, tuple(steps))
    return candidate if _same_spec(candidate, spec) else None


def export_tree(workspace: ws.Workspace) -> Any:
    """The tree (:mod:`.tree`) that re-creates ``workspace``'s spec: typed calls, with a
    patch for what only the stored JSON says (workspace level), else ``from_spec``."""
    spec = spec_of(workspace)
    try:
        node = encode(workspace)
        if workspace.sections:
            node = _replace(node, "sections", [_section_node(s) for s in workspace.sections])
        if _same_spec(node, spec):
            return node
        found = _patched(node, spec)
        if found is not None:
            return found
    except Unrepresentable:
        pass
    identity = tuple((key, getattr(workspace, key)) for key in ("entity", "project", "name"))
    return FromSpec("workspace", without_ids(spec), identity)


def export_text(workspace: ws.Workspace, fmt: str = "python", url: str | None = None) -> str:
    """The file contents for ``workspace`` in ``fmt`` (``python``, ``yaml`` or ``json``);
    with ``url``, the file names that view (``url = "..."`` / ``url:``), so plan and
    apply manage it whatever its display name becomes."""
    tree = export_tree(workspace)
    if fmt == "python":
        script = render_script(tree)
        return script + (f"url = {json.dumps(url)}\n" if url else "")
    document = to_document(tree)
    if url:
        document = {"url": url, **document}
    if fmt == "yaml":
        return dump_yaml(document)
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    raise ExportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def file_names(display_names: list[str], suffix: str) -> list[str]:
    """One file name per view, from its display name: lower case, ``_`` for what is not
    a letter or digit (a Python module name), ``_2``, ``_3``... where two would clash."""
    out: list[str] = []
    taken: set[str] = set()
    for display_name in display_names:
        stem = re.sub(r"[^0-9a-z]+", "_", display_name.lower()).strip("_") or "workspace"
        if stem[0].isdigit():
            stem = f"w_{stem}"
        name, n = stem, 1
        while name in taken:
            n += 1
            name = f"{stem}_{n}"
        taken.add(name)
        out.append(name + suffix)
    return out
