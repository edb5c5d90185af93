"""Filter trees to the flat v2 JSON the spec stores, and user values to strings.

A tree is the legacy nested form (``{"op": "OR", "filters": [...]}`` with
``{"key", "op", "value", "disabled"}`` leaves). The v2 form is a flat list where item
*k* carries the ``connector`` joining it to item *k-1*, with at most one level of
parenthesised groups; the W&B app evaluates AND before OR across the list::

    OR[A, AND[B, C]]   ->  [A, B (connector OR), C (connector AND)]
    AND[A, OR[B, C]]   ->  [A, {"filters": [B, C (OR)], "connector": "AND"}]

Only a lower-precedence child (OR inside AND) needs a group; everything else is
inlined, and a group nested in a group raises, as in the official library.
"""

from __future__ import annotations

from typing import Any, Union

from ..errors import SpecValidationError
from ._metrics import And, FilterExpr, Or, items_to_tree
from ._parser import parse_filter_string
from ._render import FILTER_FORMAT_V2, format_leaf, v2_to_string

__all__ = ["filters_to_string", "legacy_tree_to_v2", "string_to_v2", "tree_to_v2"]

Tree = dict[str, Any]
FilterValue = Union[str, list[Union[FilterExpr, And, Or]], FilterExpr, And, Or]

_PRECEDENCE = {"AND": 1, "OR": 0}
_NESTING_ERROR = (
    "Nested groups deeper than 1 level are not supported. "
    "Use a single level of grouping (parentheses)."
)


def _leaf_item(node: Tree) -> Tree | None:
    key = node["key"]
    if not isinstance(key, dict):
        raise SpecValidationError("invalid filter", [("key", f"expected an object, got {key!r}")])
    # Defaults are those of the official pydantic models (Key.section="summary", op="OR").
    name = key.get("name", "")
    if not name:
        return None
    item: Tree = {
        "key": {"section": key.get("section", "summary"), "name": name},
        "op": node.get("op", "OR"),
        "value": node.get("value"),
    }
    if node.get("disabled") is not None:
        item["disabled"] = node["disabled"]
    return item


def _children(node: Tree) -> list[Tree]:
    children = node.get("filters")
    if children is None:
        return []
    if not isinstance(children, list) or not all(isinstance(c, dict) for c in children):
        raise SpecValidationError(
            "invalid filter tree", [("filters", f"expected a list of objects, got {children!r}")]
        )
    return children


def _with_connector(item: Tree, connector: str, items: list[Tree]) -> Tree:
    return {**item, "connector": connector} if items else item


def _node_items(node: Tree, depth: int) -> list[Tree]:
    if node.get("key") is not None:
        leaf = _leaf_item(node)
        return [leaf] if leaf else []
    op = str(node.get("op", "OR"))
    items: list[Tree] = []
    for child in _children(node):
        if child.get("key") is not None:
            leaf = _leaf_item(child)
            if leaf is not None:
                if items:  # the leaf is a fresh dict: the connector goes in as its last key
                    leaf["connector"] = op
                items.append(leaf)
            continue
        child_op = str(child.get("op", "OR"))
        if _PRECEDENCE.get(child_op, 0) < _PRECEDENCE.get(op, 0):
            if depth >= 1:
                raise SpecValidationError(_NESTING_ERROR)
            sub = _node_items(child, depth + 1)
            if len(sub) > 1:
                items.append(_with_connector({"filters": sub}, op, items))
            elif sub:
                items.append(_with_connector(sub[0], op, items))
        else:
            sub = _node_items(child, depth)
            if sub:
                items.append(_with_connector(sub[0], op, items))
                items.extend(sub[1:])
    return items


def tree_to_v2(tree: Tree) -> Tree:
    """``{"filterFormat": "filterV2", "filters": [...]}`` for a filter tree.

    Raises SpecValidationError (a ValueError) for groups nested more than one level.
    """
    if not isinstance(tree, dict):
        raise SpecValidationError("invalid filter tree", [("filters", f"got {tree!r}")])
    items = _node_items(tree, 0)
    if len(items) == 1 and "filters" in items[0] and "connector" not in items[0]:
        items = items[0]["filters"]
    return {"filterFormat": FILTER_FORMAT_V2, "filters": items}


def legacy_tree_to_v2(tree: Tree) -> Tree:
    """Convert a stored legacy tree (``{"op": "OR", "filters": [{"op": "AND", ...}]}``)."""
    return tree_to_v2(tree)


def string_to_tree(text: str) -> Tree:
    """The legacy tree for a filter string (raises FilterSyntaxError)."""
    return parse_filter_string(text)


def string_to_v2(text: str) -> Tree:
    """The v2 dict the official library writes for a filter string::

    >>> string_to_v2("Config('a') == 1 or Config('a') == 2")["filters"][1]["connector"]
    'OR'
    """
    return tree_to_v2(parse_filter_string(text))


def filters_to_string(value: FilterValue) -> str:
    """The string form of a ``RunsetSettings.filters`` value.

    Strings are returned verbatim (they are parsed at save time). A list is AND-ed;
    a list of plain filters renders each leaf as given, like the official library,
    without its DeprecationWarning. ``And``/``Or`` go through the v2 form, so a tree
    that the app cannot show raises SpecValidationError here.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, FilterExpr):
        value = [value]
    if isinstance(value, list):
        if all(isinstance(item, FilterExpr) for item in value):
            return " and ".join(_expr_text(item) for item in value)  # type: ignore[arg-type]
        value = And(*value)
    if isinstance(value, (And, Or)):
        return v2_to_string(tree_to_v2(items_to_tree([value])))
    raise SpecValidationError(
        f"filters must be a string, a filter such as Config('lr') == 0.01, a list of "
        f"filters, And(...) or Or(...); got {value!r} ({type(value).__name__})"
    )


def _expr_text(expr: FilterExpr) -> str:
    return format_leaf(expr.key.section, expr.key.name, expr.op, expr.value)
