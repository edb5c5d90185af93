"""``Runset``: the runs a report's panel grid shows, and its wire form (``metadata.runSets[i]``).

The run set JSON is written by the same functions as a workspace's
(:func:`..workspaces._runset.runset_wire`, :func:`run_feed_wire`), filters go through the
same grammar (``wandb_workspaces.expr``) and ``RunSettings`` is the workspace class. A
loaded run set keeps its stored JSON: unchanged it is written back as it was, and an
unchanged filter string writes back the stored filters (disabled items and all).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Annotated, Any, Optional, Union, cast

from pydantic import BeforeValidator, Field, model_validator
from pydantic.dataclasses import dataclass

from ... import expr
from ..._ids import generate_panel_id
from ..._names import to_backend_name, to_frontend_name
from ..._roundtrip import as_dict, as_list, copy_json, merge
from ..._validation import model
from ...workspaces._runset import hidden_runs, run_feed_wire, runset_wire
from ...workspaces._settings import RunSettings
from ._metrics import Config, Metric, SummaryMetric
from ._shared import dig

__all__ = ["OrderBy", "RunSettings", "Runset", "RunsetGroup", "RunsetGroupKey"]

JSONDict = dict[str, Any]
MetricType = Union[str, Config, SummaryMetric, Metric]

# The app's runs table shows at most this many columns.
MAX_RUNSET_VISIBLE_COLUMNS = 500


@dataclass(frozen=True)
class RunsetGroupKey:
    """One level of a run group: the grouping ``key`` and this group's ``value``."""

    key: MetricType
    value: str


@dataclass(frozen=True)
class RunsetGroup:
    """A group of runs in the run set ``runset_name``, for ``PanelGrid.custom_run_colors``."""

    runset_name: str
    keys: tuple[RunsetGroupKey, ...]


@model
class OrderBy:
    """A sort key of a run set: ``wr.OrderBy(wr.SummaryMetric("acc"), ascending=False)``."""

    name: MetricType
    ascending: bool = False

    def to_key(self) -> JSONDict:
        name = self.name
        if isinstance(name, SummaryMetric):
            key = {"section": "summary", "name": name.name}
        elif isinstance(name, Config):
            key = {"section": "config", "name": name.name}
        else:
            raw = name.name if isinstance(name, Metric) else name
            key = {"section": "run", "name": to_backend_name(raw)}
        return {"key": key, "ascending": self.ascending}

    @classmethod
    def from_key(cls, data: JSONDict) -> OrderBy:
        key = as_dict(data.get("key"))
        section, name = str(key.get("section", "run")), str(key.get("name", "createdAt"))
        metric: MetricType
        if section == "summary":
            metric = SummaryMetric(name)
        elif section == "config":
            parts = name.split(".")
            if "value" in parts:
                parts.remove("value")
            metric = Config(".".join(parts))
        else:
            metric = _frontend_metric(name)
        return cls(metric, data.get("ascending") is True)


def _frontend_metric(name: str) -> MetricType:
    if name.startswith("config.") and ".value" in name:
        return Config(name.replace("config.", "").replace(".value", ""))
    for prefix in ("summary_metrics.", "summary."):
        if name.startswith(prefix):
            return SummaryMetric(name.replace(prefix, ""))
    return Metric(to_frontend_name(name))


def group_key_to_wire(key: MetricType) -> str:
    """A ``RunsetGroupKey.key`` as the colour keys of a panel grid write it."""
    if isinstance(key, (str, Config)):
        first, *rest = (key if isinstance(key, str) else key.name).split(".")
        return f"config:{first}.value" + ("." + ".".join(rest) if rest else "")
    if isinstance(key, SummaryMetric):
        return f"summary_metrics.{key.name}"
    return to_backend_name(key.name)


def group_key_from_wire(text: str) -> MetricType:
    if text.startswith("config:") and ".value" in text:
        return Config(text.replace("config:", "").replace(".value", ""))
    return _frontend_metric(text)


def groupby_to_key(text: str) -> JSONDict:
    """``"config.lr"`` -> ``{"section": "config", "name": "lr.value"}`` (``"group"``: run)."""
    section, _, name = text.partition(".") if "." in text else ("run", "", text)
    metric = expr.BaseMetric.from_key({"section": section, "name": to_backend_name(name)})
    return expr.groupby_to_key(metric)


def _default_order() -> list[OrderBy]:
    return [OrderBy("CreatedTimestamp", ascending=False)]


@model
class Runset:
    """The runs a panel grid shows: a project, a search, filters, grouping, order, columns.

    Example::

        wr.Runset(entity="team", project="proj", name="Adam runs",
                  filters="Config('optimizer') = 'adam' and Summary('acc') >= 0.9",
                  groupby=["config.lr"], order=[wr.OrderBy(wr.SummaryMetric("acc"))],
                  run_settings={"1mbku38n": wr.RunSettings(color="red")})

    ``filters`` takes a filter string, a list of filter expressions (AND-ed), or
    ``expr.And`` / ``expr.Or``; it is stored as the string. Columns are named
    ``"<section>:<name>"`` (``"summary:acc"``, ``"config:lr.value"``); a hidden column
    wins over a pinned, visible or ordered one, and ``lock_columns=True`` shows only the
    pinned and visible ones.
    """

    entity: str = ""
    project: str = ""
    name: str = "Run set"
    query: str = ""
    if TYPE_CHECKING:  # what the constructor takes (the official annotation); kept as str
        filters: Union[str, list[expr.FilterExpr], expr.Or, expr.And] = ""
    else:
        filters: Annotated[str, BeforeValidator(expr.filters_to_string)] = ""
    groupby: list[str] = Field(default_factory=list)
    order: list[OrderBy] = Field(default_factory=_default_order)
    custom_run_colors: dict[Any, str] = Field(default_factory=dict)
    run_settings: dict[str, RunSettings] = Field(default_factory=dict)
    pinned_columns: list[str] = Field(default_factory=list)
    visible_columns: list[str] = Field(default_factory=list)
    hidden_columns: list[str] = Field(default_factory=list)
    column_order: list[str] = Field(default_factory=list)
    column_widths: dict[str, int] = Field(default_factory=dict)
    lock_columns: Optional[bool] = None

    def __post_init__(self) -> None:
        self._id: str
        self._root: int
        self._raw: JSONDict | None
        self._loaded: JSONDict | None
        self._filters_raw: Any
        self._filters_loaded: str | None
        self.__dict__.update(
            _id=generate_panel_id(),
            _root=1,
            _raw=None,
            _loaded=None,
            _filters_raw=None,
            _filters_loaded=None,
        )

    @model_validator(mode="after")
    def _merge_colors(self) -> Runset:
        """Plain run-id keys of ``custom_run_colors`` become ``run_settings`` colours."""
        merged = dict(self.run_settings)
        for run_id, color in self.custom_run_colors.items():
            if isinstance(run_id, str) and run_id not in merged:
                merged[run_id] = RunSettings(color=color)
        self.__dict__["run_settings"] = merged
        return self

    # -- wire ----------------------------------------------------------------------------
    def _columns(self) -> JSONDict:
        hidden = list(dict.fromkeys(self.hidden_columns))
        hidden_set = set(hidden)
        pinned = [c for c in dict.fromkeys(self.pinned_columns) if c not in hidden_set]
        visible = [c for c in dict.fromkeys(self.visible_columns) if c not in hidden_set]
        pinned_set = set(pinned)
        curated = pinned + [c for c in visible if c not in pinned_set]
        explicit = [c for c in dict.fromkeys(self.column_order) if c not in hidden_set]
        explicit_set = set(explicit)
        order = explicit + [c for c in curated if c not in explicit_set]
        if self.lock_columns:
            curated_set = set(curated)
            order = [c for c in order if c in curated_set]
        if len(order) > MAX_RUNSET_VISIBLE_COLUMNS:
            warnings.warn(
                f"Runset {self.name!r} shows {len(order)} columns; the W&B app shows only "
                f"the first {MAX_RUNSET_VISIBLE_COLUMNS}",
                UserWarning,
                stacklevel=4,
            )
        visible_map: dict[str, bool] = dict.fromkeys(hidden, False)
        visible_map.update(dict.fromkeys(order, True))
        return run_feed_wire(
            visible=visible_map,
            pinned=dict.fromkeys(pinned, True),
            widths=dict(self.column_widths),
            order=order,
            lock=self.lock_columns,
        )

    def _filters_v2(self) -> Any:
        if self._filters_loaded is not None and self.filters == self._filters_loaded:
            return self._filters_raw  # the stored filters (shared: copied by to_spec)
        return expr.string_to_v2(cast(str, self.filters))  # validated: always the string

    def _wire(self, project_id: Optional[str] = None) -> JSONDict:
        project: Optional[JSONDict] = None
        if self.entity and self.project:
            project = {"name": self.project, "entityName": self.entity}
            if project_id is not None:
                project["id"] = project_id
        want_disabled = self._root != 0
        return runset_wire(
            runset_id=self._id,
            run_feed=self._columns(),
            name=self.name,
            search={"query": self.query},
            filters_v2=self._filters_v2(),
            grouping=[groupby_to_key(text) for text in self.groupby],
            sort_keys=[order.to_key() for order in self.order],
            tree=[rid for rid, run in self.run_settings.items() if run.disabled == want_disabled],
            root=self._root,
            project=project,
        )

    def to_spec(self, project_id: Optional[str] = None) -> JSONDict:
        """The run set's JSON; ``project_id`` is the project's internal id (saving fills it in)."""
        spec = self._spec(project_id)
        return spec if self._raw is None else copy_json(spec)

    def _spec(self, project_id: Optional[str] = None) -> JSONDict:
        """Like :meth:`to_spec`, but may share subtrees with the stored JSON (no copy)."""
        current = self._wire(project_id)
        raw, loaded = self._raw, self._loaded
        if raw is None or loaded is None:
            return current
        stored_id = dig(raw, "project", "id")
        if project_id is None and stored_id is not None and "project" in current:
            current["project"]["id"] = stored_id  # offline: the stored id stands
        if current == loaded:
            return raw
        return merge(raw, loaded, current)

    @classmethod
    def _load(cls, data: JSONDict) -> Runset:
        """A run set from its stored JSON, which it keeps (no copy)."""
        project = as_dict(data.get("project"))
        feed = as_dict(data.get("runFeed"))
        visible_map = as_dict(feed.get("columnVisible"))
        order = [c for c in as_list(feed.get("columnOrder")) if isinstance(c, str)]
        pinned = [c for c, on in as_dict(feed.get("columnPinned")).items() if on is True]
        hidden = [c for c, on in visible_map.items() if on is False]
        skip = set(pinned) | set(hidden)
        visible = [c for c in order if c not in skip]
        visible += [c for c, on in visible_map.items() if on is True and c not in skip
                    and c not in set(visible)]  # fmt: skip
        selections = as_dict(data.get("selections"))
        root = selections.get("root", 1)
        disabled = root != 0
        raw_filters = data.get("filters")
        if expr.is_filter_v2(raw_filters):
            filters = expr.v2_to_string(raw_filters)  # type: ignore[arg-type]
        elif isinstance(raw_filters, dict):
            filters = expr.v2_to_string(expr.legacy_tree_to_v2(raw_filters))
        else:
            filters = ""
        lock = feed.get("lockColumns")
        runset = cls(
            entity=project.get("entityName") or "",
            project=project.get("name") or "",
            name=data.get("name", "Run set"),
            query=as_dict(data.get("search")).get("query", ""),
            filters=filters,
            groupby=[
                f"{key.get('section')}.{to_frontend_name(str(key.get('name')))}"
                for key in as_list(data.get("grouping"))
            ],
            order=[OrderBy.from_key(key) for key in as_list(dig(data, "sort", "keys"))],
            run_settings={rid: RunSettings(disabled=disabled) for rid in hidden_runs(selections)},
            pinned_columns=pinned,
            visible_columns=visible,
            hidden_columns=hidden,
            column_order=order,
            column_widths=as_dict(feed.get("columnWidths")),
            lock_columns=lock if isinstance(lock, bool) else None,
        )
        runset_id = data.get("id")
        runset.__dict__.update(
            _id=runset_id if isinstance(runset_id, str) else "",
            _root=root if isinstance(root, int) else 1,
            _filters_raw=raw_filters,
            _filters_loaded=filters,
            _raw=data,
        )
        return runset

    def _remember(self) -> None:
        """Note what the loaded run set writes now (after its colours were assigned)."""
        self.__dict__["_loaded"] = self._wire(dig(self._raw, "project", "id"))
