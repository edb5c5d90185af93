"""Every way a filter string can be malformed: the message and the 1-based column."""

from __future__ import annotations

import pytest

from wandb_workspaces.errors import FilterSyntaxError, SpecValidationError
from wandb_workspaces.expr import parse_filter_string, string_to_v2

_CASES = [
    # -- values ---------------------------------------------------------------------------
    ("Config('lr') >= 0.01 and Summary('acc') >=", r"expected a value after '>=' at column", 43),
    ("Config('lr') >= ", r"expected a value after '>=' at column", 16),
    ("Config('a') == and b == 1", r"expected a value after '==', found 'and'", 16),
    ("Config('a') == 1 +", r"expected a value after '\+'", 19),
    ("Config('a') in [1, 2", r"expected ',' or '\]' in the list opened at column 16", 21),
    ("Config('a') in [1 2]", r"expected ',' or '\]' .* found the number 2", 19),
    ("Config('a') == foo(1)", r"foo\(\.\.\.\) cannot be used as a value", 16),
    ("Config('a') == a.b", r"a dotted name cannot be used as a value", 16),
    ("Config('a') == 1/0", r"division by zero", 17),
    ("Config('a') == 2 ** 100000", r"number out of range", 18),
    ("Config('a') == 10.0 ** 400", r"number out of range", 21),
    ("Config('a') == 1e999", r"number 1e999 is out of range", 16),
    ("Config('a') == (-8) ** 0.5", r"is not a real number", 21),
    ("Config('a') == 'a' - 'b'", r"cannot apply '-' to 'a' and 'b'; arithmetic needs numbers", 20),
    ("Config('a') == -'x'", r"unary '-' needs a number", 16),
    ("Config('a') == 1" + "1" * 500, r"number literal is too long", 16),
    # -- lexical --------------------------------------------------------------------------
    ("Config('lr) == 1", r"unterminated string; add the closing '", 8),
    ("Config(\"lr') == 1", r'unterminated string; add the closing "', 8),
    ("Config('a') @ 1", r"unexpected character '@'", 13),
    ("Config('a') ! 1", r"unexpected character '!' \(did you mean '!='\?\)", 13),
    ("a == 1 && b == 2", r"unexpected character '&' \(use 'and'\)", 8),
    ("a == 1 || b == 2", r"unexpected character '\|' \(use 'or'\)", 8),
    # -- structure ------------------------------------------------------------------------
    (
        "(Config('a') == 1",
        r"unbalanced parentheses: expected '\)' to close the '\(' at column 1",
        18,
    ),
    ("(a == 1 or (b == 1)", r"expected '\)' to close the '\(' at column 1", 20),
    ("Config('a') == 1)", r"unmatched '\)' \(there is no '\(' before it\)", 17),
    ("()", r"expected a filter such as Config\('lr'\) == 0\.01 after '\(', found '\)'", 2),
    ("Config('a') == 1 and", r"expected a filter .* after 'and', found the end of the filter", 21),
    ("a == 1 or or b == 1", r"expected a filter .* after 'or', found 'or'", 11),
    ("and Config('a') == 1", r"expected a filter such as .*, found 'and'", 1),
    ("not Config('a') == 1", r"found 'not' \('not' is only supported as 'not in'", 1),
    ("Config('a') == 1 Config('b') == 2", r"expected 'and', 'or' or the end of the filter", 18),
    ("Config('a') == 1 AND b == 2", r"found 'AND' \(connectors are lower case: 'and'\)", 18),
    ("Config('a') == 1 OR b == 2", r"connectors are lower case: 'or'", 18),
    ("(a == 1 AND b == 2)", r"expected 'and', 'or' or '\)', found 'AND' \(connectors are", 9),
    ("(a == 1 b == 2)", r"expected 'and', 'or' or '\)', found 'b'", 9),
    ("Config('a') == 1 < 2", r"chained comparisons are not supported", 18),
    ("(" * 150, r"nested more than 100 levels deep", 101),
    ("a == " + "-" * 150 + "1", r"nested more than 100 levels deep", 106),
    ("a == " + "[" * 150, r"nested more than 100 levels deep", 106),
    # -- the metric -----------------------------------------------------------------------
    ("1 <= Config('a')", r"the metric must come first: write Config\('a'\) >= 1 at column", 1),
    ("'x' == State", r"the metric must come first: write State == 'x'", 1),
    ("[1, 2] in Config('a')", r"write Config\('a'\) in \[1, 2\]", 1),
    ("1 == 1", r"expected a filter such as Config\('lr'\) == 0\.01, found the number 1", 1),
    ("Confg('lr') == 1", r"unknown function 'Confg'; did you mean 'Config'\? valid functions", 1),
    ("summary('x') == 1", r"did you mean 'Summary'\?", 1),
    ("Foo('lr') == 1", r"unknown function 'Foo'; valid functions are Config", 1),
    ("Config(1) == 2", r"Config\(\) takes one quoted metric name, e.g\. Config\('name'\)", 8),
    ("Config() == 2", r"Config\(\) takes one quoted metric name", 8),
    ("Config(name='x') == 2", r"Config\(\) takes one quoted metric name", 8),
    ("Tags('a', 'b') == 2", r"Tags\(\) takes one quoted metric name", 9),
    ("config.lr == 1", r"dotted names are not supported; write Config\('lr'\)", 1),
    ("summary_metrics.acc == 1", r"write SummaryMetric\('acc'\)", 1),
    ("run.x.y == 1", r"write Metric\('run\.x\.y'\)", 1),
    # -- the operator ---------------------------------------------------------------------
    ("Config('lr') 0.01", r"expected a comparison operator \(==, !=, <=, >=, in, not in or", 14),
    ("Config('lr')", r"after Config\('lr'\), found the end of the filter", 13),
    ("Config('a') is None", r"'is' is not supported; use == or !=", 13),
    ("Config('a') not 1", r"expected 'in' after 'not', found the number 1", 17),
    ("Config('a') => 1", r"expected a value after '=', found '>'", 14),
    # -- within_last ----------------------------------------------------------------------
    ("Metric('State') within_last 5 days", r"only available for CreatedTimestamp\. Cannot use", 17),
    ("Metric('CreatedTimestamp') within_last 5 weeks", r"expected a time unit .* 'weeks'", 42),
    ("Metric('CreatedTimestamp') within_last five days", r"expected a number after", 40),
    ("Metric('CreatedTimestamp') within_last 1e308 days", r"1e\+308 days is out of range", 28),
    ("Metric('CreatedTimestamp') within_last 5", r"expected a time unit .* end of the filter", 41),
    ("WithinLast(Metric('CreatedTimestamp'), 5)", r"WithinLast takes exactly 3 arguments", 41),
    ("WithinLast(Metric('CreatedTimestamp'), 5, 'days', 1)", r"exactly 3 arguments", 49),
    ("WithinLast(Metric('CreatedTimestamp'), 'x', 'days')", r"amount of WithinLast must be", 40),
    ("WithinLast(Metric('CreatedTimestamp'), 5, 'weeks')", r"unit of WithinLast must be", 43),
    ("WithinLast(Summary('acc'), 5, 'days')", r"Cannot use with 'acc'", 1),
    (
        "WithinLast(5, 5, 'days')",
        r"expected a metric such as Config\('lr'\), found the number 5",
        12,
    ),
    ("withinlast(Metric('x'), 5, 'days')", r"did you mean 'WithinLast'\?", 1),
]


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [pytest.param(text, message, column, id=text[:48]) for text, message, column in _CASES],
)
def test_syntax_errors(text: str, message: str, column: int) -> None:
    with pytest.raises(FilterSyntaxError, match=message) as caught:
        parse_filter_string(text)
    assert caught.value.column == column
    assert caught.value.text == text


def test_error_message_format() -> None:
    with pytest.raises(FilterSyntaxError, match="expected a value") as caught:
        string_to_v2("Config('lr') >= 0.01 and Summary('acc') >=")
    error = caught.value
    first, source, caret = str(error).splitlines()
    assert first == "filters: expected a value after '>=' at column 43"
    assert source.strip() == error.text
    assert caret.index("^") - source.index("C") == 42


def test_syntax_errors_are_value_errors() -> None:
    # Code written for the official package catches ValueError.
    with pytest.raises(ValueError, match="unknown function"):
        parse_filter_string("Foo('a') == 1")
    assert issubclass(FilterSyntaxError, SpecValidationError)


def test_no_warning_when_the_parse_fails() -> None:
    # The '<' would warn, but a string that does not parse only raises.
    with pytest.raises(FilterSyntaxError, match="expected a value"):
        parse_filter_string("Summary('a') < ")
