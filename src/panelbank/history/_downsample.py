"""Downsampling one metric of one run into at most ``points`` x buckets.

Buckets are equal-width in x between the first and last x (or ``x_min``/``x_max``);
bucket i holds ``edges[i] <= x < edges[i+1]``. Values that are NaN, and rows whose x is
not a finite number, are left out; ±inf values count (so they show as spikes).

Two ways to get there, with the same result where both apply:

* ``_by_step``: x is ``_step`` and the run's steps never decrease with no line missing
  one. Bucket edges become line ranges by binary search on the ``_step`` column, and a
  bucket spanning many lines is summed from the summary levels (_pyramid) instead of the
  values. To use a level of ``B`` lines, the inner edges are moved to the nearest multiple
  of ``B`` (``B`` at most a quarter of a bucket's lines, so an edge moves by at most an
  eighth of a bucket); min/max/mean/x/count stay exact for the rows each bucket reports.
* ``_by_scan``: any other x (or irregular steps): two streaming passes over both columns
  in chunks, bucketing each row by its x.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from . import _pyramid
from ._codec import F64, edges
from ._run import STEP, Key, RunHistory

CHUNK = 16384
Columns = tuple[F64, F64, F64, F64, F64]  # x, min, max, mean, count


def empty() -> Columns:
    nothing = np.empty(0, dtype=np.float64)
    return nothing, nothing, nothing, nothing, nothing


def series(
    run: RunHistory,
    keys: dict[str, Key],
    regular_steps: bool,
    step0: float | None,
    metric: str,
    x_key: str,
    points: int,
    x_min: float | None,
    x_max: float | None,
) -> Columns:
    m, x = keys.get(metric), keys.get(x_key)
    if m is None or x is None or m.first is None or x.first is None:
        return empty()
    if x_key == STEP and regular_steps:
        summarized = _pyramid.summarized(metric)
        return _by_step(run, m, x, points, x_min, x_max, summarized, step0)
    return _by_scan(run, m, x, points, x_min, x_max)


def _each(values: F64, xs: F64) -> Columns:
    """Every (finite-x, non-NaN) value its own bucket."""
    keep = ~np.isnan(values) & np.isfinite(xs)
    v = values[keep]
    return xs[keep], v, v, v, np.ones(len(v))


def _finish(records: F64) -> Columns:
    r = records[:, records[3] > 0]
    count = r[3]
    with np.errstate(invalid="ignore"):
        return r[4] / count, r[0], r[1], r[2] / count, count


def _by_step(
    run: RunHistory,
    m: Key,
    x: Key,
    points: int,
    x_min: float | None,
    x_max: float | None,
    summarized: bool,
    step0: float | None,
) -> Columns:
    steps, values = run.column(x), run.column(m)
    if steps is None or values is None or m.first is None or x.first is None:
        return empty()
    n, shift = m.length, m.first - x.first  # metric index + shift = step index
    lo = float(steps[shift]) if x_min is None else x_min
    hi = float(steps[shift + n - 1]) if x_max is None else x_max
    if not lo <= hi:
        return empty()
    a = min(max(int(_first_at_least(steps, np.array([lo]), step0)[0]) - shift, 0), n)
    b = min(max(int(_first_above(steps, hi, step0)) - shift, 0), n)
    if b <= a:
        return empty()
    if b - a <= points:
        return _each(np.asarray(values[a:b]), np.asarray(steps[a + shift : b + shift]))
    inner = _first_at_least(steps, edges(lo, hi, points)[1:-1], step0) - shift
    block = 1
    for size in _pyramid.LEVELS:
        if summarized and size * 4 <= (b - a) / points and n >= size:
            block = size
    if block > 1:
        inner = np.rint(inner / block).astype(np.int64) * block
    bounds = np.concatenate([[a], np.clip(inner, a, b), [b]])
    bounds = bounds[np.concatenate([[True], np.diff(bounds) > 0])]  # sorted already
    if block == 1 and not np.isnan(values[a:b]).any():
        out = _exact(np.asarray(values[a:b]), np.asarray(steps[a + shift : b + shift]), bounds - a)
    else:
        records, starts = _gather(run, m, values, steps, shift, bounds, block)
        out = _finish(_pyramid.reduce(records, starts))
    if out[4].sum() <= points and (out[4] > 1).any():  # sparse metric: few values, many lines
        return _each(np.asarray(values[a:b]), np.asarray(steps[a + shift : b + shift]))
    return out


def _first_at_least(steps: F64, xs: F64, step0: float | None) -> np.ndarray:
    """Index of the first step >= each x; arithmetic when steps are ``step0 + index``."""
    if step0 is None:
        return np.searchsorted(steps, xs, side="left")
    return np.clip(np.ceil(xs - step0), 0, len(steps)).astype(np.int64)


def _first_above(steps: F64, x: float, step0: float | None) -> int:
    if step0 is None:
        return int(np.searchsorted(steps, x, side="right"))
    return int(min(max(math.floor(x - step0) + 1, 0), len(steps)))


def _exact(values: F64, xs: F64, bounds: np.ndarray) -> Columns:
    """Buckets straight from the values when none is NaN (no per-value records needed)."""
    starts = bounds[:-1]
    count = np.diff(bounds).astype(np.float64)
    return (
        np.add.reduceat(xs, starts) / count,
        np.minimum.reduceat(values, starts),
        np.maximum.reduceat(values, starts),
        np.add.reduceat(values, starts) / count,
        count,
    )


def _gather(
    run: RunHistory,
    m: Key,
    values: F64,
    steps: F64,
    shift: int,
    bounds: np.ndarray,
    block: int,
) -> tuple[F64, np.ndarray]:
    """Records covering ``bounds[0]:bounds[-1]`` and where each bucket starts among them:
    raw values at the ragged ends, level records of ``block`` lines in between."""
    a, b = int(bounds[0]), int(bounds[-1])

    def raw(lo: int, hi: int) -> F64:
        return _pyramid.elements(
            np.asarray(values[lo:hi]), np.asarray(steps[lo + shift : hi + shift])
        )

    starts = bounds[:-1]
    if block == 1:
        return raw(a, b), starts - a
    head_end = min(-(-a // block) * block, b)
    tail_start = max((b // block) * block, head_end)
    middle = np.asarray(run.level(m, block)[head_end // block : tail_start // block]).T
    records = np.concatenate([raw(a, head_end), middle, raw(tail_start, b)], axis=1)
    head, blocks = head_end - a, middle.shape[1]
    at = np.where(
        starts <= head_end,
        starts - a,
        np.where(
            starts >= tail_start,
            head + blocks + (starts - tail_start),
            head + (starts - head_end) // block,
        ),
    )
    return records, at


def _pairs(
    run: RunHistory, m: Key, x: Key, x_min: float | None, x_max: float | None
) -> Iterator[tuple[F64, F64]]:
    """(x, value) of the rows holding both, finite x, non-NaN value, in [x_min, x_max]."""
    lo, hi = max(m.first or 0, x.first or 0), min(m.end, x.end)
    for start in range(lo, hi, CHUNK):
        stop = min(start + CHUNK, hi)
        xs = run.read_lines(x, start, stop)
        vs = xs if x is m else run.read_lines(m, start, stop)
        keep = np.isfinite(xs) & ~np.isnan(vs)
        if x_min is not None:
            keep &= xs >= x_min
        if x_max is not None:
            keep &= xs <= x_max
        if keep.any():
            yield xs[keep], vs[keep]


def _by_scan(
    run: RunHistory, m: Key, x: Key, points: int, x_min: float | None, x_max: float | None
) -> Columns:
    total, lo, hi = 0, math.inf, -math.inf
    for xs, _ in _pairs(run, m, x, x_min, x_max):
        total += len(xs)
        lo, hi = min(lo, float(xs.min())), max(hi, float(xs.max()))
    if total == 0:
        return empty()
    if total <= points:
        pairs = list(_pairs(run, m, x, x_min, x_max))
        xs = np.concatenate([p[0] for p in pairs])
        vs = np.concatenate([p[1] for p in pairs])
        order = np.argsort(xs, kind="stable")
        return _each(vs[order], xs[order])
    lo = lo if x_min is None else x_min
    hi = hi if x_max is None else x_max
    bucket_edges = edges(lo, hi, points)
    mins = np.full(points, np.inf)
    maxs = np.full(points, -np.inf)
    sums, counts, xsums = np.zeros(points), np.zeros(points), np.zeros(points)
    for xs, vs in _pairs(run, m, x, x_min, x_max):
        idx = np.clip(np.searchsorted(bucket_edges, xs, side="right") - 1, 0, points - 1)
        np.minimum.at(mins, idx, vs)
        np.maximum.at(maxs, idx, vs)
        sums += np.bincount(idx, vs, minlength=points)
        counts += np.bincount(idx, minlength=points)
        xsums += np.bincount(idx, xs, minlength=points)
    return _finish(np.vstack([mins, maxs, sums, counts, xsums]))
