"""Fixtures of the differential tests: the official library in its own venv.

The official wandb-workspaces 0.4.13 and our package share the import name
``wandb_workspaces``, so the official one runs in a subprocess with the interpreter of
the venv that ``scripts/official-venv`` creates (or reuses). If that venv cannot be
created the tests fail, never skip silently; set ``PANELBANK_SKIP_OFFICIAL=1`` to skip
them on purpose (for example offline).
"""

from __future__ import annotations

import os

import pytest

from . import _harness
from .cases import CASES


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "official: compares with the official wandb-workspaces 0.4.13, run in its own venv "
        "(scripts/official-venv); PANELBANK_SKIP_OFFICIAL=1 skips these",
    )


@pytest.fixture(scope="session")
def official_python() -> str:
    if os.environ.get("PANELBANK_SKIP_OFFICIAL") == "1":
        pytest.skip(
            "PANELBANK_SKIP_OFFICIAL=1: differential tests against the official library skipped"
        )
    try:
        return _harness.ensure_official_python()
    except RuntimeError as exc:
        pytest.fail(f"cannot create the official wandb-workspaces venv: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def official_outcomes(official_python: str) -> dict[str, _harness.Outcome]:
    """Every vector and case run once through the official library, by name."""
    items = [
        {"name": f"vector:{v['name']}", "source": v["source"]} for v in _harness.load_vectors()
    ]
    items += [{"name": c["name"], "source": c["source"]} for c in CASES]
    outcomes = _harness.run_official(official_python, items)
    return {item["name"]: outcome for item, outcome in zip(items, outcomes, strict=True)}
