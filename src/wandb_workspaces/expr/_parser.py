"""Recursive-descent parser for filter strings.

Grammar (``or`` binds loosest, as in Python)::

    filter     := [or_expr] END
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := atom ("and" atom)*
    atom       := "(" or_expr ")" | within_call | comparison
    comparison := metric ( ("=="|"="|"!="|"<"|"<="|">"|">="|"in"|"not" "in") value
                         | "within_last" NUMBER unit )
    metric     := Config|Summary|SummaryMetric|Metric|KeysInfo "(" STRING ")"
                | Tags "(" [STRING] ")" | NAME
    within_call:= "WithinLast" "(" metric "," value "," value ")"

Values are literals, bare words (``State == finished``), lists/tuples and constant
arithmetic, which is evaluated (:mod:`._values`). The result is the legacy tree the
official ``expr_to_filters`` builds, as plain dicts: ``{"op": "AND"|"OR", "filters":
[...]}`` for ``and``/``or`` chains and ``{"key", "op", "value", "disabled"}`` leaves.
Every failure is a :class:`FilterSyntaxError` naming the 1-based column.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from typing import Any, NoReturn

from .._names import to_backend_name
from .._validation import closest
from ..errors import FilterSyntaxError, SpecValidationError
from ._fast_parse import fast_parse
from ._metrics import normalize_value
from ._ops import COMPARISONS, FUNC_TO_SECTION
from ._time import amount_unit_to_seconds, unit_factor, within_last_error
from ._tokens import Token, tokenize
from ._values import ValueParser

__all__ = ["parse_filter_string"]

Tree = dict[str, Any]

_FLIPPED = {"==": "==", "=": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_FUNCTIONS = [*FUNC_TO_SECTION, "WithinLast"]
_EXAMPLE = "Config('lr') == 0.01"
_OPERATOR_LIST = "==, !=, <=, >=, in, not in or within_last"
_MAPPING_WARNINGS = {
    frozenset({"<"}): "Filter expression contains '<' operator which is being mapped to '<=' "
    "for platform consistency. Consider using '<=' explicitly in your filters.",
    frozenset({">"}): "Filter expression contains '>' operator which is being mapped to '>=' "
    "for platform consistency. Consider using '>=' explicitly in your filters.",
    frozenset({"<", ">"}): "Filter expression contains '<' and/or '>' operators which are being "
    "mapped to '<=' and '>=' respectively for platform consistency. Consider using '<=' and "
    "'>=' explicitly in your filters.",
}


def parse_filter_string(text: str) -> Tree:
    """Parse a filter string into a legacy filter tree; ``""`` gives ``AND[]``.

    Emits the official UserWarning when ``<``/``>`` are mapped to ``<=``/``>=``::

        >>> parse_filter_string("Config('lr') == 0.01")
        {'key': {'section': 'config', 'name': 'lr'}, 'op': '=', 'value': 0.01, 'disabled': False}
    """
    if not text.strip():
        return {"op": "AND", "filters": []}
    tree = fast_parse(text)  # the common shape, without tokens
    if tree is not None:
        return tree
    parser = _FilterParser(text)
    tree = parser.parse()
    if parser.mapped:
        message = _MAPPING_WARNINGS[frozenset(parser.mapped)]
        warnings.warn(message, UserWarning, stacklevel=_caller_stacklevel())
    return tree


def _caller_stacklevel() -> int:
    """The stacklevel of the first frame outside this library.

    Filters are parsed deep inside save/serialise calls; pointing the warning at the
    user's line makes it useful, and keeps Python's once-per-location filter from
    hiding it after the first workspace.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame = sys._getframe(2)  # the caller of parse_filter_string: stacklevel 2
    level = 2
    while frame.f_back is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back
        level += 1
    return level


class _FilterParser(ValueParser):
    def __init__(self, text: str) -> None:
        super().__init__(text, tokenize(text))
        self.mapped: set[str] = set()

    def parse(self) -> Tree:
        tree = self._or_expr()
        token = self.peek()
        if token.kind != "END":
            if token.text == ")":
                self.fail("unmatched ')' (there is no '(' before it)", token)
            self._fail_connector(token)
        return tree

    def _fail_connector(self, token: Token, closer: str = "the end of the filter") -> NoReturn:
        hint = ""
        if token.kind == "NAME" and token.text.lower() in ("and", "or"):
            hint = f" (connectors are lower case: '{token.text.lower()}')"
        elif token.kind == "OP" and token.text in COMPARISONS:
            hint = " (chained comparisons are not supported; join two filters with 'and')"
        self.fail(f"expected 'and', 'or' or {closer}, found {token.describe()}{hint}")

    def _chain(self, word: str, operand: Callable[[], Tree]) -> Tree:
        children = [operand()]
        while self.peek().kind == "NAME" and self.peek().text == word:
            self.advance()
            children.append(operand())
        if len(children) == 1:
            return children[0]
        return {"op": word.upper(), "filters": children}

    def _or_expr(self) -> Tree:
        return self._chain("or", self._and_expr)

    def _and_expr(self) -> Tree:
        return self._chain("and", self._atom)

    def _atom(self) -> Tree:
        token = self.peek()
        if token.text == "(" and token.kind == "OP":
            self.advance()
            self.enter(token)
            inner = self._or_expr()
            self.leave()
            closing = self.peek()
            if closing.text != ")":
                self._fail_unclosed(token, closing)
            self.advance()
            return inner
        if token.kind == "NAME" and token.text == "WithinLast" and self.peek(1).text == "(":
            return self._within_call()
        if token.kind == "NAME" and token.text not in (*self.KEYWORDS, "True", "False", "None"):
            return self._comparison()
        self._fail_not_a_filter(token)

    def _fail_unclosed(self, opening: Token, found: Token) -> NoReturn:
        if found.kind == "END":
            self.fail(
                f"unbalanced parentheses: expected ')' to close the '(' at column {opening.column}",
                found,
            )
        self._fail_connector(found, "')'")

    def _fail_not_a_filter(self, token: Token) -> NoReturn:
        self._check_reversed(token)
        after = f" after {self.prev.text!r}" if self.prev is not None else ""
        hint = (
            " ('not' is only supported as 'not in'; use != instead)" if token.text == "not" else ""
        )
        self.fail(f"expected a filter such as {_EXAMPLE}{after}, found {token.describe()}{hint}")

    def _check_reversed(self, token: Token) -> None:
        """Explain ``1 <= Config('a')``: the metric has to come first."""
        start, prev, depth = self.index, self.prev, self.depth
        try:
            self.value()
            value_text = self.source(start, self.index)
            op = self.advance()
            if op.text not in _FLIPPED and op.text != "in":
                raise FilterSyntaxError("not a reversed comparison", self.text, op.column)
            metric_start = self.index
            self._metric()
        except FilterSyntaxError:
            self.index, self.prev, self.depth = start, prev, depth
            return
        suggestion = f"{self.source(metric_start, self.index)} {_FLIPPED.get(op.text, 'in')}"
        self.fail(f"the metric must come first: write {suggestion} {value_text}", token)

    # -- comparisons -------------------------------------------------------------------

    def _metric(self) -> tuple[str, str]:
        """The (section, backend name) of ``Config('x')``, ``Tags()`` or ``State``."""
        token = self.advance()
        if token.kind != "NAME" or token.text in self.KEYWORDS:
            self.fail(f"expected a metric such as Config('lr'), found {token.describe()}", token)
        if self.peek().text == "(" and self.peek().kind == "OP":
            return self._metric_call(token)
        if self.peek().text == ".":
            self._fail_dotted(token)
        # A bare word is a run attribute; the official path-prefix rules cannot apply
        # because a bare word has no dots.
        return "run", to_backend_name(token.text)

    def _metric_call(self, func: Token) -> tuple[str, str]:
        if func.text not in FUNC_TO_SECTION:
            hint = closest(func.text, _FUNCTIONS)
            did_you_mean = f"did you mean {hint!r}? " if hint else ""
            self.fail(
                f"unknown function {func.text!r}; {did_you_mean}"
                f"valid functions are {', '.join(_FUNCTIONS)}",
                func,
            )
        self.advance()  # "("
        argument = self.peek()
        if func.text == "Tags" and argument.text == ")":
            self.advance()
            return "run", "tags"
        if argument.kind == "STRING":
            self.advance()
            if self.peek().text == "," and self.peek(1).text == ")":
                self.advance()
            if self.peek().text == ")":
                self.advance()
                name = str(argument.value)
                if func.text == "Metric":  # as in the official parser, only Metric maps names
                    name = to_backend_name(name)
                return FUNC_TO_SECTION[func.text], name
        self.fail(
            f"{func.text}() takes one quoted metric name, e.g. {func.text}('name')",
            argument if argument.kind != "STRING" else self.peek(),
        )

    def _fail_dotted(self, first: Token) -> NoReturn:
        parts = [first.text]
        while self.peek().text == "." and self.peek(1).kind == "NAME":
            self.advance()
            parts.append(self.advance().text)
        prefix, rest = parts[0], ".".join(parts[1:])
        func = {"config": "Config", "summary": "SummaryMetric", "summary_metrics": "SummaryMetric"}
        suggestion = (
            f"{func[prefix]}('{rest}')"
            if prefix in func and rest
            else f"Metric('{'.'.join(parts)}')"
        )
        self.fail(f"dotted names are not supported; write {suggestion}", first)

    def _comparison(self) -> Tree:
        metric_start = self.index
        section, name = self._metric()
        metric_text = self.source(metric_start, self.index)
        token = self.advance()
        if token.kind == "NAME" and token.text.lower() == "within_last":
            return self._within_last_tail(section, name, token)
        op = self._operator(token, metric_text)
        value = self.value()
        return _leaf(section, name, op, value)

    def _operator(self, token: Token, metric_text: str) -> str:
        if token.kind == "OP" and token.text in COMPARISONS:
            if token.text in ("<", ">"):
                self.mapped.add(token.text)
            return COMPARISONS[token.text]
        if token.kind == "NAME" and token.text == "in":
            return "IN"
        if token.kind == "NAME" and token.text == "not":
            if self.peek().text != "in":
                self.fail(f"expected 'in' after 'not', found {self.peek().describe()}")
            self.advance()
            return "NIN"
        hint = " ('is' is not supported; use == or !=)" if token.text == "is" else ""
        self.fail(
            f"expected a comparison operator ({_OPERATOR_LIST}) after {metric_text}, "
            f"found {token.describe()}{hint}",
            token,
        )

    # -- within_last -------------------------------------------------------------------

    def _within_last_tail(self, section: str, name: str, keyword: Token) -> Tree:
        amount = self.advance()
        if amount.kind != "NUMBER":
            self.fail(
                f"expected a number after 'within_last', e.g. within_last 5 days, "
                f"found {amount.describe()}",
                amount,
            )
        unit = self.advance()
        if unit.kind not in ("NAME", "STRING") or unit_factor(str(unit.value)) is None:
            self.fail(
                f"expected a time unit (minutes, hours or days) after {amount.text}, "
                f"found {unit.describe()}",
                unit,
            )
        return self._within_leaf(section, name, amount.value, str(unit.value), keyword)

    def _within_call(self) -> Tree:
        keyword = self.advance()
        self.advance()  # "("
        section, name = self._metric()
        amount_token = self._expect_comma_then_peek("WithinLast")
        amount = self.value()
        if isinstance(amount, bool) or not isinstance(amount, (int, float)):
            self.fail("the amount of WithinLast must be a number", amount_token)
        unit_token = self._expect_comma_then_peek("WithinLast")
        unit = self.value()
        if not isinstance(unit, str) or unit_factor(unit) is None:
            self.fail("the unit of WithinLast must be 'minutes', 'hours' or 'days'", unit_token)
        if self.peek().text != ")":
            self.fail(
                "WithinLast takes exactly 3 arguments (metric, amount, unit), "
                f"e.g. WithinLast(Metric('CreatedTimestamp'), 5, 'days'); "
                f"found {self.peek().describe()}"
            )
        self.advance()
        return self._within_leaf(section, name, amount, unit, keyword)

    def _expect_comma_then_peek(self, func: str) -> Token:
        if self.peek().text != ",":
            self.fail(
                f"{func} takes exactly 3 arguments (metric, amount, unit), "
                f"e.g. WithinLast(Metric('CreatedTimestamp'), 5, 'days'); "
                f"expected ',', found {self.peek().describe()}"
            )
        self.advance()
        return self.peek()

    def _within_leaf(
        self, section: str, name: str, amount: int | float, unit: str, keyword: Token
    ) -> Tree:
        problem = within_last_error(name)
        if problem is not None:
            self.fail(problem.rstrip("."), keyword)
        try:
            seconds = amount_unit_to_seconds(amount, unit)
        except SpecValidationError as error:
            self.fail(error.title, keyword)
        return _leaf(section, name, "WITHINSECONDS", seconds)


def _leaf(section: str, name: str, op: str, value: Any) -> Tree:
    return {
        "key": {"section": section, "name": name},
        "op": op,
        "value": normalize_value(section, name, value),
        "disabled": False,
    }
