"""Colour values: what users may give for runs and groups (hex, ``rgb()``/``rgba()`` or a CSS
name), and what a stored spec may hold (:func:`check_stored_color`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ._validation import closest

__all__ = ["CSS_COLOR_NAMES", "check_stored_color", "stored_colors_known", "validate_color"]

CSS_COLOR_NAMES = frozenset(
    """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
    steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
    yellowgreen transparent
    """.split()
)

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_CHANNEL = r"\s*(\d{1,3}(?:\.\d+)?%?)\s*"
_RGB = re.compile(
    rf"rgba?\({_CHANNEL},{_CHANNEL},{_CHANNEL}(?:,\s*(0|1|0?\.\d+|1\.0+|\d{{1,3}}%)\s*)?\)"
)


# The common form, rgb() of three integers 0-255, checked by one pattern.
_BYTE = r"\s*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\s*"
_RGB_BYTES = re.compile(rf"rgb\({_BYTE},{_BYTE},{_BYTE}\)")


def _rgb_ok(match: re.Match[str]) -> bool:
    for channel in match.groups()[:3]:
        number = float(channel.rstrip("%"))
        if number > (100 if channel.endswith("%") else 255):
            return False
    return True


class _Accepted:
    """The ``str`` values a check accepted, so that the next check of one is a set lookup.

    A workspace repeats a few colours (a palette) over hundreds of runs. Only values the
    full check accepted are kept, so the accepted set stays exactly the check's; at most
    ``LIMIT`` of them, then the set starts anew.
    """

    LIMIT = 1024

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, value: str) -> None:
        if type(value) is str:
            if len(self.values) >= self.LIMIT:
                self.values.clear()
            self.values.add(value)


_VALID = _Accepted()
_STORED = _Accepted()


def validate_color(value: str) -> str:
    """Return ``value`` if it is a colour, else raise ValueError saying what colours look like.

    The empty string means "no custom colour" and is accepted.
    """
    if type(value) is str and value in _VALID.values:
        return value
    if value == "" or _HEX.fullmatch(value) or value.lower() in CSS_COLOR_NAMES:
        _VALID.add(value)
        return value
    if _RGB_BYTES.fullmatch(value):
        _VALID.add(value)
        return value
    match = _RGB.fullmatch(value)
    if match and _rgb_ok(match):
        _VALID.add(value)
        return value
    hint = closest(value.lower(), sorted(CSS_COLOR_NAMES))
    suggestion = f" (did you mean {hint!r}?)" if hint else ""
    raise ValueError(
        f"{value!r} is not a colour; use a hex colour ('#ff0000'), 'rgb(255, 0, 0)', "
        f"'rgba(255, 0, 0, 0.5)' or a CSS colour name ('red'){suggestion}"
    )


# What a stored colour may look like: a hex colour or a keyword, or a CSS colour function
# over numbers, units, keywords and separators. Nothing that can name a URL (url(),
# image-set()), close the declaration (';', '}') or quote or escape text ('"', "'", '\\').
_STORED_WORD = re.compile(r"#?[0-9A-Za-z]{1,64}")
_STORED_FUNCTION = re.compile(
    r"(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([0-9A-Za-z.,%\s/+-]{0,200}\)",
    re.IGNORECASE,
)


def check_stored_color(value: str) -> str | None:
    """None if ``value`` is a colour a stored spec may hold, else what is wrong with it.

    Looser than :func:`validate_color` so that loading keeps every colour the W&B app
    writes (hex, ``rgb(…)``, names, other CSS colour functions) unchanged; it refuses only
    values that could do more than colour something where a viewer puts them in CSS,
    such as ``url(…)`` (a request to another server) or ``red; background: …``.
    """
    if type(value) is str and value in _STORED.values:
        return None
    if value == "" or _STORED_WORD.fullmatch(value) or _STORED_FUNCTION.fullmatch(value):
        _STORED.add(value)
        return None
    shown = repr(value) if len(value) <= 80 else repr(value[:80]) + "…"
    return (
        f"{shown} is not a colour: a stored colour is a hex colour ('#ff0000'), "
        "'rgb(255, 0, 0)', 'rgba(255, 0, 0, 0.5)', another CSS colour function of numbers "
        "('hsl(0, 100%, 50%)') or a CSS colour name ('red'); url(), quotes, ';' and other "
        "CSS are refused"
    )


def stored_colors_known(values: Iterable[Any]) -> bool:
    """Whether every one of ``values`` is a ``str`` :func:`check_stored_color` accepted
    before (False says nothing: check them one by one)."""
    try:
        return _STORED.values.issuperset(values)
    except TypeError:  # an unhashable value
        return False
