"""Workspaces as code (``import wandb_workspaces.workspaces as ws``).

Declare a workspace with :class:`Workspace`, :class:`Section` and the settings classes,
filter, group and sort runs with the ``expr`` classes re-exported here (``ws.Metric``,
``ws.Summary``, ``ws.Config``, ``ws.Tags``, ``ws.Ordering``), and export the exact W&B
view spec with :meth:`Workspace.to_spec` / :meth:`Workspace.from_spec`.

Save and load with :meth:`Workspace.save`, :meth:`Workspace.from_url`,
:meth:`Workspace.load`, :meth:`Workspace.list` and :meth:`Workspace.delete`, against a
W&B-compatible server (``WANDB_BASE_URL`` / ``WANDB_API_KEY`` / ``~/.netrc``) or, when
none is configured, the embedded panelbank store; :func:`configure` chooses explicitly.
"""

from __future__ import annotations

from .._backends._config import configure
from ..expr import And, Config, FilterExpr, Metric, Or, Ordering, Summary, Tags
from . import errors, interface, internal
from ._views import ViewInfo
from .interface import (
    GroupPath,
    RunRef,
    RunsetSettings,
    RunSettings,
    Section,
    SectionLayoutSettings,
    SectionPanelSettings,
    Workspace,
    WorkspaceSettings,
)

__all__ = [
    "And",
    "Config",
    "FilterExpr",
    "GroupPath",
    "Metric",
    "Or",
    "Ordering",
    "RunRef",
    "RunSettings",
    "RunsetSettings",
    "Section",
    "SectionLayoutSettings",
    "SectionPanelSettings",
    "Summary",
    "Tags",
    "ViewInfo",
    "Workspace",
    "WorkspaceSettings",
    "configure",
    "errors",
    "interface",
    "internal",
]
