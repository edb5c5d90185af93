"""Where a saved view is shown: ``{app_url}/{entity}/{project}?nw={id}``, both ways.

The ``id`` of the address is the view's internal name (``nw-<id>-v``) without its
``nw-`` prefix and ``-v`` suffix; ``app_url`` is the backend's (:attr:`Backend.app_url`).
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..errors import UnsupportedViewError
from ..utils.validators import validate_url
from ._base import Backend
from ._config import get_backend

__all__ = ["parse_workspace_url", "view_url"]

_EXAMPLE = "https://wandb.ai/<entity>/<project>?nw=<id>"


def view_url(entity: str, project: str, name: str, backend: Backend | None = None) -> str:
    """The address of the view ``name`` (``nw-<id>-v``) on ``backend`` (default: the configured).

    Example: with ``panelbank serve`` as the backend,
    ``view_url("my team", "proj", "nw-abc123-v")`` is
    ``"http://127.0.0.1:8080/my%20team/proj?nw=abc123"``.
    """
    app_url = (backend or get_backend()).app_url
    view_id = name.removeprefix("nw-").removesuffix("-v")
    return f"{app_url}/{quote(entity, safe='')}/{quote(project, safe='')}?nw={quote(view_id)}"


def parse_workspace_url(url: str) -> tuple[str, str, str]:
    """``(entity, project, internal view name)`` of a saved-view URL.

    Accepts ``/<entity>/<project>``, ``/<entity>/<project>/`` and
    ``/<entity>/<project>/workspace`` (or ``/table``) paths; the host is not used. Any
    other address raises :class:`~wandb_workspaces.errors.UnsupportedViewError`.

    >>> parse_workspace_url("https://wandb.ai/team/proj?nw=abc123")
    ('team', 'proj', 'nw-abc123-v')
    """
    validate_url(url)
    parsed = urlsplit(url)
    parts = [unquote(part) for part in parsed.path.split("/")]
    entity, project = parts[1], parts[2]
    view_ids = parse_qs(parsed.query).get("nw", [])
    if not view_ids or not view_ids[0]:
        raise UnsupportedViewError(
            f"{url!r} has no ?nw=<id>, so it names no saved workspace view; use the URL "
            f"save() printed or Workspace.url, which looks like {_EXAMPLE}"
        )
    return entity, project, f"nw-{view_ids[0]}-v"
