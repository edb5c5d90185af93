"""Named backends, registered by the packages that provide them through an entry point.

A package adds a backend by declaring a factory (a class or function that returns a
:class:`~wandb_workspaces.backends.Backend`) in the entry point group
``wandb_workspaces.backends``; its pyproject.toml::

    [project.entry-points."wandb_workspaces.backends"]
    local = "panelbank.store.backend:LocalBackend"

The name ``local`` is the embedded store: the backend used when nothing is configured,
and by ``configure(local=True, home=...)``, which calls its factory with the keyword
arguments ``home`` and ``app_url`` (None for their defaults). Installing panelbank
registers it; the library itself provides none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ..errors import BackendNotConfiguredError
from ._base import Backend

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["ENTRY_POINT_GROUP", "LOCAL", "BackendFactory", "backend_names", "create_backend"]

ENTRY_POINT_GROUP = "wandb_workspaces.backends"
LOCAL = "local"

BackendFactory = Callable[..., Backend]

_DECLARE = (
    'a package registers one in its pyproject.toml: [project.entry-points."'
    + ENTRY_POINT_GROUP
    + '"] NAME = "module:Factory" (then reinstall it: pip install -e .)'
)
_NO_LOCAL = (
    "the embedded store is not installed (no {name!r} backend in the entry point group "
    "{group!r}); {fix} to save workspaces in a local store, or set WANDB_BASE_URL and "
    "WANDB_API_KEY (or call ws.configure(base_url=..., api_key=...)) to save them on a "
    "W&B-compatible server"
)
_INSTALL = "install panelbank (pip install panelbank)"
# panelbank importable without its entry point: installed before the entry point existed
_REINSTALL = (
    "panelbank is importable but not installed with its entry point: reinstall it "
    "(pip install -e . in its checkout)"
)


def backend_names() -> list[str]:
    """The names of the installed backends, sorted (``['local']`` with panelbank)."""
    return sorted({entry.name for entry in _entry_points()})


def create_backend(name: str, /, **options: Any) -> Backend:
    """A new backend of the factory registered as ``name``, called with ``options``.

    Raises :class:`~wandb_workspaces.errors.BackendNotConfiguredError` when no installed
    package registers ``name`` (or two register it differently, or it fails to load).

    Example::

        from wandb_workspaces.backends import LOCAL, configure, create_backend

        configure(backend=create_backend(LOCAL, home="/tmp/store"))
    """
    factory = _load(_find(name))
    backend = factory(**options)
    if not isinstance(backend, Backend):
        raise TypeError(
            f"the backend factory registered as {name!r} returned {type(backend).__name__}, "
            "which lacks the Backend methods (app_url, load_view, upsert_view, list_views, "
            "delete_view); fix the factory its package registers"
        )
    return backend


def _entry_points() -> list[EntryPoint]:
    import importlib.metadata  # on first use of a backend, not with the library

    return list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))


def _find(name: str) -> EntryPoint:
    entries = [entry for entry in _entry_points() if entry.name == name]
    # The same distribution can be found twice on sys.path; only different targets clash.
    targets = {entry.value: entry for entry in entries}
    if not targets:
        if name == LOCAL:
            fix = _REINSTALL if _application_importable() else _INSTALL
            raise BackendNotConfiguredError(
                _NO_LOCAL.format(name=name, group=ENTRY_POINT_GROUP, fix=fix)
            )
        installed = ", ".join(repr(known) for known in backend_names()) or "none"
        raise BackendNotConfiguredError(
            f"no backend named {name!r} is installed (installed: {installed}); {_DECLARE}"
        )
    if len(targets) > 1:
        found = "; ".join(f"{_origin(entry)}: {entry.value}" for entry in targets.values())
        raise BackendNotConfiguredError(
            f"{len(targets)} installed packages register a backend named {name!r} ({found}); "
            "uninstall all but one of them"
        )
    return next(iter(targets.values()))


def _application_importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("panelbank") is not None  # finds it, imports nothing


def _load(entry: EntryPoint) -> BackendFactory:
    try:
        factory: object = entry.load()
    except (ImportError, AttributeError) as exc:
        raise BackendNotConfiguredError(
            f"the backend {entry.name!r} ({entry.value}, from {_origin(entry)}) could not be "
            f"loaded: {type(exc).__name__}: {exc}; reinstall that package"
        ) from exc
    if not callable(factory):
        raise TypeError(
            f"the backend {entry.name!r} ({entry.value}, from {_origin(entry)}) is a "
            f"{type(factory).__name__}, not a factory; register a class or a function that "
            "returns a Backend"
        )
    return cast(BackendFactory, factory)


def _origin(entry: EntryPoint) -> str:
    dist = entry.dist
    return f"{dist.name} {dist.version}" if dist is not None else "an unnamed distribution"
