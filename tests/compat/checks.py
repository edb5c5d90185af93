"""The comparisons of ours with one official outcome, live (test_differential.py) or stored
(test_goldens.py). Each raises AssertionError saying what differs."""

from __future__ import annotations

from . import _harness
from .cases import OFFICIAL_WARNINGS_NOT_MIRRORED


def spec_matches(source: str, theirs: _harness.Outcome) -> None:
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


def warnings_match(source: str, theirs: _harness.Outcome) -> None:
    """Ours warns where the official warns (warnings.warn or wandb.termwarn), once per message.

    Texts may differ (ours may say more), so the number of distinct warnings is compared.
    Official warnings ours deliberately does not mirror are listed, with the reason, in
    cases.OFFICIAL_WARNINGS_NOT_MIRRORED.
    """
    ignore = tuple(OFFICIAL_WARNINGS_NOT_MIRRORED)
    official = _harness.distinct_messages(theirs.warnings, ignore)
    ours = _harness.distinct_messages(_harness.run_ours(source).warnings)
    assert len(ours) == len(official), (
        "warnings differ\n  official: "
        + "\n            ".join(official or ["(none)"])
        + "\n  ours:     "
        + "\n            ".join(ours or ["(none)"])
    )


def round_trips(theirs: _harness.Outcome) -> None:
    """from_spec(official spec) -> to_spec() gives the official spec back, ids included."""
    assert theirs.spec is not None
    assert theirs.entity is not None and theirs.project is not None
    assert theirs.display_name is not None
    again = _harness.round_trip_ours(
        theirs.spec, entity=theirs.entity, project=theirs.project, name=theirs.display_name
    )
    diff = _harness.json_diff(again, theirs.spec)
    assert not diff, "load -> save changed the official spec:\n" + "\n".join(diff)


def still_differs(source: str, theirs: _harness.Outcome) -> None:
    """Keep an ``ours_differs`` reason true: the two libraries still disagree."""
    ours = _harness.run_ours(source)
    if (theirs.error is None) != (ours.error is None):
        return  # one accepts what the other rejects
    assert theirs.error is None and ours.error is None, (
        f"both libraries reject this now (official: {theirs.error}, ours: {ours.error})"
    )
    diff = _harness.json_diff(
        _harness.normalize_ids(ours.spec), _harness.normalize_ids(theirs.spec)
    )
    assert diff, "both libraries now write the same spec; drop `ours_differs` and compare it"
