"""Differential tests: our library against the official wandb-workspaces 0.4.13.

Every declaration (the shared vectors plus tests/compat/cases.py) is executed by both
libraries; the specs must be equal as JSON, except panel/section ``__id__`` and the run
set ``id``, which are compared by shape (vectors README). Ours must also load every spec
the official library writes and write it back unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from . import _harness
from .cases import CASES, OFFICIAL_WARNINGS_NOT_MIRRORED, Case

pytestmark = pytest.mark.official

_VECTORS = _harness.load_vectors()
_COMPARED: list[Any] = [
    pytest.param(f"vector:{v['name']}", v["source"], id=f"vector:{v['name']}") for v in _VECTORS
] + [pytest.param(c["name"], c["source"], id=c["name"]) for c in CASES if "ours_differs" not in c]
# Cases where our library differs on purpose; see the reason in cases.py.
_DIVERGENT: list[Case] = [c for c in CASES if "ours_differs" in c]


def _official(outcomes: dict[str, _harness.Outcome], name: str) -> _harness.Outcome:
    return outcomes[name]


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


@pytest.mark.parametrize(("name", "source"), _COMPARED)
def test_spec_matches_official(
    name: str, source: str, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    theirs = _official(official_outcomes, name)
    ours = _harness.run_ours(source)
    if theirs.error is not None:
        # The official library rejects this declaration; ours must reject it too.
        assert ours.error is not None, (
            f"official raises {theirs.error['type']} at {theirs.error['stage']}: "
            f"{theirs.error['message']!r}\nbut ours accepts it and writes {ours.spec!r}"
        )
        return
    assert ours.error is None, f"ours raises, the official does not: {ours.error}"
    assert ours.display_name == theirs.display_name
    diff = _harness.json_diff(
        _harness.normalize_ids(ours.spec), _harness.normalize_ids(theirs.spec)
    )
    assert not diff, f"{len(diff)} difference(s), ours vs official:\n" + "\n".join(diff)


@pytest.mark.parametrize(("name", "source"), _COMPARED)
def test_warnings_match_official(
    name: str, source: str, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    """Ours warns where the official warns (warnings.warn or wandb.termwarn), once per message.

    Texts may differ (ours may say more), so the number of distinct warnings is compared.
    Official warnings ours deliberately does not mirror are listed, with the reason, in
    cases.OFFICIAL_WARNINGS_NOT_MIRRORED.
    """
    ignore = tuple(OFFICIAL_WARNINGS_NOT_MIRRORED)
    theirs = _harness.distinct_messages(_official(official_outcomes, name).warnings, ignore)
    ours = _harness.distinct_messages(_harness.run_ours(source).warnings)
    assert len(ours) == len(theirs), (
        "warnings differ\n  official: "
        + "\n            ".join(theirs or ["(none)"])
        + "\n  ours:     "
        + "\n            ".join(ours or ["(none)"])
    )


@pytest.mark.parametrize(("name", "source"), _COMPARED)
def test_ours_round_trips_official_spec(
    name: str, source: str, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    """from_spec(official spec) -> to_spec() gives the official spec back, ids included."""
    theirs = _official(official_outcomes, name)
    if theirs.spec is None:
        pytest.skip("the official library rejects this declaration; there is no spec to load")
    assert theirs.entity is not None and theirs.project is not None
    assert theirs.display_name is not None
    again = _harness.round_trip_ours(
        theirs.spec, entity=theirs.entity, project=theirs.project, name=theirs.display_name
    )
    diff = _harness.json_diff(again, theirs.spec)
    assert not diff, "load -> save changed the official spec:\n" + "\n".join(diff)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in _DIVERGENT])
def test_documented_divergences_hold(
    case: Case, official_outcomes: dict[str, _harness.Outcome]
) -> None:
    """Keep the ``ours_differs`` reasons true: the two libraries still disagree."""
    theirs = _official(official_outcomes, case["name"])
    ours = _harness.run_ours(case["source"])
    if (theirs.error is None) != (ours.error is None):
        return  # one accepts what the other rejects
    assert theirs.error is None and ours.error is None, (
        f"both libraries reject this now (official: {theirs.error}, ours: {ours.error})"
    )
    diff = _harness.json_diff(
        _harness.normalize_ids(ours.spec), _harness.normalize_ids(theirs.spec)
    )
    assert diff, "both libraries now write the same spec; drop `ours_differs` and compare it"
