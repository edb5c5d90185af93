"""Checks a view spec passes before anything is written.

Every spec must be a JSON object within the size limit; a ``project-view`` spec must
also load with the library (``Workspace.from_spec``), whose message is passed on.
"""

from __future__ import annotations

import json
import threading
import warnings
from typing import Any

from wandb_workspaces import wire
from wandb_workspaces.backends import DRAFT_VIEW_TYPE, REPORT_VIEW_TYPE
from wandb_workspaces.errors import WorkspacesError
from wandb_workspaces.workspaces import Workspace

from .errors import InvalidSpecError, InvalidViewTypeError, SpecTooLargeError

__all__ = [
    "DEFAULT_MAX_SPEC_BYTES",
    "VIEW_TYPES",
    "WORKSPACE_VIEW_TYPE",
    "check_view_type",
    "validate_spec",
]

DEFAULT_MAX_SPEC_BYTES = 16 * 1024 * 1024
WORKSPACE_VIEW_TYPE = "project-view"
#: what a view may be: a saved workspace, a report, a report's draft
VIEW_TYPES = (WORKSPACE_VIEW_TYPE, REPORT_VIEW_TYPE, DRAFT_VIEW_TYPE)


def check_view_type(type: object) -> None:
    """Raise :class:`InvalidViewTypeError` unless ``type`` is one of :data:`VIEW_TYPES`."""
    if type not in VIEW_TYPES:
        valid = ", ".join(repr(t) for t in VIEW_TYPES)
        raise InvalidViewTypeError(
            f"{type!r} is not a view type this server stores; use one of {valid} "
            f"({WORKSPACE_VIEW_TYPE!r} for a saved workspace, {REPORT_VIEW_TYPE!r} for a "
            f"report, {DRAFT_VIEW_TYPE!r} for a report's draft)"
        )


# warnings.catch_warnings swaps process-wide state; threads validating at once would
# restore each other's filters, so they take turns.
_WARNINGS_LOCK = threading.Lock()


def validate_spec(
    spec: str,
    *,
    type: str,
    entity: str,
    project: str,
    display_name: str,
    max_bytes: int = DEFAULT_MAX_SPEC_BYTES,
) -> None:
    """Raise :class:`InvalidSpecError` unless ``spec`` may be stored as a view of ``type``."""
    what = f"view {display_name!r} ({type}) in {entity}/{project}"
    if not isinstance(spec, str):
        raise InvalidSpecError(f"{what}: the spec must be JSON text, got {builtin_type(spec)}")
    try:
        size = len(spec.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InvalidSpecError(f"{what}: the spec is not valid UTF-8 text ({exc})") from None
    if size > max_bytes:
        raise SpecTooLargeError(
            f"{what}: the spec is {size} bytes, over the limit of {max_bytes} bytes; "
            "save fewer panels per view or raise max_spec_bytes (PANELBANK_MAX_SPEC_BYTES)"
        )
    try:
        data = wire.loads(spec)
    except json.JSONDecodeError as exc:
        raise InvalidSpecError(
            f"{what}: the spec is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise InvalidSpecError(f"{what}: the spec is nested too deeply to read") from None
    if not isinstance(data, dict):
        raise InvalidSpecError(f"{what}: the spec must be a JSON object, got {builtin_type(data)}")
    if type == WORKSPACE_VIEW_TYPE:
        # The parsed object, not the text: the spec is read once.
        _check_workspace(data, what=what, entity=entity, project=project, name=display_name)


def _check_workspace(
    spec: dict[str, Any], *, what: str, entity: str, project: str, name: str
) -> None:
    with _WARNINGS_LOCK, warnings.catch_warnings(record=True):
        # Warnings (e.g. a deprecated setting) describe a spec we can still store.
        warnings.simplefilter("ignore")
        try:
            Workspace.from_spec(spec, entity=entity, project=project, name=name)
        except (WorkspacesError, ValueError, TypeError, KeyError, IndexError) as exc:
            raise InvalidSpecError(f"{what}: {exc}") from exc
        except RecursionError:
            raise InvalidSpecError(f"{what}: the spec is nested too deeply to load") from None


def builtin_type(value: object) -> str:
    """A JSON-ish name for the type of ``value``, for messages."""
    names = {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
