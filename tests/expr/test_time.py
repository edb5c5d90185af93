"""``within_last`` spans: seconds <-> (amount, unit)."""

from __future__ import annotations

import pytest

from wandb_workspaces.errors import SpecValidationError
from wandb_workspaces.expr import amount_unit_to_seconds, seconds_to_amount_unit


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        pytest.param(432000, (5, "days"), id="days"),
        pytest.param(7200, (2, "hours"), id="hours"),
        pytest.param(5400, (90, "minutes"), id="minutes-not-1.5-hours"),
        pytest.param(90, (1.5, "minutes"), id="fractional-minutes"),
        pytest.param(0, (0, "days"), id="zero"),
        pytest.param(90.9, (1.5, "minutes"), id="float-seconds-truncated"),
    ],
)
def test_seconds_to_amount_unit(seconds: float, expected: tuple[float, str]) -> None:
    assert seconds_to_amount_unit(seconds) == expected


def test_seconds_to_amount_unit_hours_fraction() -> None:
    amount, unit = seconds_to_amount_unit(5500)
    assert unit == "hours"
    assert amount == pytest.approx(1.52777, rel=1e-4)


def test_seconds_to_amount_unit_days_fraction() -> None:
    assert seconds_to_amount_unit(86401) == (86401 / 86400, "days")


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        pytest.param(5, "days", 432000, id="days"),
        pytest.param(1, "day", 86400, id="singular"),
        pytest.param(2, "HOURS", 7200, id="case-insensitive"),
        pytest.param(30, "minutes", 1800, id="minutes"),
        pytest.param(1.5, "minutes", 90, id="fraction"),
        pytest.param(0.001, "minutes", 0, id="truncated"),
        pytest.param(5500 / 3600, "hours", 5500, id="float-noise-rounded"),
    ],
)
def test_amount_unit_to_seconds(amount: float, unit: str, expected: int) -> None:
    assert amount_unit_to_seconds(amount, unit) == expected


def test_invalid_unit_uses_the_official_message() -> None:
    with pytest.raises(SpecValidationError, match=r"Invalid time unit 'weeks'\. Must be"):
        amount_unit_to_seconds(1, "weeks")


def test_invalid_amount() -> None:
    with pytest.raises(SpecValidationError, match="amount must be a number"):
        amount_unit_to_seconds("5", "days")  # type: ignore[arg-type]


def test_non_finite_spans_are_refused() -> None:
    with pytest.raises(SpecValidationError, match="out of range"):
        amount_unit_to_seconds(1e308, "days")
    with pytest.raises(SpecValidationError, match="out of range"):
        seconds_to_amount_unit(float("inf"))
