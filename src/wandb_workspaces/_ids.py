"""Identifiers the W&B app expects: panel ``__id__``s and view names."""

from __future__ import annotations

import os
import secrets
import string

__all__ = ["generate_panel_id", "generate_view_name"]

_BASE36 = string.digits + string.ascii_lowercase
_ID_ALPHABET = string.ascii_lowercase + string.digits


# Ids are drawn from the OS (``os.urandom``): they must neither depend on nor disturb
# the user's random seed (the global ``random`` state). Random bytes below 252 (7 x 36)
# map evenly onto the 36 characters; the rest are dropped, so every character is equally
# likely. Building a workspace draws hundreds of ids, so they are made in batches.
_UNBIASED = 252
_TO_BASE36 = bytes(ord(_BASE36[i % 36]) for i in range(256))
_DROP = bytes(range(_UNBIASED, 256))
_BATCH = 512
_pool: list[str] = []


def _refill() -> None:
    text = b""
    while len(text) < 11 * _BATCH:
        text += os.urandom(12 * _BATCH).translate(_TO_BASE36, _DROP)
    chars = text.decode("ascii")
    _pool.extend(chars[i : i + 11] for i in range(0, 11 * _BATCH, 11))


# A forked child must not hand out the ids its parent still holds.
os.register_at_fork(after_in_child=_pool.clear)


def generate_panel_id() -> str:
    """A random base-36 id of 11 characters, like the app's (``bwymty2q0yw``)."""
    try:
        return _pool.pop()  # list.pop is atomic: safe across threads
    except IndexError:
        _refill()
        return _pool.pop()


def generate_view_name() -> str:
    """A fresh internal view name, ``nw-`` + 11 characters of ``[a-z0-9]`` + ``-v``."""
    return "nw-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(11)) + "-v"
