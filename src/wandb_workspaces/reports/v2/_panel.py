"""What every panel shares: its layout, its ``__id__``, its spec JSON, and load dispatch.

A panel's JSON is ``{"__id__", "layout", ["isAuto"], "viewType", "config"}``. Each panel
class declares ``VIEW_TYPE`` and its config keys, either as a table (``_CONFIG``, see
:mod:`._panel_config`), from which its writer and its loader are generated, or as two
methods, :meth:`Panel._config` (fields -> config JSON) and
:meth:`Panel._fields_from_config` (config JSON -> constructor keywords). The base class
turns those into :meth:`Panel.to_spec` / :func:`panel_from_spec`, and keeps every key it
does not model through :func:`~wandb_workspaces._roundtrip.merge`. A loaded panel keeps
its pristine state (:mod:`~wandb_workspaces._pristine`): unchanged, it writes back the
JSON it was loaded from.

A panel's fields are declared once, as dataclass fields of its class; their checks,
conversions, copy kinds and defaults come from the class's field plan
(:func:`~wandb_workspaces._plan.class_plan`, the one reader of annotations), and their
config keys from ``_CONFIG``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import Field, NonNegativeInt, PositiveInt

from ..._fast_init import default_factory
from ..._ids import generate_panel_id
from ..._pristine import remember, spec
from ..._roundtrip import copy_json
from ..._validation import model
from ...errors import SpecValidationError
from ._panel_config import ConfigKey, compile_writer, read_keys, stored_as_is, stored_forms
from ._panel_loader import LOADERS as _LOADERS
from ._panel_loader import fast_loader
from ._shared import plain_fields

__all__ = [
    "Layout",
    "Panel",
    "UnknownPanel",
    "load_panel",
    "load_panels",
    "panel_from_spec",
    "register_panel",
]

JSONDict = dict[str, Any]


@model(slots=True)
class Layout:
    """Where a panel sits on the 24-column grid of a custom-layout section."""

    x: NonNegativeInt = 0
    y: NonNegativeInt = 0
    w: PositiveInt = 8
    h: PositiveInt = 6

    def to_spec(self) -> JSONDict:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}

    @classmethod
    def from_spec(cls, data: Any) -> Layout:
        if not isinstance(data, dict):
            return cls()
        get = data.get  # a stored null is passed on (and rejected), a missing key defaults
        return cls(get("x", 0), get("y", 0), get("w", 8), get("h", 6))


@model
class Panel:
    """Base class of the panels a workspace section holds."""

    layout: Layout = Field(default_factory=default_factory(Layout), kw_only=True)

    VIEW_TYPE: ClassVar[str] = ""
    # A loaded panel tells its own edits apart (see _pristine); a section's list of
    # panels is copied in its pristine state, the panels are not.
    _TRACKS_EDITS: ClassVar[bool] = True
    # The config keys in the order written (see _panel_config); a class without a table
    # writes its config in its own _config.
    _CONFIG: ClassVar[tuple[ConfigKey, ...]] = ()
    # Config keys whose value is the field's value as it is (config key -> field),
    # derived from _CONFIG by register_panel.
    _STORED_AS_IS: ClassVar[dict[str, str]] = {}
    # Field -> (config keys, reader of their values) for the fields not stored as is.
    _READ: ClassVar[dict[str, tuple[tuple[str, ...], Callable[..., Any]]]] = {}
    # Field -> (write, read) for the fields a loaded panel keeps as stored (the field
    # plan's stored form, see _plan and _pristine).
    _STORED_FORM: ClassVar[dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]] = {}
    # The private attributes of a new panel (the generated loader starts from them too).
    _PRIVATE_STATE: ClassVar[JSONDict] = {
        "_id": None,
        "_is_auto": None,
        "_raw": None,
        "_pristine": None,
        "_loaded": None,
    }

    def __post_init__(self) -> None:
        self._id: str | None
        self._is_auto: bool | None
        self._raw: JSONDict | None
        self._pristine: tuple[Any, ...] | None
        self._loaded: JSONDict | None
        # Private state straight into the instance dict, not through the validating
        # __setattr__: a workspace builds hundreds of panels. The fast __init__ starts
        # from it already (see _fast_init); pydantic's does not. (A loaded panel then
        # takes its stored id in _remember.)
        state = self.__dict__
        if "_raw" not in state:
            state.update(self._PRIVATE_STATE)
        state["_id"] = generate_panel_id()

    # -- to be provided by each panel class -------------------------------------------
    def _config(self) -> JSONDict:
        """The config JSON; fresh containers only, never a list or dict a field holds."""
        cls = type(self)
        writer = _WRITERS.get(cls)
        if writer is None:
            if not cls._CONFIG:
                raise NotImplementedError(f"{cls.__name__} declares no _CONFIG")
            writer = _WRITERS[cls] = compile_writer(cls, cls._CONFIG)
        return writer(self)

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        """Constructor keywords for the fields that ``_CONFIG`` does not read."""
        return {}

    # -- spec ---------------------------------------------------------------------------
    def _wire(self, *, as_loaded: bool = False) -> JSONDict:
        """The panel's JSON from its fields alone (``as_loaded`` changes nothing here)."""
        data: JSONDict = {}
        if self._id:
            data["__id__"] = self._id
        data["layout"] = self.layout.to_spec()
        if self._is_auto is not None:
            data["isAuto"] = self._is_auto
        data["viewType"] = self.VIEW_TYPE
        # The class's generated writer once _config compiled it (a class that writes its
        # config in a _config of its own never gets one).
        writer = _WRITERS.get(type(self))
        data["config"] = self._config() if writer is None else writer(self)
        return data

    def to_spec(self) -> JSONDict:
        """The panel's JSON as the W&B app stores it in a section's ``panels``."""
        return copy_json(self._spec()) if self._raw is not None else self._wire()

    def _spec(self) -> JSONDict:
        """Like :meth:`to_spec`, but may share subtrees with the loaded JSON (no copy)."""
        return self._wire() if self._raw is None else spec(self)

    @classmethod
    def _parse(cls, data: JSONDict) -> Panel:
        """The panel of this JSON, remembering it (see :meth:`_remember`)."""
        loader = _LOADERS[cls] if cls in _LOADERS else fast_loader(cls)
        panel = loader(data) if loader is not None else None
        if panel is None:  # a value the generated loader does not take as it is
            panel = cls._construct(data)
            panel._remember(data)
        return panel

    @classmethod
    def _construct(cls, data: JSONDict) -> Panel:
        """The general path: constructor keywords from the JSON, validated by the class."""
        config = data.get("config")
        if not isinstance(config, dict):
            raise SpecValidationError(f"{cls.__name__}: 'config' must be an object")
        # A key the config does not hold (or holds as null) is a field left at its default.
        fields = plain_fields(config, cls._STORED_AS_IS)
        for name, (keys, read) in cls._READ.items():
            value = read(*[config.get(key) for key in keys])
            if value is not None:
                fields[name] = value
        for name, value in cls._fields_from_config(config).items():
            if value is not None:
                fields[name] = value
        fields["layout"] = Layout.from_spec(data.get("layout"))
        return cls(**fields)

    def _remember(self, data: JSONDict) -> None:
        """Adopt the identity of a loaded panel and the raw JSON it came from."""
        panel_id, is_auto = data.get("__id__"), data.get("isAuto")
        # One update, not a setattr (through the validating __setattr__) per name.
        self.__dict__.update(
            _id=panel_id if isinstance(panel_id, str) else None,
            _is_auto=is_auto if isinstance(is_auto, bool) else None,
        )
        # The loaded state, detached: comparing with it tells whether the panel changed
        # (in place too), and it writes the loaded JSON for a merge only then.
        remember(self, data)


@model
class UnknownPanel(Panel):
    """A panel this library does not model; it is written back exactly as loaded.

    ``spec`` holds the panel JSON; ``view_type`` is its ``viewType`` (or None).
    """

    spec: JSONDict = Field(default_factory=dict)

    # Its stored form is the JSON itself: unchanged while ``spec`` is the loaded object
    # (an edit in place edits the stored JSON too, which is then written as edited).
    _STORED_FORM: ClassVar[dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]] = {
        "spec": (lambda spec: spec, lambda spec: spec)
    }

    @property
    def view_type(self) -> str | None:
        value = self.spec.get("viewType")
        return value if isinstance(value, str) else None

    def to_spec(self) -> JSONDict:
        spec: JSONDict = copy_json(self.spec)
        return spec

    def _spec(self) -> JSONDict:
        return self.spec


_PARSERS: dict[str, Callable[[JSONDict], Panel]] = {}
# The view types whose parser is a class's _parse (their generated loaders may be called
# directly, see load_panels).
_CLASSES: dict[str, type[Panel]] = {}
_WRITERS: dict[type, Callable[[Panel], JSONDict]] = {}


def register_panel(*view_types: str) -> Callable[[type[Panel]], type[Panel]]:
    """Class decorator: load JSON panels of these view types with this class."""

    def decorate(cls: type[Panel]) -> type[Panel]:
        if "_CONFIG" in cls.__dict__:
            cls._STORED_AS_IS = stored_as_is(cls._CONFIG)
            cls._READ = read_keys(cls._CONFIG)
            cls._STORED_FORM = stored_forms(cls._CONFIG)
        for view_type in view_types:
            _PARSERS[view_type] = cls._parse
            _CLASSES[view_type] = cls
        return cls

    return decorate


def register_parser(view_type: str, parser: Callable[[JSONDict], Panel]) -> None:
    """Load JSON panels of this view type with ``parser`` (for families like Weave)."""
    _PARSERS[view_type] = parser
    _CLASSES.pop(view_type, None)


def panel_from_spec(data: Any) -> Panel:
    """Load a panel from its JSON; anything we cannot model becomes an UnknownPanel."""
    return load_panel(copy_json(data))


def load_panel(data: Any) -> Panel:
    """:func:`panel_from_spec` for JSON the caller owns: the panel keeps it without a copy."""
    if not isinstance(data, dict):
        raise SpecValidationError(
            "invalid panel: a panel must be a JSON object", [("panel", repr(data)[:80])]
        )
    view_type = data.get("viewType")
    parser = _PARSERS.get(view_type) if isinstance(view_type, str) else None
    if parser is None:
        return _unknown(data)
    try:
        panel = parser(data)
        if panel._raw is not data:
            panel._remember(data)
    except (SpecValidationError, TypeError, ValueError, KeyError, IndexError) as exc:
        warnings.warn(
            f"panel {data.get('__id__', '?')!r} of type {view_type!r} does not match its "
            f"schema ({str(exc).splitlines()[0]}); it is kept unchanged as an UnknownPanel",
            UserWarning,
            stacklevel=2,
        )
        return _unknown(data)
    return panel


def load_panels(items: list[Any]) -> list[Panel]:
    """``[load_panel(item) for item in items]``, calling generated loaders directly.

    A section loads its panels by the dozen: a panel the generated loader of its class
    takes skips the two calls on the way to it; any other goes through
    :func:`load_panel` (whose results, warnings and errors it keeps).
    """
    panels: list[Panel] = []
    for data in items:
        panel = None
        view_type = data.get("viewType") if type(data) is dict else None
        if type(view_type) is str and view_type in _CLASSES:
            loader = _LOADERS.get(_CLASSES[view_type])
            if loader is not None:
                panel = loader(data)
        panels.append(load_panel(data) if panel is None else panel)
    return panels


def _unknown(data: JSONDict) -> UnknownPanel:
    panel = UnknownPanel(spec=data)
    remember(panel, data)
    return panel
