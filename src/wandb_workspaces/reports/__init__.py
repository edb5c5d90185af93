"""Reports namespace; ``reports.v2`` holds the panel classes a workspace section uses."""

from __future__ import annotations

__all__ = ["v2"]

from . import v2
