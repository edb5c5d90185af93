"""The public classes of ``wandb_workspaces.workspaces`` (also importable from there)."""

from __future__ import annotations

from ._pins import RunRef
from ._run_color_groups import GroupPath
from ._runset import RunsetSettings
from ._section import Section
from ._settings import (
    RunSettings,
    SectionLayoutSettings,
    SectionPanelSettings,
    WorkspaceSettings,
)
from ._workspace import Workspace

__all__ = [
    "GroupPath",
    "RunRef",
    "RunSettings",
    "RunsetSettings",
    "Section",
    "SectionLayoutSettings",
    "SectionPanelSettings",
    "Workspace",
    "WorkspaceSettings",
]
