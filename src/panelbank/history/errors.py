"""Errors the history store raises.

::

    HistoryError                    every history error
    ├── InvalidHistoryError         an argument or a row is not what the store accepts
    │   │ (ValueError)              (negative offset, a row that is not a dict, a value
    │   │                           nested too deeply, points < 1)
    │   └── OffsetGapError          an append would start too far past the run's last line
    └── CorruptHistoryError         a run's files are shorter than its manifest says
"""

from __future__ import annotations

__all__ = ["CorruptHistoryError", "HistoryError", "InvalidHistoryError", "OffsetGapError"]


class HistoryError(Exception):
    """Base class of history errors; the message says what was wrong and what to do."""


class InvalidHistoryError(HistoryError, ValueError):
    """An argument or a row was rejected; nothing was written."""


class OffsetGapError(InvalidHistoryError):
    """An offset more than ``MAX_OFFSET_GAP`` lines past what is stored; nothing was written."""


class CorruptHistoryError(HistoryError):
    """A run's column or side file is shorter than its manifest (files lost or truncated)."""
