"""Which backend ``Workspace`` talks to: chosen by ``configure()``, else from the environment.

Resolution, at first use (and again after ``configure()`` with no arguments):

1. ``configure(backend=...)``, ``configure(base_url=..., api_key=...)`` or
   ``configure(local=True, home=...)``;
2. else, if ``WANDB_BASE_URL`` or ``WANDB_API_KEY`` is set: a :class:`GraphQLBackend` on
   ``WANDB_BASE_URL`` (default ``https://api.wandb.ai``) with ``WANDB_API_KEY``, or the
   password of the ``~/.netrc`` entry (``$NETRC`` if set) for the host, as the W&B SDK
   does;
3. else the embedded store: the backend registered under the name ``local`` (panelbank
   registers its store under ``PANELBANK_HOME``; see ``_registry``). Without one, a
   ``BackendNotConfiguredError`` says to install panelbank or set ``WANDB_BASE_URL`` /
   ``WANDB_API_KEY``.
"""

from __future__ import annotations

import netrc
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from ._base import Backend
from ._registry import LOCAL, create_backend

__all__ = ["DEFAULT_BASE_URL", "api_key_for", "configure", "get_backend"]

DEFAULT_BASE_URL = "https://api.wandb.ai"

_lock = threading.Lock()
_backend: Backend | None = None
_owned = False  # whether _backend was built here (and is closed when replaced)


def configure(
    backend: Backend | None = None,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    app_url: str | None = None,
    local: bool = False,
    home: str | os.PathLike[str] | None = None,
) -> Backend | None:
    """Choose where workspaces are saved and loaded from; returns the backend chosen.

    * ``configure(base_url="http://127.0.0.1:8080", api_key="local-...")``: a W&B-compatible
      server (W&B cloud, W&B Server, ``panelbank serve``). Without ``api_key`` the key comes
      from ``WANDB_API_KEY`` or ``~/.netrc``; without ``base_url``, ``WANDB_BASE_URL`` or W&B
      cloud.
    * ``configure(local=True, home="~/.panelbank")``: the embedded store, no server (the
      backend registered as ``local``, which installing panelbank provides).
    * ``configure(backend=my_backend)``: any object with the ``Backend`` methods.
    * ``configure()``: forget the choice; the next use decides from the environment.

    ``app_url`` overrides the address used in ``Workspace.url``.

    Example::

        import wandb_workspaces.workspaces as ws

        ws.configure(local=True, home=tmp_path)
        workspace = ws.Workspace(entity="me", project="demo").save()
        print(workspace.url)  # http://127.0.0.1:8080/me/demo?nw=...
    """
    global _backend, _owned
    chosen: Backend | None
    if backend is not None:
        if base_url or api_key or local or home is not None or app_url:
            raise TypeError("configure(backend=...) takes no other arguments")
        chosen = backend
    elif local or home is not None:
        if base_url or api_key:
            raise TypeError("configure(local=True) cannot be combined with base_url/api_key")
        chosen = create_backend(LOCAL, home=home, app_url=app_url)
    elif base_url or api_key:
        chosen = _graphql_backend(base_url, api_key, app_url)
    elif app_url:
        raise TypeError("configure(app_url=...) needs base_url=..., local=True or backend=...")
    else:
        chosen = None
    with _lock:
        previous, owned = _backend, _owned
        _backend, _owned = chosen, chosen is not None and backend is None
    if owned and previous is not None and previous is not chosen:
        close = getattr(previous, "close", None)
        if callable(close):
            close()
    return chosen


def get_backend() -> Backend:
    """The configured backend, resolved from the environment on first use."""
    global _backend, _owned
    with _lock:
        if _backend is None:
            _backend, _owned = _from_environment(), True
        return _backend


def _from_environment() -> Backend:
    base_url = os.environ.get("WANDB_BASE_URL")
    api_key = os.environ.get("WANDB_API_KEY")
    if base_url or api_key:
        return _graphql_backend(base_url, api_key, None)
    return create_backend(LOCAL)


def _graphql_backend(base_url: str | None, api_key: str | None, app_url: str | None) -> Backend:
    from ._graphql import DEFAULT_TIMEOUT, GraphQLBackend  # httpx only when it is used

    url = (base_url or os.environ.get("WANDB_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    key = api_key or os.environ.get("WANDB_API_KEY") or api_key_for(url)
    timeout = os.environ.get("WANDB_HTTP_TIMEOUT")
    return GraphQLBackend(
        url,
        key,
        app_url=app_url,
        timeout=float(timeout) if timeout else DEFAULT_TIMEOUT,
    )


def api_key_for(base_url: str) -> str | None:
    """The API key ``~/.netrc`` (or ``$NETRC``) holds for the host of ``base_url``.

    Like the W&B SDK, the machine is the URL's ``host[:port]``; a missing or unreadable
    file, or no entry, gives None.
    """
    host = urlsplit(base_url).netloc
    if not host:
        return None
    path = _netrc_path()
    try:
        entries = netrc.netrc(str(path))
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    found = entries.authenticators(host)
    return found[2] if found and found[2] else None


def _netrc_path() -> Path:
    explicit = os.environ.get("NETRC")
    if explicit:
        return Path(explicit).expanduser()
    unix = Path("~/.netrc").expanduser()
    windows = Path("~/_netrc").expanduser()
    return windows if not unix.exists() and windows.exists() else unix
