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
import traceback
import warnings
from pathlib import Path
from types import TracebackType
from typing import Any

import wandb_workspaces.workspaces as ws
from wandb_workspaces.errors import FilterSyntaxError, SpecValidationError, WorkspacesError

from .document import DocumentError, from_document
from .errors import FileLoadError, WorkflowError
from .reports import DeclaredReport, report_bindings
from .yaml_io import YAMLError, load_yaml, yaml_lines

__all__ = ["DOCUMENT_SUFFIXES", "Declared", "load_file", "load_files", "load_views"]

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


def _script_line(path: Path, tb: TracebackType | None) -> int | None:
    """The line of the script that was running when it raised (the innermost frame)."""
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if Path(frame.f_code.co_filename).resolve() == path.resolve():
            line = lineno
    return line


def _run_script(path: Path) -> dict[str, Any]:
    """The names a script binds; :class:`FileLoadError` with the line where it failed."""
    try:
        namespace = runpy.run_path(str(path), run_name="__panelbank__")
    except SyntaxError as exc:
        raise FileLoadError(f"{path}:{exc.lineno}: invalid Python: {exc.msg}") from None
    except WorkspacesError as exc:
        line = _script_line(path, exc.__traceback__)
        problems = getattr(exc, "problems", None) or [("", str(exc))]
        raise _problems([_where(path, line, problem) for problem in problems]) from None
    except Exception as exc:
        line = _script_line(path, exc.__traceback__)
        where = f"{path}:{line}" if line else str(path)
        raise FileLoadError(f"{where}: the script raised {type(exc).__name__}: {exc}") from None
    return namespace


def _from_script(path: Path, namespace: dict[str, Any] | None = None) -> list[Declared]:
    namespace = _run_script(path) if namespace is None else namespace
    reports = report_bindings(namespace, path)
    if reports is not None:
        raise FileLoadError(
            f"{path} declares {len(reports)} report(s); this command takes workspace files "
            "(plan and apply take report files too)"
        )
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
    declared = [Declared(item, path, index, view) for index, item in enumerate(items)]
    source = path.read_text(encoding="utf-8")
    problems = [
        _where(path, _python_line(source, problem), problem)
        for item in declared
        for problem in _spec_problems(item.workspace)
    ]
    if problems:
        raise _problems(problems)
    return declared


def _spec_problems(workspace: ws.Workspace) -> list[tuple[str, str]]:
    """What only writing the spec finds (a malformed filter string), as (path, message)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workspace.to_spec()
    except FilterSyntaxError as exc:
        return [("runset_settings.filters", str(exc))]
    except SpecValidationError as exc:
        return exc.problems or [("", str(exc))]
    except WorkspacesError as exc:
        return [("", str(exc))]
    return []


def _python_line(source: str, problem: tuple[str, str]) -> int | None:
    """The line of a script that holds the bad filter string, when it is written there."""
    path, message = problem
    text = message.splitlines()[1].strip() if path.endswith("filters") and "\n" in message else ""
    if not text:
        return None
    found = [n for n, line in enumerate(source.splitlines(), 1) if text in line]
    return found[0] if found else None


def _where(path: Path, line: int | None, problem: tuple[str, str]) -> str:
    field, message = problem
    place = f"{path}:{line}" if line else str(path)
    return f"{place}: {field}: {message}" if field else f"{place}: {message}"


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


def _lines(text: str) -> dict[str, int]:
    try:
        return yaml_lines(text)
    except YAMLError:  # JSON that YAML 1.1 does not read: no lines, the paths still say where
        return {}


def _line(lines: dict[str, int], path: str) -> int | None:
    """The line of ``path``, or of the closest enclosing key that is written in the file."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[: max(cut, 0)]


def _from_document(path: Path) -> list[Declared]:
    text = path.read_text(encoding="utf-8")
    data = _read_document(path, text)
    prefix = ""
    if isinstance(data, dict) and "workspaces" in data:
        data, prefix = data["workspaces"], "workspaces"
    items = data if isinstance(data, list) else [data]
    lines: dict[str, int] | None = None
    out: list[Declared] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        root = f"{prefix}[{index}]" if isinstance(data, list) else ""
        if not isinstance(item, dict):
            found = [(root, "a workspace is a mapping with entity, project, name")]
        else:
            item = dict(item)
            view = item.pop("url", None) or item.pop("view", None)
            try:
                workspace = from_document(item)
            except DocumentError as exc:
                found = [(_in(root, p), message) for p, message in exc.fields]
            else:
                found = [(_in(root, p), m) for p, m in _spec_problems(workspace)]
                out.append(Declared(workspace, path, index, str(view) if view else None))
        if found and lines is None:
            lines = _lines(text)
        problems += [_where(path, _line(lines or {}, p), (p, m)) for p, m in found]
    if problems:
        raise _problems(problems)
    return out


def _problems(problems: list[str]) -> FileLoadError:
    return FileLoadError("\n".join(problems), problems)


def _in(root: str, path: str) -> str:
    if not root:
        return path
    return f"{root}{path}" if path.startswith("[") else (f"{root}.{path}" if path else root)


def load_file(path: str | Path) -> list[Declared]:
    """The workspaces a file declares; :class:`FileLoadError` lists every problem, each
    with the file, the line where it can be told and the field path."""
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


def load_views(paths: list[str] | list[Path]) -> tuple[list[Declared], list[DeclaredReport]]:
    """Every workspace and every report the files declare (a script binds workspaces or
    reports; documents declare workspaces); :class:`FileLoadError` lists the problems of
    every file."""
    workspaces: list[Declared] = []
    reports: list[DeclaredReport] = []
    problems: list[str] = []
    for path in dict.fromkeys(Path(p).resolve() for p in paths):
        given = next(Path(p) for p in paths if Path(p).resolve() == path)
        try:
            if given.suffix == ".py" and given.is_file():
                namespace = _run_script(given)
                found = report_bindings(namespace, given)
                if found is not None:
                    reports += found
                    continue
                workspaces += _from_script(given, namespace)
            else:
                workspaces += load_file(given)
        except FileLoadError as exc:
            problems += exc.problems
    if problems:
        raise _problems(problems)
    if not workspaces and not reports:
        raise WorkflowError("no workspace files given")
    return workspaces, reports


def load_files(paths: list[str] | list[Path]) -> list[Declared]:
    """Every declaration of every file, in order (a file given twice is read once);
    :class:`FileLoadError` lists the problems of every file, not only the first's."""
    out: list[Declared] = []
    problems: list[str] = []
    for path in dict.fromkeys(Path(p).resolve() for p in paths):
        given = next(Path(p) for p in paths if Path(p).resolve() == path)
        try:
            out.extend(load_file(given))
        except FileLoadError as exc:
            problems += exc.problems
    if problems:
        raise _problems(problems)
    if not out:
        raise WorkflowError("no workspace files given")
    return out
