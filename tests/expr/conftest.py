"""Fixtures for the expr tests: the run-set filters of the golden vectors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_SHARED = Path(os.environ.get("PANELBANK_SHARED", Path(__file__).resolve().parents[3] / "shared"))


@pytest.fixture
def vector_filters() -> Callable[[str], dict[str, Any]]:
    """``vector_filters("filters_or")`` -> that vector's ``runSets[0].filters`` dict."""

    def load(name: str) -> dict[str, Any]:
        path = _SHARED / "vectors" / f"{name}.json"
        spec = json.loads(path.read_text())["spec"]
        return spec["section"]["runSets"][0]["filters"]  # type: ignore[no-any-return]

    return load


@pytest.fixture
def vector_runset() -> Callable[[str], dict[str, Any]]:
    """``vector_runset("groupby_order")`` -> that vector's ``runSets[0]``."""

    def load(name: str) -> dict[str, Any]:
        path = _SHARED / "vectors" / f"{name}.json"
        return json.loads(path.read_text())["spec"]["section"]["runSets"][0]  # type: ignore[no-any-return]

    return load
