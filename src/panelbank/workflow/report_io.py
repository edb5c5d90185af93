"""Reports in and out of files, for ``diff``, ``export`` and ``validate``: a report as a
:class:`~.report_diff.ReportSide` (from its URL or its file), a saved report exported as
a script, and the run keys a report's panel grids name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import wandb_workspaces.reports.v2 as wr
from wandb_workspaces.backends import Backend, StoredReport, parse_report_url

from .export import spec_of
from .keys import KeyRef, referenced_panel_keys
from .patch import spec_patch
from .render_python import render, render_script
from .report_diff import ReportSide, block_label, without_report_ids
from .report_plan import report_backend, side_of_stored
from .reports import DeclaredReport, report_class
from .tree import Patched, Unrepresentable, encode, instantiate

__all__ = [
    "export_report",
    "grid_keys",
    "is_report_url",
    "report_script",
    "side_of_declared",
    "side_of_url",
]

_HEADER = (
    '"""A W&B report, exported by `panelbank export`.\n\n'
    "`panelbank plan FILE` shows what `panelbank apply FILE` would change in the saved\n"
    "report (the one `url` names).\n"
    '"""\n'
)


def is_report_url(source: str) -> bool:
    """Whether ``source`` is a report's address (``.../reports/Title--id``)."""
    return "://" in source and "/reports/" in urlsplit(source).path


def side_of_url(backend: Backend, url: str) -> ReportSide:
    """The saved report at ``url``."""
    _, _, report_id = parse_report_url(url)
    return side_of_stored(report_backend(backend).load_report(report_id))


def side_of_declared(declared: DeclaredReport) -> ReportSide:
    """What a report file declares."""
    report = declared.report
    description = str(getattr(report, "description", "") or "")
    return ReportSide(str(report.title), description, spec_of(report))


def _report_tree(report: Any) -> Any:
    """Typed calls that re-create ``report``'s spec (ids aside), with a patch of what no
    class says; None when no typed report comes close."""
    stored = without_report_ids(spec_of(report))
    try:
        node = encode(report)
        written = without_report_ids(spec_of(instantiate(node)))
    except (Unrepresentable, ValueError, TypeError):
        return None
    if written == stored:
        return node
    steps = spec_patch(written, stored)
    if any(not step.path for step in steps):
        return None
    candidate = Patched(node, tuple(steps))
    try:
        again = without_report_ids(spec_of(instantiate(candidate)))
    except (ValueError, TypeError):
        return None
    return candidate if again == stored else None


def export_report(stored: StoredReport, url: str | None = None) -> str:
    """The script for a saved report: typed ``wr.Report(...)`` blocks where the library's
    classes say it all (a patch for the rest), else the stored spec with
    ``wr.Report.from_spec``; ``url`` names the report in the file."""
    cls = report_class()
    if cls is not None:
        report = cls.from_spec(  # type: ignore[attr-defined]  # the library's public API
            stored.spec,
            entity=stored.entity,
            project=stored.project,
            title=stored.display_name,
            description=stored.description,
        )
        tree = _report_tree(report)
        if tree is not None:
            tail = f"url = {json.dumps(url)}\n" if url else ""
            return render_script(tree, "report", _HEADER) + tail
    return report_script(stored, url)


def report_script(stored: StoredReport, url: str | None = None) -> str:
    """A script that binds ``report`` to the saved report (its spec as stored, loaded
    with the public ``wr.Report.from_spec``), and ``url`` to its address."""
    call = (
        "report = wr.Report.from_spec(\n"
        f"    {render(json.loads(stored.spec), '    ')},\n"
        f"    entity={json.dumps(stored.entity)},\n"
        f"    project={json.dumps(stored.project)},\n"
        f"    title={json.dumps(stored.display_name, ensure_ascii=False)},\n"
        f"    description={json.dumps(stored.description, ensure_ascii=False)},\n"
        ")\n"
    )
    tail = f"url = {json.dumps(url)}\n" if url else ""
    return f"{_HEADER}\nimport wandb_workspaces.reports.v2 as wr\n\n{call}{tail}"


def grid_keys(spec: dict[str, Any]) -> Iterator[tuple[list[tuple[str, str]], KeyRef]]:
    """For each key a panel grid's panels name: the projects of the grid's run sets (the
    runs it shows) and the key, with where it is (``PanelGrid (run sets: A) panels[0].y[0]``)."""
    for block in spec.get("blocks") or []:
        if not isinstance(block, dict) or block.get("type") != "panel-grid":
            continue
        metadata = block.get("metadata") or {}
        projects = list(
            dict.fromkeys(
                (str(p.get("entityName", "")), str(p.get("name", "")))
                for p in (r.get("project") or {} for r in metadata.get("runSets") or [])
                if isinstance(p, dict)
            )
        )
        section = metadata.get("panelBankSectionConfig") or {}
        for j, panel in enumerate(section.get("panels") or []):
            try:
                loaded = wr.panel_from_spec(panel)
            except (ValueError, TypeError):
                continue  # a panel the library cannot read is carried, not checked
            where = f"{block_label(block)} panels[{j}]"
            for ref in referenced_panel_keys(loaded, where):
                yield projects, ref
