"""Golden workspace records: where they are, loaded lazily, skipped with a reason when absent.

Two sources, both made by the official wandb-workspaces 0.4.13:

- the shared vectors, ``../shared/vectors`` beside the repository (or
  ``$PANELBANK_SHARED/vectors``): not part of a plain clone, so every test that uses them
  skips, saying why, when they are missing;
- the repository's own records, ``tests/golden/workspaces/*.json``, written by
  ``scripts/make-goldens`` from the declarations in ``tests/compat/cases.py``: always
  there, so wire-format coverage never depends on ``../shared``.

Nothing is read at import time: a test module that does not use them never needs them.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "GOLDEN_DIR",
    "REPORT_GOLDEN_DIR",
    "SHARED_DIR",
    "SHARED_VECTORS_DIR",
    "golden_params",
    "goldens",
    "normalise_ids",
    "normalise_report_ids",
    "report_golden_params",
    "report_goldens",
    "report_vector_params",
    "report_vectors",
    "shared_vector",
    "shared_vectors",
    "vector_params",
]

ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("PANELBANK_SHARED", ROOT.parent / "shared"))
SHARED_VECTORS_DIR = SHARED_DIR / "vectors"
GOLDEN_DIR = ROOT / "tests" / "golden" / "workspaces"
REPORT_VECTORS_DIR = SHARED_VECTORS_DIR / "reports"
REPORT_GOLDEN_DIR = ROOT / "tests" / "golden" / "reports"

_NO_SHARED = (
    f"the shared golden vectors are not at {SHARED_VECTORS_DIR} (a plain clone has no "
    "../shared; set PANELBANK_SHARED to its path to run these)"
)


@functools.cache
def shared_vectors() -> tuple[dict[str, Any], ...]:
    """Every shared vector, by file name order; empty when ``../shared`` is absent."""
    if not SHARED_VECTORS_DIR.is_dir():
        return ()
    paths = sorted(SHARED_VECTORS_DIR.glob("*.json"))
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in paths)


def shared_vector(name: str) -> dict[str, Any]:
    """The shared vector called ``name``; skips the calling test when vectors are absent."""
    for vector in shared_vectors():
        if vector["name"] == name:
            return vector
    if not shared_vectors():
        pytest.skip(_NO_SHARED)
    raise LookupError(f"no shared vector named {name!r} in {SHARED_VECTORS_DIR}")


def vector_params() -> list[Any]:
    """``parametrize`` values over the shared vectors: one skipped value when absent."""
    vectors = shared_vectors()
    if not vectors:
        return [pytest.param(None, id="no-shared-vectors", marks=pytest.mark.skip(_NO_SHARED))]
    return [pytest.param(vector, id=vector["name"]) for vector in vectors]


@functools.cache
def goldens() -> tuple[dict[str, Any], ...]:
    """The repository's own golden records (``scripts/make-goldens``), by name order."""
    paths = sorted(GOLDEN_DIR.glob("*.json"))
    if not paths:
        raise RuntimeError(f"no golden records in {GOLDEN_DIR}; run scripts/make-goldens")
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in paths)


def golden_params() -> list[Any]:
    return [pytest.param(record, id=record["name"]) for record in goldens()]


def normalise_ids(value: Any) -> Any:
    """Replace random ids (panel/section ``__id__``, run set ``id``) by their shape."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "__id__" or (key == "id" and "runFeed" in value):
                out[key] = "<id>" if isinstance(item, str) and item else item
            else:
                out[key] = normalise_ids(item)
        return out
    if isinstance(value, list):
        return [normalise_ids(item) for item in value]
    return value


# -- reports ------------------------------------------------------------------------------
@functools.cache
def report_vectors() -> tuple[dict[str, Any], ...]:
    """The shared report vectors (``../shared/vectors/reports``); empty when absent."""
    if not REPORT_VECTORS_DIR.is_dir():
        return ()
    paths = sorted(REPORT_VECTORS_DIR.glob("*.json"))
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in paths)


def report_vector_params() -> list[Any]:
    """``parametrize`` values over the shared report vectors: one skipped value when absent."""
    vectors = report_vectors()
    if not vectors:
        return [pytest.param(None, id="no-shared-vectors", marks=pytest.mark.skip(_NO_SHARED))]
    return [pytest.param(vector, id=vector["name"]) for vector in vectors]


@functools.cache
def report_goldens() -> tuple[dict[str, Any], ...]:
    """The repository's own golden report records (``scripts/make-goldens``), by name."""
    paths = sorted(REPORT_GOLDEN_DIR.glob("*.json"))
    if not paths:
        raise RuntimeError(f"no golden records in {REPORT_GOLDEN_DIR}; run scripts/make-goldens")
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in paths)


def report_golden_params() -> list[Any]:
    return [pytest.param(record, id=record["name"]) for record in report_goldens()]


def _shape_color_key(name: str, runset_ids: list[Any]) -> str:
    head, sep, rest = name.partition("-")
    return f"<id>{sep}{rest}" if sep and head in runset_ids else name


def normalise_report_ids(value: Any) -> Any:
    """A report spec with random ids by their shape and each run set's ``project.id`` left out.

    Panel ``__id__``s and run set ``id``s are random per declaration; a run set's
    ``project.id`` is the project's internal id, which only a save asks the backend for.
    """
    if isinstance(value, dict):
        out = {}
        runset_ids = [
            runset["id"] for runset in value.get("runSets") or [] if isinstance(runset, dict)
        ]
        for key, item in value.items():
            if key == "__id__" or (key == "id" and "runFeed" in value):
                out[key] = "<id>" if isinstance(item, str) and item else item
            elif key == "customRunColors" and isinstance(item, dict) and runset_ids:
                # group colours are keyed "<run set id>-<key>:<value>..."
                out[key] = {
                    _shape_color_key(name, runset_ids): color for name, color in item.items()
                }
            elif key == "project" and "runFeed" in value and isinstance(item, dict):
                out[key] = {k: v for k, v in item.items() if k != "id"}
            else:
                out[key] = normalise_report_ids(item)
        return out
    if isinstance(value, list):
        return [normalise_report_ids(item) for item in value]
    return value
