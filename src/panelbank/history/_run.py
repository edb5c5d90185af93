"""One run's history on disk: a manifest, a float64 column per numeric key, a side file.

Layout of a run folder::

    meta.0, meta.1  the manifest: line count, keys, column lengths (written last: the commit),
                    in two slots taken in turn, each ending with its CRC-32; the valid one
                    with the higher sequence number wins (no rename: on ext4 a rename over
                    a file forces the data to disk, which would cost a sync per append)
    c<id>.f64       one float64 per line from the key's first line (missing marker elsewhere)
    c<id>.L16 ...   the column's summary levels (see _pyramid)
    side.jsonl      ``[line, {key: value}]`` for values a column cannot give back exactly
    side.idx        int64 pairs (line, byte offset) into side.jsonl

Every file is append-only except the last summary record of each level; files longer
than the manifest says (a crash between writing data and manifest) are cut back on open.
An append that fails part way (disk full, a bad row) is undone at once, in memory and on
disk (see ``RunHistory.append``), so the run goes on as if it had never been sent.
"""

from __future__ import annotations

import json
import math
import os
import threading
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _pyramid
from ._codec import (
    EXACT_INT,
    F64,
    INT,
    MAX_DEPTH,
    MISSING,
    canonical,
    classify,
    decode,
    missing_mask,
    pread_f64,
    pwrite,
    too_deep,
)
from .errors import CorruptHistoryError, InvalidHistoryError, OffsetGapError

STEP = "_step"
I64 = npt.NDArray[np.int64]

# How far past a run's last line an append may start. Lines in a gap are stored (as
# "not logged" in every column the next rows touch), so an unbounded offset let one
# request write gigabytes; the SDK never leaves a gap (its offsets continue the line
# count the server gave it), so this only has to allow for a lost chunk or two.
MAX_OFFSET_GAP = 10_000

# RunHistory state an append changes besides the keys (restored as it was when one fails).
_STATE = (
    "line_count",
    "next_id",
    "last_step",
    "monotone",
    "step0",
    "unit",
    "complete",
    "side_bytes",
    "side_entries",
    "seq",
)


def check_offset_gap(what: str, offset: int, count: int) -> None:
    """:class:`OffsetGapError` when ``offset`` is more than :data:`MAX_OFFSET_GAP` lines
    past ``count``, the lines ``what`` holds (for any file written by line offset)."""
    if offset - count > MAX_OFFSET_GAP:
        raise OffsetGapError(
            f"offset {offset} of {what} is {offset - count} lines past its end (it holds "
            f"{count} lines); an offset may leave a gap of at most {MAX_OFFSET_GAP} lines: "
            f"send the lines in between first, or start at offset {count}"
        )


def _read_slot(path: Path) -> dict[str, Any] | None:
    """A manifest slot, or None when missing or torn (its CRC does not match)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    body, _, tail = data.rstrip(b"\n").rpartition(b"\n")
    if tail != b"%08x" % zlib.crc32(body):
        return None
    meta: dict[str, Any] = json.loads(body)
    return meta


class Key:
    """The manifest entry of one key."""

    __slots__ = (
        "count",
        "first",
        "id",
        "kind",
        "length",
        "max_step",
        "min_step",
        "numeric",
        "side",
    )

    def __init__(self, id: int) -> None:
        self.id = id
        self.count = 0  # lines holding the key
        self.numeric = True
        self.min_step: int | None = None
        self.max_step: int | None = None
        self.kind: str | None = None  # kind of the first number (float, int, bool)
        self.first: int | None = None  # line of the column's first item (None: no column)
        self.length = 0  # items in the column
        self.side = 0  # side entries holding the key

    def dump(self) -> list[Any]:
        return [
            self.id,
            self.count,
            self.numeric,
            self.min_step,
            self.max_step,
            self.kind,
            self.first,
            self.length,
            self.side,
        ]

    @classmethod
    def load(cls, item: list[Any]) -> Key:
        key = cls(item[0])
        (_, key.count, key.numeric, key.min_step, key.max_step) = item[:5]
        (key.kind, key.first, key.length, key.side) = item[5:9]
        return key

    def copy(self) -> Key:
        return Key.load(self.dump())

    @property
    def end(self) -> int:
        """The line after the column's last item."""
        return (self.first or 0) + self.length


class RunHistory:
    """One run's history: its files on disk (manifest, columns, side entries) and the
    state read from them; callers hold ``lock`` around appends and manifest reads."""

    def __init__(self, folder: Path, run_key: str) -> None:
        self.folder = folder
        self.run_key = run_key
        self.lock = threading.RLock()
        self.deleted = False
        self.line_count = 0
        self.keys: dict[str, Key] = {}
        self.next_id = 0
        self.last_step: float | None = None
        self.monotone = True  # _step never decreases from line to line
        self.step0: float | None = None  # _step of line 0
        self.unit = True  # _step is step0 + line on every line so far
        self.complete = True  # every line 0..line_count-1 has a finite numeric _step
        self.side_bytes = 0
        self.side_entries = 0
        self.seq = 0  # manifest writes so far
        self._maps: dict[tuple[int, int], np.memmap[Any, Any]] = {}
        self._load()

    # -- manifest -------------------------------------------------------------------------

    def _load(self) -> None:
        slots = [_read_slot(self.folder / f"meta.{i}") for i in (0, 1)]
        found = [meta for meta in slots if meta is not None]
        if not found:
            return
        meta = max(found, key=lambda m: int(m["seq"]))
        self.seq = meta["seq"]
        self.line_count = meta["line_count"]
        self.next_id = meta["next_id"]
        self.last_step = meta["last_step"]
        self.monotone = meta["monotone"]
        self.step0, self.unit = meta.get("step0"), meta.get("unit", False)
        self.complete = meta["complete"]
        self.side_bytes = meta["side_bytes"]
        self.side_entries = meta["side_entries"]
        self.keys = {name: Key.load(item) for name, item in meta["keys"]}
        self._cut_back()

    def _cut_back(self) -> None:
        for path, size in self._sizes(self.keys):
            actual = path.stat().st_size if path.exists() else 0
            if actual < size:
                raise CorruptHistoryError(
                    f"history of run {self.run_key!r}: {path.name} holds {actual} bytes but "
                    f"its manifest says {size}; restore the folder {self.folder} from a backup "
                    "or delete the run's history"
                )
            if actual > size:
                os.truncate(path, size)

    def _sizes(self, names: Iterable[str]) -> list[tuple[Path, int]]:
        """The size the manifest gives the side files and the files of the keys ``names``."""
        sizes: list[tuple[Path, int]] = [
            (self.folder / "side.jsonl", self.side_bytes),
            (self.folder / "side.idx", self.side_entries * 16),
        ]
        for name in names:
            key = self.keys[name]
            if key.first is None:
                continue
            sizes.append((self.column_path(key), key.length * 8))
            for block in _pyramid.LEVELS if _pyramid.summarized(name) else ():
                if key.length >= block:
                    records = -(-key.length // block)
                    sizes.append((self.level_path(key, block), records * _pyramid.WIDTH * 8))
        return sizes

    def save(self) -> None:
        self.seq += 1
        meta = {
            "version": 1,
            "seq": self.seq,
            "run_key": self.run_key,
            "line_count": self.line_count,
            "next_id": self.next_id,
            "last_step": self.last_step,
            "monotone": self.monotone,
            "step0": self.step0,
            "unit": self.unit,
            "complete": self.complete,
            "side_bytes": self.side_bytes,
            "side_entries": self.side_entries,
            "keys": [[name, key.dump()] for name, key in self.keys.items()],
        }
        data = json.dumps(meta, ensure_ascii=False, allow_nan=False).encode()
        data += b"\n%08x\n" % zlib.crc32(data)
        path = self.folder / f"meta.{self.seq % 2}"
        pwrite(path, data, 0)
        os.truncate(path, len(data))

    def unit_steps(self) -> float | None:
        """``_step`` of line 0 when every line's ``_step`` is that plus the line number."""
        regular = self.monotone and self.complete and self.unit
        return self.step0 if regular else None

    def column_file(self, name: str) -> Path | None:
        """The column file of a key (for benchmarks reading the raw values)."""
        key = self.keys.get(name)
        return None if key is None or key.first is None else self.column_path(key)

    def column_path(self, key: Key) -> Path:
        return self.folder / f"c{key.id}.f64"

    def level_path(self, key: Key, block: int) -> Path:
        return self.folder / f"c{key.id}.L{block}"

    # -- appending ------------------------------------------------------------------------

    def append(self, rows: Sequence[dict[str, Any]], offset: int) -> int:
        """Store ``rows`` from line ``offset`` on; all of them or, on any error, none."""
        if offset < 0:
            raise InvalidHistoryError(
                f"history offset {offset} of run {self.run_key!r} is negative; file_stream "
                "offsets count lines from 0"
            )
        check_offset_gap(f"the history of run {self.run_key!r}", offset, self.line_count)
        start = max(offset, self.line_count)
        new = rows[start - offset :]
        if not new:
            return self.line_count
        state = [getattr(self, name) for name in _STATE]
        names = {name for row in new if isinstance(row, dict) for name in row}
        keys = {name: self.keys[name].copy() for name in names if name in self.keys}
        try:
            self._append(new, start)
        except BaseException:
            self._roll_back(state, keys, names)
            raise
        return self.line_count

    def _roll_back(self, state: list[Any], keys: dict[str, Key], names: set[str]) -> None:
        """Undo a failed append: the state as it was, files cut back to its sizes.

        Files only grow past what the manifest says, except the last summary record of
        each level, rewritten in place: those are computed again from the column. The
        manifest on disk is untouched (it is written last; a torn slot is never read).
        """
        self.forget_maps()
        for name, value in zip(_STATE, state, strict=True):
            setattr(self, name, value)
        for name in names - keys.keys():  # keys this append added: their files go
            added = self.keys.pop(name, None)
            if added is not None:
                self._remove_files(added, 0)
        self.keys.update(keys)
        for path, size in self._sizes(keys):
            if path.exists():
                os.truncate(path, size)
        for name, key in keys.items():
            self._remove_files(key, key.length if key.first is not None else 0)
            if _pyramid.summarized(name) and key.first is not None:
                self._update_levels(key, key.length, self.keys.get(STEP))

    def _remove_files(self, key: Key, length: int) -> None:
        """Remove the files a key of ``length`` column items has no use for."""
        paths = [self.level_path(key, block) for block in _pyramid.LEVELS if length < block]
        for path in [self.column_path(key)] * (length == 0) + paths:
            path.unlink(missing_ok=True)

    def _append(self, new: Sequence[dict[str, Any]], start: int) -> None:
        if start > self.line_count:
            self.complete = self.unit = False  # a gap: lines never sent stay empty
        self.folder.mkdir(parents=True, exist_ok=True)
        columns, side = self._split(new, start)
        step_key = self.keys.get(STEP)
        order = sorted(columns, key=lambda name: name != STEP)
        for name in order:
            key = self.keys[name]
            self._append_column(key, *columns[name], step_key, _pyramid.summarized(name))
        self._append_side(side)
        self.line_count = start + len(new)
        self.save()

    def _split(
        self, rows: Sequence[dict[str, Any]], start: int
    ) -> tuple[dict[str, tuple[list[int], list[float]]], list[tuple[int, dict[str, Any]]]]:
        """Rows into per-key (lines, values) and side entries; updates the key stats."""
        columns: dict[str, tuple[list[int], list[float]]] = {}
        side: list[tuple[int, dict[str, Any]]] = []
        for j, row in enumerate(rows):
            line = start + j
            if not isinstance(row, dict):
                raise InvalidHistoryError(
                    f"history line {line} of run {self.run_key!r} is a {type(row).__name__}, "
                    "not a JSON object; send each line as a dict of key: value"
                )
            step = self._track_step(row, line)
            extra: dict[str, Any] | None = None
            for name, value in row.items():
                key = self.keys.get(name)
                if key is None:
                    key = self.keys[name] = Key(self.next_id)
                    self.next_id += 1
                key.count += 1
                if key.min_step is None or step < key.min_step:
                    key.min_step = step
                if key.max_step is None or step > key.max_step:
                    key.max_step = step
                kind, number = classify(value)
                if kind is None:
                    if isinstance(value, dict | list) and too_deep(value):
                        raise InvalidHistoryError(
                            f"history line {line} of run {self.run_key!r}: the value of "
                            f"{name!r} nests lists or objects more than {MAX_DEPTH} levels "
                            "deep; flatten it, or log it as a string"
                        )
                    key.numeric = False
                else:
                    if key.kind is None:
                        key.kind = kind
                    if kind != key.kind or (kind == INT and abs(value) > EXACT_INT):
                        kind = None  # the column holds it, the side file gives it back
                    entry = columns.get(name)
                    if entry is None:
                        entry = columns[name] = ([], [])
                    entry[0].append(line)
                    entry[1].append(number)
                if kind is None:
                    if extra is None:
                        extra = {}
                    extra[name] = value
                    key.side += 1
            if extra is not None:
                side.append((line, extra))
        return columns, side

    def _track_step(self, row: dict[str, Any], line: int) -> int:
        step = row.get(STEP)
        if type(step) is int or (type(step) is float and math.isfinite(step)):
            if self.last_step is not None and step < self.last_step:
                self.monotone = False
            self.last_step = float(step)
            if line == 0:
                self.step0 = float(step)
            self.unit = self.unit and self.step0 is not None and step == self.step0 + line
            return int(step)
        self.complete = self.unit = False
        return line

    def _append_column(
        self,
        key: Key,
        lines: list[int],
        values: list[float],
        step_key: Key | None,
        summarize: bool,
    ) -> None:
        if step_key is None:
            step_key = self.keys.get(STEP)
        if key.first is None:
            key.first = lines[0]
        old = key.length
        lo = key.first + old
        block = np.full(lines[-1] + 1 - lo, MISSING, dtype=np.float64)
        block[np.asarray(lines, dtype=np.int64) - lo] = canonical(
            np.asarray(values, dtype=np.float64)
        )
        pwrite(self.column_path(key), block.tobytes(), old * 8)
        key.length = old + len(block)
        if summarize:
            self._update_levels(key, old, step_key)

    def _update_levels(self, key: Key, old: int, step_key: Key | None) -> None:
        new = key.length
        first = key.first or 0
        lower = 1
        for block in _pyramid.LEVELS:
            if new < block:
                return
            start = (old // block) * block
            if lower == 1:
                values = pread_f64(self.column_path(key), start, new)
                xs = self.read_lines(step_key, first + start, first + new)
                records = _pyramid.combine(_pyramid.elements(values, xs), block)
            else:
                # the lower level's records of this level's rewritten blocks, just written
                flat = pread_f64(
                    self.level_path(key, lower),
                    (start // lower) * _pyramid.WIDTH,
                    -(-new // lower) * _pyramid.WIDTH,
                )
                records = _pyramid.combine(_pyramid.from_disk(flat), block // lower)
            pwrite(self.level_path(key, block), _pyramid.to_disk(records), (start // block) * 40)
            lower = block

    def _append_side(self, side: list[tuple[int, dict[str, Any]]]) -> None:
        if not side:
            return
        chunks: list[bytes] = []
        index = np.empty((len(side), 2), dtype=np.int64)
        position = self.side_bytes
        for i, (line, values) in enumerate(side):
            data = (json.dumps([line, values], ensure_ascii=False) + "\n").encode()
            index[i] = (line, position)
            position += len(data)
            chunks.append(data)
        pwrite(self.folder / "side.jsonl", b"".join(chunks), self.side_bytes)
        pwrite(self.folder / "side.idx", index.tobytes(), self.side_entries * 16)
        self.side_bytes = position
        self.side_entries += len(side)

    # -- reading --------------------------------------------------------------------------

    def mapped(
        self, name: tuple[int, int], path: Path, items: int, width: int = 1
    ) -> np.memmap[Any, Any]:
        """A read-only map of the first ``items`` records of a file (cached per length)."""
        cached = self._maps.get(name)
        if cached is not None and cached.shape[0] == items:
            return cached
        shape = (items,) if width == 1 else (items, width)
        dtype = np.int64 if path.suffix == ".idx" else np.float64
        array: np.memmap[Any, Any] = np.memmap(path, dtype=dtype, mode="r", shape=shape)
        self._maps[name] = array
        return array

    def column(self, key: Key) -> np.memmap[Any, Any] | None:
        if key.first is None or key.length == 0:
            return None
        return self.mapped((key.id, 1), self.column_path(key), key.length)

    def level(self, key: Key, block: int) -> np.memmap[Any, Any]:
        records = -(-key.length // block)
        return self.mapped((key.id, block), self.level_path(key, block), records, _pyramid.WIDTH)

    def read_lines(self, key: Key | None, lo: int, hi: int) -> F64:
        """The column of ``key`` over lines ``lo:hi``, the missing marker outside it."""
        out = np.full(max(hi - lo, 0), MISSING, dtype=np.float64)
        if key is None or key.first is None:
            return out
        a, b = max(lo, key.first), min(hi, key.end)
        if b > a:
            out[a - lo : b - lo] = pread_f64(self.column_path(key), a - key.first, b - key.first)
        return out

    def read_at(self, key: Key, lines: I64) -> F64:
        """The column of ``key`` at the given lines (sorted), the missing marker outside it."""
        out = np.full(len(lines), MISSING, dtype=np.float64)
        column = self.column(key)
        if column is None or key.first is None:
            return out
        inside = (lines >= key.first) & (lines < key.end)
        out[inside] = column[lines[inside] - key.first]
        return out

    def side_at(self, lines: I64, entries: int) -> Iterable[tuple[int, dict[str, Any]]]:
        """Side entries of the given sorted lines, among the first ``entries``."""
        if entries == 0 or len(lines) == 0:
            return []
        index = self.mapped((-1, 0), self.folder / "side.idx", entries, 2)
        at = index[:, 0]
        starts = np.searchsorted(at, lines, side="left")
        stops = np.searchsorted(at, lines, side="right")
        hits = [(int(s), int(e)) for s, e in zip(starts, stops, strict=True) if e > s]
        if not hits:
            return []
        out: list[tuple[int, dict[str, Any]]] = []
        with open(self.folder / "side.jsonl", "rb") as f:
            for s, e in hits:
                f.seek(int(index[s, 1]))
                for _ in range(e - s):
                    line, values = json.loads(f.readline())
                    out.append((line, values))
        return out

    def snapshot(self, names: Iterable[str] | None = None) -> tuple[int, dict[str, Key], int]:
        """(line count, copies of the keys (or of ``names`` among them), side entries) as
        of now; take under ``lock``."""
        if names is None:
            keys = {n: k.copy() for n, k in self.keys.items()}
        else:
            keys = {n: self.keys[n].copy() for n in dict.fromkeys(names) if n in self.keys}
        return self.line_count, keys, self.side_entries

    def rows_at(
        self, lines: I64, keys: dict[str, Key], entries: int, wanted: set[str] | None
    ) -> list[dict[str, Any]]:
        """The rows at the given sorted lines (empty dicts where nothing was logged)."""
        rows: list[dict[str, Any]] = [{} for _ in range(len(lines))]
        contiguous = len(lines) > 0 and int(lines[-1]) - int(lines[0]) == len(lines) - 1
        for name, key in keys.items():
            if key.first is None or (wanted is not None and name not in wanted):
                continue
            if contiguous:
                values = self.read_lines(key, int(lines[0]), int(lines[-1]) + 1)
            else:
                values = self.read_at(key, lines)
            present = np.flatnonzero(~missing_mask(values)).tolist()
            if not present:
                continue
            items = values.tolist()
            kind = key.kind
            for i in present:
                rows[i][name] = decode(kind, items[i])
        if entries:
            position = {int(line): i for i, line in enumerate(lines.tolist())}
            for line, extra in self.side_at(lines, entries):
                row = rows[position[line]]
                for name, value in extra.items():
                    if wanted is None or name in wanted:
                        row[name] = value
        return rows

    def forget_maps(self) -> None:
        self._maps.clear()
