"""The common shape of filter strings, parsed without tokens (the fast path of the parser).

Nearly every stored or rendered filter string is a chain of comparisons such as
``Config("lr") == 0.01 and SummaryMetric("acc") >= 0.9 and Metric("State") in ['a']``,
maybe with parentheses. :func:`fast_parse` reads such a string comparison by comparison
with one regular expression and builds the same tree as the full parser.

It declines (returns None) anything else: bare names, arithmetic, tuples, escapes in
strings, ``<``/``>`` (which warn), ``within_last``, unusual spacing around names,
and every error. The full parser (:mod:`._parser`) then handles the string, with its
warnings and its error messages. The tests parse generated strings both ways and
compare the trees.
"""

from __future__ import annotations

import re
from typing import Any

from .._names import to_backend_name
from ..errors import FilterSyntaxError
from ._metrics import normalize_value
from ._ops import COMPARISONS, FUNC_TO_SECTION
from ._tokens import NUMBER_PATTERN, number_value
from ._values import _CONSTANTS

__all__ = ["fast_parse"]

Tree = dict[str, Any]

_STRING = r"'[^'\\]*'|\"[^\"\\]*\""
_LITERAL = rf"-[ \t\n\r\f\v]*{NUMBER_PATTERN}|{NUMBER_PATTERN}|{_STRING}|(?:True|False|None)(?!\w)"
_SPACE = r"[ \t\n\r\f\v]*"

# One step of a filter: a parenthesis, a connector, or a whole comparison.
_STEP = re.compile(
    rf"""({_SPACE}(?:
      (?P<open>\() | (?P<close>\)) | (?P<word>and|or)(?!\w)
    | (?P<func>Config|SummaryMetric|Summary|KeysInfo|Tags|Metric)
      \({_SPACE}(?P<name>{_STRING}){_SPACE}\){_SPACE}
      (?P<op>==|!=|<=|>=|=(?!=)|in(?!\w)|not[ \t\n\r\f\v]+in(?!\w)){_SPACE}
      (?:(?P<value>{_LITERAL})
        |\[{_SPACE}(?P<items>(?:{_LITERAL})(?:{_SPACE},{_SPACE}(?:{_LITERAL}))*)?{_SPACE}
         (?P<trailing>,)?{_SPACE}\])
    ))""",
    re.VERBOSE | re.ASCII,
)
_ITEM = re.compile(_LITERAL, re.ASCII)
_MAX_DEPTH = 20


class _Decline(Exception):
    """Not the common shape: the full parser takes the string."""


def _literal(text: str) -> Any:
    first = text[0]
    if first == "'" or first == '"':
        return text[1:-1]
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if first == "-":  # a negated number, as the full parser evaluates it
        return -number_value(text[1:].lstrip(" \t\n\r\f\v"))
    return number_value(text)


def _steps(text: str) -> list[Any]:
    """The steps of ``text``: "(", ")", "and", "or", or a leaf tree."""
    steps: list[Any] = []
    covered = 0
    for whole, opening, closing, word, func, name, op, literal, items, trailing in _STEP.findall(
        text
    ):
        covered += len(whole)
        if not func:
            steps.append(opening or closing or word)
            continue
        section = FUNC_TO_SECTION[func]
        name = name[1:-1]
        if func == "Metric":  # as in the full parser, only Metric maps names
            name = to_backend_name(name)
        op = COMPARISONS.get(op) or ("IN" if op == "in" else "NIN")  # else "not in"
        if literal:
            value = _literal(literal)
        elif items:
            value = [_literal(item) for item in _ITEM.findall(items)]
        elif trailing:
            raise _Decline  # "[,]"
        else:
            value = []
        steps.append(
            {
                "key": {"section": section, "name": name},
                "op": op,
                # Only run fields are normalised (their state); skip the call for others.
                "value": normalize_value(section, name, value) if section == "run" else value,
                "disabled": False,
            }
        )
    # findall skips what no step matches: every character but trailing space is covered.
    if covered != len(text.rstrip(" \t\n\r\f\v")):
        raise _Decline
    return steps


class _Reader:
    def __init__(self, steps: list[Any]) -> None:
        self.steps = steps
        self.index = 0
        self.depth = 0

    def peek(self) -> Any:
        return self.steps[self.index] if self.index < len(self.steps) else None

    def chain(self, word: str) -> Tree:
        item = self.and_expr if word == "or" else self.atom
        children = [item()]
        steps, end = self.steps, len(self.steps)
        # peek() inlined: a filter is a long chain of comparisons.
        while self.index < end and steps[self.index] == word:
            self.index += 1
            children.append(item())
        if len(children) == 1:
            return children[0]
        return {"op": word.upper(), "filters": children}

    def and_expr(self) -> Tree:
        return self.chain("and")

    def atom(self) -> Tree:
        index = self.index
        step = self.steps[index] if index < len(self.steps) else None
        self.index = index + 1
        if type(step) is dict:
            return step
        if step != "(" or self.depth >= _MAX_DEPTH:
            raise _Decline
        self.depth += 1
        inner = self.chain("or")
        self.depth -= 1
        if self.peek() != ")":
            raise _Decline
        self.index += 1
        return inner


def fast_parse(text: str) -> Tree | None:
    """The tree of a filter string in the common shape, or None to use the full parser."""
    if not text.isascii():
        return None
    try:
        steps = _steps(text)
        if not steps:
            return None
        reader = _Reader(steps)
        tree = reader.chain("or")
    except (_Decline, FilterSyntaxError, ValueError, OverflowError):
        return None
    return tree if reader.index == len(steps) else None
