"""The base of report blocks, the block registry, and ``UnknownBlock``.

A report's ``spec.blocks`` is a list of Slate nodes, each with a ``type``. Each block
class writes its node (``_wire``) and registers a loader for its type (:func:`register`).
A loaded block keeps the JSON it came from (``_raw``) and what it wrote right after
loading (``_loaded``): unchanged, it writes the stored JSON back as it was; after an
edit, only the keys whose written value changed are replaced (:func:`._roundtrip.merge`),
so keys no class models survive. A node of a type we do not model, or one whose shape
its class cannot read, is kept as an :class:`UnknownBlock` and written back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from ..._roundtrip import copy_json, merge
from ..._validation import model
from ...errors import SpecValidationError
from ._panel import Panel

__all__ = [
    "Block",
    "UnknownBlock",
    "block_from_spec",
    "check_blocks",
    "load_block",
    "register",
]

JSONDict = dict[str, Any]

_LOADERS: dict[str, Callable[[JSONDict], Block | None]] = {}

# What a loader may raise on a node of an unexpected shape (it is then kept as unknown).
_SHAPE_ERRORS = (SpecValidationError, TypeError, ValueError, KeyError, IndexError, AttributeError)


@model
class Block:
    """Base class of report blocks (``report.blocks`` holds them)."""

    _PRIVATE_STATE: ClassVar[JSONDict] = {"_raw": None, "_loaded": None}

    def __post_init__(self) -> None:
        self._raw: JSONDict | None
        self._loaded: JSONDict | None
        state = self.__dict__
        if "_raw" not in state:
            state.update(self._PRIVATE_STATE)

    def _shares_loaded_json(self) -> bool:
        """Whether ``_wire`` may hand out JSON that loaded objects keep (then copied)."""
        return False

    def _wire(self) -> JSONDict:
        """The block's node from its fields alone (fresh containers, but see above)."""
        raise NotImplementedError(f"{type(self).__name__} does not write a block")

    def to_spec(self) -> JSONDict:
        """The block's JSON as the report spec stores it in ``blocks``."""
        current = self._wire()
        raw, loaded = self._raw, self._loaded
        if raw is None or loaded is None:
            return copy_json(current) if self._shares_loaded_json() else current
        if current == loaded:
            return copy_json(raw)
        return copy_json(merge(raw, loaded, current))


class UnknownBlock(Block):
    """A block of a type this library does not model, written back exactly as loaded.

    Its keys read as attributes (``block.type``); ``spec`` is the whole node.
    """

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(self._PRIVATE_STATE)
        self.__dict__["_data"] = dict(fields)

    @property
    def spec(self) -> JSONDict:
        """The block's JSON node (edit it in place to change the block)."""
        data: JSONDict = self.__dict__["_data"]
        return data

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("_data", {})
        if name in data:
            return data[name]
        raise AttributeError(f"{type(self).__name__} has no key {name!r}")

    def __repr__(self) -> str:
        return f"UnknownBlock(type={self.spec.get('type')!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnknownBlock) and other.spec == self.spec

    __hash__ = None  # type: ignore[assignment]

    def _wire(self) -> JSONDict:
        data: JSONDict = copy_json(self.spec)
        return data


def check_blocks(value: Any) -> Any:
    """Name the usual mistakes in a list of blocks (before pydantic's own check)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            hint = _hint(item)
            if hint:
                raise ValueError(f"item {index} ({type(item).__name__}) is not a block: {hint}")
    return value


def _hint(item: Any) -> str | None:
    if isinstance(item, Panel):
        return "panels go in a panel grid, wr.PanelGrid(panels=[...])"
    if isinstance(item, str):
        return "text goes in a paragraph, wr.P(...), or a heading, wr.H1(...)"
    return None


def register(block_type: str) -> Callable[[Callable[[JSONDict], Block | None]], Any]:
    """Decorator: load nodes of ``block_type`` with the decorated function (None: unknown)."""

    def decorate(loader: Callable[[JSONDict], Block | None]) -> Any:
        _LOADERS[block_type] = loader
        return loader

    return decorate


def load_block(data: Any, where: str = "block") -> Block:
    """The block of a node the caller owns (kept without a copy); unknown types stay as they are."""
    if not isinstance(data, dict):
        raise SpecValidationError(
            f"invalid {where}: a block must be a JSON object with a 'type', "
            f"got {type(data).__name__}"
        )
    kind = data.get("type")
    loader = _LOADERS.get(kind) if isinstance(kind, str) else None
    if loader is not None:
        try:
            block = loader(data)
            if block is not None:
                # What it writes right after loading (the base of a later merge).
                loaded = block._wire()
                block.__dict__.update(_raw=data, _loaded=loaded)
                return block
        except _SHAPE_ERRORS:
            pass  # a shape its class cannot read (or write): kept as it is
    # Its own copy: edits in place must not reach the stored JSON.
    unknown = UnknownBlock(**copy_json(data))
    unknown.__dict__.update(_raw=data, _loaded=unknown._wire())
    return unknown


def block_from_spec(data: Any) -> Block:
    """Load a block from its JSON node (a copy is kept), losslessly."""
    return load_block(copy_json(data))
