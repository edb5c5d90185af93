"""Identifiers the W&B app expects: panel ``__id__``s and view names."""

from __future__ import annotations

import random
import secrets
import string

__all__ = ["generate_panel_id", "generate_view_name"]

_BASE36 = string.digits + string.ascii_lowercase
_ID_ALPHABET = string.ascii_lowercase + string.digits


# Our own generator, seeded from the OS: ids must neither depend on nor disturb the
# user's random seed (the global ``random`` state).
_rng = random.Random()


def generate_panel_id() -> str:
    """A random base-36 id of 11 characters, like the app's (``bwymty2q0yw``)."""
    return "".join(_rng.choices(_BASE36, k=11))


def generate_view_name() -> str:
    """A fresh internal view name, ``nw-`` + 11 characters of ``[a-z0-9]`` + ``-v``."""
    return "nw-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(11)) + "-v"
