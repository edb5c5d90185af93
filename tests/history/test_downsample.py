"""Downsampling against a brute-force numpy reference: buckets, spikes, x by any metric."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from panelbank.history import HistoryStore, Series

Ref = tuple[list[float], list[float], list[float], list[float], list[int]]


def reference(
    xs: np.ndarray,
    vs: np.ndarray,
    points: int,
    x_min: float | None = None,
    x_max: float | None = None,
) -> Ref:
    """The documented semantics, value by value: equal-width x buckets, NaN left out."""
    keep = np.isfinite(xs) & ~np.isnan(vs)
    if x_min is not None:
        keep &= xs >= x_min
    if x_max is not None:
        keep &= xs <= x_max
    xs, vs = xs[keep], vs[keep]
    if len(xs) <= points:
        order = np.argsort(xs, kind="stable")
        xs, vs = xs[order], vs[order]
        return xs.tolist(), vs.tolist(), vs.tolist(), vs.tolist(), [1] * len(vs)
    lo = xs.min() if x_min is None else x_min
    hi = xs.max() if x_max is None else x_max
    edges = lo + (hi - lo) * np.arange(points + 1) / points
    idx = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, points - 1)
    out: Ref = ([], [], [], [], [])
    for i in range(points):
        v, x = vs[idx == i], xs[idx == i]
        if len(v):
            for column, value in zip(
                out, (x.mean(), v.min(), v.max(), v.mean(), len(v)), strict=True
            ):
                column.append(value)  # type: ignore[attr-defined]
    return out


def assert_matches(series: Series, ref: Ref) -> None:
    assert series.count.tolist() == ref[4]
    np.testing.assert_allclose(series.x, ref[0], rtol=1e-12)
    np.testing.assert_array_equal(series.min, ref[1])
    np.testing.assert_array_equal(series.max, ref[2])
    np.testing.assert_allclose(series.mean, ref[3], rtol=1e-9)


def noisy(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = np.exp(-np.arange(n) / (n / 3)) + rng.normal(0, 0.05, n)
    values[rng.integers(0, n, n // 500 + 1)] = np.nan
    return values


def store_metric(store: HistoryStore, run: str, steps: np.ndarray, **metrics: np.ndarray) -> None:
    rows = [
        {"_step": int(s), **{k: float(v[i]) for k, v in metrics.items()}}
        for i, s in enumerate(steps)
    ]
    for start in range(0, len(rows), 777):
        store.append(run, rows[start : start + 777], offset=start)


@pytest.mark.parametrize(
    ("n", "points"),
    [
        pytest.param(50, 100, id="fewer-rows-than-points"),
        pytest.param(100, 100, id="as-many-rows-as-points"),
        pytest.param(1000, 100, id="ten-rows-a-bucket"),
        pytest.param(5003, 97, id="fifty-rows-a-bucket"),
        pytest.param(20_000, 1000, id="twenty-rows-a-bucket"),
    ],
)
@pytest.mark.parametrize(
    "stride", [pytest.param(1, id="unit-steps"), pytest.param(3, id="every-3")]
)
def test_exact_buckets_match_the_reference(
    store: HistoryStore, n: int, points: int, stride: int
) -> None:
    steps, values = np.arange(n) * stride + 7, noisy(n)
    store_metric(store, "r", steps, loss=values)
    [series] = store.downsample(["r"], ["loss"], points=points)
    assert (series.run_key, series.metric, series.x_key) == ("r", "loss", "_step")
    assert_matches(series, reference(steps.astype(float), values, points))
    [zoom] = store.downsample(["r"], ["loss"], points=points, x_min=n * 0.3 + 0.5, x_max=n * 0.6)
    assert_matches(zoom, reference(steps.astype(float), values, points, n * 0.3 + 0.5, n * 0.6))


@pytest.mark.parametrize(
    ("n", "points"),
    [
        pytest.param(100_000, 1000, id="100-rows-a-bucket"),
        pytest.param(300_000, 50, id="6000-rows-a-bucket"),
    ],
)
def test_buckets_from_summary_levels_are_exact_for_their_rows(
    store: HistoryStore, n: int, points: int
) -> None:
    steps, values = np.arange(n), noisy(n, seed=1)
    values[12_345] = 1e6  # a spike
    store_metric(store, "r", steps, loss=values)
    [s] = store.downsample(["r"], ["loss"], points=points)
    assert len(s.count) <= points
    valid = ~np.isnan(values)
    xs, vs = steps[valid].astype(float), values[valid]
    assert sum(s.count) == len(vs)
    bounds = np.cumsum([0, *s.count])
    width = n / points
    for i in range(len(s.count)):
        x, v = xs[bounds[i] : bounds[i + 1]], vs[bounds[i] : bounds[i + 1]]
        assert (s.min[i], s.max[i]) == (v.min(), v.max())
        assert s.mean[i] == pytest.approx(v.mean(), rel=1e-9)
        assert s.x[i] == pytest.approx(x.mean(), rel=1e-12)
        # edges move by at most an eighth of a bucket
        assert x[0] >= i * width - width / 8 - 1
        assert x[-1] <= (i + 1) * width + width / 8
    assert max(s.max) == 1e6


def test_spikes_and_infinities_survive(store: HistoryStore) -> None:
    values = np.zeros(10_000)
    values[4321], values[777], values[9000] = 50.0, -math.inf, math.inf
    store_metric(store, "r", np.arange(10_000), v=values)
    [s] = store.downsample(["r"], ["v"], points=10)
    assert max(s.max) == math.inf
    assert min(s.min) == -math.inf
    assert s.max[4] == 50.0
    assert sum(s.count) == 10_000


def test_x_by_another_metric(store: HistoryStore) -> None:
    n = 4000
    rng = np.random.default_rng(3)
    epoch = np.floor(np.arange(n) / 400) + rng.normal(0, 0.01, n)  # not monotone
    loss = noisy(n, seed=4)
    store_metric(store, "r", np.arange(n), loss=loss, epoch=epoch)
    [s] = store.downsample(["r"], ["loss"], x_key="epoch", points=37)
    assert_matches(s, reference(epoch, loss, 37))
    [z] = store.downsample(["r"], ["loss"], x_key="epoch", points=37, x_min=2.5, x_max=4)
    assert_matches(z, reference(epoch, loss, 37, 2.5, 4))


def test_x_where_both_are_logged(store: HistoryStore) -> None:
    rows = [
        {"_step": i, "a": float(i), **({"b": float(i * i)} if i % 4 == 0 else {})}
        for i in range(400)
    ]
    store.append("r", rows, offset=0)
    [s] = store.downsample(["r"], ["a"], x_key="b", points=1000)
    assert s.x.tolist() == [float(i * i) for i in range(0, 400, 4)]
    assert s.mean.tolist() == [float(i) for i in range(0, 400, 4)]


def test_irregular_steps_fall_back_to_a_scan(store: HistoryStore) -> None:
    steps = np.array([*range(500), *range(250, 750)])  # a rewound run
    values = noisy(1000, seed=5)
    store_metric(store, "r", steps, loss=values)
    [s] = store.downsample(["r"], ["loss"], points=40)
    assert_matches(s, reference(steps.astype(float), values, 40))


@pytest.mark.parametrize(
    ("x_min", "x_max"),
    [
        pytest.param(1000.0, 2000.0, id="inside"),
        pytest.param(None, 10.0, id="head"),
        pytest.param(29_000.0, None, id="tail"),
        pytest.param(-5.0, 50_000.0, id="wider-than-data"),
        pytest.param(40_000.0, 50_000.0, id="outside"),
        pytest.param(1234.5, 1234.5, id="one-point"),
    ],
)
def test_zoom_to_a_range(store: HistoryStore, x_min: float | None, x_max: float | None) -> None:
    n = 30_000
    values = noisy(n, seed=6)
    store_metric(store, "r", np.arange(n), loss=values)
    [s] = store.downsample(["r"], ["loss"], points=1000, x_min=x_min, x_max=x_max)
    assert_matches(s, reference(np.arange(n, dtype=float), values, 1000, x_min, x_max))


def test_many_runs_and_metrics_in_order(store: HistoryStore) -> None:
    for r in range(3):
        store.append(f"run-{r}", [{"_step": i, "a": i + r, "b": -i} for i in range(50)], offset=0)
    got = store.downsample(["run-0", "nobody", "run-2"], ["a", "b", "missing"], points=10)
    assert [(s.run_key, s.metric) for s in got] == [
        (run, metric) for run in ("run-0", "nobody", "run-2") for metric in ("a", "b", "missing")
    ]
    assert got[3].x.tolist() == got[5].x.tolist() == got[2].count.tolist() == []
    assert got[6].min[0] == 2 and got[6].count.tolist() == [5] * 10


def test_all_nan_buckets_are_left_out(store: HistoryStore) -> None:
    values = np.arange(600, dtype=float)
    values[60:180] = np.nan
    store_metric(store, "r", np.arange(600), v=values)
    [s] = store.downsample(["r"], ["v"], points=10)
    assert s.count.tolist() == [60] * 8
    assert s.min.tolist() == [0.0, *range(180, 600, 60)]


def test_columns_are_contiguous_float64_arrays(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    rows = [{"_step": i, "epoch": i // 10, "loss": 1.0 / (i + 1)} for i in range(500)]
    store.append("r", rows, offset=0)
    for x_key in ("_step", "epoch"):
        [s] = store.downsample(["r"], ["loss"], x_key=x_key, points=7)
        for column in (s.x, s.min, s.max, s.mean):
            assert column.dtype == np.float64
            assert column.flags["C_CONTIGUOUS"]
        assert s.count.dtype == np.int64
        assert s.count.flags["C_CONTIGUOUS"]
