"""Differential tests: our library against the official wandb-workspaces 0.4.13.

Every declaration (the shared vectors plus tests/compat/cases.py) is executed by both
libraries; the specs must be equal as JSON, except panel/section ``__id__`` and the run
set ``id``, which are compared by shape (vectors README). Ours must also load every spec
the official library writes and write it back unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.vectors import golden_params

from . import _harness, checks, goldens
from .cases import CASES, Case

pytestmark = pytest.mark.official

_VECTORS = _harness.load_vectors()
_COMPARED: list[Any] = [
    pytest.param(f"vector:{v['name']}", v["source"], id=f"vector:{v['name']}") for v in _VECTORS
] + [pytest.param(c["name"], c["source"], id=c["name"]) for c in CASES if "ours_differs" not in c]
# Cases where our library differs on purpose; see the reason in cases.py.
_DIVERGENT: list[Case] = [c for c in CASES if "ours_differs" in c]


@pytest.mark.parametrize("vector", [pytest.param(v, id=v["name"]) for v in _VECTORS])
def test_runner_reproduces_vectors(
    vector: dict[str, Any], official_outcomes: dict[str, _harness.Outcome]
) -> None:
    """Sanity check of the harness: the official side reproduces the golden records."""
    got = official_outcomes[f"vector:{vector['name']}"]
    assert got.error is None, got.error
    assert got.display_name == vector["displayName"]
    diff = _harness.json_diff(
        _harness.normalize_ids(got.spec), _harness.normalize_ids(vector["spec"])
    )
    assert not diff, "\n".join(diff)


@pytest.mark.parametrize("record", golden_params())
def test_goldens_are_current(
    record: dict[str, Any], official_outcomes: dict[str, _harness.Outcome]
) -> None:
    """tests/golden/workspaces holds what the official library writes today for each case."""
    now = goldens.golden_record(record["name"], record["source"], official_outcomes[record["name"]])
    stale = "tests/golden/workspaces is stale: rerun scripts/make-goldens"
    assert record["source"] == next(c["source"] for c in CASES if c["name"] == record["name"])
    assert _harness.json_diff(now, record) == [], stale


@pytest.mark.parametrize(("name", "source"), _COMPARED)
def test_spec_matches_official(
    name: str, source: str, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    checks.spec_matches(source, official_outcomes[name])


@pytest.mark.parametrize(("name", "source"), _COMPARED)
def test_warnings_match_official(
    name: str, source: str, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    checks.warnings_match(source, official_outcomes[name])


@pytest.mark.parametrize(("name", "source"), _COMPARED)
def test_ours_round_trips_official_spec(
    name: str, source: str, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    if official_outcomes[name].spec is None:
        pytest.skip("the official library rejects this declaration; there is no spec to load")
    checks.round_trips(official_outcomes[name])


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in _DIVERGENT])
def test_documented_divergences_hold(
    case: Case, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    checks.still_differs(case["source"], official_outcomes[case["name"]])
