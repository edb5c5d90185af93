"""The declarative form of a workspace (YAML/JSON): the fields of the Python classes.

A document is the tree of :mod:`.tree` as plain data. Objects are mappings of their
non-default fields; where a field admits several classes the value says which:

* a panel has ``type: LinePlot`` (the ``wr`` class name) beside its fields;
* a panel metric is a string, or ``{Metric: loss}``, ``{Config: lr}``,
  ``{SummaryMetric: acc}`` (``wr.Metric(...)`` and so on);
* a filter, grouping or sort metric is ``{config: lr}``, ``{summary: acc}``,
  ``{run: State}``, ``{tags: tags}`` or ``{keys_info: ...}`` (``ws.Config("lr")``...);
* ``group_colors`` keyed by nested groups is a list of ``{group: [...], color: ...}``;
* what no class expresses is ``{from_spec: {...}}`` (the panel, section or workspace JSON).

:func:`to_document` writes a tree, :func:`from_document` builds the workspace back.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, Union

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from wandb_workspaces import expr
from wandb_workspaces.errors import closest
from wandb_workspaces.workspaces import GroupPath

from .errors import FileLoadError
from .tree import EXPR_METRICS, Call, FromSpec

__all__ = ["from_document", "to_document"]

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
def _fail(where: str, message: str) -> FileLoadError:
    return FileLoadError(f"{where}: {message}")


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


def _mapping(value: Any, where: str, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, f"expected a mapping for {what}, got {type(value).__name__}")
    return value


def _object(cls: type, value: Any, where: str) -> Any:
    return cls(**_fields(cls, value, where))


def _fields(cls: type, value: Any, where: str) -> dict[str, Any]:
    data = _mapping(value, where, cls.__name__)
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for key, item in data.items():
        if key not in hints:
            near = closest(str(key), list(hints))
            hint = f" (did you mean {near!r}?)" if near else f"; fields: {', '.join(hints)}"
            raise _fail(where, f"{cls.__name__} has no field {key!r}{hint}")
        kwargs[key] = _value(hints[key], item, f"{where}.{key}")
    return kwargs


def _panel(value: Any, where: str) -> wr.Panel:
    data = _mapping(value, where, "a panel")
    if "from_spec" in data:
        return wr.panel_from_spec(data["from_spec"])
    kind = data.get("type")
    cls = _PANELS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        near = closest(str(kind), list(_PANELS))
        hint = f" (did you mean {near!r}?)" if near else f"; one of {', '.join(sorted(_PANELS))}"
        raise _fail(where, f"unknown panel type {kind!r}{hint}")
    panel: wr.Panel = _object(cls, {k: v for k, v in data.items() if k != "type"}, where)
    return panel


def _expr_metric(value: Any, where: str) -> expr.BaseMetric:
    data = _mapping(value, where, "a metric such as {config: lr}")
    if len(data) != 1 or next(iter(data)) not in EXPR_METRICS:
        raise _fail(
            where, "a metric is one of " + ", ".join(f"{{{key}: NAME}}" for key in EXPR_METRICS)
        )
    section, name = next(iter(data.items()))
    return EXPR_METRICS[section](str(name))


def _group_colors(value: Any, where: str) -> dict[Any, Any]:
    if isinstance(value, dict):
        return dict(value)
    if not isinstance(value, list):
        raise _fail(where, "group_colors is a mapping, or a list of {group: [...], color: ...}")
    out: dict[Any, Any] = {}
    for index, item in enumerate(value):
        entry = _mapping(item, f"{where}[{index}]", "a group colour")
        group = entry.get("group")
        out[GroupPath(*group) if isinstance(group, list) else group] = entry.get("color")
    return out


def _union(options: tuple[Any, ...], value: Any, where: str) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in PANEL_METRICS:
            name = next(iter(value.values()))
            return PANEL_METRICS[next(iter(value))](name)
        for option in options:
            if isinstance(option, type) and dataclasses.is_dataclass(option):
                return _value(option, value, where)
    for option in options:
        if typing.get_origin(option) in (list, tuple, dict) and isinstance(value, (list, dict)):
            return _value(option, value, where)
    return value


def _value(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is types.UnionType:
        return _union(args, value, where)
    if origin is list and isinstance(value, list):
        return [_value(args[0], item, f"{where}[{i}]") for i, item in enumerate(value)]
    if origin is tuple and isinstance(value, list):
        return tuple(value)
    if origin is dict and isinstance(value, dict):
        return {key: _value(args[1], item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(hint, type):
        if issubclass(hint, wr.Panel):
            return _panel(value, where)
        if issubclass(hint, expr.BaseMetric):
            return _expr_metric(value, where)
        if hint is expr.Ordering:
            data = _mapping(value, where, "an ordering such as {item: {summary: loss}}")
            return expr.Ordering(
                _expr_metric(data.get("item"), f"{where}.item"), bool(data.get("ascending", True))
            )
        if dataclasses.is_dataclass(hint):
            return _object(hint, value, where)
    return value


def _section(value: Any, where: str) -> ws.Section:
    data = _mapping(value, where, "a section")
    if "from_spec" in data:
        return ws.Section.from_spec(data["from_spec"])
    section: ws.Section = _object(ws.Section, data, where)
    return section


def from_document(data: Any, where: str = "workspace") -> ws.Workspace:
    """The workspace a document declares (``FileLoadError`` names the bad key)."""
    doc = dict(_mapping(data, where, "a workspace"))
    for key in ("entity", "project"):
        if not isinstance(doc.get(key), str):
            raise _fail(where, f"{key!r} is required (a string)")
    if "from_spec" in doc:
        return ws.Workspace.from_spec(
            doc["from_spec"], entity=doc["entity"], project=doc["project"], name=doc.get("name")
        )
    auto = doc.pop("auto_generate_panels", False)
    sections = doc.pop("sections", [])
    if not isinstance(sections, list):
        raise _fail(f"{where}.sections", "expected a list of sections")
    colors = None
    runset = doc.get("runset_settings")
    if isinstance(runset, dict) and "group_colors" in runset:
        runset = dict(runset)
        colors = _group_colors(runset.pop("group_colors"), f"{where}.runset_settings.group_colors")
        doc["runset_settings"] = runset
    kwargs = _fields(ws.Workspace, doc, where)
    kwargs["sections"] = [
        _section(item, f"{where}.sections[{i}]") for i, item in enumerate(sections)
    ]
    workspace = ws.Workspace(**kwargs, auto_generate_panels=auto)
    if colors is not None:
        workspace.runset_settings.group_colors = colors
    return workspace
