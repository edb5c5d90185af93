"""Fast construction of validated classes, with pydantic kept as the judge.

pydantic validates a dataclass in about 5-10 µs even when every argument already has
the right type, and a large workspace builds (and loads) thousands of objects. For each
class, :func:`install` generates an ``__init__`` (as ``dataclasses`` does, with
``exec``) that accepts an argument only when its field's check in the class's field
plan (:func:`._plan.class_plan`, where annotations are read) accepts it, and converts
it as the plan says (an int for a float field becomes ``float(value)``, as pydantic
does). Field-level ``BeforeValidator`` functions are called first, as pydantic calls
them.

Anything else (a value no check accepts, an unknown keyword, a missing required field,
a validator that raises) goes to pydantic's own ``__init__`` unchanged, which validates
it and raises the readable error. Both paths leave the same instance state; the tests
compare them over generated arguments. Fields the plan has no check for make only the
calls that pass them slow, never wrong.

A class whose instances start with private attributes declares them in a
``_PRIVATE_STATE`` dict: the fast ``__init__`` starts from them with the field defaults,
and its ``__post_init__`` sets them only when pydantic built the instance.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

from ._plan import MISSING, Unsupported, class_plan, set_fields_code

__all__ = ["compile_init", "default_factory", "install", "resolve"]


_Init = Callable[..., None]


def compile_init(cls: type, slow: _Init) -> _Init:
    """The fast ``__init__`` source for ``cls`` compiled; ``slow`` handles what it cannot.

    Raises ``Unsupported`` when the class itself is out of reach (then every call is slow).
    """
    plan = class_plan(cls)
    problems = [plan.problem, *(field.problem for field in plan.fields)]
    if any(problems):
        raise Unsupported("; ".join(str(problem) for problem in problems if problem))
    post_init = getattr(cls, "__post_init__", None)
    if post_init is not None and len(inspect.signature(post_init).parameters) > 1:
        raise Unsupported("InitVar pseudo-fields (__post_init__ takes arguments)")
    names = plan.names()
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    renamed: dict[str, str] = {}  # the argument as given, where a validator rebinds it
    # Every field in declaration order; plain defaults filled in, the rest set below.
    defaults: dict[str, Any] = {}
    for field in plan.fields:
        name = field.name
        (keyword if field.kw_only else positional).append(name)
        defaults[name] = None if field.default is MISSING else field.default
        plain = field.default is not MISSING
        if field.factory is not None:
            factory = names.name(field.factory, "factory")
            body += [f"if {name} is _MISSING:", f"    state[{name!r}] = {factory}()"]
        elif field.required:
            body += [f"if {name} is _MISSING:", "    FALLBACK"]
        if field.check is None:  # the fast path only ever takes this field's default
            body += [f"{'if' if plain else 'elif'} {name} is not _MISSING:", "    FALLBACK"]
            continue
        body.append(f"if {name} is not _MISSING:" if plain else "else:")
        if field.befores:  # keep the argument as given for the fallback
            renamed[name] = f"_given_{name}"
        for validator in reversed(field.befores):
            # Field-level before-validators run first, the last declared outermost.
            body.append(f"    {name} = {names.name(validator, 'before')}({name})")
        body += [
            f"    if not {field.check.format(v=name)}:",
            "        FALLBACK",
            f"    state[{name!r}] = {field.convert.format(v=name)}",
        ]

    params = [f"{name}=_MISSING" for name in positional] + ["*_args"]
    params += [f"{name}=_MISSING" for name in keyword] + ["**_kwargs"]
    # The arguments as given, built only on the way to pydantic.
    originals = [renamed.get(name, name) for name in positional + keyword]
    given = f"({', '.join(originals)}{',' if originals else ''})"
    fallback = f"return _slow(self, _args, _kwargs, {given})"
    call_post_init = "    self.__post_init__()\n" if post_init is not None else ""
    set_state = "".join(
        f"    {line}\n" for line in set_fields_code(cls, "self", names, state="state")
    )
    lines = [line.replace("FALLBACK", fallback) for line in body] or ["pass"]
    indented = "".join(f"        {line}\n" for line in lines)
    keep_given = "".join(f"    {alias} = {name}\n" for name, alias in renamed.items())
    source = (
        f"def __init__(self, {', '.join(params)}):\n{keep_given}"
        f"    if _args or _kwargs:\n        {fallback}\n"
        f"    state = _defaults.copy()\n"
        f"    try:\n{indented}"
        f"    except (ValueError, TypeError, AssertionError):\n        {fallback}\n"
        + set_state
        + call_post_init
    )
    # Private attributes a class starts every instance with (a panel's id, raw JSON...)
    # come with the defaults, so its __post_init__ need not set them on this path.
    defaults.update(getattr(cls, "_PRIVATE_STATE", {}))
    env = names.env
    env.update(
        _MISSING=MISSING,
        _slow=_slow_call(slow, positional, keyword),
        _defaults=defaults,
    )
    exec(source, env)  # generated from the class's field plan
    init: _Init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = slow.__doc__
    init.__wrapped__ = slow  # type: ignore[attr-defined]  # inspect.signature follows it
    init.__fast_source__ = source  # type: ignore[attr-defined]
    return init


def _slow_call(slow: _Init, positional: list[str], keyword: list[str]) -> Callable[..., None]:
    """The call into pydantic with the arguments exactly as the caller passed them."""

    def call(
        self: Any, args: tuple[Any, ...], kwargs: dict[str, Any], values: tuple[Any, ...]
    ) -> None:
        pairs = zip(positional + keyword, values, strict=True)
        given = {name: value for name, value in pairs if value is not MISSING}
        if args:  # every positional parameter was filled positionally
            leading = tuple(given.pop(name) for name in positional)
            slow(self, *leading, *args, **given, **kwargs)
        else:
            slow(self, **given, **kwargs)

    return call


def install(cls: type, slow: _Init) -> None:
    """Give ``cls`` a fast ``__init__`` over ``slow``, compiled on the class's first use.

    Compiling takes about a millisecond a class; deferring it keeps ``import`` cheap.
    """

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        resolve(cls)(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    __init__.__doc__ = slow.__doc__
    __init__.__wrapped__ = slow  # type: ignore[attr-defined]  # inspect.signature follows it
    __init__.__pending__ = slow  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[misc]


def resolve(cls: type) -> _Init:
    """The ``__init__`` of ``cls``, compiling the fast one first if :func:`install` deferred it.

    A class out of the fast path's reach keeps ``slow`` (every call goes to pydantic).
    """
    init: Any = cls.__dict__["__init__"]
    slow = getattr(init, "__pending__", None)
    if slow is None:
        return init  # type: ignore[no-any-return]
    try:
        init = compile_init(cls, slow)
    except Unsupported:
        init = slow
    cls.__init__ = init  # type: ignore[misc]
    return init  # type: ignore[no-any-return]


def default_factory(cls: type) -> Callable[[], Any]:
    """A factory of ``cls()`` for a field default, skipping the argument handling.

    For a class whose fields all have plain defaults and which has no ``__post_init__``
    it builds the instance ``cls()`` builds (its state is the defaults); for any other
    class it is ``cls`` itself. (Many panels take a default ``Layout``.)
    """
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return cls
    plan = class_plan(cls)
    plain = plan.fields and all(
        field.problem is None and field.default is not MISSING
        and not isinstance(field.default, tuple)
        for field in plan.fields
    )  # fmt: skip
    if plan.problem or not plain:
        return cls
    names = plan.names()
    values = {field.name: names.name(field.default, "default") for field in plan.fields}
    names.env.update(_new=object.__new__, _cls=cls)
    lines = set_fields_code(cls, "instance", names, values=values)
    body = "".join(f"    {line}\n" for line in lines)
    exec(f"def make():\n    instance = _new(_cls)\n{body}    return instance\n", names.env)
    make: Callable[[], Any] = names.env["make"]
    make.__qualname__ = make.__name__ = f"default_{cls.__name__}"
    return make
