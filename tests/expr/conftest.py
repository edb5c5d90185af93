"""Fixtures for the expr tests: the run-set filters of the golden vectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.vectors import shared_vector


@pytest.fixture
def vector_filters() -> Callable[[str], dict[str, Any]]:
    """``vector_filters("filters_or")`` -> that vector's ``runSets[0].filters`` dict."""

    def load(name: str) -> dict[str, Any]:
        spec = shared_vector(name)["spec"]
        return spec["section"]["runSets"][0]["filters"]  # type: ignore[no-any-return]

    return load


@pytest.fixture
def vector_runset() -> Callable[[str], dict[str, Any]]:
    """``vector_runset("groupby_order")`` -> that vector's ``runSets[0]``."""

    def load(name: str) -> dict[str, Any]:
        return shared_vector(name)["spec"]["section"]["runSets"][0]  # type: ignore[no-any-return]

    return load
