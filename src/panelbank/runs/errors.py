"""Errors of ``panelbank.runs``: bad filters, orders and run sets from a client.

::

    RunQueryError (ValueError)      a filter, order or run set this module cannot apply
    ├── FilterError                 filters (MongoDB-style JSON, or a view spec's v2/legacy filters)
    ├── OrderError                  an ``order`` string or a run set's ``sort``
    └── RunSetError                 any other part of a run set (search, grouping, selections)

Every message names where the problem is (``filters.$and[1]."config.lr.value"``) and
what would be valid instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from wandb_workspaces.errors import closest

__all__ = ["FilterError", "OrderError", "RunQueryError", "RunSetError", "suggest"]


class RunQueryError(ValueError):
    """Raised for any filter, order or run set this package cannot apply."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class FilterError(RunQueryError):
    """Raised for a filter with an unknown operator or field, or a value of the wrong type."""


class OrderError(RunQueryError):
    """Raised for an order string or sort key that names no sortable field."""


class RunSetError(RunQueryError):
    """Raised for a run set whose search, grouping or selections cannot be read."""


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (closest: "x")`` when one of ``choices`` is close to ``word``, else ``""``."""
    close = closest(word, list(choices))
    return f' (closest: "{close}")' if close else ""
