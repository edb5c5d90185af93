"""Identifiers the W&B app expects: panel ``__id__``s and view names."""

from __future__ import annotations

import secrets
import string

__all__ = ["generate_panel_id", "generate_view_name"]

_BASE36 = string.digits + string.ascii_lowercase
_ID_ALPHABET = string.ascii_lowercase + string.digits


def generate_panel_id() -> str:
    """A random base-36 id of up to 12 characters, like the app's (``bwymty2q0yw``)."""
    # secrets, not random: ids must not depend on (or disturb) the user's random seed.
    number = secrets.randbits(60)
    digits = []
    while number:
        number, rest = divmod(number, 36)
        digits.append(_BASE36[rest])
    return "".join(reversed(digits))[:12] or "0"


def generate_view_name() -> str:
    """A fresh internal view name, ``nw-`` + 11 characters of ``[a-z0-9]`` + ``-v``."""
    return "nw-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(11)) + "-v"
