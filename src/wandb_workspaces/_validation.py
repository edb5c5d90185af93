"""Validated user objects: pydantic dataclasses whose errors read well.

Every public class of the library is declared with :func:`model`. It is a pydantic
dataclass (positional construction in field order, ``extra="forbid"``,
``validate_assignment=True``), as in the official package, but a validation failure
raises :class:`~wandb_workspaces.errors.SpecValidationError` naming the field, the bad
value and the valid values (with the closest valid name for a typo).

Attributes whose names start with ``_`` are private state (loaded raw spec, ids) and
bypass validation.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar, overload

import pydantic
from pydantic import ConfigDict
from pydantic.dataclasses import dataclass as _pydantic_dataclass
from typing_extensions import dataclass_transform

from . import _fast_init
from .errors import SpecValidationError, closest

__all__ = ["MODEL_CONFIG", "closest", "field_names", "model", "translate_errors"]

T = TypeVar("T")

MODEL_CONFIG = ConfigDict(
    validate_assignment=True,
    extra="forbid",
    arbitrary_types_allowed=True,
    revalidate_instances="never",
)


def field_names(cls: type) -> list[str]:
    """The public field names of a model class, in declaration order."""
    if not dataclasses.is_dataclass(cls):
        return []
    return [field.name for field in dataclasses.fields(cls) if not field.name.startswith("_")]


def _describe_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def positional_names(cls: type) -> list[str]:
    """The fields that may be given positionally, in order (keyword-only ones excluded)."""
    if not dataclasses.is_dataclass(cls):
        return []
    return [
        field.name
        for field in dataclasses.fields(cls)
        if not field.kw_only and not field.name.startswith("_")
    ]


def _format_error(cls: type, valid_fields: list[str], error: Any) -> tuple[str, str]:
    cls_name = cls.__name__
    parts = list(error.get("loc", ()))
    if parts and isinstance(parts[0], int):
        # A positional argument: name it by the field it fills.
        positional = positional_names(cls)
        if parts[0] < len(positional):
            parts[0] = positional[parts[0]]
    loc = ".".join(str(part) for part in parts)
    path = f"{cls_name}.{loc}" if loc else cls_name
    kind = error.get("type", "")
    value = error.get("input")
    if kind in ("unexpected_keyword_argument", "no_such_attribute"):
        name = str(error["loc"][-1]) if error.get("loc") else "?"
        hint = closest(name, valid_fields)
        message = f"unknown field {name!r}; valid fields are {', '.join(valid_fields)}"
        if hint:
            message += f" (did you mean {hint!r}?)"
        return path, message
    if kind == "unexpected_positional_argument":
        return cls_name, (
            "too many positional arguments; the fields in order are "
            f"{', '.join(positional_names(cls))} (pass the others by keyword)"
        )
    if kind == "missing_argument" or kind == "missing":
        return path, "a value is required"
    message = str(error.get("msg", "invalid value"))
    ctx = error.get("ctx") or {}
    if kind == "literal_error" and isinstance(value, str):
        expected = str(ctx.get("expected", ""))
        options = [opt.strip().strip("'") for opt in expected.replace(" or ", ", ").split(",")]
        hint = closest(value, [opt for opt in options if opt])
        message = f"{value!r} is not one of {expected}"
        if hint:
            message += f" (did you mean {hint!r}?)"
        return path, message
    if kind == "value_error":
        # Our own validators raise ValueError with a complete sentence.
        cause = ctx.get("error")
        message = str(cause) if cause is not None else message.removeprefix("Value error, ")
        return path, f"{message} (got {_describe_value(value)})"
    return path, f"{message} (got {_describe_value(value)})"


def translate_errors(cls: type, exc: pydantic.ValidationError) -> SpecValidationError:
    """Turn pydantic's error into ours, with paths rooted at the class name."""
    name = cls.__name__
    problems = [_format_error(cls, field_names(cls), err) for err in exc.errors()]
    count = len(problems)
    title = f"invalid {name}: {count} problem{'s' if count != 1 else ''}"
    return SpecValidationError(title, problems)


@overload
def model(cls: type[T], /) -> type[T]: ...


@overload
def model(*, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(kw_only_default=False, field_specifiers=(pydantic.Field,))
def model(cls: type[T] | None = None, /, *, slots: bool = False) -> Any:
    """Declare a validated public class (a pydantic dataclass with readable errors).

    ``@model(slots=True)`` declares a class whose instances have ``__slots__`` and no
    ``__dict__``: small value objects built by the thousand (a layout, a metric), which
    then cost one allocation each instead of two. They have no private attributes.
    """
    if cls is None:
        return functools.partial(_declare, slots=slots)
    return _declare(cls, slots=slots)


def _declare(cls: type[T], *, slots: bool) -> type[T]:
    built: Any = _pydantic_dataclass(config=MODEL_CONFIG, slots=slots)(cls)
    pydantic_init: Callable[..., None] = built.__init__
    pydantic_setattr: Callable[[Any, str, Any], None] = built.__setattr__

    @functools.wraps(pydantic_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            pydantic_init(self, *args, **kwargs)
        except pydantic.ValidationError as exc:
            raise translate_errors(built, exc) from None

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        # pydantic rebuilds the instance __dict__ on validated assignment; keep our
        # private state across it.
        private = {key: item for key, item in self.__dict__.items() if key.startswith("_")}
        try:
            pydantic_setattr(self, name, value)
        except pydantic.ValidationError as exc:
            raise translate_errors(built, exc) from None
        finally:
            self.__dict__.update(private)

    def __setattr_slots__(self: Any, name: str, value: Any) -> None:
        try:
            pydantic_setattr(self, name, value)
        except pydantic.ValidationError as exc:
            raise translate_errors(built, exc) from None

    built.__init__ = __init__
    built.__setattr__ = __setattr_slots__ if slots else __setattr__
    # Arguments pydantic would keep as they are skip it (see _fast_init); the rest,
    # and every error, still go through the translating __init__ above.
    _fast_init.install(built, __init__)
    return built  # type: ignore[no-any-return]
