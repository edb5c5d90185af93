"""Validators for names, stored spec versions and workspace URLs."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import parse_qs, urlparse

from ..errors import SpecVersionError, UnsupportedViewError

__all__ = ["validate_no_emoji", "validate_spec_version", "validate_url"]

_SAVED_VIEW_EXAMPLE = "https://wandb.ai/{entity}/{project}?nw=a0b1c2d3"


def _is_emoji(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("So", "Cs"):
        return True
    # Skin-tone modifiers are "Sk"; ASCII "Sk" characters (^ and `) are not emoji.
    return category == "Sk" and ord(char) > 0x7F


def validate_no_emoji(value: str) -> str:
    """Reject names with emoji (pictographs, symbols, skin-tone modifiers).

    Unlike the official package, ordinary math and currency characters (``+ < = > | ~ ^ $``)
    are allowed: the W&B app shows them fine, and rejecting them made views with such
    names impossible to load.

    >>> validate_no_emoji("Loss / accuracy")
    'Loss / accuracy'
    """
    for index, char in enumerate(value):
        if _is_emoji(char):
            raise ValueError(
                f"emoji are not allowed in names: {char!r} at position {index + 1} of {value!r}; "
                "remove it or use plain text"
            )
    return value


def validate_spec_version(spec: dict[str, Any], expected_version: int) -> dict[str, Any]:
    """Check the ``version`` of a stored spec (absent counts as -1)."""
    actual = spec.get("version", -1)
    if not isinstance(actual, int):
        raise SpecVersionError(f"Workspace spec version {actual!r} is not an integer.")
    if actual < expected_version:
        raise SpecVersionError(
            f"Workspace actual_version={actual} < expected_version={expected_version}, please "
            "visit the workspace in the web app to upgrade the workspace spec."
        )
    if actual > expected_version:
        raise SpecVersionError(
            f"Workspace actual_version={actual} > expected_version={expected_version}, please "
            "upgrade the `wandb-workspace` package to the latest version."
        )
    return spec


def validate_url(url: str) -> str:
    """Check that ``url`` names a saved workspace view: ``https://host/<entity>/<project>?nw=<id>``."""
    parsed = urlparse(url)
    parts = parsed.path.split("/")
    if len(parts) < 3 or not parts[1] or not parts[2]:
        raise UnsupportedViewError(
            f"{url!r} does not name a workspace; use a saved view URL that looks like "
            + _SAVED_VIEW_EXAMPLE
        )
    other = parts[3:]
    if other and other not in (["workspace"], ["table"], [""]):
        raise UnsupportedViewError("Please use a saved view that looks like " + _SAVED_VIEW_EXAMPLE)
    views = parse_qs(parsed.query).get("nw", [])
    if views and views[0].startswith("nwuser"):
        raise UnsupportedViewError(
            "Workspace API does not currently support user views.  Please use a saved view that "
            "looks like " + _SAVED_VIEW_EXAMPLE
        )
    return url
