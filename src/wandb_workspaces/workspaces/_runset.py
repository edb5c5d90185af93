"""``RunsetSettings``: the runs table of a workspace, and its wire form (``runSets[0]``).

:func:`runset_wire` and :func:`run_feed_wire` write a run set for workspaces and for the
panel grids of reports (``reports.v2._report_runset``) alike.

Filters are kept as a string (the filter grammar of ``wandb_workspaces.expr``); filter
objects, lists of them, ``And`` and ``Or`` are normalised to that string on assignment.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Annotated, Any, Optional, Union

from pydantic import BeforeValidator, Field, model_validator

from .. import expr
from .._roundtrip import as_dict
from .._validation import model
from ._pins import RunRef, canonical, encode_pin, pin_from_wire
from ._run_color_groups import PREFIX, GroupPath, decode_key, group_color_entries
from ._settings import RunSettings

__all__ = [
    "RunsetSettings",
    "hidden_runs",
    "run_feed_wire",
    "runset_from_wire",
    "runset_to_wire",
    "runset_wire",
    "stored_run_settings",
]

JSONDict = dict[str, Any]

DISPLAY_NAME_COLUMN = "run:displayName"
MAX_PINNED_RUNS = 20


def _normalise_filters(value: Any) -> Any:
    return expr.filters_to_string(value)


def _default_order() -> list[expr.Ordering]:
    return [expr.Ordering(expr.Metric("CreatedTimestamp"), ascending=False)]


@model
class RunsetSettings:
    """Which runs the workspace shows and how: search, filters, grouping, order, colours, pins.

    Example::

        RunsetSettings(
            query="bert", filters=[ws.Summary("accuracy") >= 0.9, ws.Config("lr") == 0.01],
            groupby=[ws.Config("optimizer")], order=[ws.Ordering(ws.Summary("val_loss"))],
            run_settings={"1mbku38n": ws.RunSettings(color="red")},
            pinned_columns=["summary:accuracy"], baseline_run="1mbku38n",
        )

    ``filters`` takes a filter string (``"Config('lr') = 0.01 and State = 'finished'"``),
    a list of filter expressions (AND-ed), or ``expr.And`` / ``expr.Or`` trees; it is
    stored as the string. ``pinned_columns`` always starts with ``run:displayName``; the
    baseline run is always among ``pinned_runs``.
    """

    query: str = ""
    regex_query: bool = False
    if TYPE_CHECKING:  # what the constructor takes (the official annotation); kept as str
        filters: Union[str, list[expr.FilterExpr], expr.Or, expr.And] = ""
    else:
        filters: Annotated[str, BeforeValidator(_normalise_filters)] = ""
    groupby: list[expr.BaseMetric] = Field(default_factory=list)
    order: list[expr.Ordering] = Field(default_factory=_default_order)
    run_settings: dict[str, RunSettings] = Field(default_factory=dict)
    group_colors: dict[Any, Any] = Field(default_factory=dict)
    pinned_columns: list[str] = Field(default_factory=list)
    baseline_run: Optional[Union[str, RunRef]] = None
    pinned_runs: list[Union[str, RunRef]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _normalise(self) -> RunsetSettings:
        columns = self.pinned_columns
        if columns and columns[0] != DISPLAY_NAME_COLUMN:
            rest = [column for column in columns if column != DISPLAY_NAME_COLUMN]
            self.__dict__["pinned_columns"] = [DISPLAY_NAME_COLUMN, *rest]
        baseline = self.baseline_run
        if baseline and canonical(baseline) not in {canonical(pin) for pin in self.pinned_runs}:
            self.__dict__["pinned_runs"] = [*self.pinned_runs, baseline]
        if len(self.pinned_runs) > MAX_PINNED_RUNS:
            warnings.warn(
                f"pinned_runs has {len(self.pinned_runs)} entries; the W&B app caps pinned runs "
                f"at {MAX_PINNED_RUNS}.",
                UserWarning,
                stacklevel=2,
            )
        return self


def _group_keys(grouping: list[JSONDict]) -> list[str]:
    return [f"{key['section']}:{key['name']}" for key in grouping]


def custom_run_colors_to_wire(
    settings: RunsetSettings, grouping: list[JSONDict], runset_id: str, passthrough: JSONDict
) -> JSONDict:
    colors: JSONDict = dict(passthrough)
    colors.update(group_color_entries(settings.group_colors, _group_keys(grouping), runset_id))
    for run_id, run in settings.run_settings.items():
        colors[run_id] = run.color
    return colors


def run_feed_wire(
    *,
    visible: dict[str, bool],
    pinned: dict[str, bool],
    widths: dict[str, Any],
    order: list[str],
    lock: Optional[bool] = None,
) -> JSONDict:
    """A run set's ``runFeed``: the runs table's columns (``lock``: only those shown)."""
    feed: JSONDict = {
        "version": 2,
        "columnVisible": visible,
        "columnPinned": pinned,
        "columnWidths": widths,
        "columnOrder": order,
        "pageSize": 10,
        "onlyShowSelected": False,
    }
    if lock is not None:
        feed["lockColumns"] = lock
    return feed


def runset_wire(
    *,
    runset_id: str,
    run_feed: JSONDict,
    name: str,
    search: JSONDict,
    filters_v2: JSONDict,
    grouping: list[JSONDict],
    sort_keys: list[JSONDict],
    tree: list[Any],
    root: int = 1,
    project: Optional[JSONDict] = None,
) -> JSONDict:
    """One run set of a view spec (``runSets[i]``): a workspace's, or a report panel grid's."""
    data: JSONDict = {"id": runset_id, "runFeed": run_feed, "enabled": True}
    if project is not None:
        data["project"] = project
    data.update(
        name=name,
        search=search,
        filters=filters_v2,
        grouping=grouping,
        sort={"keys": sort_keys},
        selections={"root": root, "bounds": [], "tree": tree},
        expandedRowAddresses=[],
    )
    return data


def runset_to_wire(
    settings: RunsetSettings,
    *,
    runset_id: str,
    entity: str,
    project: str,
    filters_v2: JSONDict,
) -> JSONDict:
    """``runSets[0]`` for these settings (filters already converted by the caller)."""
    pinned = settings.pinned_columns
    search: JSONDict = {"query": settings.query}
    if settings.regex_query:
        search["isRegex"] = True
    data = runset_wire(
        runset_id=runset_id,
        run_feed=run_feed_wire(
            visible=dict.fromkeys(pinned, True),
            pinned=dict.fromkeys(pinned, True),
            widths={},
            order=list(pinned),
        ),
        name="Run set",
        search=search,
        filters_v2=filters_v2,
        grouping=[expr.groupby_to_key(metric) for metric in settings.groupby],
        sort_keys=[ordering.to_key() for ordering in settings.order],
        tree=[run_id for run_id, run in settings.run_settings.items() if run.disabled],
    )
    if settings.baseline_run:
        data["baselineRunId"] = encode_pin(settings.baseline_run, entity, project)
    if settings.pinned_runs:
        data["pinnedRunIds"] = [encode_pin(pin, entity, project) for pin in settings.pinned_runs]
    return data


def hidden_runs(selections: Any) -> list[str]:
    """The run ids of a stored ``selections.tree`` (hidden runs when its ``root`` is 1)."""
    if not isinstance(selections, dict) or not isinstance(selections.get("tree"), list):
        return []
    hidden: list[str] = []
    for node in selections["tree"]:
        if isinstance(node, str):
            hidden.append(node)
        elif isinstance(node, dict) and isinstance(node.get("children"), list):
            hidden.extend(child for child in node["children"] if isinstance(child, str))
    return hidden


def stored_run_settings(color: str, disabled: bool) -> RunSettings:
    """``RunSettings(color, disabled)`` for stored values: a colour it refuses is kept."""
    try:
        return RunSettings(color, disabled)
    except ValueError:
        # A colour format we do not validate (the app may know more); keep it as stored.
        settings = RunSettings(disabled=disabled)
        object.__setattr__(settings, "color", color)
        return settings


def _group_colors_from_wire(
    colors: JSONDict, grouping: list[JSONDict], runset_id: str
) -> tuple[dict[Any, str], JSONDict]:
    """``(group_colors, passthrough)`` from the prefixed keys of ``customRunColors``."""
    keys = _group_keys(grouping)
    group_colors: dict[Any, str] = {}
    passthrough: JSONDict = {}
    for key, color in colors.items():
        if not key.startswith(PREFIX):
            continue
        decoded = decode_key(key)
        ok = decoded is not None and isinstance(color, str)
        if decoded is not None and ok:
            key_runset, path = decoded
            ok = (
                key_runset == runset_id
                and 1 <= len(path) <= len(keys)
                and all(item["key"] == keys[i] for i, item in enumerate(path))
                and all(isinstance(item["value"], str) for item in path)
            )
        if not ok or decoded is None:
            passthrough[key] = color
            continue
        segments = tuple(item["value"] for item in decoded[1])
        path_key: Any = segments[0] if len(segments) == 1 else GroupPath(*segments)
        group_colors.setdefault(path_key, color)
    return group_colors, passthrough


def runset_from_wire(
    runset: JSONDict, colors: JSONDict, *, entity: str, project: str
) -> tuple[JSONDict, JSONDict]:
    """Constructor keywords of RunsetSettings, and the ``customRunColors`` keys to pass through.

    Filters are returned as the rendered string; the caller keeps the raw filter JSON so
    an unchanged string writes it back exactly.
    """
    grouping = [key for key in runset.get("grouping") or [] if isinstance(key, dict)]
    runset_id = runset.get("id") if isinstance(runset.get("id"), str) else ""
    search = as_dict(runset.get("search"))
    run_feed = as_dict(runset.get("runFeed"))
    pinned_map = as_dict(run_feed.get("columnPinned"))
    sort = as_dict(runset.get("sort"))

    hidden = hidden_runs(runset.get("selections"))
    hidden_set = set(hidden)
    run_settings: dict[str, RunSettings] = {}
    for run_id, color in colors.items():
        if run_id == "ref" or run_id.startswith(PREFIX) or not isinstance(color, str):
            continue
        run_settings[run_id] = stored_run_settings(color, run_id in hidden_set)
    for run_id in hidden:
        run_settings.setdefault(run_id, RunSettings(disabled=True))
    group_colors, passthrough = _group_colors_from_wire(colors, grouping, str(runset_id))

    baseline = runset.get("baselineRunId")
    fields: JSONDict = {
        "query": search.get("query", ""),
        "regex_query": search.get("isRegex") is True,
        "groupby": [expr.groupby_from_key(key) for key in grouping],
        "order": [
            expr.Ordering.from_key(key) for key in sort.get("keys") or [] if isinstance(key, dict)
        ],
        "run_settings": run_settings,
        "group_colors": group_colors,
        "pinned_columns": [column for column, on in pinned_map.items() if on is True],
        "baseline_run": pin_from_wire(baseline, entity, project) if baseline else None,
        "pinned_runs": [
            pin_from_wire(pin, entity, project) for pin in runset.get("pinnedRunIds") or []
        ],
    }
    return fields, passthrough
