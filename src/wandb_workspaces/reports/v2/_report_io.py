"""Saving, loading, deleting and sharing reports through the configured backend.

The backend is :func:`wandb_workspaces.backends.get_backend`; it must have the
:class:`~wandb_workspaces.backends.ReportBackend` methods. What is sent follows the
official client: a report is a view of type ``runs`` (``runs/draft`` for a draft), its
project is created first if needed, each run set's ``project.id`` is the project's
internal id (a run set on a project that does not exist is an error, as there), and a
share link grants the report's project and every run set's project
(in collapsed headings too).
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

from ... import _json
from ..._backends._config import get_backend
from ..._backends._reports import ReportBackend, StoredReport, parse_report_url, report_url
from ..._ids import generate_view_name
from ...errors import BackendNotConfiguredError, NotFoundError
from ._blocks import Block
from ._panel_grid import PanelGrid
from ._text_blocks import Heading

if TYPE_CHECKING:
    from ._report import Report

__all__ = [
    "delete",
    "disable_share_link",
    "enable_share_link",
    "get_share_url",
    "load",
    "report_address",
    "save",
    "share_projects",
    "to_html",
]

logger = logging.getLogger("wandb_workspaces")

_METHODS = (
    "app_url",
    "ensure_project",
    "project_internal_id",
    "load_report",
    "upsert_report",
    "delete_report",
    "share_tokens",
    "create_share_token",
    "update_share_token_projects",
    "revoke_share_token",
)


def report_backend() -> ReportBackend:
    """The configured backend, if it stores reports; else an error naming what it lacks."""
    backend: Any = get_backend()
    missing = [name for name in _METHODS if not hasattr(backend, name)]
    if missing:
        raise BackendNotConfiguredError(
            f"the configured backend ({type(backend).__name__}) does not store reports: it "
            f"has no {', '.join(missing)} (the ReportBackend methods of "
            "wandb_workspaces.backends); configure one that does (ws.configure(...))"
        )
    found: ReportBackend = backend
    return found


def _need_id(report: Report, action: str) -> str:
    if not report.id:
        raise ValueError(
            f"save the report before {action} (report.save()), or set report.id to the id "
            "of a saved report"
        )
    return report.id


def report_address(report: Report) -> str:
    if not report.id:
        raise AttributeError("save report or explicitly pass `id` to get a url")
    return report_url(report_backend().app_url, report.entity, report.project, report.title,
                      report.id)  # fmt: skip


def _project_ids(report: Report, backend: ReportBackend) -> None:
    """Give every panel grid the internal id of each of its run sets' projects."""
    known: dict[tuple[str, str], str | None] = {}
    for grid in _grids(report.blocks):
        ids = grid.__dict__["_project_ids"]
        for runset in grid.runsets:
            if not (runset.entity and runset.project):
                continue
            pair = (runset.entity, runset.project)
            if pair not in known:
                known[pair] = backend.project_internal_id(*pair)
            found = known[pair]
            if found is None:
                raise NotFoundError(
                    f"run set {runset.name!r} shows project {pair[0]}/{pair[1]}, which does not "
                    "exist (or you cannot see it); check Runset(entity=..., project=...)"
                )
            ids[pair] = found


def _grids(blocks: list[Block]) -> list[PanelGrid]:
    found: list[PanelGrid] = []
    for block in blocks:
        if isinstance(block, PanelGrid):
            found.append(block)
        collapsed = getattr(block, "collapsed_blocks", None) if isinstance(block, Heading) else None
        if collapsed:
            found.extend(_grids(collapsed))
    return found


def _adopt(report: Report, stored: StoredReport) -> None:
    report.__dict__.update(
        _id=stored.id,
        _name=stored.name,
        _marker=stored.marker,
        _draft=stored.draft,
        _created_at=stored.created_at,
        _updated_at=stored.updated_at,
    )


def save(report: Report, *, draft: bool, clone: bool) -> Report:
    if not report.entity or not report.project:
        raise ValueError(
            f"Report.entity and Report.project name where the report is saved (got entity="
            f"{report.entity!r}, project={report.project!r}); pass both, "
            "e.g. wr.Report(project='my-project', entity='my-team')"
        )
    backend = report_backend()
    backend.ensure_project(report.entity, report.project)
    _project_ids(report, backend)
    state = report.__dict__
    new = clone or not report.id
    stored = backend.upsert_report(
        id=None if new else report.id,
        entity=report.entity,
        project=report.project,
        name=generate_view_name() if new or not state["_name"] else state["_name"],
        display_name=report.title,
        description=report.description,
        spec=_json.dumps(report.to_spec()),
        draft=draft,
        expected_marker=None if new else state["_marker"],
    )
    _adopt(report, stored)
    logger.info("Saved report to: %s", report.url)
    return report


def load(cls: type[Report], url: str) -> Report:
    _, _, report_id = parse_report_url(url)
    stored = report_backend().load_report(report_id)
    report = cls._from_data(
        stored.spec,
        entity=stored.entity,
        project=stored.project,
        title=stored.display_name,
        description=stored.description,
    )
    _adopt(report, stored)
    return report


def delete(report: Report) -> bool:
    if not report.id:
        raise AttributeError(
            "Cannot delete a report that has not been saved or does not have an id."
        )
    done = report_backend().delete_report(report.id)
    if done:
        logger.info("Deleted report: %s", report.id)
        report.__dict__.update(_id="", _name="", _marker=None)
    return done


def share_projects(report: Report) -> list[tuple[str, str]]:
    """The projects a reader of the shared report must see: its own, then each run set's."""
    found: dict[tuple[str, str], None] = {}
    if report.entity and report.project:
        found[(report.entity, report.project)] = None
    for grid in _grids(report.blocks):
        for runset in grid.runsets:
            if runset.entity and runset.project:
                found[(runset.entity, runset.project)] = None
    return list(found)


def _share_url(report: Report, token: str) -> str:
    from urllib.parse import quote

    base = report.url
    return f"{base}{'&' if '?' in base else '?'}accessToken={quote(token, safe='')}"


def enable_share_link(report: Report) -> str:
    report_id = _need_id(report, "enabling its share link")
    backend = report_backend()
    projects = share_projects(report)
    tokens = backend.share_tokens(report_id)
    if tokens:
        token = tokens[0]
        if set(token.projects) != set(projects):
            backend.update_share_token_projects(token.token, projects)
        return _share_url(report, token.token)
    return _share_url(report, backend.create_share_token(report_id, projects))


def disable_share_link(report: Report) -> bool:
    report_id = _need_id(report, "disabling its share link")
    backend = report_backend()
    tokens = backend.share_tokens(report_id)
    for token in tokens:
        backend.revoke_share_token(token.token)
    return bool(tokens)


def get_share_url(report: Report) -> str | None:
    report_id = _need_id(report, "asking for its share link")
    tokens = report_backend().share_tokens(report_id)
    return _share_url(report, tokens[0].token) if tokens else None


def to_html(report: Report, *, height: int, hidden: bool) -> str:
    if not report.id:
        return "<p>The report can be shown here once it is saved (report.save()).</p>"
    style = f"border:none;width:100%;height:{int(height)}px;"
    if hidden:
        style += "display:none;"
    src = html.escape(report.url + "?jupyter=true", quote=True)
    return f'<iframe src="{src}" style="{style}"></iframe>'
