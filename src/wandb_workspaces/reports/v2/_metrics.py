"""The metric references that panels take: ``wr.Metric``, ``wr.Config``, ``wr.SummaryMetric``.

These are plain value types (equality works), distinct from the ``expr`` classes used
by filters, grouping and sorting, as in the official package.
"""

from __future__ import annotations

from typing import TypeVar, Union

from pydantic import ConfigDict
from pydantic.dataclasses import dataclass

from ..._fast_init import install as install_fast_init
from ..._plan import slot_setter

__all__ = ["Config", "Metric", "MetricLike", "SummaryMetric", "named"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


@dataclass(config=_FROZEN, slots=True)
class Metric:
    """A run history metric or run attribute, by the name users see (``Metric("Step")``)."""

    name: str


@dataclass(config=_FROZEN, slots=True)
class Config:
    """A run config key, dotted for nested keys (``Config("optimizer.lr")``)."""

    name: str


@dataclass(config=_FROZEN, slots=True)
class SummaryMetric:
    """A run summary key (``SummaryMetric("best_accuracy")``)."""

    name: str


MetricLike = Union[str, Metric, Config, SummaryMetric]

for _cls in (Metric, Config, SummaryMetric):  # thousands are built: skip pydantic when exact
    install_fast_init(_cls, _cls.__init__)


_new = object.__new__
Named = TypeVar("Named", Metric, Config, SummaryMetric)
_SET_NAME = {cls: slot_setter(cls, "name") for cls in (Metric, Config, SummaryMetric)}


def named(cls: type[Named], name: str) -> Named:
    """``cls(name)`` for a ``name`` known to be a ``str`` (metric names read from a spec).

    The state is the one ``__init__`` leaves; only the check of ``name`` is skipped.
    """
    metric = _new(cls)
    _SET_NAME[cls](metric, name)
    return metric
