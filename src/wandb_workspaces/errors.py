"""The exceptions the ``wandb_workspaces`` library raises.

::

    WorkspacesError                     every error of this library
    ├── SpecValidationError (ValueError) a declaration or a spec value is invalid;
    │   │                                 the message names the field path, the bad
    │   │                                 value and the valid values
    │   └── FilterSyntaxError            a filter string cannot be parsed; the message
    │                                     names the column and what was expected
    ├── SpecVersionError                 a stored spec has a version this library
    │                                     does not read (workspaces.errors)
    ├── UnsupportedViewError             a URL names something that is not a saved
    │                                     workspace view (workspaces.errors)
    └── BackendNotConfiguredError        save/load was asked for but no backend is
        (NotImplementedError)             available yet

``SpecValidationError`` subclasses ``ValueError`` so code written for the official
package, which raises pydantic's ``ValidationError`` (itself a ``ValueError``), keeps
working when it catches ``ValueError``.
"""

from __future__ import annotations

__all__ = [
    "BackendNotConfiguredError",
    "FilterSyntaxError",
    "SpecValidationError",
    "SpecVersionError",
    "UnsupportedViewError",
    "WorkspacesError",
]


class WorkspacesError(Exception):
    """Base class of every error raised by ``wandb_workspaces``."""


class SpecValidationError(WorkspacesError, ValueError):
    """A declaration or a stored spec holds an invalid value.

    ``problems`` lists ``(path, message)`` pairs, one per invalid field, where
    ``path`` is dotted (``Workspace.sections[0].panels[2].smoothing_type``).
    """

    def __init__(self, title: str, problems: list[tuple[str, str]] | None = None) -> None:
        self.title = title
        self.problems = list(problems or [])
        lines = [title] + [f"  {path}: {message}" for path, message in self.problems]
        super().__init__("\n".join(lines))


class FilterSyntaxError(SpecValidationError):
    """A filter string is malformed.

    ``column`` is 1-based; the message reads like
    ``filters: expected a value after '>=' at column 23``.
    """

    def __init__(self, message: str, text: str, column: int) -> None:
        self.text = text
        self.column = column
        self.reason = message
        super().__init__(f"filters: {message} at column {column}")
        # Show the string with a caret under the column, like a compiler would.
        pointer = " " * (column - 1) + "^"
        self.args = (f"{self.title}\n    {text}\n    {pointer}",)


class SpecVersionError(WorkspacesError):
    """A stored spec carries a ``version`` this library cannot read."""


class UnsupportedViewError(WorkspacesError):
    """A URL does not name a saved workspace view (``/<entity>/<project>?nw=<id>``)."""


class BackendNotConfiguredError(WorkspacesError, NotImplementedError):
    """Saving or loading was asked for, but no backend can serve it yet."""
