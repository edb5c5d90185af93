"""The declarative form of a workspace (YAML/JSON): the fields of the Python classes.

A document is the tree of :mod:`.tree` as plain data. Objects are mappings of their
non-default fields; where a field admits several classes the value says which:

* a panel has ``type: LinePlot`` (the ``wr`` class name) beside its fields;
* a panel metric is a string, or ``{Metric: loss}``, ``{Config: lr}``,
  ``{SummaryMetric: acc}`` (``wr.Metric(...)`` and so on);
* a filter, grouping or sort metric is ``{config: lr}``, ``{summary: acc}``,
  ``{run: State}``, ``{tags: tags}`` or ``{keys_info: ...}`` (``ws.Config("lr")``...);
* ``group_colors`` keyed by nested groups is a list of ``{group: [...], color: ...}``;
* what no class expresses is ``{from_spec: {...}}`` (the panel or section JSON), or, at
  the workspace level, ``spec_patch: [{op, path, value}]`` (JSON Patch on the spec the
  fields write, :mod:`.patch`), or the whole workspace's ``from_spec``.

:func:`to_document` writes a tree, :func:`from_document` builds the workspace back.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Union

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from wandb_workspaces import expr
from wandb_workspaces.errors import SpecValidationError, WorkspacesError, closest
from wandb_workspaces.workspaces import GroupPath

from .errors import FileLoadError
from .patch import PatchError, as_json_patch
from .tree import EXPR_METRICS, Call, FromSpec, Patched, patched

__all__ = ["DocumentError", "from_document", "to_document"]

PANEL_METRICS: dict[str, type] = {"Metric": wr.Metric, "Config": wr.Config}
PANEL_METRICS["SummaryMetric"] = wr.SummaryMetric
_SECTION_OF = {cls: key for key, cls in EXPR_METRICS.items()}
_PANELS = {
    name: getattr(wr, name)
    for name in wr.__all__
    if isinstance(getattr(wr, name), type)
    and issubclass(getattr(wr, name), wr.Panel)
    and getattr(wr, name) is not wr.Panel
}


# -- writing ---------------------------------------------------------------------------------
def _kwargs(call: Call) -> list[tuple[str, Any]]:
    if not call.args:
        return list(call.kwargs)
    names = [f.name for f in dataclasses.fields(call.cls) if not f.kw_only]
    return [*zip(names, call.args, strict=False), *call.kwargs]


def to_document(node: Any) -> Any:
    """Plain data (for YAML or JSON) for a tree."""
    if isinstance(node, Call):
        cls = node.cls
        if cls in _SECTION_OF:
            return {_SECTION_OF[cls]: node.args[0] if node.args else "tags"}
        if cls in PANEL_METRICS.values():
            return {cls.__name__: node.args[0]}
        fields = {key: to_document(value) for key, value in _kwargs(node)}
        if issubclass(cls, wr.Panel):
            return {"type": cls.__name__, **fields}
        return fields
    if isinstance(node, Patched):
        return {**to_document(node.node), "spec_patch": as_json_patch(node.steps)}
    if isinstance(node, FromSpec):
        return {**{key: to_document(value) for key, value in node.kwargs}, "from_spec": node.spec}
    if isinstance(node, (list, tuple)):
        return [to_document(item) for item in node]
    if isinstance(node, dict):
        if all(isinstance(key, str) for key in node):
            return {key: to_document(value) for key, value in node.items()}
        return [
            {"group": list(key.args) if isinstance(key, Call) else key, "color": value}
            for key, value in node.items()
        ]
    return node


# -- reading ---------------------------------------------------------------------------------
# Reading collects every problem of a document instead of stopping at the first: a value
# that cannot be used is recorded (with its path, ``sections[0].panels[1].title``) and
# left out, so the rest is still checked; :class:`DocumentError` then lists them all.
_SKIP: Any = object()


class DocumentError(FileLoadError):
    """A document declares an invalid workspace; ``fields`` are ``(path, message)``
    pairs, ``path`` in the document (``settings.smoothing_type``), ``""`` for the root."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        lines = [f"{path or 'workspace'}: {message}" for path, message in fields]
        super().__init__("\n".join(lines), lines)
        self.fields = fields


def _join(where: str, key: object) -> str:
    return f"{where}.{key}" if where else str(key)


def _relative(path: str) -> str:
    """A library problem path (``Section.panels.0.title``) without its class, in the
    document's spelling (``panels[0].title``)."""
    parts = path.split(".")[1:]
    out = ""
    for part in parts:
        out = f"{out}[{part}]" if part.isdigit() else _join(out, part)
    return out


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    resolved = getattr(cls, "__pydantic_fields__", None)
    if isinstance(resolved, dict):  # pydantic resolved them (Workspace shadows ``list``)
        hints = {name: info.annotation for name, info in resolved.items()}
    else:
        hints = typing.get_type_hints(cls)
    return {
        f.name: hints.get(f.name, Any)
        for f in dataclasses.fields(cls)
        if not f.name.startswith("_")
    }


class _Reader:
    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, where: str, message: str) -> Any:
        self.problems.append((where, message))
        return _SKIP

    def mapping(self, value: Any, where: str, what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping for {what}, got {type(value).__name__}")
            return None
        return value

    def build(self, cls: Callable[..., Any], kwargs: dict[str, Any], where: str) -> Any:
        """``cls(**kwargs)``; each invalid field is recorded and left out, and the rest
        tried again, so every problem is found."""
        while True:
            try:
                return cls(**kwargs)
            except SpecValidationError as exc:
                if not exc.problems:
                    return self.fail(where, str(exc))
                problems = exc.problems
            except (WorkspacesError, TypeError, ValueError) as exc:
                return self.fail(where, str(exc))
            dropped = False
            for path, message in problems:
                relative = _relative(path)
                self.fail(_join(where, relative), message)
                field = relative.split(".")[0].split("[")[0]
                if field in kwargs:
                    del kwargs[field]
                    dropped = True
            if not dropped:
                return _SKIP

    def object(self, cls: type, value: Any, where: str) -> Any:
        kwargs = self.fields(cls, value, where)
        return _SKIP if kwargs is None else self.build(cls, kwargs, where)

    def fields(self, cls: type, value: Any, where: str) -> dict[str, Any] | None:
        data = self.mapping(value, where, cls.__name__)
        if data is None:
            return None
        hints = _hints(cls)
        kwargs: dict[str, Any] = {}
        for key, item in data.items():
            if key not in hints:
                near = closest(str(key), list(hints))
                hint = f" (did you mean {near!r}?)" if near else f"; fields: {', '.join(hints)}"
                self.fail(_join(where, key), f"{cls.__name__} has no field {key!r}{hint}")
                continue
            built = self.value(hints[key], item, _join(where, key))
            if built is not _SKIP:
                kwargs[key] = built
        return kwargs

    def panel(self, value: Any, where: str) -> Any:
        data = self.mapping(value, where, "a panel")
        if data is None:
            return _SKIP
        if "from_spec" in data:
            spec = data["from_spec"]
            return self.build(lambda: wr.panel_from_spec(spec), {}, where)
        kind = data.get("type")
        cls = _PANELS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            near = closest(str(kind), list(_PANELS))
            hint = (
                f" (did you mean {near!r}?)" if near else f"; one of {', '.join(sorted(_PANELS))}"
            )
            return self.fail(_join(where, "type"), f"unknown panel type {kind!r}{hint}")
        return self.object(cls, {k: v for k, v in data.items() if k != "type"}, where)

    def expr_metric(self, value: Any, where: str) -> Any:
        data = self.mapping(value, where, "a metric such as {config: lr}")
        if data is None:
            return _SKIP
        if len(data) != 1 or next(iter(data)) not in EXPR_METRICS:
            keys = ", ".join(f"{{{key}: NAME}}" for key in EXPR_METRICS)
            return self.fail(where, "a metric is one of " + keys)
        section, name = next(iter(data.items()))
        return EXPR_METRICS[section](str(name))

    def group_colors(self, value: Any, where: str) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return dict(value)
        if not isinstance(value, list):
            self.fail(where, "group_colors is a mapping, or a list of {group: [...], color: ...}")
            return None
        out: dict[Any, Any] = {}
        for index, item in enumerate(value):
            entry = self.mapping(item, f"{where}[{index}]", "a group colour")
            if entry is not None:
                group = entry.get("group")
                out[GroupPath(*group) if isinstance(group, list) else group] = entry.get("color")
        return out

    def union(self, options: tuple[Any, ...], value: Any, where: str) -> Any:
        if value is None:
            return None
        if isinstance(value, dict):
            if len(value) == 1 and next(iter(value)) in PANEL_METRICS:
                name = next(iter(value.values()))
                return PANEL_METRICS[next(iter(value))](name)
            for option in options:
                if isinstance(option, type) and dataclasses.is_dataclass(option):
                    return self.value(option, value, where)
        for option in options:
            if typing.get_origin(option) in (list, tuple, dict) and isinstance(value, (list, dict)):
                return self.value(option, value, where)
        return value

    def value(self, hint: Any, value: Any, where: str) -> Any:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is Union or origin is types.UnionType:
            return self.union(args, value, where)
        if origin is list and isinstance(value, list):
            items = [self.value(args[0], item, f"{where}[{i}]") for i, item in enumerate(value)]
            return [item for item in items if item is not _SKIP]
        if origin is tuple and isinstance(value, list):
            return tuple(value)
        if origin is dict and isinstance(value, dict):
            built = {k: self.value(args[1], item, _join(where, k)) for k, item in value.items()}
            return {k: item for k, item in built.items() if item is not _SKIP}
        if isinstance(hint, type):
            if issubclass(hint, wr.Panel):
                return self.panel(value, where)
            if issubclass(hint, expr.BaseMetric):
                return self.expr_metric(value, where)
            if hint is expr.Ordering:
                return self.ordering(value, where)
            if dataclasses.is_dataclass(hint):
                return self.object(hint, value, where)
        return value

    def ordering(self, value: Any, where: str) -> Any:
        data = self.mapping(value, where, "an ordering such as {item: {summary: loss}}")
        if data is None:
            return _SKIP
        item = self.expr_metric(data.get("item"), _join(where, "item"))
        return _SKIP if item is _SKIP else expr.Ordering(item, bool(data.get("ascending", True)))

    def section(self, value: Any, where: str) -> Any:
        data = self.mapping(value, where, "a section")
        if data is None:
            return _SKIP
        if "from_spec" in data:
            spec = data["from_spec"]
            return self.build(lambda: ws.Section.from_spec(spec), {}, where)
        return self.object(ws.Section, data, where)

    def workspace(self, data: Any) -> Any:
        doc = self.mapping(data, "", "a workspace")
        if doc is None:
            return _SKIP
        doc = dict(doc)
        for key in ("entity", "project"):
            if not isinstance(doc.get(key), str):
                self.fail(key, f"{key!r} is required (a string)")
        if self.problems:
            return _SKIP
        if "from_spec" in doc:
            return self.build(
                lambda: ws.Workspace.from_spec(
                    doc["from_spec"],
                    entity=doc["entity"],
                    project=doc["project"],
                    name=doc.get("name"),
                ),
                {},
                "from_spec",
            )
        ops = doc.pop("spec_patch", None)
        if ops is not None and not isinstance(ops, list):
            self.fail("spec_patch", "a list of {op: add|replace|remove, path: /..., value: ...}")
            ops = None
        auto = doc.pop("auto_generate_panels", False)
        sections = doc.pop("sections", [])
        if not isinstance(sections, list):
            self.fail("sections", "expected a list of sections")
            sections = []
        colors = None
        runset = doc.get("runset_settings")
        if isinstance(runset, dict) and "group_colors" in runset:
            runset = dict(runset)
            colors = self.group_colors(runset.pop("group_colors"), "runset_settings.group_colors")
            doc["runset_settings"] = runset
        kwargs = self.fields(ws.Workspace, doc, "") or {}
        built = [self.section(item, f"sections[{i}]") for i, item in enumerate(sections)]
        kwargs["sections"] = [item for item in built if item is not _SKIP]
        workspace = self.build(ws.Workspace, {**kwargs, "auto_generate_panels": auto}, "")
        if colors is not None and workspace is not _SKIP:
            workspace.runset_settings.group_colors = colors
        if ops and workspace is not _SKIP:
            try:
                return patched(workspace, ops)
            except PatchError as exc:
                self.fail("spec_patch", str(exc))
            except (WorkspacesError, ValueError) as exc:
                self.fail("spec_patch", f"the patched spec does not load: {exc}")
            return _SKIP
        return workspace


def from_document(data: Any) -> ws.Workspace:
    """The workspace a document declares; :class:`DocumentError` lists every problem,
    each with its path in the document."""
    reader = _Reader()
    workspace = reader.workspace(data)
    if reader.problems or workspace is _SKIP:
        raise DocumentError(reader.problems or [("", "not a valid workspace")])
    result: ws.Workspace = workspace
    return result
