"""User objects as a neutral tree of constructor calls, shared by every export format.

:func:`encode` turns a ``ws.Workspace`` (and everything it holds) into :class:`Call`
nodes that name the public class and only the arguments that differ from the class
defaults; :func:`instantiate` builds the objects back. The Python renderer prints the
tree as source, the document renderer as YAML/JSON mappings.

Spec JSON that no class can express is carried in :class:`FromSpec` nodes, written as
``wr.panel_from_spec({...})``, ``ws.Section.from_spec({...})`` or
``ws.Workspace.from_spec({...}, ...)``: the public, lossless way to load it.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

from pydantic.fields import FieldInfo

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from wandb_workspaces.workspaces import GroupPath

from .patch import apply_patch, as_json_patch

__all__ = [
    "EXPR_METRICS",
    "Call",
    "FromSpec",
    "Patched",
    "Unrepresentable",
    "default_arguments",
    "encode",
    "instantiate",
    "patched",
    "qualified_name",
    "same",
]

MODULES = (("ws", ws), ("wr", wr), ("expr", expr))

# Filter, grouping and sort metrics, by the key a document writes them under.
EXPR_METRICS: dict[str, type[expr.BaseMetric]] = {
    "run": expr.Metric,
    "summary": expr.Summary,
    "config": expr.Config,
    "tags": expr.Tags,
    "keys_info": expr.KeysInfo,
}


class Unrepresentable(Exception):
    """A value no public constructor expresses (the caller falls back to ``from_spec``)."""


@dataclasses.dataclass(frozen=True)
class Call:
    """``cls(*args, **kwargs)``; kwargs in field order."""

    cls: type
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()


@dataclasses.dataclass(frozen=True)
class FromSpec:
    """Load ``spec`` with the public ``from_spec`` of a panel, section or workspace."""

    kind: str  # "panel" | "section" | "workspace"
    spec: Any
    kwargs: tuple[tuple[str, Any], ...] = ()


@dataclasses.dataclass(frozen=True)
class Patched:
    """A workspace the classes say (``node``) and the steps (:mod:`.patch`) that turn its
    spec into the stored one: what no class models, and only that, as JSON."""

    node: Any
    steps: tuple[Any, ...]


def qualified_name(cls: type) -> str:
    """``ws.Section``, ``wr.LinePlot``, ``expr.KeysInfo``: how a script names the class."""
    for alias, module in MODULES:
        if getattr(module, cls.__name__, None) is cls:
            return f"{alias}.{cls.__name__}"
    raise Unrepresentable(f"{cls.__module__}.{cls.__qualname__} is not a public class")


def same(a: Any, b: Any) -> bool:
    """Equal trees, telling ``True`` from ``1`` and ``1.0`` from ``1``."""
    return repr(a) == repr(b)


def _default(field: dataclasses.Field[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, FieldInfo):
        if default.default_factory is not None:
            return default.default_factory()  # type: ignore[call-arg]
        return default.default
    if default is not dataclasses.MISSING:
        return default
    factory: Any = field.default_factory
    if factory is not dataclasses.MISSING:
        return factory()
    return dataclasses.MISSING


def default_arguments(cls: type) -> dict[str, Any]:
    """The encoded default of each field of a dataclass that has one."""
    out = {}
    for field in dataclasses.fields(cls):
        default = _default(field)
        if default is not dataclasses.MISSING and not field.name.startswith("_"):
            out[field.name] = encode(default)
    return out


def _expr_metric(metric: expr.BaseMetric) -> Call:
    cls = type(metric)
    if cls not in EXPR_METRICS.values() or metric.section != cls.section:
        raise Unrepresentable(f"metric {metric!r} of section {metric.section!r}")
    if cls is expr.Tags and metric.name == "tags":
        return Call(cls)
    return Call(cls, (metric.name,))


def _dataclass(obj: Any, full: bool) -> Call:
    cls = type(obj)
    qualified_name(cls)
    fields = [f for f in dataclasses.fields(obj) if not f.name.startswith("_")]
    kwargs: list[tuple[str, Any]] = []
    for field in fields:
        value = encode(getattr(obj, field.name), full=full)
        default = _default(field)
        if full or default is dataclasses.MISSING or not same(value, encode(default)):
            kwargs.append((field.name, value))
    if len(fields) == 1 and len(kwargs) == 1 and not fields[0].kw_only:
        return Call(cls, (kwargs[0][1],))  # wr.Metric("loss"), not wr.Metric(name="loss")
    return Call(cls, (), tuple(kwargs))


def _workspace(workspace: ws.Workspace, full: bool) -> Call:
    call = _dataclass(workspace, full)
    head = ("entity", "project", "name")  # always written: they are the view's identity
    kwargs = [(key, getattr(workspace, key)) for key in head]
    kwargs += [(key, value) for key, value in call.kwargs if key not in head]
    auto = getattr(workspace, "auto_generate_panels")  # noqa: B009 (a property set at import)
    if auto is not False:
        kwargs.append(("auto_generate_panels", auto))
    return Call(ws.Workspace, (), tuple(kwargs))


def encode(obj: Any, *, full: bool = False) -> Any:
    """The tree of ``obj``; raises :class:`Unrepresentable` for anything without a class.

    Arguments equal to the class defaults are left out, unless ``full``.
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, list):
        return [encode(item, full=full) for item in obj]
    if isinstance(obj, tuple):
        return tuple(encode(item, full=full) for item in obj)
    if isinstance(obj, dict):
        return {encode(key): encode(value, full=full) for key, value in obj.items()}
    if isinstance(obj, GroupPath):
        return Call(GroupPath, tuple(obj.segments))
    if isinstance(obj, expr.BaseMetric):
        return _expr_metric(obj)
    if isinstance(obj, ws.Workspace):
        return _workspace(obj, full)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _dataclass(obj, full)
    raise Unrepresentable(f"a value of type {type(obj).__name__}")


def patched(view: Any, ops: list[Any]) -> Any:
    """``view`` (a workspace or a report) with a JSON Patch (``spec_patch``) applied to
    its spec, loaded back with its class's public ``from_spec``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = apply_patch(view.to_spec(), ops)
    if isinstance(view, ws.Workspace):
        return ws.Workspace.from_spec(
            spec, entity=view.entity, project=view.project, name=view.name
        )
    return type(view).from_spec(
        spec,
        entity=view.entity,
        project=view.project,
        title=view.title,
        description=view.description,
    )


def instantiate(node: Any) -> Any:
    """The objects a tree describes (what running the exported script builds)."""
    if isinstance(node, Call):
        args = [instantiate(arg) for arg in node.args]
        kwargs = {key: instantiate(value) for key, value in node.kwargs}
        return node.cls(*args, **kwargs)
    if isinstance(node, Patched):
        return patched(instantiate(node.node), as_json_patch(node.steps))
    if isinstance(node, FromSpec):
        kwargs = {key: instantiate(value) for key, value in node.kwargs}
        if node.kind == "panel":
            return wr.panel_from_spec(node.spec)
        if node.kind == "section":
            return ws.Section.from_spec(node.spec)
        return ws.Workspace.from_spec(node.spec, **kwargs)
    if isinstance(node, list):
        return [instantiate(item) for item in node]
    if isinstance(node, tuple):
        return tuple(instantiate(item) for item in node)
    if isinstance(node, dict):
        return {instantiate(key): instantiate(value) for key, value in node.items()}
    return node
