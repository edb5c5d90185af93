"""The exceptions of the workspaces-as-code workflow (``panelbank.workflow``).

::

    WorkflowError                 every error of the workflow; its message says what was
    │                              wrong, where, and how to fix it
    ├── FileLoadError             workspace files cannot be read: missing, not Python/YAML/
    │                              JSON, binding no workspace, or declaring invalid ones
    │                              (``problems``: each with file, line and field path)
    ├── MatchError                a declaration matches no view it can use (an explicit
    │                              id/url that does not exist) or several views by name
    ├── StaleViewError            ``apply`` found the view edited elsewhere since the last
    │                              apply from this file (``--force`` overwrites, or deletes
    │                              with ``--prune``)
    └── ExportError               a view cannot be written in the requested format
"""

from __future__ import annotations

__all__ = ["ExportError", "FileLoadError", "MatchError", "StaleViewError", "WorkflowError"]


class WorkflowError(Exception):
    """Base class of every error of ``panelbank.workflow``."""


class FileLoadError(WorkflowError):
    """A workspace file cannot be loaded (raised by :mod:`panelbank.workflow.files`).

    ``problems`` has one entry per problem (``file:line: field.path: what is wrong``);
    the message is all of them, one per line."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems) if problems else [message]
        super().__init__(message)


class MatchError(WorkflowError):
    """A declaration cannot be matched to one view (raised by :mod:`.match`)."""


class StaleViewError(WorkflowError):
    """The view changed since the last apply from this file (raised by ``apply``)."""


class ExportError(WorkflowError):
    """A view cannot be exported in the requested format (raised by :mod:`.export`)."""
