"""Filters, grouping and sorting for runsets: ``wandb_workspaces.expr``.

Build filters with Python operators on metric handles, or write them as strings::

    >>> from wandb_workspaces.expr import And, Config, Metric, Or
    >>> f = Or(Config("lr") == 0.01, And(Config("lr") == 0.1, Metric("State") == "finished"))
    >>> filters_to_string(f)
    'Config("lr") == 0.01 or Config("lr") == 0.1 and Metric("State") == \\'finished\\''

The spec stores filters in the flat v2 form (:func:`string_to_v2`). Modules:

* ``_metrics``: metric classes, FilterExpr, And/Or, Ordering;
* ``_tokens``, ``_values``, ``_parser``: the filter-string tokenizer and parser;
* ``_render``: filters to strings; ``_v2``: trees to v2 JSON;
* ``_groupby``: grouping keys; ``_time``: ``within_last`` spans.
"""

from __future__ import annotations

# Public names are in __all__; the rest are internal helpers for ``workspaces`` and
# ``reports``, re-exported explicitly ("as") so strict type checkers accept the import.
from ._groupby import groupby_from_key as groupby_from_key
from ._groupby import groupby_to_key as groupby_to_key
from ._metrics import METRIC_TYPE_MAP as METRIC_TYPE_MAP
from ._metrics import And, Config, FilterExpr, Metric, Or, Ordering, Summary, Tags
from ._metrics import BaseMetric as BaseMetric
from ._metrics import FilterItem as FilterItem
from ._metrics import KeysInfo as KeysInfo
from ._metrics import items_to_tree as items_to_tree
from ._metrics import normalize_value as normalize_value
from ._ops import FUNC_TO_SECTION as FUNC_TO_SECTION
from ._ops import OP_TO_TEXT as OP_TO_TEXT
from ._ops import SECTION_TO_FUNC as SECTION_TO_FUNC
from ._parser import parse_filter_string as parse_filter_string
from ._render import FILTER_FORMAT_V2 as FILTER_FORMAT_V2
from ._render import format_leaf as format_leaf
from ._render import format_value as format_value
from ._render import is_filter_v2 as is_filter_v2
from ._render import v2_to_string as v2_to_string
from ._time import amount_unit_to_seconds as amount_unit_to_seconds
from ._time import seconds_to_amount_unit as seconds_to_amount_unit
from ._v2 import filters_to_string as filters_to_string
from ._v2 import legacy_tree_to_v2 as legacy_tree_to_v2
from ._v2 import string_to_tree as string_to_tree
from ._v2 import string_to_v2 as string_to_v2
from ._v2 import tree_to_v2 as tree_to_v2

__all__ = ["And", "Config", "FilterExpr", "Metric", "Or", "Ordering", "Summary", "Tags"]
