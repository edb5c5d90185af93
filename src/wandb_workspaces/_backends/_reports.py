"""The seam between ``Report`` and where reports live: the ``ReportBackend`` protocol.

A report is a view of type ``runs`` (``runs/draft`` for a draft) in a project. Unlike a
saved workspace it is addressed by its GraphQL view id (``VmlldzoxMjM=``), the part
after the last ``--`` of its address ``{app_url}/{entity}/{project}/reports/{Title}--{id}``.
A report can be shared read-only through a *share link*: the report's address with
``?accessToken=<token>``, where the token (type ``PUBLIC``) grants reading the report
and the projects its run sets show, until it is revoked.

Backends that store workspaces only need not implement this protocol; ``Report.save()``
on such a backend raises :class:`~wandb_workspaces.errors.BackendNotConfiguredError`
naming the missing method. Errors are the library's, as for :class:`Backend`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable
from urllib.parse import quote, unquote, urlsplit

from ._base import Marker, ViewSummary

__all__ = [
    "DRAFT_VIEW_TYPE",
    "REPORT_VIEW_TYPE",
    "ReportBackend",
    "ShareToken",
    "StoredReport",
    "parse_report_url",
    "report_url",
]

#: The view types of a published report and of a draft.
REPORT_VIEW_TYPE = "runs"
DRAFT_VIEW_TYPE = "runs/draft"


@dataclasses.dataclass(frozen=True)
class StoredReport:
    """A report view as loaded or saved: enough to rebuild the ``Report``."""

    id: str  # the GraphQL view id, as in the report's address
    name: str  # the internal view name
    entity: str
    project: str
    display_name: str  # the title
    description: str
    spec: str  # the report spec as JSON text
    draft: bool = False  # a view of type ``runs/draft``
    marker: Marker = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclasses.dataclass(frozen=True)
class ShareToken:
    """An active (not revoked) public access token of a report."""

    token: str
    projects: tuple[tuple[str, str], ...] = ()  # (entity, project) pairs it grants


@runtime_checkable
class ReportBackend(Protocol):
    """Where ``Report.save()`` writes and ``Report.from_url()`` reads."""

    @property
    def app_url(self) -> str:
        """``scheme://host[:port]`` of the app that shows the reports (no trailing slash)."""
        ...

    def ensure_project(self, entity: str, project: str) -> None:
        """Create the project if it does not exist (W&B: ``upsertModel``)."""
        ...

    def project_internal_id(self, entity: str, project: str) -> str | None:
        """The project's ``internalId`` (stored in each run set), None if there is none."""
        ...

    def load_report(self, id: str) -> StoredReport:
        """The report view ``id`` (``NotFoundError`` if there is none)."""
        ...

    def upsert_report(
        self,
        *,
        id: str | None,
        entity: str,
        project: str,
        name: str,
        display_name: str,
        description: str,
        spec: str,
        draft: bool = False,
        expected_marker: Marker = None,
    ) -> StoredReport:
        """Update the report ``id`` (when given) or create one named ``name``.

        With ``expected_marker`` (and an ``id``), refuse with ``ConflictError`` when the
        stored report has changed since that marker was seen.
        """
        ...

    def list_reports(self, entity: str, project: str) -> list[ViewSummary]:
        """The project's published reports (drafts left out), most recently updated first."""
        ...

    def delete_report(self, id: str) -> bool:
        """Delete the report and its drafts; False if the backend refused."""
        ...

    def share_tokens(self, report_id: str) -> list[ShareToken]:
        """The report's active public access tokens (oldest first)."""
        ...

    def create_share_token(self, report_id: str, projects: Sequence[tuple[str, str]]) -> str:
        """A new public access token for the report, granting ``projects`` too."""
        ...

    def update_share_token_projects(self, token: str, projects: Sequence[tuple[str, str]]) -> None:
        """Replace the projects an existing token grants."""
        ...

    def revoke_share_token(self, token: str) -> None:
        """Revoke the token: its share link stops working at once."""
        ...


def report_url(app_url: str, entity: str, project: str, title: str, id: str) -> str:
    """``{app_url}/{entity}/{project}/reports/{Title}--{id}``, spaces in the title as ``-``.

    >>> report_url("https://wandb.ai", "ent", "proj", "My report", "VmlldzoxMjM=")
    'https://wandb.ai/ent/proj/reports/My-report--VmlldzoxMjM='
    """
    slug = quote(title.replace(" ", "-"), safe="-._~")
    return (
        f"{app_url}/{quote(entity, safe='')}/{quote(project, safe='')}"
        f"/reports/{slug}--{quote(id, safe='=')}"
    )


def parse_report_url(url: str) -> tuple[str, str, str]:
    """``(entity, project, view id)`` of a report address (query and fragment ignored).

    >>> parse_report_url("https://wandb.ai/ent/proj/reports/My-report--VmlldzoxMjM=")
    ('ent', 'proj', 'VmlldzoxMjM=')
    """
    parts = [unquote(part) for part in urlsplit(url).path.split("/")]
    if len(parts) != 5 or parts[0] or parts[3] != "reports" or "--" not in parts[4]:
        raise ValueError(
            f"{url!r} is not a report address; a report's URL looks like "
            "https://wandb.ai/<entity>/<project>/reports/<Title>--<id> (Report.url)"
        )
    report_id = parts[4].rsplit("--", 1)[1]
    if not report_id:
        raise ValueError(f"{url!r} has no report id after the last '--' of its path")
    return parts[1], parts[2], report_id
