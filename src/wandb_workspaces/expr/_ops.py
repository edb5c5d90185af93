"""Operator spellings: the spec's op codes and how filter strings write them."""

from __future__ import annotations

__all__ = ["COMPARISONS", "FUNC_TO_SECTION", "OP_TO_TEXT", "SECTION_TO_FUNC"]

# Spec op -> the spelling used in filter strings and reprs.
OP_TO_TEXT: dict[str, str] = {
    "AND": "and",
    "OR": "or",
    "=": "==",
    "!=": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "IN": "in",
    "NIN": "not in",
    "WITHINSECONDS": "within_last",
}

# Comparison operators of filter strings -> spec op (the app has no strict < or >).
COMPARISONS = {"==": "=", "=": "=", "!=": "!=", "<=": "<=", ">=": ">=", "<": "<=", ">": ">="}

# Function names accepted on the left of a comparison in a filter string.
FUNC_TO_SECTION: dict[str, str] = {
    "Config": "config",
    "SummaryMetric": "summary",
    "Summary": "summary",
    "KeysInfo": "keys_info",
    "Tags": "tags",
    "Metric": "run",
}

# Section -> the function a rendered string uses (``SummaryMetric`` is canonical).
SECTION_TO_FUNC: dict[str, str] = {
    "config": "Config",
    "summary": "SummaryMetric",
    "keys_info": "KeysInfo",
    "tags": "Tags",
    "run": "Metric",
}
