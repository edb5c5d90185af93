"""Tokenizer for filter strings.

Splits ``Config('lr') >= 0.01 and State == 'finished'`` into tokens that carry their
1-based column, so every parse error can point at the exact character. Quoted text
is a single STRING token: operators inside a literal are never rewritten (the
official library's regex preprocessing turns ``'a=b'`` into ``'a==b'``; we do not).
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal, NamedTuple

from ..errors import FilterSyntaxError

__all__ = ["NUMBER_PATTERN", "Token", "number_value", "tokenize"]

Kind = Literal["NAME", "NUMBER", "STRING", "OP", "END"]

# Longest first, so "<=" wins over "<" and "//" over "/".
_OPERATORS = (
    "**", "//", "==", "!=", "<=", ">=",
    "=", "<", ">", "(", ")", "[", "]", ",", "+", "-", "*", "/", "%", ".",
)  # fmt: skip
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
_HINTS = {
    "!": " (did you mean '!='?)",
    "&": " (use 'and')",
    "|": " (use 'or')",
    "#": " (comments are not supported)",
}
# Longer literals are refused: int() of huge digit strings is slow and unbounded.
_MAX_NUMBER_LENGTH = 400


class Token(NamedTuple):
    """One token: ``kind``, its ``text`` as written, its ``value`` and 1-based ``column``."""

    kind: Kind
    text: str
    value: Any
    column: int

    def describe(self) -> str:
        """How error messages name this token: ``'and'``, ``the number 5``..."""
        if self.kind == "END":
            return "the end of the filter"
        if self.kind == "STRING":
            return f"the string {self.text}"
        if self.kind == "NUMBER":
            return f"the number {self.text}"
        return repr(self.text)


# A number literal (ASCII digits); the fast filter parser reads numbers with it too.
NUMBER_PATTERN = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"

# The whole token grammar as one pattern, for ASCII text (nearly every filter): the
# same tokens the character scanner below produces, found by the regex engine in C.
# Each match is the space before a token and the token, each alternative a group, so
# ``findall`` yields one tuple per token; trailing space matches with no token.
_TOKEN = re.compile(
    rf"""
    (\s*)                                                  # space before
    (?:
      ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")              # string
    | ({NUMBER_PATTERN})                                      # number
    | ([A-Za-z_]\w*)                                        # name
    | (\*\*|//|==|!=|<=|>=|[=<>()\[\],+\-*/%.])              # operator
    | \Z                                                    # (or the end)
    )
    """,
    re.VERBOSE | re.DOTALL | re.ASCII,
)
_STRING_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_new_token = tuple.__new__  # Token's fields in order, without NamedTuple's Python __new__


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text``, ending with an END token. Raises FilterSyntaxError."""
    if not text.isascii():
        return _scan(text)
    tokens: list[Token] = []
    append = tokens.append
    column = 1
    for space, string, number, name, op in _TOKEN.findall(text):
        column += len(space)
        if name:
            append(_new_token(Token, ("NAME", name, name, column)))
            column += len(name)
        elif op:
            append(_new_token(Token, ("OP", op, op, column)))
            column += len(op)
        elif string:
            body = string[1:-1]
            if "\\" in body:
                body = _STRING_ESCAPE.sub(_unescape, body)
            append(_new_token(Token, ("STRING", string, body, column)))
            column += len(string)
        elif number:
            try:
                append(_number(text, column - 1, number))
            except FilterSyntaxError:
                return _scan(text)  # columns are only sure once nothing was skipped
            column += len(number)
    if column != len(text) + 1:  # findall skipped a character no token starts with
        return _scan(text)  # the scanner raises the precise error
    append(Token("END", "", None, len(text.rstrip()) + 1))
    return tokens


def _unescape(found: re.Match[str]) -> str:
    escaped = found.group(1)
    # Unknown escapes keep their backslash, as in Python ("C:\path").
    return _ESCAPES.get(escaped, "\\" + escaped)


def _scan(text: str) -> list[Token]:
    """:func:`tokenize` character by character (any text; exact error positions)."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
        elif char in "'\"":
            token, pos = _read_string(text, pos)
            tokens.append(token)
        elif char.isdigit() or (char == "." and text[pos + 1 : pos + 2].isdigit()):
            token, pos = _read_number(text, pos)
            tokens.append(token)
        elif char.isalpha() or char == "_":
            end = pos + 1
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            tokens.append(Token("NAME", text[pos:end], text[pos:end], pos + 1))
            pos = end
        else:
            op = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
            if op is None:
                hint = _HINTS.get(char, "")
                raise FilterSyntaxError(f"unexpected character {char!r}{hint}", text, pos + 1)
            tokens.append(Token("OP", op, op, pos + 1))
            pos += len(op)
    tokens.append(Token("END", "", None, len(text.rstrip()) + 1))
    return tokens


def _read_string(text: str, start: int) -> tuple[Token, int]:
    quote = text[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == quote:
            return Token("STRING", text[start : pos + 1], "".join(chars), start + 1), pos + 1
        if char == "\\" and pos + 1 < len(text):
            escaped = text[pos + 1]
            # Unknown escapes keep their backslash, as in Python ("C:\path").
            chars.append(_ESCAPES.get(escaped, "\\" + escaped))
            pos += 2
        else:
            chars.append(char)
            pos += 1
    raise FilterSyntaxError(f"unterminated string; add the closing {quote}", text, start + 1)


def _scan_digits(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isdigit():
        pos += 1
    return pos


def _read_number(text: str, start: int) -> tuple[Token, int]:
    pos = _scan_digits(text, start)
    if pos < len(text) and text[pos] == ".":
        pos = _scan_digits(text, pos + 1)
    if pos < len(text) and text[pos] in "eE":
        exponent = pos + 1
        if exponent < len(text) and text[exponent] in "+-":
            exponent += 1
        if exponent < len(text) and text[exponent].isdigit():
            pos = _scan_digits(text, exponent)
    # A literal with a '.' or an exponent is a float (number_value tells by its text).
    return _number(text, start, text[start:pos]), pos


_INFINITE = (math.inf, -math.inf)


def number_value(literal: str, text: str | None = None, start: int = 0) -> int | float:
    """The value of a number literal found at ``start`` of ``text`` (FilterSyntaxError if bad)."""
    text = literal if text is None else text
    if len(literal) > _MAX_NUMBER_LENGTH:
        raise FilterSyntaxError("number literal is too long", text, start + 1)
    is_float = "." in literal or "e" in literal or "E" in literal
    # str.isdigit() accepts digits such as '²' that int() rejects.
    try:
        value: float | int = float(literal) if is_float else int(literal)
    except ValueError:
        raise FilterSyntaxError(f"invalid number {literal!r}", text, start + 1) from None
    if value in _INFINITE:
        raise FilterSyntaxError(f"number {literal} is out of range", text, start + 1)
    return value


def _number(text: str, start: int, literal: str) -> Token:
    return Token("NUMBER", literal, number_value(literal, text, start), start + 1)
