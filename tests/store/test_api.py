"""The public names of panelbank.store."""

from __future__ import annotations

import panelbank.store


def test_public_names() -> None:
    assert panelbank.store.__all__ == [
        "AccessToken",
        "ApiKeyInfo",
        "ConflictError",
        "DuplicateViewError",
        "InvalidNameError",
        "InvalidSpecError",
        "InvalidTextError",
        "InvalidViewTypeError",
        "NotFoundError",
        "Project",
        "SpecTooLargeError",
        "Store",
        "StoreError",
        "User",
        "View",
        "ViewVersion",
        "decode_view_gid",
        "view_gid",
    ]
    for name in panelbank.store.__all__:
        assert getattr(panelbank.store, name) is not None


def test_error_tree() -> None:
    from panelbank.store import errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.StoreError)
    assert issubclass(errors.InvalidNameError, ValueError)
    assert issubclass(errors.InvalidTextError, ValueError)
    assert issubclass(errors.SpecTooLargeError, errors.InvalidSpecError)
