"""Time spans for the ``within_last`` filter.

The spec stores a ``WITHINSECONDS`` filter as a number of seconds; users write
``within_last 5 days``. These helpers convert between the two and check that the
operator is applied to the one field the W&B app supports (``CreatedTimestamp``).
"""

from __future__ import annotations

import math
from typing import Union

from .._names import to_frontend_name
from ..errors import SpecValidationError

__all__ = ["amount_unit_to_seconds", "check_within_last_field", "seconds_to_amount_unit"]

Number = Union[int, float]

_UNIT_SECONDS: dict[str, int] = {
    "minute": 60,
    "minutes": 60,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
}
VALID_UNITS = ("minutes", "hours", "days")


def unit_factor(unit: str) -> int | None:
    """Seconds per ``unit`` (singular or plural, any case), or None if unknown."""
    return _UNIT_SECONDS.get(unit.lower())


def amount_unit_to_seconds(amount: Number, unit: str) -> int:
    """``(5, "days")`` -> ``432000``.

    Like the official library the result is truncated to whole seconds, except that
    float noise is rounded away first so ``1.5277777777777777 hours`` gives the 5500
    seconds it was rendered from rather than 5499.
    """
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise SpecValidationError(
            f"within_last: the amount must be a number, got {amount!r}; e.g. within_last(5, 'days')"
        )
    factor = unit_factor(unit) if isinstance(unit, str) else None
    if factor is None:
        raise SpecValidationError(
            f"Invalid time unit '{unit}'. Must be 'minutes', 'hours', or 'days'."
        )
    product = amount * factor
    if not math.isfinite(product):
        raise SpecValidationError(f"within_last: {amount!r} {unit} is out of range")
    nearest = round(product)
    if abs(product - nearest) < 1e-6:
        return int(nearest)
    return int(product)


def seconds_to_amount_unit(seconds: Number) -> tuple[Number, str]:
    """``432000`` -> ``(5, "days")``; ``90`` -> ``(1.5, "minutes")``.

    The largest unit that divides the whole seconds evenly wins; otherwise the
    amount is a float in the unit that keeps it >= 1 (0 gives ``(0, "days")``).
    """
    if not math.isfinite(seconds):
        raise SpecValidationError(f"within_last: {seconds!r} seconds is out of range")
    whole = int(seconds)
    for factor, unit in ((86400, "days"), (3600, "hours"), (60, "minutes")):
        if whole % factor == 0:
            return whole // factor, unit
    if whole < 3600:
        return whole / 60, "minutes"
    if whole < 86400:
        return whole / 3600, "hours"
    return whole / 86400, "days"


def within_last_error(backend_name: str) -> str | None:
    """The official error text if ``within_last`` cannot apply to this key name.

    Only the name is checked, not the section (``Config('CreatedTimestamp')`` passes),
    exactly as the official library does.
    """
    frontend = to_frontend_name(backend_name)
    if backend_name == "createdAt" or frontend == "CreatedTimestamp":
        return None
    return (
        "The 'within_last' operator is only available for CreatedTimestamp. "
        f"Cannot use with '{frontend}'."
    )


def check_within_last_field(backend_name: str) -> None:
    """Raise SpecValidationError unless ``backend_name`` is the creation timestamp."""
    message = within_last_error(backend_name)
    if message is not None:
        raise SpecValidationError(message)
