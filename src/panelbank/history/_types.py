"""The records the history store hands out."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

FloatColumn = npt.NDArray[np.float64]
CountColumn = npt.NDArray[np.int64]


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
    The columns are numpy arrays: a view of a thousand points per series for hundreds of
    series is serialized straight from them (orjson), never through Python floats.
    """

    run_key: str
    metric: str
    x_key: str
    x: FloatColumn
    min: FloatColumn
    max: FloatColumn
    mean: FloatColumn
    count: CountColumn
