"""The multi-resolution summary of a column: min/max/sum/count/x-sum per block of lines.

Level ``B`` (16, 256, 4096) holds one record of five float64 per block of ``B`` lines of
the column: min and max of the values (NaN and missing lines skipped; +inf / -inf when
the block has none), their sum, their count, and the sum of the run's ``_step`` at those
lines. Records are rewritten only while their block is the last, partial one.

On disk a level is record after record (``(n, 5)``); in memory records travel as five
contiguous rows (``(5, n)``), which is what ``reduceat`` is fast on.
"""

from __future__ import annotations

import numpy as np

from ._codec import F64

LEVELS = (16, 256, 4096)


def summarized(name: str) -> bool:
    """Whether a key gets summary levels: not the SDK's own ``_step``, ``_runtime``,
    ``_timestamp`` (x axes, a quarter of the disk a run takes if summarized too)."""
    return not name.startswith("_")


WIDTH = 5  # min, max, sum, count, x-sum
IDENTITY = np.array([np.inf, -np.inf, 0.0, 0.0, 0.0])


def elements(values: F64, xs: F64) -> F64:
    """One record per value (a level of block size 1); NaN and missing values count 0."""
    valid = ~np.isnan(values)
    out = np.empty((WIDTH, len(values)), dtype=np.float64)
    np.copyto(out[0], values)
    np.copyto(out[1], values)
    np.copyto(out[2], values)
    if not valid.all():
        invalid = ~valid
        out[0][invalid] = np.inf
        out[1][invalid] = -np.inf
        out[2][invalid] = 0.0
    out[3] = valid
    np.multiply(xs, valid, out=out[4])
    return out


def combine(records: F64, block: int) -> F64:
    """Records of ``block`` consecutive records each (the last block may be partial)."""
    n = records.shape[1]
    nb = -(-n // block)
    if nb * block != n:
        pad = np.repeat(IDENTITY[:, None], nb * block - n, axis=1)
        records = np.concatenate([records, pad], axis=1)
    grouped = records.reshape(WIDTH, nb, block)
    out = np.empty((WIDTH, nb), dtype=np.float64)
    out[0] = grouped[0].min(axis=1)
    out[1] = grouped[1].max(axis=1)
    out[2:] = grouped[2:].sum(axis=2)
    return out


def reduce(records: F64, starts: np.ndarray) -> F64:
    """Records of the ranges ``starts[i]:starts[i+1]`` (the last to the end)."""
    out = np.empty((WIDTH, len(starts)), dtype=np.float64)
    out[0] = np.minimum.reduceat(records[0], starts)
    out[1] = np.maximum.reduceat(records[1], starts)
    out[2:] = np.add.reduceat(records[2:], starts, axis=1)
    return out


def to_disk(records: F64) -> bytes:
    return np.ascontiguousarray(records.T).tobytes()


def from_disk(flat: F64) -> F64:
    return np.ascontiguousarray(flat.reshape(-1, WIDTH).T)
