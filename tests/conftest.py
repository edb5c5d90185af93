"""Shared fixtures: the golden vectors in ``../shared/vectors``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PANELBANK_SHARED", ROOT.parent / "shared"))
VECTORS_DIR = SHARED / "vectors"


def load_vectors() -> list[dict[str, Any]]:
    if not VECTORS_DIR.is_dir():
        raise RuntimeError(
            f"golden vectors not found at {VECTORS_DIR}; check out shared/ beside the repository "
            "or set PANELBANK_SHARED to its path"
        )
    return [json.loads(path.read_text()) for path in sorted(VECTORS_DIR.glob("*.json"))]


VECTORS = load_vectors()


def vector_params() -> list[Any]:
    return [pytest.param(vector, id=vector["name"]) for vector in VECTORS]


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
