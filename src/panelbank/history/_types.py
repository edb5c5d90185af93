"""The records the history store hands out."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class KeyInfo:
    """What a run logged under one key."""

    name: str
    count: int  # rows that hold this key
    numeric: bool  # every value a number (bool, int, float, NaN, inf)
    min_step: int
    max_step: int


@dataclasses.dataclass(frozen=True)
class Series:
    """One metric of one run against an x key, downsampled into buckets.

    Columns of equal length (uPlot's data format): ``x`` the bucket's x (mean of the x
    values in it), ``min``/``max``/``mean`` of the metric in the bucket, ``count`` rows.
    With no more rows than buckets, min = max = mean = the values and count = 1.
    """

    run_key: str
    metric: str
    x_key: str
    x: list[float]
    min: list[float]
    max: list[float]
    mean: list[float]
    count: list[int]
