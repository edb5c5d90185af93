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
    ├── BackendNotConfiguredError        a backend was asked for that cannot be used
    │   (NotImplementedError)             here (no backend is installed under that name,
    │                                     e.g. the embedded store without panelbank)
    └── BackendError                     saving, loading, listing or deleting failed
        ├── AuthenticationError          no API key, or the server rejected it (401)
        ├── NotFoundError (ValueError)   the project or view does not exist
        ├── AmbiguousViewError           several views share the display name asked
        │   (ValueError)                  for; the message lists their URLs
        ├── ConflictError                the view was changed by someone else since it
        │                                 was loaded or saved (save(force=True) overrides)
        ├── ServerError                  the server answered with an error (GraphQL
        │                                 ``errors``, an HTTP error status)
        └── RequestError                 the server could not be reached (connection
                                          error, timeout), retries exhausted

``SpecValidationError`` subclasses ``ValueError`` so code written for the official
package, which raises pydantic's ``ValidationError`` (itself a ``ValueError``), keeps
working when it catches ``ValueError``; ``NotFoundError`` is a ``ValueError`` for the
same reason (the official package raises ``ValueError`` for an unknown project or view).

:func:`closest` is the "did you mean" rule the messages use, for tools built on the
library to suggest names the same way.
"""

from __future__ import annotations

import difflib

__all__ = [
    "AmbiguousViewError",
    "AuthenticationError",
    "BackendError",
    "BackendNotConfiguredError",
    "ConflictError",
    "FilterSyntaxError",
    "NotFoundError",
    "RequestError",
    "ServerError",
    "SpecValidationError",
    "SpecVersionError",
    "UnsupportedViewError",
    "WorkspacesError",
    "closest",
]


def closest(word: str, choices: list[str]) -> str | None:
    """The choice closest to ``word``, for a "did you mean" hint; None when none is close.

    >>> closest("gausian", ["gaussian", "average", "none"])
    'gaussian'
    """
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


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
    """A backend was asked for that cannot be used here.

    Raised when no installed package registers the backend asked for (see
    :mod:`wandb_workspaces.backends`): the embedded store (``local``) when the
    ``panelbank`` application is not installed and ``WANDB_BASE_URL`` / ``WANDB_API_KEY``
    are not set, or when a registered backend cannot be loaded.
    """


class BackendError(WorkspacesError):
    """Saving, loading, listing or deleting a view failed in the backend."""


class AuthenticationError(BackendError):
    """No API key was found for the server, or the server rejected it (HTTP 401)."""


class NotFoundError(BackendError, ValueError):
    """The project or the view asked for does not exist (or is not visible to you)."""


class AmbiguousViewError(BackendError, ValueError):
    """Several views of the project have the display name asked for."""


class ConflictError(BackendError):
    """The view changed in the backend since this workspace loaded or saved it.

    Raised by ``Workspace.save()`` instead of overwriting someone else's change; the
    message says how to keep yours (``save(force=True)``) or theirs
    (``Workspace.from_url(url)``).
    """


class ServerError(BackendError):
    """The server answered with an error: GraphQL ``errors`` or an HTTP error status.

    ``status`` is the HTTP status code (200 for GraphQL errors in a normal answer).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RequestError(BackendError):
    """The server could not be reached (connection refused, timeout) after retrying."""
