"""Our library against the repository's stored official outcomes (tests/golden/workspaces).

The same checks as test_differential.py, offline: no ``../shared`` and no official venv
needed, so a plain clone checks the wire format too. ``scripts/make-goldens`` writes the
records; test_differential.py fails when they are stale.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.vectors import goldens

from . import checks
from .cases import CASES
from .goldens import outcome_of

_DIVERGENT = {case["name"] for case in CASES if "ours_differs" in case}
_COMPARED = [
    pytest.param(record, id=record["name"])
    for record in goldens()
    if record["name"] not in _DIVERGENT
]


def test_every_case_has_a_golden() -> None:
    stored = {record["name"] for record in goldens()}
    missing = sorted({case["name"] for case in CASES} - stored)
    assert not missing, f"cases without a golden record (run scripts/make-goldens): {missing}"


@pytest.mark.parametrize("record", _COMPARED)
def test_spec_matches_golden(record: dict[str, Any]) -> None:
    checks.spec_matches(record["source"], outcome_of(record))


@pytest.mark.parametrize("record", _COMPARED)
def test_warnings_match_golden(record: dict[str, Any]) -> None:
    checks.warnings_match(record["source"], outcome_of(record))


@pytest.mark.parametrize("record", _COMPARED)
def test_ours_round_trips_golden_spec(record: dict[str, Any]) -> None:
    if record["official"]["spec"] is None:
        pytest.skip("the official library rejects this declaration; there is no spec to load")
    checks.round_trips(outcome_of(record))


@pytest.mark.parametrize(
    "record", [pytest.param(r, id=r["name"]) for r in goldens() if r["name"] in _DIVERGENT]
)
def test_documented_divergences_hold(record: dict[str, Any]) -> None:
    checks.still_differs(record["source"], outcome_of(record))
