"""The fast path of the filter parser builds exactly the full parser's tree, or declines.

Strings come from rendering generated filter trees (the strings this library writes),
from those strings with spacing and quotes varied, and from soups of filter fragments.
For each, ``fast_parse`` must return None or the tree the full parser returns; when the
full parser raises, ``fast_parse`` must have declined.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wandb_workspaces.errors import FilterSyntaxError, SpecValidationError
from wandb_workspaces.expr import tree_to_v2, v2_to_string
from wandb_workspaces.expr._fast_parse import fast_parse
from wandb_workspaces.expr._parser import _FilterParser

from .test_properties import _fragments, _trees


def _full(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _FilterParser(text).parse()
        except (FilterSyntaxError, SpecValidationError):
            return "error"


def _agree(text: str) -> None:
    fast = fast_parse(text)
    if fast is not None:
        full = _full(text)
        assert full != "error", text
        assert fast == full, text
        assert repr(fast) == repr(full), text  # types too: 1 is not 1.0 or True


def _rendered(tree: dict[str, Any]) -> str:
    try:
        return v2_to_string(tree_to_v2(tree))
    except SpecValidationError:
        assume(False)
        raise


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trees)
def test_rendered_strings_parse_alike(tree: dict[str, Any]) -> None:
    text = _rendered(tree)
    _agree(text)


_SPACING = st.sampled_from(["", " ", "  ", "\t", "\n"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trees, st.data())
def test_respaced_and_requoted_strings_parse_alike(tree: dict[str, Any], data: Any) -> None:
    text = _rendered(tree)
    pieces = text.split(" ")
    joined = pieces[0]
    for piece in pieces[1:]:
        joined += data.draw(_SPACING) + piece
    if data.draw(st.booleans()):
        joined = joined.replace('"', "'")
    _agree(joined)


@settings(max_examples=600, deadline=None)
@given(st.lists(_fragments, max_size=12).map(" ".join))
def test_fragment_soup_parses_alike(text: str) -> None:
    _agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "Config('lr') == 0.001 and Metric('State') == 'Finished'",
        'SummaryMetric("acc") >= -0.5 or (Config("a") in [1, "b", None,] and Tags("t") != True)',
        "Config('a') not   in []",
        "Config('a')==-  5 and(Config('b')=1)",
        "Metric('Runtime') <= 1e3",
        "Config('a') == 1and Config('b') == 2",
        "Config('a') == 'x' or Config('b') == 'y' and Config('c') == 'z'",
        "((Config('a') == 1))",
    ],
)
def test_common_shapes_take_the_fast_path(text: str) -> None:
    assert fast_parse(text) is not None
    _agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "State == 'finished'",  # a bare name
        "Config('a') > 1",  # '>' warns: the full parser does it
        "Config('a') == 1 + 2",  # arithmetic
        "Config('a') in (1, 2)",  # a tuple
        "Config('a') == 'it\\'s'",  # an escape
        "Config ('a') == 1",  # spacing inside the metric
        "Config('a') == finished",  # a bare word value
        "Config('a') == 1 and",  # an error
        "Config('a') == 1 AND Config('b') == 2",  # an error (connectors are lower case)
        "Metric('CreatedTimestamp') within_last 5 days",
        "Config('a') == [,]",
        "Config('a') == 1e999",
        "Config('lr') == 0.001 and Metric('State') == 'Finished' é",
    ],
)
def test_other_shapes_are_declined(text: str) -> None:
    assert fast_parse(text) is None
