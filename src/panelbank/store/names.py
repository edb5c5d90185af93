"""The rules for names: entities, projects, users, views and run ids (one place, every caller).

W&B's rules, as its SDK states them (``wandb.sdk.wandb_settings`` and
``wandb.sdk.artifacts._validators``), plus what keeps a name usable as a URL path segment,
a folder name and a database value:

- **Entity, project, user and view names**: 1 to 128 characters; none of ``/ \\ # ? % :``
  (W&B refuses them in project names: they would change the meaning of a URL); not ``.``
  or ``..``; no control characters (including NUL, CR, LF and tab); no lone surrogates;
  not only whitespace, and no whitespace at either end. Letters of any script, digits,
  spaces inside, ``-``, ``_``, ``.`` and other punctuation are fine (``my-project_v2.1``).
- **Run ids**: the same, and also none of ``; , '`` (W&B's run id rule:
  ``:;,#?/'`` are reserved).

Anything else raises :class:`InvalidNameError` saying which rule the name broke.
"""

from __future__ import annotations

import unicodedata

from .errors import InvalidNameError

__all__ = ["MAX_NAME_LENGTH", "RULES", "RUN_RULES", "check_name", "check_run_name"]

MAX_NAME_LENGTH = 128
_FORBIDDEN = "/\\#?%:"
_FORBIDDEN_IN_RUN_IDS = _FORBIDDEN + ";,'"

#: the rules, as error messages state them
RULES = (
    f"names are 1 to {MAX_NAME_LENGTH} characters, without any of / \\ # ? % : or control "
    "characters, not '.' or '..', and without spaces at either end (e.g. my-project_v2.1)"
)
RUN_RULES = (
    f"run ids are 1 to {MAX_NAME_LENGTH} characters, without any of / \\ # ? % : ; , ' or "
    "control characters, not '.' or '..', and without spaces at either end (e.g. 3f9a2b7c)"
)


def check_name(kind: str, value: str) -> str:
    """``value`` if it is a usable ``kind`` name (entity, project, user, view), else
    :class:`InvalidNameError` saying what is wrong with it."""
    return _check(kind, value, _FORBIDDEN, RULES)


def check_run_name(value: str) -> str:
    """``value`` if it is a usable run id, else :class:`InvalidNameError`."""
    return _check("run", value, _FORBIDDEN_IN_RUN_IDS, RUN_RULES)


def _check(kind: str, value: str, forbidden: str, rules: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidNameError(f"the {kind} name must be a non-empty string, got {value!r}")
    problem = _problem(value, forbidden)
    if problem:
        shown = repr(value) if len(value) <= 80 else repr(value[:80]) + "…"
        raise InvalidNameError(f"the {kind} name {shown} {problem}; {rules}")
    return value


def _problem(value: str, forbidden: str) -> str | None:
    if len(value) > MAX_NAME_LENGTH:
        return f"is {len(value)} characters long; the limit is {MAX_NAME_LENGTH}"
    if value in (".", ".."):
        return "is a relative path, not a name"
    if value != value.strip():
        return "starts or ends with whitespace"
    bad = sorted({char for char in value if char in forbidden})
    if bad:
        return "contains " + " ".join(bad)
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc":
            return f"contains the control character U+{ord(char):04X}"
        if category == "Cs":
            return f"contains a lone surrogate U+{ord(char):04X} (not valid Unicode text)"
    return None
