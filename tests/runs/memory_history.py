"""An in-memory :class:`HistoryStore` for tests of the readers (rows in lists)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from panelbank.history import HistoryStore, KeyInfo, Series


def _number(value: Any) -> bool:
    return isinstance(value, (int, float))


class MemoryHistory(HistoryStore):
    def __init__(self, root: Path | None = None) -> None:
        self._rows: dict[str, list[dict[str, Any]]] = {}

    def append(self, run_key: str, rows: Sequence[dict[str, Any]], *, offset: int) -> int:
        lines = self._rows.setdefault(run_key, [])
        for index, row in enumerate(rows, start=offset):
            if index < len(lines):
                lines[index] = dict(row)
            else:
                lines.append(dict(row))
        return len(lines)

    def line_count(self, run_key: str) -> int:
        return len(self._rows.get(run_key, []))

    def keys(self, run_key: str) -> dict[str, KeyInfo]:
        out: dict[str, KeyInfo] = {}
        for row in self._rows.get(run_key, []):
            step = int(row["_step"])
            for name, value in row.items():
                old = out.get(name)
                out[name] = KeyInfo(
                    name=name,
                    count=(old.count if old else 0) + 1,
                    numeric=(old.numeric if old else True) and _number(value),
                    min_step=min(old.min_step, step) if old else step,
                    max_step=max(old.max_step, step) if old else step,
                )
        return out

    def rows(
        self,
        run_key: str,
        *,
        min_step: int | None = None,
        max_step: int | None = None,
        keys: Sequence[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        for row in sorted(self._rows.get(run_key, []), key=lambda r: r["_step"]):
            if min_step is not None and row["_step"] < min_step:
                continue
            if max_step is not None and row["_step"] >= max_step:
                continue
            if keys is None:
                yield dict(row)
            else:
                wanted = {"_step", *keys}
                yield {k: v for k, v in row.items() if k in wanted}

    def sample(
        self, run_key: str, samples: int, keys: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        rows = list(self.rows(run_key, keys=keys))
        if len(rows) <= samples:
            return rows
        step = (len(rows) - 1) / max(samples - 1, 1)
        return [rows[round(i * step)] for i in range(samples)]

    def downsample(
        self,
        run_keys: Sequence[str],
        metrics: Sequence[str],
        *,
        x_key: str = "_step",
        points: int = 1000,
        x_min: float | None = None,
        x_max: float | None = None,
    ) -> list[Series]:
        out = []
        for run_key in run_keys:
            for metric in metrics:
                pairs = [
                    (float(row[x_key]), float(row[metric]))
                    for row in self.rows(run_key)
                    if _number(row.get(x_key))
                    and _number(row.get(metric))
                    and (x_min is None or row[x_key] >= x_min)
                    and (x_max is None or row[x_key] <= x_max)
                ]
                if not pairs:
                    continue
                size = max(1, math.ceil(len(pairs) / points))
                buckets = [pairs[i : i + size] for i in range(0, len(pairs), size)]
                out.append(
                    Series(
                        run_key=run_key,
                        metric=metric,
                        x_key=x_key,
                        x=[sum(x for x, _ in b) / len(b) for b in buckets],
                        min=[min(y for _, y in b) for b in buckets],
                        max=[max(y for _, y in b) for b in buckets],
                        mean=[sum(y for _, y in b) / len(b) for b in buckets],
                        count=[len(b) for b in buckets],
                    )
                )
        return out

    def delete(self, run_key: str) -> None:
        self._rows.pop(run_key, None)

    def close(self) -> None:
        pass
