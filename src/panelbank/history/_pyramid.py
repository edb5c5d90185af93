"""The multi-resolution summary of a column: min/max/sum/count/x-sum per block of lines.

Level ``B`` (16, 256, 4096) holds one record of five float64 per block of ``B`` lines of
the column: min and max of the values (NaN and missing lines skipped; +inf / -inf when
the block has none), their sum, their count, and the sum of the run's ``_step`` at those
lines. Records are rewritten only while their block is the last, partial one.
"""

from __future__ import annotations

import numpy as np

from ._codec import F64

LEVELS = (16, 256, 4096)
WIDTH = 5  # min, max, sum, count, x-sum
IDENTITY = np.array([np.inf, -np.inf, 0.0, 0.0, 0.0])


def elements(values: F64, xs: F64) -> F64:
    """One record per value (a level of block size 1); NaN and missing values count 0."""
    valid = ~np.isnan(values)
    out = np.empty((len(values), WIDTH), dtype=np.float64)
    out[:, 0] = np.where(valid, values, np.inf)
    out[:, 1] = np.where(valid, values, -np.inf)
    out[:, 2] = np.where(valid, values, 0.0)
    out[:, 3] = valid
    out[:, 4] = np.where(valid, np.nan_to_num(xs, nan=0.0), 0.0)
    return out


def combine(records: F64, block: int) -> F64:
    """Records of ``block`` consecutive records each (the last block may be partial)."""
    n = len(records)
    nb = -(-n // block)
    if nb * block != n:
        records = np.concatenate([records, np.tile(IDENTITY, (nb * block - n, 1))])
    grouped = records.reshape(nb, block, WIDTH)
    out = np.empty((nb, WIDTH), dtype=np.float64)
    out[:, 0] = grouped[:, :, 0].min(axis=1)
    out[:, 1] = grouped[:, :, 1].max(axis=1)
    out[:, 2:] = grouped[:, :, 2:].sum(axis=1)
    return out


def reduce(records: F64, starts: list[int] | np.ndarray) -> F64:
    """Records of the ranges ``starts[i]:starts[i+1]`` (the last to the end)."""
    idx = np.asarray(starts, dtype=np.intp)
    out = np.empty((len(idx), WIDTH), dtype=np.float64)
    out[:, 0] = np.minimum.reduceat(records[:, 0], idx)
    out[:, 1] = np.maximum.reduceat(records[:, 1], idx)
    out[:, 2:] = np.add.reduceat(records[:, 2:], idx, axis=0)
    return out
