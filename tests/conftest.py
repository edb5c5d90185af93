"""Shared pytest configuration. Golden records are in ``tests/vectors.py``, loaded lazily.

Slow groups carry a marker, so the fast tests run alone with
``pytest -m "not browser and not official"``: ``browser`` (every test under tests/viewer,
headless Chromium against a real server) and ``official`` (the official wandb /
wandb-workspaces clients in their own venv).
"""

from __future__ import annotations

from pathlib import Path

import pytest

_WEB = Path(__file__).resolve().parent / "viewer"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _WEB in item.path.parents:
            item.add_marker(pytest.mark.browser)
