"""Plan for reports: what a declared ``wr.Report`` would change in its saved report.

A report file's declaration manages the report its ``url`` names, or else the one with
its title in its project (several with that title is an error listing them; none: it
is created). The plan compares specs block by block (:mod:`.report_diff`), ids aside,
and, like a workspace's, tells changes made in code from changes made elsewhere since
the last apply through the state file (:mod:`.state`: keyed by backend and view id,
``applied_spec`` the report spec written). The backend must implement
``wandb_workspaces.backends.ReportBackend``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from wandb_workspaces.backends import (
    Backend,
    ReportBackend,
    StoredReport,
    parse_report_url,
    report_url,
)
from wandb_workspaces.errors import NotFoundError

from .diff import Line
from .errors import MatchError, WorkflowError
from .export import spec_of
from .report_diff import ReportSide, diff_reports, without_report_ids
from .reports import DeclaredReport
from .state import Applied, StateFile, backend_key

__all__ = [
    "PlannedReport",
    "check_unique_reports",
    "find_report",
    "plan_report",
    "report_backend",
    "report_json",
    "side_of_stored",
]


def report_backend(backend: Backend) -> ReportBackend:
    """``backend`` as a report backend, or an error saying it stores workspaces only."""
    if not isinstance(backend, ReportBackend):
        raise WorkflowError(
            f"{type(backend).__name__} stores workspaces only (no report methods); plan "
            "and apply reports against the embedded store, panelbank serve or W&B"
        )
    return backend


@dataclasses.dataclass
class PlannedReport:
    """One declared report, its saved report (``stored`` None: to create) and the plan."""

    declared: DeclaredReport
    stored: StoredReport | None
    action: str  # "create" | "update" | "none"
    lines: list[Line]
    spec: dict[str, Any]  # what apply writes
    state: StateFile
    backend: str
    last: Applied | None
    url: str | None
    code: list[Line] | None = None  # last apply → file (None: not known)
    drift: list[Line] | None = None  # last apply → stored report (None: not known)
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.declared.report.title)

    @property
    def label(self) -> str:
        """``ENTITY/PROJECT/TITLE`` (what ``--target`` may name)."""
        report = self.declared.report
        return f"{report.entity}/{report.project}/{self.title}"

    @property
    def stale(self) -> bool:
        """Written elsewhere since the last apply, with another content (or, without a
        record of the last apply, another marker)."""
        stored, last = self.stored, self.last
        if stored is None or last is None:
            return False
        if self.drift is not None:
            return bool(self.drift)
        return last.marker is not None and stored.marker != last.marker

    @property
    def conflict(self) -> str:
        """Why apply needs --force ("" when it does not)."""
        if not self.stale or self.action == "none" or self.stored is None or self.last is None:
            return ""
        return f"edited elsewhere since the last apply ({self.last.marker} → {self.stored.marker})"


def find_report(
    backend: ReportBackend, entity: str, project: str, title: str, view: str | None
) -> StoredReport | None:
    """The saved report a declaration names (``view``: its URL), or None to create one."""
    if view:
        try:
            named_entity, named_project, report_id = parse_report_url(view)
        except ValueError as exc:
            raise MatchError(f"`url`: {exc}") from None
        if (named_entity, named_project) != (entity, project):
            raise MatchError(
                f"`url` names a report in {named_entity}/{named_project}, but the "
                f"declaration targets {entity}/{project}"
            )
        try:
            return backend.load_report(report_id)
        except NotFoundError:
            raise MatchError(
                f"the report {view!r} named in the file does not exist; remove `url` to "
                "create it by its title"
            ) from None
    try:
        listed = backend.list_reports(entity, project)
    except NotFoundError:
        return None
    found = [item for item in listed if item.display_name == title]
    if len(found) > 1:
        urls = ", ".join(
            report_url(backend.app_url, entity, project, title, item.id) for item in found
        )
        raise MatchError(
            f"{len(found)} reports in {entity}/{project} are titled {title!r} ({urls}); name "
            "one with `url = ...` in the file"
        )
    return backend.load_report(found[0].id) if found else None


def side_of_stored(stored: StoredReport) -> ReportSide:
    """A saved report, as the report diff compares it."""
    return ReportSide(stored.display_name, stored.description, json.loads(stored.spec))


def plan_report(
    backend: Backend,
    declared: DeclaredReport,
    states: dict[Any, StateFile],
    force: bool = False,
) -> PlannedReport:
    """Resolve the saved report of one declaration and compare (``force``: as ``apply
    --force`` plans it, reverting a report changed elsewhere only)."""
    reports = report_backend(backend)
    report = declared.report
    entity, project, title = str(report.entity), str(report.project), str(report.title)
    description = str(getattr(report, "description", "") or "")
    folder = declared.path.resolve().parent
    state = states.setdefault(folder, StateFile(folder))
    try:
        stored = find_report(reports, entity, project, title, declared.view)
    except MatchError as exc:
        raise MatchError(f"{declared.path}: {exc}") from None
    spec: dict[str, Any] = spec_of(report)
    new = ReportSide(title, description, spec)
    key = backend_key(backend)
    if stored is None:
        lines = diff_reports(None, new)
        return PlannedReport(declared, None, "create", lines, spec, state, key, None, None)
    url = report_url(reports.app_url, entity, project, title, stored.id)
    old = side_of_stored(stored)
    same = without_report_ids(spec) == without_report_ids(old.spec)
    action = "none" if same and (old.title, old.description) == (title, description) else "update"
    lines = diff_reports(old, new) if action == "update" else []
    last = state.by_id(key, stored.id, stored.name)
    planned = PlannedReport(declared, stored, action, lines, spec, state, key, last, url)
    if last is not None and last.applied_spec:
        applied = ReportSide(last.applied_name, old.description, json.loads(last.applied_spec))
        planned.code = diff_reports(applied, new)
        written = last.marker != stored.marker or type(last.marker) is not type(stored.marker)
        planned.drift = diff_reports(applied, old) if written else []
        if planned.drift and not planned.code and not force:
            planned.action, planned.lines = "none", []
            planned.notes.append(
                "apply leaves this report as it is: take the edit into the file, or apply "
                "--force to revert it"
            )
    return planned


def check_unique_reports(planned: list[PlannedReport]) -> None:
    """Two declarations of one report would overwrite each other on every apply."""
    seen: dict[tuple[str, ...], PlannedReport] = {}
    for item in planned:
        key = ("id", item.stored.id) if item.stored else ("new", item.label)
        first = seen.setdefault(key, item)
        if first is not item:
            raise WorkflowError(
                f"{first.declared.path} and {item.declared.path} both declare the report "
                f"{item.label!r}; a report is declared in one place: remove one, or retitle it"
            )


def report_json(item: PlannedReport) -> dict[str, Any]:
    """A planned report in ``plan --json`` (the views' schema, with ``"kind": "report"``)."""
    stored, report = item.stored, item.declared.report

    def lines(found: list[Line] | None) -> list[dict[str, Any]] | None:
        if found is None:
            return None
        return [{"depth": line.depth, "op": line.op, "text": line.text} for line in found]

    return {
        "kind": "report",
        "file": str(item.declared.path),
        "index": item.declared.index,
        "entity": report.entity,
        "project": report.project,
        "name": item.title,
        "action": item.action,
        "backend": item.backend,
        "url": item.url,
        "view_id": stored.id if stored else None,
        "marker": stored.marker if stored else None,
        "conflict": item.conflict,
        "notes": list(item.notes),
        "changes": lines(item.lines),
        "code_changes": lines(item.code),
        "drift": lines(item.drift),
    }
