"""Where workspaces are saved: the backend interface, and how a backend plugs in.

``Workspace.save()``, ``Workspace.from_url()``, ``Workspace.list()`` and
``Workspace.delete()`` talk to one :class:`Backend`, chosen at first use:

1. :func:`configure` (``ws.configure`` is the same function): ``base_url=`` /
   ``api_key=`` for a W&B-compatible server, ``local=True, home=...`` for the embedded
   store, or ``backend=`` any object with the :class:`Backend` methods;
2. else ``WANDB_BASE_URL`` / ``WANDB_API_KEY`` (or ``~/.netrc``), as the W&B SDK reads
   them: the library's own GraphQL client;
3. else the backend registered as :data:`LOCAL` (``"local"``), the embedded store.

Backends are registered by the packages that provide them, as entry points in the group
:data:`ENTRY_POINT_GROUP`; the factory is called with keyword options and returns a
:class:`Backend`. panelbank registers its store (``pip install panelbank``)::

    [project.entry-points."wandb_workspaces.backends"]
    local = "panelbank.store.backend:LocalBackend"

With nothing configured and no ``local`` backend installed, the first save or load
raises :class:`~wandb_workspaces.errors.BackendNotConfiguredError`, saying to install
panelbank or set ``WANDB_BASE_URL`` / ``WANDB_API_KEY``.

Example, a backend of your own::

    from wandb_workspaces.backends import Backend, SavedView, configure

    class MyBackend:  # app_url, load_view, upsert_view, list_views, delete_view
        ...

    configure(backend=MyBackend())

A view a backend stores has an id, an internal name (``nw-<id>-v``, from
:func:`generate_view_name`; the ``?nw=<id>`` of its address, :func:`view_url` and
:func:`parse_workspace_url`), a display name and its spec as JSON text; reads and writes
carry a change :data:`Marker` so ``save()`` can refuse to overwrite someone else's
change. A server that lists :data:`VIEW_VERSION_FEATURE` in ``serverInfo.features``
(``panelbank serve``) checks the marker in the same transaction as the write; elsewhere
(W&B) the check is best effort. Reports are stored through the same backend, which
then also has the :class:`ReportBackend` methods (report views of type ``runs``,
addressed by view id, and their share-link tokens). Backends raise the errors of
:mod:`wandb_workspaces.errors`.
"""

from __future__ import annotations

from ._backends._base import (
    VIEW_VERSION_FEATURE,
    Backend,
    Marker,
    SavedView,
    StoredView,
    ViewSummary,
)
from ._backends._config import api_key_for, configure, get_backend
from ._backends._registry import (
    ENTRY_POINT_GROUP,
    LOCAL,
    BackendFactory,
    backend_names,
    create_backend,
)
from ._backends._reports import (
    DRAFT_VIEW_TYPE,
    REPORT_VIEW_TYPE,
    ReportBackend,
    ShareToken,
    StoredReport,
    parse_report_url,
    report_url,
)
from ._backends._urls import parse_workspace_url, view_url
from ._ids import generate_view_name

__all__ = [
    "DRAFT_VIEW_TYPE",
    "ENTRY_POINT_GROUP",
    "LOCAL",
    "REPORT_VIEW_TYPE",
    "VIEW_VERSION_FEATURE",
    "Backend",
    "BackendFactory",
    "Marker",
    "ReportBackend",
    "SavedView",
    "ShareToken",
    "StoredReport",
    "StoredView",
    "ViewSummary",
    "api_key_for",
    "backend_names",
    "configure",
    "create_backend",
    "generate_view_name",
    "get_backend",
    "parse_report_url",
    "parse_workspace_url",
    "report_url",
    "view_url",
]
