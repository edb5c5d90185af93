"""How panel fields name metrics on the wire (spec §4.2 families A, B and C).

* history (A): line plot axes, bar and scalar chart metrics: ``_step``, ``config.lr.value``,
  ``summary_metrics.acc``.
* parallel-coordinates (B): scatter axes and parallel-coordinate columns: ``run:_step``,
  ``config:lr.value``, ``summary:acc``.
* groupby (C): line and bar plot ``groupBy``: ``group``, ``lr.value``.

The history family converts every axis of every line plot, both ways, and a workspace
repeats a few names hundreds of times: its conversions of a plain ``str`` are cached per
name (:class:`_NameCache`). The cache holds what the converter returned, which is a
``str`` or a frozen metric (immutable, so panels can share it); the converters stay the
one source of truth (``to_backend_name`` / ``to_frontend_name`` underneath).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..._names import BE_TO_FE, FE_TO_BE, to_backend_name, to_frontend_name
from ._metrics import Config, Metric, MetricLike, SummaryMetric, named

__all__ = [
    "groupby_from_wire",
    "groupby_to_wire",
    "histories_from_wire",
    "histories_to_wire",
    "history_from_wire",
    "history_to_wire",
    "pc_from_wire",
    "pc_to_wire",
]


def _insert_value(path: str) -> str:
    """``a.b`` -> ``a.value.b``: the app stores config keys under ``value``."""
    first, dot, rest = path.partition(".")
    return f"{first}.value.{rest}" if dot else f"{first}.value"


def _history_to_wire(metric: MetricLike | None) -> str | None:
    if metric is None:
        return None
    if isinstance(metric, str):
        return to_backend_name(metric)
    if isinstance(metric, Metric):
        return to_backend_name(metric.name)
    if isinstance(metric, Config):
        return "config." + _insert_value(metric.name)
    return "summary_metrics." + metric.name


def _history_from_wire(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if "." not in value:  # most names: neither config nor summary (both have a dot)
        return named(Metric, to_frontend_name(value))
    if value.startswith("config.") and ".value" in value:
        return named(Config, value[len("config.") :].replace(".value", ""))
    for prefix in ("summary_metrics.", "summary."):
        if value.startswith(prefix):
            return named(SummaryMetric, value[len(prefix) :])
    return named(Metric, to_frontend_name(value))


Converted = TypeVar("Converted")


class _NameCache(Generic[Converted]):
    """``convert(name)`` per ``str`` name, remembered (at most ``LIMIT`` names, then anew).

    Only exact ``str`` keys are stored; ``lookup`` (the dict's ``__getitem__``) lets a
    list whose items are all cached names convert in one C-level ``map``.
    """

    LIMIT = 4096

    def __init__(self, convert: Callable[[Any], Converted]) -> None:
        self.convert = convert
        self.found: dict[Any, Converted] = {}  # str keys only (any other type misses)
        self.lookup: Callable[[Any], Converted] = self.found.__getitem__

    def one(self, value: Any) -> Converted:
        if type(value) is not str:
            return self.convert(value)
        try:
            return self.found[value]
        except KeyError:
            pass
        converted = self.convert(value)
        if len(self.found) >= self.LIMIT:
            self.found.clear()
        self.found[value] = converted
        return converted


_HISTORY_TO_WIRE = _NameCache(_history_to_wire)
_HISTORY_FROM_WIRE = _NameCache(_history_from_wire)

#: A metric as the history family stores it (``Step`` -> ``_step``), and back.
history_to_wire: Callable[[MetricLike | None], str | None] = _HISTORY_TO_WIRE.one
history_from_wire: Callable[[Any], Any] = _HISTORY_FROM_WIRE.one


_TO_WIRE_CACHED = _HISTORY_TO_WIRE.lookup
_FROM_WIRE_CACHED = _HISTORY_FROM_WIRE.lookup


def histories_to_wire(metrics: list[MetricLike]) -> list[str | None]:
    try:  # KeyError: a name not cached yet; TypeError: an unhashable item
        return list(map(_TO_WIRE_CACHED, metrics))
    except (KeyError, TypeError):
        return [history_to_wire(metric) for metric in metrics]


def histories_from_wire(value: Any) -> list[Any]:
    """The metrics of a stored ``metrics`` list (absent or null: none)."""
    if type(value) is list:
        try:
            return list(map(_FROM_WIRE_CACHED, value))
        except (KeyError, TypeError):
            pass
    return [history_from_wire(metric) for metric in value or []]


def pc_to_wire(metric: MetricLike | None) -> str | None:
    if metric is None:
        return None
    if isinstance(metric, str):
        if metric.startswith("run."):
            return "run:" + to_backend_name(metric[len("run.") :])
        return "summary:" + metric
    if isinstance(metric, Metric):
        return "run:" + to_backend_name(metric.name)
    if isinstance(metric, Config):
        return "config:" + _insert_value(metric.name)
    return "summary:" + metric.name


def pc_from_wire(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if ":" not in value:  # no prefix at all (each prefix has a colon)
        return named(Metric, to_frontend_name(value))
    if value.startswith("config:") and ".value" in value:
        return named(Config, value[len("config:") :].replace(".value", "", 1))
    if value.startswith("c::"):
        return named(Config, value[len("c::") :])
    if value.startswith("summary:"):
        return named(SummaryMetric, value[len("summary:") :])
    if value.startswith("run:"):
        return named(Metric, to_frontend_name(value[len("run:") :]))
    return named(Metric, to_frontend_name(value))


def _config_path(path: str) -> str:
    return path if "value" in path.split(".") else _insert_value(path)


def groupby_to_wire(groupby: MetricLike | None) -> str | None:
    if groupby is None or groupby == "None":
        return groupby
    if isinstance(groupby, Metric):
        return to_backend_name(groupby.name)
    if isinstance(groupby, Config):
        return _config_path(groupby.name)
    if isinstance(groupby, SummaryMetric):
        return _config_path(groupby.name)
    if groupby.startswith("config."):
        return _config_path(groupby[len("config.") :])
    if groupby in FE_TO_BE:
        return FE_TO_BE[groupby]
    return _config_path(groupby)


def groupby_from_wire(value: Any) -> Any:
    if not isinstance(value, str) or value == "None":
        return value
    segments = value.split(".")
    if "value" not in segments:
        return BE_TO_FE[value] if value in BE_TO_FE else named(Metric, value)
    return named(Config, ".".join(segment for segment in segments if segment != "value"))
