"""``validate``: the metric, config and summary keys a workspace names, checked against runs.

:func:`referenced_keys` collects what panels, filters, grouping, sorting and x axes
name; :func:`check_keys` compares them with the keys a project's runs have
(:class:`ProjectKeys`), suggesting the closest existing name for each one missing.

Runs come from a :class:`RunSource`: :class:`StoreRunSource` reads the embedded store
(``Store.list_runs``) and the history store (``HistoryStore.keys``); either may not be
available in this build yet, in which case that part is skipped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from wandb_workspaces import expr
from wandb_workspaces.errors import closest
from wandb_workspaces.wire import FE_TO_BE

__all__ = [
    "KeyRef",
    "ProjectKeys",
    "RunSource",
    "StoreRunSource",
    "check_keys",
    "key_line",
    "keys_of_runs",
    "missing_keys",
    "referenced_keys",
    "referenced_panel_keys",
]

KINDS = ("metric", "config", "summary")


@dataclasses.dataclass(frozen=True)
class KeyRef:
    """A key the workspace names: ``kind`` is metric (history), config or summary."""

    kind: str
    name: str
    where: str


@dataclasses.dataclass
class ProjectKeys:
    """The keys the runs of a project have."""

    runs: int = 0
    metrics: set[str] = dataclasses.field(default_factory=set)
    config: set[str] = dataclasses.field(default_factory=set)
    summary: set[str] = dataclasses.field(default_factory=set)


class RunSource(Protocol):
    """Where ``validate`` gets the keys of a project's runs (None: runs not available)."""

    def project_keys(self, entity: str, project: str) -> ProjectKeys | None: ...


# -- what a workspace names ------------------------------------------------------------------
def _builtin(name: str) -> bool:
    return name in FE_TO_BE or name.startswith("_") or name in FE_TO_BE.values()


def _metric_like(value: Any, where: str) -> Iterator[KeyRef]:
    if value is None:
        return
    name = value.name if isinstance(value, (wr.Metric, wr.Config, wr.SummaryMetric)) else value
    name = str(name)
    if isinstance(value, wr.Config) or name.startswith("c::"):  # "c::" marks a config key
        yield KeyRef("config", name.removeprefix("c::"), where)
    elif isinstance(value, wr.SummaryMetric):
        yield KeyRef("summary", name, where)
    elif not _builtin(name):
        yield KeyRef("metric", name, where)


def referenced_panel_keys(panel: wr.Panel, where: str) -> Iterator[KeyRef]:
    """The keys one panel names (``where`` prefixes each place)."""
    for field in ("x", "y", "z", "metric", "metrics"):
        value = getattr(panel, field, None)
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            suffix = f"[{index}]" if isinstance(value, list) else ""
            yield from _metric_like(item, f"{where}.{field}{suffix}")
    if isinstance(panel, wr.ParallelCoordinatesPlot):
        for index, column in enumerate(panel.columns):
            yield from _metric_like(column.metric, f"{where}.columns[{index}]")
    if isinstance(panel, wr.ParameterImportancePlot) and panel.with_respect_to:
        yield from _metric_like(panel.with_respect_to, f"{where}.with_respect_to")
    if isinstance(panel, wr.MediaBrowser):
        for index, key in enumerate(panel.media_keys):
            yield KeyRef("metric", key, f"{where}.media_keys[{index}]")


def _expr_key(metric: expr.BaseMetric, where: str) -> Iterator[KeyRef]:
    if isinstance(metric, expr.Config):
        yield KeyRef("config", metric.name, where)
    elif isinstance(metric, expr.Summary):
        yield KeyRef("summary", metric.name, where)


def _filter_leaves(tree: Any) -> Iterator[dict[str, Any]]:
    if isinstance(tree, dict):
        if "key" in tree:
            yield tree
        for child in tree.get("filters", []):
            yield from _filter_leaves(child)


def referenced_keys(workspace: ws.Workspace) -> list[KeyRef]:
    """Every metric, config and summary key the workspace names, with where it does."""
    refs: list[KeyRef] = []
    for name, x_axis in [("settings.x_axis", workspace.settings.x_axis)] + [
        (f"sections[{i}].panel_settings.x_axis", s.panel_settings.x_axis)
        for i, s in enumerate(workspace.sections)
    ]:
        refs += _metric_like(x_axis, name)
    for section in workspace.sections:
        for j, panel in enumerate(section.panels):
            refs += referenced_panel_keys(panel, f'section "{section.name}" panels[{j}]')
    runset = workspace.runset_settings
    if runset.filters:
        for leaf in _filter_leaves(expr.string_to_tree(str(runset.filters))):
            key = leaf["key"]
            kind = {"config": "config", "summary": "summary"}.get(key.get("section"))
            if kind:
                refs.append(KeyRef(kind, str(key.get("name")), "runset_settings.filters"))
    for index, metric in enumerate(runset.groupby):
        refs += _expr_key(metric, f"runset_settings.groupby[{index}]")
    for index, order in enumerate(runset.order):
        refs += _expr_key(order.item, f"runset_settings.order[{index}]")
    return refs


# -- what the runs have ----------------------------------------------------------------------
def _flat(data: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}{key}"
            yield name
            yield from _flat(value, f"{name}.")


def _config_keys(config: dict[str, Any]) -> Iterator[str]:
    for key, value in config.items():
        if str(key).startswith("_"):
            continue
        inner = value.get("value") if isinstance(value, dict) and "value" in value else value
        yield str(key)
        yield from _flat(inner, f"{key}.")


def keys_of_runs(runs: Iterable[Any], history_keys: Any = None) -> ProjectKeys:
    """The keys of ``runs`` (``RunRecord``s); ``history_keys(run)`` gives logged keys."""
    keys = ProjectKeys()
    for run in runs:
        keys.runs += 1
        keys.config.update(_config_keys(run.config))
        keys.summary.update(_flat(run.summary))
        if history_keys is not None:
            keys.metrics.update(history_keys(run))
    return keys


class StoreRunSource:
    """Runs of the embedded store; history keys from the history store under ``home``."""

    def __init__(self, store: Any, history_root: Path | None = None) -> None:
        self.store = store
        self.history: Any = None
        if history_root is not None:
            try:
                from panelbank.history import HistoryStore

                self.history = HistoryStore(history_root)
            except NotImplementedError:  # not built yet: summary keys stand in
                self.history = None

    def close(self) -> None:
        if self.history is not None:
            self.history.close()
            self.history = None

    def _history_keys(self, run: Any) -> Iterable[str]:
        try:
            return list(self.history.keys(run.history_key))
        except (NotImplementedError, KeyError, FileNotFoundError):
            return []

    def project_keys(self, entity: str, project: str) -> ProjectKeys | None:
        list_runs = getattr(self.store, "list_runs", None)
        if list_runs is None:
            return None
        runs = list_runs(entity, project)
        return keys_of_runs(runs, self._history_keys if self.history is not None else None)


def missing_keys(refs: list[KeyRef], keys: ProjectKeys) -> list[tuple[KeyRef, str]]:
    """Each key no run has, with its problem line (and the closest existing name)."""
    problems = []
    for ref in refs:
        if ref.kind == "config":
            known = keys.config
        elif ref.kind == "summary":
            known = keys.summary | keys.metrics
        else:
            known = keys.metrics | keys.summary
        if ref.name in known:
            continue
        near = closest(ref.name, sorted(known))
        hint = f" (did you mean {near!r}?)" if near else ""
        what = {"metric": "metric", "config": "config key", "summary": "summary key"}[ref.kind]
        problems.append((ref, f"{ref.where}: {what} {ref.name!r} is in no run{hint}"))
    return problems


def check_keys(refs: list[KeyRef], keys: ProjectKeys) -> list[str]:
    """One problem line per key no run has, with the closest existing name."""
    return [line for _, line in missing_keys(refs, keys)]


def key_line(source: str, name: str) -> int | None:
    """The 1-based line of ``source`` (a workspace file) that names the key ``name``: the
    first where it is written as a quoted string, else the first where it stands as a
    word (unquoted in YAML; ``Config('lr')`` in a filter); None when it is not written
    there (it came from a variable or a loop)."""
    quoted = re.compile(rf"""(["']){re.escape(name)}\1""")
    word = re.compile(rf"(?<![\w.\-/]){re.escape(name)}(?![\w.\-/])")
    lines = source.splitlines()
    for pattern in (quoted, word):
        for number, line in enumerate(lines, 1):
            if pattern.search(line):
                return number
    return None
