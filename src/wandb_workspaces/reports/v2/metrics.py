"""The metric references, where the official package also has them (``wr.metrics``)."""

from __future__ import annotations

from .interface import Config, Metric, SummaryMetric

__all__ = ["Config", "Metric", "SummaryMetric"]
