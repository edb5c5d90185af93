"""Report files: Python scripts that bind ``report`` (a ``wr.Report``) or ``reports`` (a
list of them), optionally ``url`` (the saved report's address) for a single one.

This is the file side of reports as code (issue 13): what a report file declares, for
``plan``/``apply``/``diff``/``validate`` to compare block by block (:mod:`.report_diff`)
once the library's ``wr.Report`` and the backends' report methods are in this build.
A script binds workspaces or reports, not both (one kind of view per file keeps state
and plans simple).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import wandb_workspaces.reports.v2 as wr

from .errors import FileLoadError

__all__ = ["DeclaredReport", "report_bindings", "report_class"]

NAMES = ("report", "reports")


@dataclasses.dataclass
class DeclaredReport:
    """One report declared in a file; ``view`` is its URL when the file names it."""

    report: Any  # a wr.Report
    path: Path
    index: int = 0
    view: str | None = None

    @property
    def label(self) -> str:
        """``entity/project "title"``, as plan and apply print it."""
        r = self.report
        return f'{r.entity}/{r.project} "{r.title}"'


def report_class() -> type | None:
    """``wr.Report``, or None in a build without it."""
    found = getattr(wr, "Report", None)
    return found if isinstance(found, type) else None


def report_bindings(namespace: dict[str, Any], path: Path) -> list[DeclaredReport] | None:
    """The reports a script's ``namespace`` binds (None: it binds none)."""
    if not any(name in namespace for name in NAMES):
        return None
    if "workspace" in namespace or "workspaces" in namespace:
        raise FileLoadError(
            f"{path} binds both workspaces and reports; put each kind of view in its own file"
        )
    cls = report_class()
    if cls is None:
        raise FileLoadError(
            f"{path} binds `report`: this panelbank has no wr.Report yet, so reports as code "
            "are not available in it"
        )
    found = namespace.get("reports", namespace.get("report"))
    items = found if isinstance(found, list) else [found]
    if not items or not all(isinstance(item, cls) for item in items):
        kind = "nothing" if found is None else type(found).__name__
        raise FileLoadError(
            f"{path} must bind a wr.Report to `report` or a list of them to `reports` "
            f"(found {kind})"
        )
    view = namespace.get("url")
    if view is not None and (not isinstance(view, str) or len(items) != 1):
        raise FileLoadError(
            f"{path}: `url` names the saved report of a single `report`; a string is expected"
        )
    return [DeclaredReport(item, path, index, view) for index, item in enumerate(items)]
