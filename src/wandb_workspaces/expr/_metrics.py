"""Metric handles and filter expressions built with Python operators.

``Config("lr") == 0.01`` does not compare anything: the metric classes overload the
comparison operators to build a :class:`FilterExpr`, which :class:`And` and :class:`Or`
combine into a tree. ``to_model()`` turns each object into the legacy tree dict the
spec helpers (``tree_to_v2``) consume::

    >>> (Config("lr") >= 0.01).to_model()
    {'key': {'section': 'config', 'name': 'lr'}, 'op': '>=', 'value': 0.01, 'disabled': False}
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, ClassVar, Union

from .._names import to_backend_name, to_frontend_name
from ..errors import SpecValidationError
from ._ops import OP_TO_TEXT
from ._time import Number, amount_unit_to_seconds, check_within_last_field

__all__ = [
    "And",
    "BaseMetric",
    "Config",
    "FilterExpr",
    "FilterItem",
    "KeysInfo",
    "Metric",
    "Or",
    "Ordering",
    "Summary",
    "Tags",
    "normalize_value",
]

Tree = dict[str, Any]


def normalize_value(section: str, name: str, value: Any) -> Any:
    """Run states are stored lower case (``"Finished"`` -> ``"finished"``), also in lists."""
    if section == "run" and name == "state":
        if isinstance(value, str):
            return value.lower()
        if isinstance(value, (list, tuple)):
            return [item.lower() if isinstance(item, str) else item for item in value]
    return value


def _mapping_warning(cls_name: str, op: str, stored: str) -> None:
    warnings.warn(
        f"Using '{op}' operator with {cls_name} is being mapped to '{stored}' for platform "
        f"consistency. Consider using '{stored}' explicitly in your filters.",
        UserWarning,
        stacklevel=3,
    )


@dataclass(frozen=True, eq=False, repr=False)
class BaseMetric:
    """A run field to filter, group or sort by; use a subclass (``Config("lr")``).

    Comparison operators build filters instead of comparing, so metrics cannot be
    used as dict keys or compared for equality (as in the official library).
    """

    name: str
    section: ClassVar[str] = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise SpecValidationError(
                f"{type(self).__name__}() takes the metric name as a string, got {self.name!r}"
            )

    def __repr__(self) -> str:
        return f"{type(self).__name__}('{self.name}')"

    def __hash__(self) -> int:
        return hash((type(self), self.section, self.name))

    def __eq__(self, other: Any) -> FilterExpr:  # type: ignore[override]
        return FilterExpr.create("=", self, other)

    def __ne__(self, other: Any) -> FilterExpr:  # type: ignore[override]
        return FilterExpr.create("!=", self, other)

    def __lt__(self, other: Any) -> FilterExpr:
        # The W&B app has no strict comparisons; the official library maps and warns.
        _mapping_warning(type(self).__name__, "<", "<=")
        return FilterExpr.create("<=", self, other)

    def __le__(self, other: Any) -> FilterExpr:
        return FilterExpr.create("<=", self, other)

    def __gt__(self, other: Any) -> FilterExpr:
        _mapping_warning(type(self).__name__, ">", ">=")
        return FilterExpr.create(">=", self, other)

    def __ge__(self, other: Any) -> FilterExpr:
        return FilterExpr.create(">=", self, other)

    def isin(self, other: list[Any]) -> FilterExpr:
        """``Config("model").isin(["a", "b"])``: the value is one of the list."""
        return FilterExpr.create("IN", self, other)

    def notin(self, other: list[Any]) -> FilterExpr:
        """``Config("model").notin(["a", "b"])``: the value is none of the list."""
        return FilterExpr.create("NIN", self, other)

    def within_last(self, amount: Number, unit: str) -> FilterExpr:
        """Runs created in the last ``amount`` ``unit`` (minutes, hours or days).

        Only ``Metric("CreatedTimestamp")`` supports it::

            >>> Metric("CreatedTimestamp").within_last(5, "days").value
            432000
        """
        check_within_last_field(self.to_key()["name"])
        return FilterExpr.create("WITHINSECONDS", self, amount_unit_to_seconds(amount, unit))

    def to_key(self) -> dict[str, str]:
        """``{"section": ..., "name": <backend name>}``; ``Metric("Step")`` gives ``_step``."""
        if not self.section:
            raise SpecValidationError(
                f"{self!r} has no section; use Metric, Summary, Config, Tags or KeysInfo"
            )
        return {"section": self.section, "name": to_backend_name(self.name)}

    @classmethod
    def from_key(cls, key: dict[str, Any]) -> BaseMetric:
        """The metric for a stored ``{"section", "name"}`` key, with the user-facing name."""
        section = str(key.get("section", ""))
        name = to_frontend_name(str(key.get("name", "")))
        metric_cls = METRIC_TYPE_MAP.get(section)
        if metric_cls is not None:
            return metric_cls(name)
        return _with_section(BaseMetric(name), section)


def _with_section(metric: BaseMetric, section: str) -> BaseMetric:
    # A section we have no class for (e.g. "tags") is kept on the instance so that
    # load -> save writes the same key back.
    object.__setattr__(metric, "section", section)
    return metric


def _renamed(metric: BaseMetric, name: str) -> BaseMetric:
    if name == metric.name:
        return metric  # frozen: the same metric serves
    return _with_section(type(metric)(name), metric.section)


@dataclass(frozen=True, eq=False, repr=False)
class Metric(BaseMetric):
    """A run attribute (``State``, ``Name``, ``CreatedTimestamp``...) or logged metric."""

    section: ClassVar[str] = "run"


@dataclass(frozen=True, eq=False, repr=False)
class Summary(BaseMetric):
    """The summary (usually last logged) value of a metric: ``Summary("val_loss")``."""

    section: ClassVar[str] = "summary"


@dataclass(frozen=True, eq=False, repr=False)
class Config(BaseMetric):
    """A run config value: ``Config("learning_rate")``."""

    section: ClassVar[str] = "config"


@dataclass(frozen=True, eq=False, repr=False)
class Tags(BaseMetric):
    """The run tags: ``Tags().isin(["baseline"])``."""

    name: str = "tags"
    section: ClassVar[str] = "run"


@dataclass(frozen=True, eq=False, repr=False)
class KeysInfo(BaseMetric):
    """Metadata about the keys of the other sections (rarely needed)."""

    section: ClassVar[str] = "keys_info"


# Tags is absent on purpose: its section is "run", which reads back as Metric.
METRIC_TYPE_MAP: dict[str, type[BaseMetric]] = {
    "run": Metric,
    "summary": Summary,
    "config": Config,
    "keys_info": KeysInfo,
}


@dataclass(init=False, eq=False, repr=False)
class FilterExpr:
    """One comparison, e.g. ``Metric("State") == "finished"``.

    Build it with a metric's operators; ``FilterExpr(...)`` itself raises.
    """

    op: str
    key: BaseMetric
    value: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError(
            "Don't instantiate FilterExpr directly. Write an expression with a metric "
            'instead, e.g. Metric("loss") <= 0.5'
        )

    @classmethod
    def create(cls, op: str, key: BaseMetric, value: Any) -> FilterExpr:
        """The filter ``key <op> value``; the metric name is shown user-facing."""
        instance = cls.__new__(cls)
        instance.op = op
        instance.key = _renamed(key, to_frontend_name(key.name))
        instance.value = value
        return instance

    def __repr__(self) -> str:
        return f"({self.key!r} {OP_TO_TEXT.get(self.op, self.op)} {self.value!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FilterExpr):
            return NotImplemented
        return _identity(self) == _identity(other)

    def __hash__(self) -> int:
        return hash((self.op, type(self.key), self.key.name, repr(self.value)))

    def to_model(self) -> Tree:
        """The leaf dict ``{"key", "op", "value", "disabled": False}`` with backend names."""
        key = self.key.to_key()
        return {
            "key": key,
            "op": self.op,
            "value": normalize_value(key["section"], key["name"], self.value),
            "disabled": False,
        }


def _identity(expr: FilterExpr) -> tuple[Any, ...]:
    return (expr.op, type(expr.key), expr.key.section, expr.key.name, expr.value)


FilterItem = Union[FilterExpr, "And", "Or"]


def _check_items(combinator: str, items: tuple[Any, ...]) -> None:
    for index, item in enumerate(items):
        if not isinstance(item, (FilterExpr, And, Or)):
            raise SpecValidationError(
                f"{combinator}() item {index} must be a filter such as Config('lr') == 0.01, "
                f"And(...) or Or(...); got {item!r} ({type(item).__name__})"
            )


def _combine(op: str, items: tuple[FilterItem, ...]) -> Tree:
    children: list[Tree] = []
    for item in items:
        node = item.to_model()
        # A same-op child adds nothing: a and (b and c) == a and b and c.
        if node.get("op") == op and "key" not in node:
            children.extend(node["filters"])
        else:
            children.append(node)
    return {"op": op, "filters": children}


@dataclass(frozen=True, init=False)
class And:
    """All of the items hold: ``And(Config("lr") == 0.01, Metric("State") == "finished")``."""

    items: tuple[FilterItem, ...]

    def __init__(self, *items: FilterItem) -> None:
        _check_items("And", items)
        object.__setattr__(self, "items", tuple(items))

    def __repr__(self) -> str:
        return f"And({', '.join(repr(item) for item in self.items)})"

    def to_model(self) -> Tree:
        """``{"op": "AND", "filters": [...]}``, with nested And children flattened."""
        return _combine("AND", self.items)


@dataclass(frozen=True, init=False)
class Or:
    """Any of the items holds: ``Or(Config("lr") == 0.01, Config("lr") == 0.1)``."""

    items: tuple[FilterItem, ...]

    def __init__(self, *items: FilterItem) -> None:
        _check_items("Or", items)
        object.__setattr__(self, "items", tuple(items))

    def __repr__(self) -> str:
        return f"Or({', '.join(repr(item) for item in self.items)})"

    def to_model(self) -> Tree:
        """``{"op": "OR", "filters": [...]}``, with nested Or children flattened."""
        return _combine("OR", self.items)


def items_to_tree(items: list[FilterItem] | tuple[FilterItem, ...]) -> Tree:
    """A list of items AND-ed: empty -> ``AND[]``, one -> that item, else ``AND[...]``."""
    if not items:
        return {"op": "AND", "filters": []}
    if len(items) == 1:
        return items[0].to_model()
    return {"op": "AND", "filters": [item.to_model() for item in items]}


@dataclass(frozen=True, eq=False)
class Ordering:
    """Sort runs by a metric: ``Ordering(Summary("val_loss"), ascending=True)``."""

    item: BaseMetric
    ascending: bool = True

    def __eq__(self, other: object) -> bool:
        # The dataclass __eq__ would compare metrics with ==, which builds a filter.
        if not isinstance(other, Ordering):
            return NotImplemented
        return (type(self.item), self.item.section, self.item.name, self.ascending) == (
            type(other.item),
            other.item.section,
            other.item.name,
            other.ascending,
        )

    def __hash__(self) -> int:
        return hash((type(self.item), self.item.name, self.ascending))

    def to_key(self) -> dict[str, Any]:
        """``{"key": {"section", "name"}, "ascending": bool}`` as stored in ``sort.keys``."""
        return {"key": self.item.to_key(), "ascending": self.ascending}

    @classmethod
    def from_key(cls, key: dict[str, Any]) -> Ordering:
        """Read a stored sort key (missing parts default to run/createdAt, descending)."""
        sort_key = key.get("key") or {"section": "run", "name": "createdAt"}
        return cls(BaseMetric.from_key(sort_key), bool(key.get("ascending", False)))
