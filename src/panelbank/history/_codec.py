"""How values sit in the columns: the missing marker, value kinds, file names, x edges."""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]

# A column holds one float64 per line from the key's first line on; lines where the key
# was not logged hold this quiet NaN with a payload, so a logged NaN (stored as the
# canonical NaN) stays distinguishable from "not logged".
MISSING_BITS = np.uint64(0x7FF80000DEADBEEF)
MISSING = float(np.array([MISSING_BITS], dtype=np.uint64).view(np.float64)[0])

# Kinds of numeric values; a key keeps the kind of its first number and values of another
# kind (or ints a float64 cannot hold exactly) are also written to the side file.
FLOAT, INT, BOOL = "float", "int", "bool"
EXACT_INT = 2**53


def classify(value: Any) -> tuple[str | None, float]:
    """(kind, value as float64) of a number, (None, 0.0) of anything else."""
    t = type(value)
    if t is float:
        return FLOAT, float(value)
    if t is int:
        return INT, _int_to_float(value)
    if t is bool:
        return BOOL, 1.0 if value else 0.0
    if isinstance(value, bool):
        return BOOL, 1.0 if value else 0.0
    if isinstance(value, int):
        return INT, _int_to_float(int(value))
    if isinstance(value, float):
        return FLOAT, float(value)
    return None, 0.0


# How deeply lists and dicts may nest in a logged value. W&B's own values (tables, media
# references, histograms) nest a few levels; a JSON encoder recursing through thousands
# of levels runs out of stack (Python's json) or refuses (orjson stops at 255).
MAX_DEPTH = 100


def too_deep(value: Any) -> bool:
    """Whether lists and dicts nest more than :data:`MAX_DEPTH` levels in ``value``."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _int_to_float(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def decode(kind: str | None, value: float) -> Any:
    """The Python value a column float stands for, given the key's kind."""
    if kind == INT and math.isfinite(value):
        return int(value)
    if kind == BOOL:
        return value != 0.0
    return value


def missing_mask(values: F64) -> npt.NDArray[np.bool_]:
    """True where the column holds the missing marker."""
    mask: npt.NDArray[np.bool_] = values.view(np.uint64) == MISSING_BITS
    return mask


def canonical(values: F64) -> F64:
    """Logged NaNs as the canonical NaN, so none can look like the missing marker."""
    nan = np.isnan(values)
    if nan.any():
        values[nan] = np.nan
    return values


def run_folder(root: Path, run_key: str) -> Path:
    """The folder of a run: its key percent-quoted (hashed when too long for a file name)."""
    name = quote(run_key, safe="-_")
    if len(name) > 180:
        name = name[:100] + "-" + hashlib.sha256(run_key.encode()).hexdigest()
    return root / ("r-" + name)


def edges(x_lo: float, x_hi: float, points: int) -> F64:
    """``points + 1`` equal-width bucket edges; bucket i holds ``edges[i] <= x < edges[i+1]``
    (the last one also ``x == x_hi``)."""
    return x_lo + (x_hi - x_lo) * np.arange(points + 1, dtype=np.float64) / points


def pwrite(path: Path, data: bytes | memoryview, offset: int) -> None:
    """Write ``data`` at ``offset`` of ``path`` (created if needed)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.pwrite(fd, view, offset)
            view = view[written:]
            offset += written
    finally:
        os.close(fd)


def pread_f64(path: Path, start: int, stop: int) -> F64:
    """float64 items ``start:stop`` of a file."""
    if stop <= start:
        return np.empty(0, dtype=np.float64)
    with open(path, "rb") as f:
        f.seek(start * 8)
        data = f.read((stop - start) * 8)
    out: F64 = np.frombuffer(data, dtype=np.float64).copy()
    return out
