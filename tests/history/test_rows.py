"""Rows come back value for value: kinds, NaN/inf, side values, offsets, reopen, delete."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import panelbank.history
from panelbank.history import HistoryStore, InvalidHistoryError, KeyInfo


def same(a: Any, b: Any) -> bool:
    """Equality where NaN equals NaN and an int never equals a float or a bool."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_public_names_are_pinned() -> None:
    assert panelbank.history.__all__ == [
        "MAX_DEPTH",
        "MAX_OFFSET_GAP",
        "CorruptHistoryError",
        "HistoryError",
        "HistoryStore",
        "InvalidHistoryError",
        "KeyInfo",
        "OffsetGapError",
        "Series",
        "check_offset_gap",
        "too_deep",
    ]


MIXED_ROWS: list[dict[str, Any]] = [
    {"_step": 0, "loss": 0.5, "epoch": 1, "ok": True, "name": "a", "cfg": {"a": [1, {"b": None}]}},
    {"_step": 1, "loss": math.nan, "epoch": 2, "ok": False, "name": None, "ünï/cödé ✓": 3.25},
    {"_step": 2, "loss": math.inf, "epoch": 2**60, "ok": True, "img": {"_type": "image-file"}},
    {"_step": 3, "loss": -math.inf, "epoch": 3.5, "ok": 1, "name": "", "empty": {}},
    {"_step": 4, "loss": -0.0, "epoch": -7, "big": 10**400, "list": [1.5, "x"]},
    {"_step": 5, "loss": 1e308, "epoch": 0, "tiny": 5e-324, "ok": 0.0},
]


def test_rows_round_trip_every_kind(store: HistoryStore) -> None:
    assert store.append("run-1", MIXED_ROWS, offset=0) == len(MIXED_ROWS)
    back = list(store.rows("run-1"))
    assert len(back) == len(MIXED_ROWS)
    for sent, got in zip(MIXED_ROWS, back, strict=True):
        assert same(sent, got), (sent, got)


def test_rows_survive_reopening(tmp_path: Path) -> None:
    first = HistoryStore(tmp_path)
    first.append("entity/project/run:1", MIXED_ROWS, offset=0)
    first.close()
    again = HistoryStore(tmp_path)
    assert again.line_count("entity/project/run:1") == len(MIXED_ROWS)
    assert all(
        same(a, b) for a, b in zip(MIXED_ROWS, again.rows("entity/project/run:1"), strict=True)
    )
    assert again.append("entity/project/run:1", [{"_step": 6, "loss": 1.0}], offset=6) == 7


def test_a_row_with_ten_thousand_keys(store: HistoryStore) -> None:
    wide = {"_step": 0, **{f"metric/{i}": i * 0.5 for i in range(10_000)}}
    store.append("wide", [wide, {"_step": 1, "metric/7": 1.0}], offset=0)
    back = list(store.rows("wide"))
    assert back[0] == wide
    assert back[1] == {"_step": 1, "metric/7": 1.0}
    assert len(store.keys("wide")) == 10_001


def test_keys_count_kind_and_steps(store: HistoryStore) -> None:
    store.append("run-1", MIXED_ROWS, offset=0)
    keys = store.keys("run-1")
    assert keys["loss"] == KeyInfo("loss", 6, True, 0, 5)
    assert keys["epoch"] == KeyInfo("epoch", 6, True, 0, 5)
    assert keys["name"] == KeyInfo("name", 3, False, 0, 3)
    assert keys["img"] == KeyInfo("img", 1, False, 2, 2)
    assert store.keys("nobody") == {}


def test_same_chunk_twice_is_stored_once(store: HistoryStore) -> None:
    rows = [{"_step": i, "x": i} for i in range(10)]
    assert store.append("r", rows, offset=0) == 10
    assert store.append("r", rows, offset=0) == 10
    assert [row["x"] for row in store.rows("r")] == list(range(10))


def test_overlapping_resend_adds_only_new_lines(store: HistoryStore) -> None:
    rows = [{"_step": i, "x": i} for i in range(20)]
    store.append("r", rows[:10], offset=0)
    assert store.append("r", rows[5:15], offset=5) == 15
    assert store.append("r", rows[15:], offset=15) == 20
    assert [row["_step"] for row in store.rows("r")] == list(range(20))
    assert store.keys("r")["x"].count == 20


def test_a_gap_leaves_empty_lines(store: HistoryStore) -> None:
    store.append("r", [{"_step": 0, "x": 0}], offset=0)
    assert store.append("r", [{"_step": 5, "x": 5}], offset=5) == 6
    assert list(store.rows("r")) == [{"_step": 0, "x": 0}, {"_step": 5, "x": 5}]
    assert store.sample("r", 10) == [{"_step": 0, "x": 0}, {"_step": 5, "x": 5}]


def test_bad_input_is_rejected(store: HistoryStore) -> None:
    with pytest.raises(InvalidHistoryError, match=r"offset -1 .* is negative"):
        store.append("r", [{"_step": 0}], offset=-1)
    with pytest.raises(InvalidHistoryError, match="line 0 of run 'r' is a list"):
        store.append("r", [[1, 2]], offset=0)  # type: ignore[list-item]
    with pytest.raises(InvalidHistoryError, match="points must be at least 1"):
        store.downsample(["r"], ["x"], points=0)
    with pytest.raises(InvalidHistoryError, match="keys must be a list"):
        list(store.rows("r", keys="x"))
    assert store.line_count("r") == 0


def test_rows_by_step_range_and_keys(store: HistoryStore) -> None:
    rows = [{"_step": i, "a": i, **({"b": -i} if i % 3 == 0 else {})} for i in range(3000)]
    store.append("r", rows, offset=0)
    assert [r["_step"] for r in store.rows("r", min_step=1500, max_step=1503)] == [1500, 1501, 1502]
    assert list(store.rows("r", min_step=10, max_step=13, keys=["b"])) == [{"_step": 12, "b": -12}]
    only_b = list(store.rows("r", keys=["b"]))
    assert len(only_b) == 1000
    assert only_b[1] == {"_step": 3, "b": -3}
    both = list(store.rows("r", keys=["a", "b"], require="all", max_step=7))
    assert [r["_step"] for r in both] == [0, 3, 6]


def test_rows_by_step_range_with_irregular_steps(store: HistoryStore) -> None:
    store.append("r", [{"_step": s, "v": s} for s in (5, 3, 9, 1)], offset=0)
    assert [r["v"] for r in store.rows("r", min_step=3, max_step=9)] == [5, 3]


def test_sample_spreads_over_the_run(store: HistoryStore) -> None:
    store.append("r", [{"_step": i, "v": float(i)} for i in range(1001)], offset=0)
    picked = store.sample("r", 11)
    assert [r["_step"] for r in picked] == list(range(0, 1001, 100))
    assert len(store.sample("r", 5000)) == 1001
    sparse = [{"_step": 2000 + i, **({"val": i} if i % 10 == 0 else {})} for i in range(100)]
    store.append("r", sparse, offset=1001)
    assert [r["val"] for r in store.sample("r", 3, keys=["val"])] == [0, 40, 90]


def test_delete_forgets_the_run(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    store.append("r", [{"_step": 0, "x": 1}], offset=0)
    store.delete("r")
    assert store.line_count("r") == 0
    assert list(store.rows("r")) == []
    assert list(tmp_path.iterdir()) == []
    assert store.append("r", [{"_step": 0, "x": 2}], offset=0) == 1
    assert list(HistoryStore(tmp_path).rows("r")) == [{"_step": 0, "x": 2}]
