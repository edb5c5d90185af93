"""The regex tokenizer and the character scanner agree on every ASCII text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wandb_workspaces.errors import FilterSyntaxError
from wandb_workspaces.expr._tokens import _scan, tokenize

_PIECES = [
    " ", "\t", "\x1c", "'", '"', "\\", "\\'", "a", "Z", "_", "x1", "0", "7", ".", "1.", ".5",
    "1e5", "2E-3", "e", "+", "-", "*", "**", "/", "//", "%", "=", "==", "!=", "!", "<", "<=",
    ">", ">=", "(", ")", "[", "]", ",", "&", "|", "#", "\n", "and", "Config('lr')", "é", "²",
    "9" * 401,
]  # fmt: skip


def _outcome(function: object, text: str) -> object:
    try:
        return function(text)  # type: ignore[operator]
    except FilterSyntaxError as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_tokenize_matches_the_scanner(text: str) -> None:
    assert _outcome(tokenize, text) == _outcome(_scan, text)
