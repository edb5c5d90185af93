"""Fast construction of validated classes, with pydantic kept as the judge.

pydantic validates a dataclass in about 5-10 µs even when every argument already has
the right type, and a large workspace builds (and loads) thousands of objects. For each
class, :func:`install` generates an ``__init__`` (as ``dataclasses`` does, with
``exec``) that accepts an argument only when its value is one pydantic would keep as
is, or convert trivially:

* an exact ``str`` / ``int`` / ``bool`` / ``float`` (an int for a float field becomes
  ``float(value)``, as pydantic does), within its ``Ge``/``Gt``/``Le``/``Lt`` bounds;
* a member of a ``Literal`` of strings, ints and bools;
* an instance of a class field (pydantic never re-validates instances here);
* ``None`` for an ``Optional``; a list, dict or tuple of such values (copied, as
  pydantic copies them);
* for ``AfterValidator`` / ``BeforeValidator`` metadata, the validator is called as
  pydantic calls it.

Anything else (another type, an unknown keyword, a missing required field, a validator
that raises) goes to pydantic's own ``__init__`` unchanged, which validates it and
raises the readable error. Both paths leave the same instance state; the tests compare
them over generated arguments. Fields whose type this module does not understand make
only the calls that pass them slow, never wrong.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

import annotated_types
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticUndefined

__all__ = [
    "compile_init",
    "default_factory",
    "has_instance_dict",
    "install",
    "resolve",
    "set_fields_code",
    "slot_setter",
]

# Accepted as float without a range check: exact in a double, so float() is lossless.
_EXACT_INT = 2**53

_SIMPLE_DEFAULTS = (type(None), bool, int, float, str)


def has_instance_dict(cls: type) -> bool:
    """Whether instances of ``cls`` keep their attributes in a ``__dict__`` (not slots)."""
    return bool(cls.__dictoffset__)


def slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """``setter(obj, value)`` for the field ``name`` of a slotted class.

    The slot's own descriptor, called directly: about half the cost of
    ``object.__setattr__`` (which also bypasses frozen classes and validation).
    """
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if isinstance(descriptor, types.MemberDescriptorType):
            setter: Callable[[Any, Any], None] = descriptor.__set__
            return setter
    return lambda obj, value: object.__setattr__(obj, name, value)


def set_fields_code(
    cls: type,
    target: str,
    env: dict[str, Any],
    *,
    values: dict[str, str] | None = None,
    state: str | None = None,
) -> list[str]:
    """Generated lines giving ``target``, a new ``cls`` instance, its fields.

    The fields come from ``values`` (field -> expression), or from the dict named
    ``state`` (field -> value, in field order). An instance with a ``__dict__`` gets it in
    one step (``state`` itself, when given); a slotted one gets each slot through its
    descriptor. Names the lines use are added to ``env``.
    """
    if values is None:
        assert state is not None
        values = {field.name: f"{state}[{field.name!r}]" for field in dataclasses.fields(cls)}
    env["_set_object"] = object.__setattr__
    if has_instance_dict(cls):
        pairs = ", ".join(f"{name!r}: {expression}" for name, expression in values.items())
        return [f"_set_object({target}, '__dict__', {state or '{' + pairs + '}'})"]
    lines = []
    for name, expression in values.items():
        setter = f"_slot{len(env)}_{name}"
        env[setter] = slot_setter(cls, name)
        lines.append(f"{setter}({target}, {expression})")
    return lines


class _Unsupported(Exception):
    """A type or class shape the fast path does not handle (calls go to pydantic)."""


@dataclasses.dataclass(frozen=True)
class _Plan:
    """How to accept one value: ``check`` and ``convert`` are expressions over ``{v}``."""

    check: str
    convert: str = "{v}"
    # The Python types a matching value can have ("*": any), to tell union members apart.
    kinds: frozenset[str] = frozenset({"*"})

    @property
    def identity(self) -> bool:
        return self.convert == "{v}"


class _Compiler:
    """Turns field annotations into :class:`_Plan` expressions; names go to ``env``."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {}
        self._helpers = 0

    def name(self, value: Any, hint: str) -> str:
        for key, existing in self.env.items():
            if existing is value and key.startswith(f"_{hint}"):
                return key
        key = f"_{hint}{len(self.env)}"
        self.env[key] = value
        return key

    def plan(self, annotation: Any, metadata: list[Any], *, strict: bool = False) -> _Plan:
        if typing.get_origin(annotation) is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            return self.plan(base, [*extra, *metadata], strict=strict)
        before = [m for m in metadata if isinstance(m, BeforeValidator)]
        after = [m for m in metadata if isinstance(m, AfterValidator)]
        bounds = [
            m
            for m in metadata
            if isinstance(
                m, (annotated_types.Ge, annotated_types.Gt, annotated_types.Le, annotated_types.Lt)
            )
        ]
        if len(before) + len(after) + len(bounds) != len(metadata):
            raise _Unsupported(f"metadata {metadata!r}")
        if before:
            raise _Unsupported("BeforeValidator inside a type (only on a field)")
        base = self._bare(annotation, strict=strict)
        if bounds:
            if annotation not in (int, float):
                raise _Unsupported(f"bounds on {annotation!r}")
            tests = [base.check]
            for bound in bounds:
                op, limit = _bound(bound)
                tests.append(f"{{v}} {op} {self.name(limit, 'lim')}")
            base = _Plan(f"({' and '.join(tests)})", base.convert, base.kinds)
        for validator in after:
            func = self.name(validator.func, "after")
            base = _Plan(base.check, f"{func}({base.convert})", base.kinds)
        return base

    def _bare(self, annotation: Any, *, strict: bool) -> _Plan:
        if annotation is Any:
            return _Plan("True")
        if annotation is None or annotation is type(None):
            return _Plan("{v} is None", kinds=frozenset({"none"}))
        if annotation is bool:
            return _Plan("({v} is True or {v} is False)", kinds=frozenset({"bool"}))
        if annotation is int:
            return _Plan("type({v}) is int", kinds=frozenset({"int"}))
        if annotation is str:
            return _Plan("type({v}) is str", kinds=frozenset({"str"}))
        if annotation is float:
            if strict:
                return _Plan("type({v}) is float", kinds=frozenset({"float"}))
            lim = self.name(_EXACT_INT, "lim")
            return _Plan(
                f"(type({{v}}) is float or (type({{v}}) is int and -{lim} <= {{v}} <= {lim}))",
                "float({v})",
                frozenset({"float", "int"}),
            )
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is Literal:
            return self._literal(args)
        if origin is Union or origin is types.UnionType:
            return self._union(args, strict=strict)
        if origin is list:
            return self._container(annotation, "list", args)
        if origin is dict:
            return self._container(annotation, "dict", args)
        if origin is tuple:
            return self._tuple(args, strict=strict)
        if isinstance(annotation, type) and origin is None:
            return self._instance(annotation)
        raise _Unsupported(f"type {annotation!r}")

    def _literal(self, values: tuple[Any, ...]) -> _Plan:
        tests = []
        strings = frozenset(v for v in values if type(v) is str)
        ints = frozenset(v for v in values if type(v) is int)
        for value in values:
            if value is True or value is False or value is None:
                tests.append(f"{{v}} is {value!r}")
            elif type(value) not in (str, int):
                raise _Unsupported(f"Literal value {value!r}")
        if strings:
            tests.append(f"(type({{v}}) is str and {{v}} in {self.name(strings, 'lit')})")
        if ints:
            tests.append(f"(type({{v}}) is int and {{v}} in {self.name(ints, 'lit')})")
        kinds = {"none" if value is None else type(value).__name__ for value in values}
        return _Plan(f"({' or '.join(tests)})", kinds=frozenset(kinds))

    def _union(self, members: tuple[Any, ...], *, strict: bool) -> _Plan:
        not_none = [m for m in members if m is not type(None)]
        if len(not_none) < len(members) and len(not_none) == 1:
            # Optional[X] is X or None (pydantic's nullable schema, not a union).
            inner = self.plan(not_none[0], [], strict=strict)
            convert = "{v}" if inner.identity else f"(None if {{v}} is None else {inner.convert})"
            return _Plan(f"({{v}} is None or {inner.check})", convert, inner.kinds | {"none"})
        # A smart union keeps a value that exactly matches a member (strict mode) as is.
        plans = [self.plan(member, [], strict=True) for member in members]
        check = f"({' or '.join(plan.check for plan in plans)})"
        kinds: frozenset[str] = frozenset().union(*(plan.kinds for plan in plans))
        if all(plan.identity for plan in plans):
            return _Plan(check, kinds=kinds)
        # A converting member must match values no other member matches; then the
        # first member that matches is the one pydantic picks.
        for i, plan in enumerate(plans):
            others: frozenset[str] = frozenset().union(
                *(p.kinds for j, p in enumerate(plans) if j != i)
            )
            if not plan.identity and ("*" in others or "*" in plan.kinds or plan.kinds & others):
                raise _Unsupported(f"union {members!r} with an ambiguous conversion")
        convert = plans[-1].convert
        for plan in reversed(plans[:-1]):
            convert = f"({plan.convert} if {plan.check} else {convert})"
        return _Plan(check, convert, kinds)

    def _container(self, annotation: Any, kind: str, args: tuple[Any, ...]) -> _Plan:
        plans = [self.plan(arg, []) for arg in args]
        if len(plans) != (1 if kind == "list" else 2) or not plans[0].identity:
            raise _Unsupported(f"container {annotation!r}")
        copy = f"{kind}({{v}})"
        if all(plan.check == "True" for plan in plans):
            return _Plan(f"type({{v}}) is {kind}", copy, frozenset({kind}))
        self._helpers += 1
        helper = f"_items{self._helpers}"
        item = plans[-1]
        if kind == "list":
            test = item.check.format(v="e")
            source = f"def {helper}(v):\n    for e in v:\n        if not {test}: return False\n"
            rebuilt = f"[{item.convert.format(v='e')} for e in v]"
        else:
            test = f"{plans[0].check.format(v='k')} and {item.check.format(v='e')}"
            source = (
                f"def {helper}(v):\n    for k, e in v.items():\n"
                f"        if not ({test}): return False\n"
            )
            rebuilt = f"{{k: {item.convert.format(v='e')} for k, e in v.items()}}"
        source += "    return True\n"
        if not item.identity:  # the items are converted too: rebuild the container
            source += f"def {helper}_convert(v):\n    return {rebuilt}\n"
            copy = f"{helper}_convert({{v}})"
        exec(source, self.env)  # generated from the annotations above
        return _Plan(f"(type({{v}}) is {kind} and {helper}({{v}}))", copy, frozenset({kind}))

    def _tuple(self, args: tuple[Any, ...], *, strict: bool) -> _Plan:
        if not args or args[-1] is Ellipsis:
            raise _Unsupported("variable-length tuple")
        plans = [self.plan(arg, [], strict=strict) for arg in args]
        checks = " and ".join(p.check.format(v=f"{{v}}[{i}]") for i, p in enumerate(plans))
        items = ", ".join(p.convert.format(v=f"{{v}}[{i}]") for i, p in enumerate(plans))
        return _Plan(
            f"(type({{v}}) is tuple and len({{v}}) == {len(plans)} and {checks})",
            f"({items},)",
            frozenset({"tuple"}),
        )

    def _instance(self, cls: type) -> _Plan:
        custom_schema = "__get_pydantic_core_schema__" in vars(cls)
        if custom_schema or cls.__module__ in ("builtins", "enum") or issubclass(cls, type):
            raise _Unsupported(f"class {cls!r}")
        return _Plan(f"isinstance({{v}}, {self.name(cls, 'cls')})", kinds=frozenset({"*"}))


def _bound(bound: Any) -> tuple[str, Any]:
    if isinstance(bound, annotated_types.Ge):
        return ">=", bound.ge
    if isinstance(bound, annotated_types.Gt):
        return ">", bound.gt
    if isinstance(bound, annotated_types.Le):
        return "<=", bound.le
    return "<", bound.lt


_PLAIN = ""  # _default's marker: a plain default, already in the defaults dict


def _default(compiler: _Compiler, name: str, info: Any) -> tuple[Any, str | None]:
    """``(value for the defaults dict, expression to compute it or _PLAIN or None)``.

    None: the field is required.
    """
    if info.default_factory is not None:
        if getattr(info, "default_factory_takes_data", False):
            raise _Unsupported(f"{name}: a default factory that takes data")
        return None, f"{compiler.name(info.default_factory, 'factory')}()"
    default = info.default
    if default is PydanticUndefined:
        return None, None
    simple_tuple = isinstance(default, tuple) and all(
        type(item) in _SIMPLE_DEFAULTS for item in default
    )
    if not simple_tuple and type(default) not in _SIMPLE_DEFAULTS:
        raise _Unsupported(f"{name}: default {default!r} (pydantic may copy it)")
    return default, _PLAIN


def _befores(metadata: list[Any]) -> list[Any]:
    return [m for m in metadata if isinstance(m, BeforeValidator)]


def _without_before(metadata: list[Any]) -> list[Any]:
    return [m for m in metadata if not isinstance(m, BeforeValidator)]


def _reject_shape(cls: type) -> None:
    decorators = getattr(cls, "__pydantic_decorators__", None)
    if decorators is None or not dataclasses.is_dataclass(cls):
        raise _Unsupported("not a pydantic dataclass")
    if decorators.model_validators or decorators.field_validators or decorators.validators:
        raise _Unsupported("model or field validator methods")
    if decorators.root_validators or decorators.field_serializers:
        raise _Unsupported("root validators or serializers")


_Init = Callable[..., None]


def compile_init(cls: type, slow: _Init) -> _Init:
    """The fast ``__init__`` source for ``cls`` compiled; ``slow`` handles what it cannot.

    Raises ``_Unsupported`` when the class itself is out of reach (then every call is slow).
    """
    _reject_shape(cls)
    fields: dict[str, Any] = cls.__pydantic_fields__  # type: ignore[attr-defined]
    post_init = getattr(cls, "__post_init__", None)
    if post_init is not None and len(inspect.signature(post_init).parameters) > 1:
        raise _Unsupported("InitVar pseudo-fields (__post_init__ takes arguments)")
    compiler = _Compiler()
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    renamed: dict[str, str] = {}  # the argument as given, where a validator rebinds it
    # Every field in declaration order; plain defaults filled in, the rest set below.
    defaults: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        name = field.name
        info = fields.get(name)
        if info is None or not field.init or not name.isidentifier() or name.startswith("_"):
            raise _Unsupported(f"field {name!r}")
        (keyword if field.kw_only is True else positional).append(name)
        defaults[name], default = _default(compiler, name, info)
        try:
            plan: _Plan | None = compiler.plan(info.annotation, _without_before(info.metadata))
        except _Unsupported:
            plan = None  # the fast path only ever takes this field's default
        if default:
            body += [f"if {name} is _MISSING:", f"    state[{name!r}] = {default}"]
        elif default is None:  # a required field
            body += [f"if {name} is _MISSING:", "    FALLBACK"]
        if plan is None:
            body += [
                f"{'elif' if default is not _PLAIN else 'if'} {name} is not _MISSING:",
                "    FALLBACK",
            ]
            continue
        body.append(f"{'else' if default is not _PLAIN else f'if {name} is not _MISSING'}:")
        value = name
        befores = _befores(info.metadata)
        if befores:  # keep the argument as given for the fallback
            renamed[name] = f"_given_{name}"
        for validator in reversed(befores):
            # Field-level before-validators run first, the last declared outermost.
            body.append(f"    {name} = {compiler.name(validator.func, 'before')}({name})")
        body += [
            f"    if not {plan.check.format(v=value)}:",
            "        FALLBACK",
            f"    state[{name!r}] = {plan.convert.format(v=value)}",
        ]

    params = [f"{name}=_MISSING" for name in positional] + ["*_args"]
    params += [f"{name}=_MISSING" for name in keyword] + ["**_kwargs"]
    # The arguments as given, built only on the way to pydantic.
    originals = [renamed.get(name, name) for name in positional + keyword]
    given = f"({', '.join(originals)}{',' if originals else ''})"
    fallback = f"return _slow(self, _args, _kwargs, {given})"
    call_post_init = "    self.__post_init__()\n" if post_init is not None else ""
    set_state = "".join(
        f"    {line}\n" for line in set_fields_code(cls, "self", compiler.env, state="state")
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
    env = compiler.env
    env.update(
        _MISSING=_MISSING,
        _slow=_slow_call(slow, positional, keyword),
        _defaults=defaults,
    )
    exec(source, env)  # generated from the class's own fields
    init: _Init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = slow.__doc__
    init.__wrapped__ = slow  # type: ignore[attr-defined]  # inspect.signature follows it
    init.__fast_source__ = source  # type: ignore[attr-defined]
    return init


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _slow_call(slow: _Init, positional: list[str], keyword: list[str]) -> Callable[..., None]:
    """The call into pydantic with the arguments exactly as the caller passed them."""

    def call(
        self: Any, args: tuple[Any, ...], kwargs: dict[str, Any], values: tuple[Any, ...]
    ) -> None:
        pairs = zip(positional + keyword, values, strict=True)
        given = {name: value for name, value in pairs if value is not _MISSING}
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
    except _Unsupported:
        init = slow
    cls.__init__ = init  # type: ignore[misc]
    return init  # type: ignore[no-any-return]


def default_factory(cls: type) -> Callable[[], Any]:
    """A factory of ``cls()`` for a field default, skipping the argument handling.

    For a class whose fields all have plain defaults and which has no ``__post_init__``
    it builds the instance ``cls()`` builds (its state is the defaults); for any other
    class it is ``cls`` itself. (Many panels take a default ``Layout``.)
    """
    fields: dict[str, Any] = getattr(cls, "__pydantic_fields__", {})
    plain = fields and all(
        info.default_factory is None
        and info.default is not PydanticUndefined
        and type(info.default) in _SIMPLE_DEFAULTS
        for info in fields.values()
    )
    if not plain or hasattr(cls, "__post_init__") or not dataclasses.is_dataclass(cls):
        return cls
    defaults = {field.name: fields[field.name].default for field in dataclasses.fields(cls)}
    new, set_attr = object.__new__, object.__setattr__
    if not has_instance_dict(cls):
        setters = [(slot_setter(cls, name), value) for name, value in defaults.items()]

        def make() -> Any:
            instance = new(cls)
            for setter, value in setters:
                setter(instance, value)
            return instance

    else:

        def make() -> Any:
            instance = new(cls)
            set_attr(instance, "__dict__", defaults.copy())
            return instance

    make.__qualname__ = make.__name__ = f"default_{cls.__name__}"
    return make
