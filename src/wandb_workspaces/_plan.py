"""The field plan of a class: the one place where field annotations are read.

Several paths are generated per class (with ``exec``, as ``dataclasses`` does) to skip
pydantic where it would keep a value as it is: the fast ``__init__``
(:mod:`._fast_init`), the copier (:mod:`._snapshot`), the pristine state of a loaded
object (:mod:`._pristine`), and for panels the loader and the config writer
(:mod:`.reports.v2._panel_loader`, :mod:`.reports.v2._panel_config`). None of them reads
an annotation: each is a small emitter over :func:`class_plan`, computed once per class,
which gives for every field

* ``check`` / ``convert``: expressions over ``{v}`` accepting a value pydantic keeps as
  it is or converts trivially (None: the fast paths take only the field's default);
* ``copy``: how a copy of the object that shares nothing mutable treats it (:class:`Copy`);
* its default (a plain value, a factory, or required) and its field-level
  before-validators;
* ``stored``: the ``(write, read)`` pair of a field a loaded object keeps as stored JSON
  (the class's ``_STORED_FORM``, which panels derive from their config table).

Teaching the library a new kind of annotation takes one place: :meth:`_Compiler._bare`
(with :meth:`_Compiler._instance` for classes), which gives the check, the conversion
and the copy kind of the annotation together.

Values a check accepts are what pydantic would keep: an exact ``str`` / ``int`` /
``bool`` / ``float`` (an int for a float field becomes ``float(value)``, as pydantic does)
within its ``Ge``/``Gt``/``Le``/``Lt`` bounds; a member of a ``Literal``; an instance of a
class field; ``None`` for an ``Optional``; a list, dict or tuple of such values (copied,
as pydantic copies them); ``AfterValidator`` metadata is called as pydantic calls it.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

import annotated_types
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticUndefined

__all__ = [
    "MISSING",
    "ClassPlan",
    "Copy",
    "FieldPlan",
    "Names",
    "Unsupported",
    "class_plan",
    "has_instance_dict",
    "set_fields_code",
    "slot_setter",
]

# The conversions of a container whose items need none, maybe Optional.
_PLAIN_COPIES = frozenset(
    {"list({v})", "dict({v})", "(None if {v} is None else list({v}))",
     "(None if {v} is None else dict({v}))"}
)  # fmt: skip
_NUMBERS = itertools.count()  # of the names in generated code

# Accepted as float without a range check: exact in a double, so float() is lossless.
_EXACT_INT = 2**53
_ATOMS = (type(None), bool, int, float, str)


class Unsupported(Exception):
    """A class shape the generated paths do not handle (its calls go the general way)."""


class Copy(enum.Enum):
    """How a detached copy of an object (sharing nothing mutable) treats a field."""

    #: Only immutable values (strings, numbers, literals, frozen dataclasses, tuples of
    #: those): shared.
    SHARED = "shared"
    #: A list or dict of immutable values (maybe Optional): copied shallowly.
    COPIED = "copied"
    #: A small validated object of immutable values (a panel's ``Layout``): copied by its
    #: class's copier, or kept inline as its values.
    INLINE = "inline"
    #: Another validated object: copied by its class's copier.
    OBJECT = "object"
    #: A list of objects that track their own edits (a section's panels): the list is
    #: copied, its items are shared.
    ITEMS = "items"
    #: Anything else: walked at run time (``_snapshot.detach``).
    DETACHED = "detached"


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


#: "Not given": the default of a required field, and of an argument not passed.
MISSING: Any = _Missing()


@dataclasses.dataclass(frozen=True)
class _TypePlan:
    """How to accept a value of one annotation, and how a copy treats it."""

    check: str | None  # over "{v}"; None: not checked here (the general path decides)
    copy: Copy
    convert: str = "{v}"
    # The Python types a matching value can have ("*": any), to tell union members apart.
    kinds: frozenset[str] = frozenset({"*"})

    @property
    def identity(self) -> bool:
        return self.convert == "{v}"


@dataclasses.dataclass(frozen=True)
class FieldPlan:
    """One field of a class (see the module docstring)."""

    name: str
    #: An expression over ``{v}``: whether the fast paths take the value (None: they
    #: take only the field's default, a given value goes to pydantic).
    check: str | None
    #: An expression over ``{v}``: the value the field holds (``"{v}"``: the value itself).
    convert: str
    copy: Copy
    #: The plain default (``MISSING`` when the field is required or has a factory).
    default: Any
    #: The default factory, or None.
    factory: Callable[[], Any] | None
    #: Field-level ``BeforeValidator`` functions, in declaration order.
    befores: tuple[Callable[[Any], Any], ...]
    #: ``(write, read)`` of a field kept as stored JSON (``_STORED_FORM``), or None.
    stored: tuple[Callable[[Any], Any], Callable[[Any], Any]] | None
    kw_only: bool
    #: The class of an ``INLINE`` or ``OBJECT`` field, else None.
    nested: type | None
    #: Why the generated ``__init__`` cannot take this field at all (None: it can).
    problem: str | None

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.factory is None

    @property
    def plain_copy(self) -> bool:
        """Whether the conversion copies a list or dict as it is (maybe Optional)."""
        return self.convert in _PLAIN_COPIES

    @property
    def identity(self) -> bool:
        return self.convert == "{v}"


@dataclasses.dataclass(frozen=True)
class ClassPlan:
    """Every field of a class, in declaration order, and the names their expressions use."""

    cls: type
    fields: tuple[FieldPlan, ...]
    env: dict[str, Any]
    #: Why the class itself is out of the generated paths' reach (None: it is not).
    problem: str | None

    def names(self) -> Names:
        """A fresh namespace for generated code, holding the names of the expressions."""
        return Names(dict(self.env))

    def field(self, name: str) -> FieldPlan:
        for plan in self.fields:
            if plan.name == name:
                return plan
        raise KeyError(name)


class Names:
    """The globals of generated code; :meth:`name` binds a value to a fresh name.

    Names are unique across all classes, so the names of two plans can share one namespace.
    """

    def __init__(self, env: dict[str, Any]) -> None:
        self.env = env

    def name(self, value: Any, hint: str) -> str:
        for key, existing in self.env.items():
            if existing is value and key.startswith(f"_{hint}"):
                return key
        key = f"_{hint}{next(_NUMBERS)}"
        self.env[key] = value
        return key


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
    cls: type, target: str, names: Names, *, values: dict[str, str] | None = None,
    state: str | None = None,
) -> list[str]:  # fmt: skip
    """Generated lines giving ``target``, a new ``cls`` instance, its fields.

    The fields come from ``values`` (field -> expression), or from the dict named
    ``state`` (field -> value, in field order). An instance with a ``__dict__`` gets it in
    one step (``state`` itself, when given); a slotted one gets each slot through its
    descriptor.
    """
    if values is None:
        if state is None:
            raise TypeError("set_fields_code takes values or state")
        values = {field.name: f"{state}[{field.name!r}]" for field in dataclasses.fields(cls)}
    names.env["_set_object"] = object.__setattr__
    if has_instance_dict(cls):
        pairs = ", ".join(f"{name!r}: {expression}" for name, expression in values.items())
        return [f"_set_object({target}, '__dict__', {state or '{' + pairs + '}'})"]
    return [
        f"{names.name(slot_setter(cls, name), f'slot_{name}_')}({target}, {expression})"
        for name, expression in values.items()
    ]


class _Compiler(Names):
    """Turns annotations into :class:`_TypePlan` (the one reader of annotations)."""

    def __init__(self) -> None:
        super().__init__({})
        self._visiting: set[type] = set()

    def plan(self, annotation: Any, metadata: list[Any], *, strict: bool = False) -> _TypePlan:
        if typing.get_origin(annotation) is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            return self.plan(base, [*extra, *metadata], strict=strict)
        plan = self._bare(annotation, strict=strict)
        after = [m for m in metadata if isinstance(m, AfterValidator)]
        bounds = [m for m in metadata if isinstance(m, _BOUNDS)]
        if plan.check is None or len(after) + len(bounds) != len(metadata):
            return dataclasses.replace(plan, check=None)  # other metadata: pydantic's
        if bounds:
            if annotation not in (int, float):
                return dataclasses.replace(plan, check=None)
            tests = [plan.check]
            for bound in bounds:
                op, limit = _bound(bound)
                tests.append(f"{{v}} {op} {self.name(limit, 'lim')}")
            plan = dataclasses.replace(plan, check=f"({' and '.join(tests)})")
        for validator in after:
            func = self.name(validator.func, "after")
            plan = dataclasses.replace(plan, convert=f"{func}({plan.convert})")
        return plan

    def _bare(self, annotation: Any, *, strict: bool) -> _TypePlan:
        shared = Copy.SHARED
        if annotation is Any:
            return _TypePlan("True", Copy.DETACHED)
        if annotation is None or annotation is type(None):
            return _TypePlan("{v} is None", shared, kinds=frozenset({"none"}))
        if annotation is bool:
            return _TypePlan("({v} is True or {v} is False)", shared, kinds=frozenset({"bool"}))
        if annotation is int or annotation is str:
            name = annotation.__name__
            return _TypePlan(f"type({{v}}) is {name}", shared, kinds=frozenset({name}))
        if annotation is float:
            if strict:
                return _TypePlan("type({v}) is float", shared, kinds=frozenset({"float"}))
            lim = self.name(_EXACT_INT, "lim")
            return _TypePlan(
                f"(type({{v}}) is float or (type({{v}}) is int and -{lim} <= {{v}} <= {lim}))",
                shared, "float({v})", frozenset({"float", "int"}),
            )  # fmt: skip
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is Literal:
            return self._literal(args)
        if origin is Union or origin is types.UnionType:
            return self._union(args, strict=strict)
        if origin is list or origin is dict:
            return self._container(origin, args)
        if origin is tuple:
            return self._tuple(args, strict=strict)
        if isinstance(annotation, type) and origin is None:
            return self._instance(annotation)
        return _TypePlan(None, Copy.DETACHED)

    def _literal(self, values: tuple[Any, ...]) -> _TypePlan:
        tests = []
        strings = frozenset(v for v in values if type(v) is str)
        ints = frozenset(v for v in values if type(v) is int)
        for value in values:
            if value is True or value is False or value is None:
                tests.append(f"{{v}} is {value!r}")
            elif type(value) not in (str, int):
                return _TypePlan(None, Copy.SHARED)
        if strings:
            tests.append(f"(type({{v}}) is str and {{v}} in {self.name(strings, 'lit')})")
        if ints:
            tests.append(f"(type({{v}}) is int and {{v}} in {self.name(ints, 'lit')})")
        kinds = {"none" if value is None else type(value).__name__ for value in values}
        return _TypePlan(f"({' or '.join(tests)})", Copy.SHARED, kinds=frozenset(kinds))

    def _union(self, members: tuple[Any, ...], *, strict: bool) -> _TypePlan:
        not_none = [m for m in members if m is not type(None)]
        if len(not_none) < len(members) and len(not_none) == 1:
            # Optional[X] is X or None (pydantic's nullable schema, not a union).
            inner = self.plan(not_none[0], [], strict=strict)
            # An optional object or list of objects is walked when copied (it may be None).
            copy = inner.copy if inner.copy in (Copy.SHARED, Copy.COPIED) else Copy.DETACHED
            if inner.check is None:
                return _TypePlan(None, copy)
            convert = "{v}" if inner.identity else f"(None if {{v}} is None else {inner.convert})"
            check = f"({{v}} is None or {inner.check})"
            return _TypePlan(check, copy, convert, inner.kinds | {"none"})
        # A smart union keeps a value that exactly matches a member (strict mode) as is.
        plans = [self.plan(member, [], strict=True) for member in members]
        shared = all(plan.copy is Copy.SHARED for plan in plans)
        copy = Copy.SHARED if shared else Copy.DETACHED
        if any(plan.check is None for plan in plans):
            return _TypePlan(None, copy)
        check = f"({' or '.join(str(plan.check) for plan in plans)})"
        kinds: frozenset[str] = frozenset().union(*(plan.kinds for plan in plans))
        if all(plan.identity for plan in plans):
            return _TypePlan(check, copy, kinds=kinds)
        # A converting member must match values no other member matches; then the
        # first member that matches is the one pydantic picks.
        for i, plan in enumerate(plans):
            others: frozenset[str] = frozenset().union(
                *(p.kinds for j, p in enumerate(plans) if j != i)
            )
            if not plan.identity and ("*" in others or "*" in plan.kinds or plan.kinds & others):
                return _TypePlan(None, copy)  # an ambiguous conversion
        convert = plans[-1].convert
        for plan in reversed(plans[:-1]):
            convert = f"({plan.convert} if {plan.check} else {convert})"
        return _TypePlan(check, copy, convert, kinds)

    def _container(self, kind: type, args: tuple[Any, ...]) -> _TypePlan:
        plans = [self.plan(arg, []) for arg in args]
        size = 1 if kind is list else 2
        if len(plans) != size:
            return _TypePlan(None, Copy.DETACHED)
        item = plans[-1]
        if all(plan.copy is Copy.SHARED for plan in plans):
            copy = Copy.COPIED
        elif (
            kind is list and isinstance(args[0], type) and getattr(args[0], "_TRACKS_EDITS", False)
        ):
            copy = Copy.ITEMS
        else:
            copy = Copy.DETACHED
        name = kind.__name__
        if any(plan.check is None for plan in plans) or not plans[0].identity:
            return _TypePlan(None, copy)
        converted = f"{name}({{v}})"
        if all(plan.check == "True" for plan in plans):
            return _TypePlan(f"type({{v}}) is {name}", copy, converted, frozenset({name}))
        helper = f"_items{next(_NUMBERS)}"
        if kind is list:
            test = str(item.check).format(v="e")
            source = f"def {helper}(v):\n    for e in v:\n        if not {test}: return False\n"
            rebuilt = f"[{item.convert.format(v='e')} for e in v]"
        else:
            test = f"{str(plans[0].check).format(v='k')} and {str(item.check).format(v='e')}"
            source = (
                f"def {helper}(v):\n    for k, e in v.items():\n"
                f"        if not ({test}): return False\n"
            )
            rebuilt = f"{{k: {item.convert.format(v='e')} for k, e in v.items()}}"
        source += "    return True\n"
        if not item.identity:  # the items are converted too: rebuild the container
            source += f"def {helper}_convert(v):\n    return {rebuilt}\n"
            converted = f"{helper}_convert({{v}})"
        exec(source, self.env)  # generated from the annotations above
        check = f"(type({{v}}) is {name} and {helper}({{v}}))"
        return _TypePlan(check, copy, converted, frozenset({name}))

    def _tuple(self, args: tuple[Any, ...], *, strict: bool) -> _TypePlan:
        items = [arg for arg in args if arg is not Ellipsis]
        plans = [self.plan(arg, [], strict=strict) for arg in items]
        shared = bool(args) and all(plan.copy is Copy.SHARED for plan in plans)
        copy = Copy.SHARED if shared else Copy.DETACHED
        if not args or args[-1] is Ellipsis or any(plan.check is None for plan in plans):
            return _TypePlan(None, copy)  # variable-length tuples are pydantic's
        checks = " and ".join(str(p.check).format(v=f"{{v}}[{i}]") for i, p in enumerate(plans))
        values = ", ".join(p.convert.format(v=f"{{v}}[{i}]") for i, p in enumerate(plans))
        check = f"(type({{v}}) is tuple and len({{v}}) == {len(plans)} and {checks})"
        return _TypePlan(check, copy, f"({values},)", frozenset({"tuple"}))

    def _instance(self, cls: type) -> _TypePlan:
        copy = self._object_copy(cls)
        custom_schema = "__get_pydantic_core_schema__" in vars(cls)
        if custom_schema or cls.__module__ in ("builtins", "enum") or issubclass(cls, type):
            return _TypePlan(None, copy)
        # pydantic never re-validates an instance of a class field.
        return _TypePlan(f"isinstance({{v}}, {self.name(cls, 'cls')})", copy)

    def _object_copy(self, cls: type) -> Copy:
        if not dataclasses.is_dataclass(cls):
            return Copy.DETACHED
        params = getattr(cls, "__dataclass_params__", None)
        if params is not None and params.frozen:
            return Copy.SHARED
        if cls in self._visiting:  # a class holding itself
            return Copy.OBJECT
        fields: dict[str, Any] = getattr(cls, "__pydantic_fields__", {})
        names = [field.name for field in dataclasses.fields(cls)]
        if not names or any(name not in fields for name in names):
            return Copy.OBJECT
        self._visiting.add(cls)
        try:
            plans = [self.plan(fields[name].annotation, []) for name in names]
        finally:
            self._visiting.discard(cls)
        return Copy.INLINE if all(p.copy is Copy.SHARED for p in plans) else Copy.OBJECT


_BOUNDS = (annotated_types.Ge, annotated_types.Gt, annotated_types.Le, annotated_types.Lt)


def _bound(bound: Any) -> tuple[str, Any]:
    if isinstance(bound, annotated_types.Ge):
        return ">=", bound.ge
    if isinstance(bound, annotated_types.Gt):
        return ">", bound.gt
    if isinstance(bound, annotated_types.Le):
        return "<=", bound.le
    return "<", bound.lt


def _field(compiler: _Compiler, cls: type, field: dataclasses.Field[Any]) -> FieldPlan:
    name = field.name
    problem: str | None
    infos: dict[str, Any] = getattr(cls, "__pydantic_fields__", {})
    info = infos.get(name)
    stored = getattr(cls, "_STORED_FORM", {}).get(name)
    if info is None:  # not a validated field: any value, walked when copied
        problem = f"field {name!r} is not validated"
        return FieldPlan(name, None, "{v}", Copy.DETACHED, MISSING, None, (), stored,
                         field.kw_only is True, None, problem)  # fmt: skip
    metadata = list(info.metadata)
    # Field-level before-validators (pydantic calls a one-argument one with the value).
    befores: tuple[Any, ...] = tuple(m.func for m in metadata if isinstance(m, BeforeValidator))
    plan = compiler.plan(
        info.annotation, [m for m in metadata if not isinstance(m, BeforeValidator)]
    )
    problem = None
    if not field.init or not name.isidentifier() or name.startswith("_"):
        problem = f"field {name!r}"
    default, factory = info.default, info.default_factory
    if factory is not None:
        default = MISSING
        if getattr(info, "default_factory_takes_data", False):
            problem = f"{name}: a default factory that takes data"
    elif default is PydanticUndefined:
        default = MISSING
    else:
        simple = type(default) in _ATOMS or (
            isinstance(default, tuple) and all(type(item) in _ATOMS for item in default)
        )
        if not simple:
            problem = f"{name}: default {default!r} (pydantic may copy it)"
    nested = info.annotation if plan.copy in (Copy.INLINE, Copy.OBJECT) else None
    return FieldPlan(name, plan.check, plan.convert, plan.copy, default, factory, befores,
                     stored, field.kw_only is True, nested, problem)  # fmt: skip


def _class_problem(cls: type) -> str | None:
    decorators = getattr(cls, "__pydantic_decorators__", None)
    if decorators is None or not dataclasses.is_dataclass(cls):
        return "not a pydantic dataclass"
    if decorators.model_validators or decorators.field_validators or decorators.validators:
        return "model or field validator methods"
    if decorators.root_validators or decorators.field_serializers:
        return "root validators or serializers"
    return None


_PLANS: dict[type, ClassPlan] = {}


def class_plan(cls: type) -> ClassPlan:
    """The field plan of the dataclass ``cls``, computed on first use.

    A class that keeps fields as stored JSON declares ``_STORED_FORM`` before its first use.
    """
    found = _PLANS.get(cls)
    if found is None:
        compiler = _Compiler()
        fields = tuple(_field(compiler, cls, field) for field in dataclasses.fields(cls))
        found = _PLANS[cls] = ClassPlan(cls, fields, compiler.env, _class_problem(cls))
    return found
