"""Appends that must store nothing: too large an offset gap, a bad row part way through,
a value nested too deeply, and a disk that fills up in the middle of a write (issue 11,
item 3). After each, the run's state and files are exactly as before and the next valid
append works; before the fix a failed append left the key statistics half updated, so
every later append of the run failed until a restart."""

from __future__ import annotations

import errno
import hashlib
import math
import re
from pathlib import Path
from typing import Any

import pytest

from panelbank.history import (
    MAX_DEPTH,
    MAX_OFFSET_GAP,
    HistoryStore,
    InvalidHistoryError,
    OffsetGapError,
    _run,
)

from .test_rows import same

RUN = "run-1"
BEFORE = [
    {"_step": s, "loss": 1 / (s + 1), "acc": s / 40, **({"tag": f"t{s}"} if s % 7 == 0 else {})}
    for s in range(40)
]
# touches every kind of write: the step and loss columns and their levels' last partial
# records (overwritten in place), a new key, a first number for a key that held only
# strings (its column starts), a new side entry, then the manifest
CHUNK = [
    {"_step": 40 + i, "loss": 0.5, "fresh": i, "note": "x" * i, **({"tag": 7} if i else {})}
    for i in range(5)
]
LATER = [{"_step": 45 + i, "loss": 0.25, "acc": 2.0} for i in range(3)]


def _seeded(root: Path) -> HistoryStore:
    store = HistoryStore(root)
    store.append(RUN, BEFORE, offset=0)
    return store


def _files(root: Path) -> dict[str, str]:
    """The run's data files (not the manifest slots) by name, as digests."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith("meta.")
    }


def _state(store: HistoryStore) -> dict[str, Any]:
    [loss] = store.downsample([RUN], ["loss"], points=7)
    return {
        "count": store.line_count(RUN),
        "keys": store.keys(RUN),
        "rows": list(store.rows(RUN)),
        "loss": [column.tolist() for column in (loss.x, loss.min, loss.max, loss.count)],
    }


def _check_unchanged(store: HistoryStore, root: Path, before: dict[str, Any]) -> None:
    assert same(_state(store), before)
    reopened = HistoryStore(root)  # what a restart reads back from disk
    assert same(_state(reopened), before)
    reopened.close()


def _check_goes_on(store: HistoryStore, root: Path, tmp_path: Path) -> None:
    """The next appends work and give what they give on a run that never failed."""
    reference = _seeded(tmp_path / "reference")
    for history in (store, reference):
        history.append(RUN, CHUNK, offset=40)
        history.append(RUN, LATER, offset=45)
    assert same(_state(store), _state(reference))
    assert _files(root) == _files(tmp_path / "reference")
    reference.close()


def test_gap_limit(tmp_path: Path) -> None:
    root = tmp_path / "history"
    store = _seeded(root)
    before, files = _state(store), _files(root)
    too_far = 40 + MAX_OFFSET_GAP + 1
    message = (
        f"offset {too_far} of the history of run 'run-1' is {MAX_OFFSET_GAP + 1} lines past "
        f"its end (it holds 40 lines); an offset may leave a gap of at most {MAX_OFFSET_GAP} "
        "lines: send the lines in between first, or start at offset 40"
    )
    with pytest.raises(OffsetGapError, match=f"^{re.escape(message)}$"):
        store.append(RUN, [{"_step": 10**9, "loss": 1.0}], offset=too_far)
    assert _files(root) == files
    _check_unchanged(store, root, before)
    # exactly the limit is allowed, and the lines in between stay empty
    assert store.append(RUN, [{"_step": 99, "loss": 1.0}], offset=40 + MAX_OFFSET_GAP) == (
        41 + MAX_OFFSET_GAP
    )
    assert list(store.rows(RUN))[-1] == {"_step": 99, "loss": 1.0}


def test_huge_offset_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "history"
    store = _seeded(root)
    before, files = _state(store), _files(root)
    with pytest.raises(OffsetGapError, match="an offset may leave a gap of at most"):
        store.append(RUN, [{"_step": 0, "loss": 1.0}], offset=50_000_000)
    assert _files(root) == files
    assert sum(path.stat().st_size for path in root.rglob("*")) < 100_000
    _check_unchanged(store, root, before)
    _check_goes_on(store, root, tmp_path)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        pytest.param(
            [1, 2],
            InvalidHistoryError,
            "history line 42 of run 'run-1' is a list, not a JSON object",
            id="list",
        ),
        # fails in the side file, after the columns and their levels were written
        pytest.param(
            {"_step": 42, "loss": 1.0, "odd": object()},
            TypeError,
            "not JSON serializable",
            id="unserializable",
        ),
    ],
)
def test_bad_row_part_way_stores_nothing(
    tmp_path: Path, bad: Any, error: type[Exception], message: str
) -> None:
    root = tmp_path / "history"
    store = _seeded(root)
    before, files = _state(store), _files(root)
    with pytest.raises(error, match=message):
        store.append(RUN, [*CHUNK[:2], bad], offset=40)
    assert _files(root) == files
    _check_unchanged(store, root, before)
    _check_goes_on(store, root, tmp_path)


def _nested(depth: int) -> Any:
    value: Any = 1
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


def test_value_nested_too_deeply(tmp_path: Path) -> None:
    root = tmp_path / "history"
    store = _seeded(root)
    before, files = _state(store), _files(root)
    ok = {"_step": 40, "fine": _nested(MAX_DEPTH)}
    with pytest.raises(
        InvalidHistoryError,
        match=f"history line 41 of run 'run-1': the value of 'deep' nests lists or objects "
        f"more than {MAX_DEPTH} levels deep",
    ):
        store.append(RUN, [ok, {"_step": 41, "deep": _nested(100_000)}], offset=40)
    assert _files(root) == files
    _check_unchanged(store, root, before)
    store.append(RUN, [ok], offset=40)
    assert list(store.rows(RUN))[-1] == ok


def _count_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = 0
    real = _run.pwrite

    def counting(path: Path, data: bytes | memoryview, offset: int) -> None:
        nonlocal calls
        calls += 1
        real(path, data, offset)

    store = _seeded(tmp_path / "count")
    monkeypatch.setattr(_run, "pwrite", counting)
    store.append(RUN, CHUNK, offset=40)
    monkeypatch.setattr(_run, "pwrite", real)
    store.close()
    return calls


def _disk_full_at(failing: int) -> Any:
    """A pwrite whose call number ``failing`` writes half its bytes, then finds the disk full."""
    real = _run.pwrite
    calls = 0

    def write(path: Path, data: bytes | memoryview, offset: int) -> None:
        nonlocal calls
        calls += 1
        if calls == failing:
            real(path, bytes(data)[: len(data) // 2], offset)
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, offset)

    return write


def test_disk_full_at_every_write_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _count_writes(tmp_path, monkeypatch)
    assert writes >= 8  # 4 columns, a level's last record, side file and index, manifest
    real = _run.pwrite
    for failing in range(1, writes + 1):
        root = tmp_path / f"history-{failing}"
        store = _seeded(root)
        before, files = _state(store), _files(root)
        monkeypatch.setattr(_run, "pwrite", _disk_full_at(failing))
        with pytest.raises(OSError, match="No space left on device"):
            store.append(RUN, CHUNK, offset=40)
        monkeypatch.setattr(_run, "pwrite", real)
        assert _files(root) == files, f"write {failing} of {writes}"
        _check_unchanged(store, root, before)
        _check_goes_on(store, root, tmp_path / f"reference-{failing}")
        store.close()


def test_nan_rows_survive_a_failed_append(tmp_path: Path) -> None:
    root = tmp_path / "history"
    store = HistoryStore(root)
    store.append(RUN, [{"_step": 0, "loss": math.nan}], offset=0)
    with pytest.raises(InvalidHistoryError):
        store.append(RUN, [{"_step": 1, "loss": 2.0}, "oops"], offset=1)  # type: ignore[list-item]
    [row] = store.rows(RUN)
    assert math.isnan(row["loss"]) and store.keys(RUN)["loss"].count == 1
