"""Token cursor and the value grammar shared by the filter parser.

A value is what follows a comparison operator: numbers, quoted strings, ``True``/
``False``/``None``, bare words (``State == finished`` means the string ``"finished"``),
lists and tuples, and constant arithmetic, evaluated like Python::

    sum    := term (("+"|"-") term)*
    term   := factor (("*"|"/"|"//"|"%") factor)*
    factor := ("+"|"-") factor | power
    power  := primary ["**" factor]
    primary:= NUMBER | STRING | NAME | "[" items "]" | "(" sum | items ")"

Arithmetic is limited to numbers (and ``+`` on two strings or two lists) and the
size of results is bounded, so no input can hang the parser or exhaust memory.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any, NoReturn

from ..errors import FilterSyntaxError
from ._tokens import Token

__all__ = ["ValueParser"]

_MAX_DEPTH = 100
_MAX_INT_BITS = 4096
_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
}
_CONSTANTS: dict[str, Any] = {"True": True, "False": False, "None": None}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


class ValueParser:
    """A cursor over tokens with error helpers, and the value grammar."""

    KEYWORDS = frozenset({"and", "or", "not", "in", "is"})

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.prev: Token | None = None
        self.depth = 0

    # -- cursor ------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        if not ahead:  # the index never passes the END token, which comes last
            return self.tokens[self.index]
        tokens = self.tokens
        index = self.index + ahead
        return tokens[index] if index < len(tokens) else tokens[-1]  # the END token

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "END":
            self.index += 1
        self.prev = token
        return token

    def fail(self, message: str, token: Token | None = None) -> NoReturn:
        column = (token or self.peek()).column
        raise FilterSyntaxError(message, self.text, column)

    def source(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end - 1``, as written."""
        first, last = self.tokens[start], self.tokens[end - 1]
        return self.text[first.column - 1 : last.column - 1 + len(last.text)]

    def enter(self, token: Token) -> None:
        # Recursion is bounded so deeply nested input gives an error, not RecursionError.
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self.fail(f"nested more than {_MAX_DEPTH} levels deep", token)

    def leave(self) -> None:
        self.depth -= 1

    # -- values ------------------------------------------------------------------------

    def value(self) -> Any:
        """Parse and evaluate one value."""
        token = self.peek()
        if token.kind in ("NUMBER", "STRING"):
            following = self.peek(1)
            if following.kind != "OP" or following.text not in _ARITHMETIC:
                # A literal on its own (nearly every value): what the descent below
                # returns for it, without passing through each precedence level.
                self.advance()
                return token.value
        return self._binary(self._term, ("+", "-"))

    def _term(self) -> Any:
        return self._binary(self._factor, ("*", "/", "//", "%"))

    def _binary(self, operand: Callable[[], Any], ops: tuple[str, ...]) -> Any:
        left = operand()
        while self.peek().kind == "OP" and self.peek().text in ops:
            op = self.advance()
            left = self._apply(op, left, operand())
        return left

    def _factor(self) -> Any:
        token = self.peek()
        if token.kind == "OP" and token.text in ("+", "-"):
            self.advance()
            self.enter(token)
            operand = self._factor()
            self.leave()
            if not _is_number(operand):
                self.fail(f"unary {token.text!r} needs a number, got {operand!r}", token)
            return -operand if token.text == "-" else +operand
        return self._power()

    def _power(self) -> Any:
        base = self._primary()
        token = self.peek()
        if token.kind == "OP" and token.text == "**":
            self.advance()
            self.enter(token)
            exponent = self._factor()
            self.leave()
            return self._apply(token, base, exponent)
        return base

    def _primary(self) -> Any:
        token = self.peek()
        if token.kind in ("NUMBER", "STRING"):
            self.advance()
            return token.value
        if token.kind == "NAME" and token.text not in self.KEYWORDS:
            return self._word()
        if token.kind == "OP" and token.text == "[":
            return self._sequence("]")
        if token.kind == "OP" and token.text == "(":
            return self._sequence(")")
        after = f" after {self.prev.text!r}" if self.prev is not None else ""
        found = "" if token.kind == "END" else f", found {token.describe()}"
        self.fail(f"expected a value{after}{found}", token)

    def _word(self) -> Any:
        token = self.advance()
        following = self.peek()
        if following.kind == "OP" and following.text in ("(", "."):
            what = f"{token.text}(...)" if following.text == "(" else "a dotted name"
            self.fail(
                f"{what} cannot be used as a value; a value is a number, a quoted string, "
                "a list, True, False or None",
                token,
            )
        if token.text in _CONSTANTS:
            return _CONSTANTS[token.text]
        return token.text  # a bare word is its own text: State == finished

    def _sequence(self, closing: str) -> Any:
        """``[a, b]`` (a list), ``(a, b)`` / ``(a,)`` / ``()`` (lists) or ``(a)``."""
        opening = self.advance()
        self.enter(opening)
        items: list[Any] = []
        is_tuple = closing == "]"
        while self.peek().text != closing:
            items.append(self.value())
            if self.peek().text == ",":
                self.advance()
                is_tuple = True
            elif self.peek().text != closing:
                self.fail(
                    f"expected ',' or '{closing}' in the list opened at column "
                    f"{opening.column}, found {self.peek().describe()}"
                )
        self.advance()
        self.leave()
        if closing == ")" and not items:
            return []
        return items if is_tuple else items[0]

    def _apply(self, op: Token, left: Any, right: Any) -> Any:
        both_numbers = _is_number(left) and _is_number(right)
        joinable = type(left) is type(right) and isinstance(left, (str, list))
        if not both_numbers and not (op.text == "+" and joinable):
            self.fail(
                f"cannot apply {op.text!r} to {left!r} and {right!r}; arithmetic needs numbers",
                op,
            )
        if op.text == "**" and both_numbers and _power_too_large(left, right):
            self.fail("number out of range", op)
        try:
            result = _ARITHMETIC[op.text](left, right)
        except ZeroDivisionError:
            self.fail("division by zero", op)
        except (OverflowError, ValueError):
            self.fail("number out of range", op)
        if isinstance(result, complex):
            self.fail("the result of '**' is not a real number", op)
        if isinstance(result, float) and not math.isfinite(result):
            self.fail("number out of range", op)
        if isinstance(result, int) and result.bit_length() > _MAX_INT_BITS:
            self.fail("number out of range", op)
        if isinstance(result, (str, list)) and len(result) > 100_000:
            self.fail("value is too long", op)
        return result


def _power_too_large(base: float, exponent: float) -> bool:
    if abs(base) <= 1 or exponent <= 0:
        return False
    return exponent * math.log2(abs(base)) > _MAX_INT_BITS
