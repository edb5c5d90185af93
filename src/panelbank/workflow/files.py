"""Workspace files: Python scripts and YAML/JSON documents that declare workspaces.

* ``*.py``: runs the script; it binds ``workspace`` (a ``ws.Workspace``) or
  ``workspaces`` (a list of them). A script with one workspace may also bind ``url``
  (a saved view's URL) or ``view`` (its ``nw`` id) to name the view it manages.
* ``*.yaml`` / ``*.yml`` / ``*.json``: one document (:mod:`.document`), a list of them, or
  ``{workspaces: [...]}``; each may carry ``url:`` or ``view:``.

:func:`load_file` is what ``plan``, ``apply``, ``validate`` and ``diff`` use (and what a
live preview reloads on every save).
"""

from __future__ import annotations

import dataclasses
import json
import runpy
from pathlib import Path
from typing import Any

import wandb_workspaces.workspaces as ws
from wandb_workspaces.errors import WorkspacesError

from .document import from_document
from .errors import FileLoadError, WorkflowError
from .yaml_io import YAMLError, load_yaml

__all__ = ["DOCUMENT_SUFFIXES", "Declared", "load_file", "load_files"]

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclasses.dataclass
class Declared:
    """One workspace declared in a file; ``view`` is an explicit URL or ``nw`` id, if any."""

    workspace: ws.Workspace
    path: Path
    index: int = 0
    view: str | None = None

    @property
    def label(self) -> str:
        """``entity/project "name"``, as plan and apply print it."""
        w = self.workspace
        return f'{w.entity}/{w.project} "{w.name}"'


def _from_script(path: Path) -> list[Declared]:
    try:
        namespace = runpy.run_path(str(path), run_name="__panelbank__")
    except SyntaxError as exc:
        raise FileLoadError(f"{path}:{exc.lineno}: invalid Python: {exc.msg}") from None
    except WorkspacesError as exc:
        first = str(exc).splitlines()[0]
        raise FileLoadError(f"{path}: invalid workspace: {first}") from None
    except Exception as exc:
        raise FileLoadError(f"{path}: the script raised {type(exc).__name__}: {exc}") from None
    found = namespace.get("workspaces", namespace.get("workspace"))
    items = found if isinstance(found, list) else [found]
    if not items or not all(isinstance(item, ws.Workspace) for item in items):
        kind = "nothing" if found is None else type(found).__name__
        raise FileLoadError(
            f"{path} must bind a ws.Workspace to `workspace` or a list of them to "
            f"`workspaces` (found {kind})"
        )
    view = namespace.get("url") or namespace.get("view")
    if view is not None and (not isinstance(view, str) or len(items) != 1):
        raise FileLoadError(
            f"{path}: `url`/`view` names the view of a single `workspace`; a string is expected"
        )
    return [Declared(item, path, index, view) for index, item in enumerate(items)]


def _read_document(path: Path, text: str) -> Any:
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileLoadError(
                f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
            ) from None
    try:
        return load_yaml(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileLoadError(f"{where}: invalid YAML: {problem}") from None


def _from_document(path: Path) -> list[Declared]:
    data = _read_document(path, path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "workspaces" in data:
        data = data["workspaces"]
    items = data if isinstance(data, list) else [data]
    out: list[Declared] = []
    for index, item in enumerate(items):
        where = f"{path}" if len(items) == 1 else f"{path}: workspaces[{index}]"
        if not isinstance(item, dict):
            raise FileLoadError(f"{where}: a workspace is a mapping with entity, project, name")
        item = dict(item)
        view = item.pop("url", None) or item.pop("view", None)
        try:
            workspace = from_document(item, where)
        except WorkspacesError as exc:
            raise FileLoadError(f"{where}: {str(exc).splitlines()[0]}") from None
        out.append(Declared(workspace, path, index, str(view) if view else None))
    return out


def load_file(path: str | Path) -> list[Declared]:
    """The workspaces a file declares; :class:`FileLoadError` says what is wrong and where."""
    path = Path(path)
    if not path.is_file():
        raise FileLoadError(f"no such file: {path}")
    if path.suffix == ".py":
        return _from_script(path)
    if path.suffix in DOCUMENT_SUFFIXES:
        return _from_document(path)
    raise FileLoadError(
        f"{path}: unknown kind of file; a workspace file ends in .py, .yaml, .yml or .json"
    )


def load_files(paths: list[str] | list[Path]) -> list[Declared]:
    """Every declaration of every file, in order."""
    out: list[Declared] = []
    for path in paths:
        out.extend(load_file(path))
    if not out:
        raise WorkflowError("no workspace files given")
    return out
