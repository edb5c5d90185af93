"""The ``ReportBackend`` methods of :class:`GraphQLBackend` (mixed in), over GraphQL.

They send the documents the official clients send for reports, with the same
variables: ``SpecificReport``, ``upsertView``, ``deleteView``, ``ProjectInternalId``,
``ViewAccessTokens``, ``createAccessToken``, ``updateAccessTokenProjects`` and
``revokeAccessToken`` of ``wandb-workspaces``, and ``GetProjects`` / ``CreateProject``
(``upsertModel``) of the ``wandb`` SDK, so a report saved here is one the W&B app, W&B
Server and ``panelbank serve`` all read. Listing reports asks ``project.allViews``.

Conflict detection follows the workspaces': on a server listing
``PANELBANK_VIEW_EXPECTED_VERSION`` the load also reads the view's ``version`` and the
save sends ``expectedVersion`` (compared in the write's transaction); elsewhere the
marker is ``updatedAt``, read again just before the write (best effort).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ConflictError, NotFoundError, ServerError
from ._base import Marker, ViewSummary, parse_time
from ._report_documents import (
    CREATE_ACCESS_TOKEN,
    CREATE_PROJECT,
    DELETE_REPORT,
    GET_PROJECTS,
    LIST_REPORTS,
    PROJECT_INTERNAL_ID,
    REPORT_VERSION,
    REVOKE_ACCESS_TOKEN,
    SPECIFIC_REPORT,
    UPDATE_ACCESS_TOKEN_PROJECTS,
    UPSERT_REPORT,
    UPSERT_REPORT_CHECKED,
    VIEW_ACCESS_TOKENS,
)
from ._reports import DRAFT_VIEW_TYPE, REPORT_VIEW_TYPE, ShareToken, StoredReport

if TYPE_CHECKING:
    import httpx

__all__ = ["ReportMethods"]

_PROJECTS_PAGE = 100


class ReportMethods:
    """``ReportBackend`` over :meth:`execute`; mixed into :class:`GraphQLBackend`."""

    host: str

    def execute(
        self, document: str, variables: dict[str, Any], *, operation: str
    ) -> dict[str, Any]:
        raise NotImplementedError  # GraphQLBackend's

    def _send(
        self, document: str, variables: dict[str, Any], operation: str
    ) -> tuple[httpx.Response, Any]:
        raise NotImplementedError  # GraphQLBackend's

    def _data(self, response: httpx.Response, body: Any, operation: str) -> dict[str, Any]:
        raise NotImplementedError  # GraphQLBackend's

    @property
    def checks_versions(self) -> bool:
        raise NotImplementedError  # GraphQLBackend's

    # -- projects ------------------------------------------------------------------------
    def ensure_project(self, entity: str, project: str) -> None:
        cursor: str | None = None
        while True:  # as Api.projects(entity) pages through them
            variables = {"entity": entity, "cursor": cursor, "perPage": _PROJECTS_PAGE}
            models = self.execute(GET_PROJECTS, variables, operation="GetProjects").get("models")
            edges = models.get("edges") if isinstance(models, dict) else None
            for edge in edges if isinstance(edges, list) else []:
                node = edge.get("node") if isinstance(edge, dict) else None
                if isinstance(node, dict) and node.get("name") == project:
                    return
            page = models.get("pageInfo") if isinstance(models, dict) else None
            cursor = page.get("endCursor") if isinstance(page, dict) else None
            if not (isinstance(page, dict) and page.get("hasNextPage") and cursor):
                break
        created: dict[str, Any] = {"input": {"name": project, "entityName": entity}}
        self.execute(CREATE_PROJECT, created, operation="CreateProject")

    def project_internal_id(self, entity: str, project: str) -> str | None:
        variables = {"entityName": entity, "projectName": project}
        found = self.execute(PROJECT_INTERNAL_ID, variables, operation="ProjectInternalId")
        node = found.get("project")
        value = node.get("internalId") if isinstance(node, dict) else None
        return None if value is None else str(value)

    # -- reports -------------------------------------------------------------------------
    def load_report(self, id: str) -> StoredReport:
        view = self.execute(SPECIFIC_REPORT, {"reportId": id}, operation="SpecificReport")
        node = view.get("view")
        if not isinstance(node, dict):
            raise NotFoundError(
                f"no report with id {id!r} on {self.host}; it may have been deleted, or the "
                "API key may not read its project"
            )
        marker: Marker = node.get("updatedAt") if isinstance(node.get("updatedAt"), str) else None
        if self.checks_versions:
            versioned = self.execute(REPORT_VERSION, {"id": id}, operation="ReportVersion")
            found = versioned.get("view")
            if isinstance(found, dict):
                marker, node = _version(found), {**node, "type": found.get("type")}
        return _stored(node, self.host, marker=marker, draft=None)

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
        variables: dict[str, Any] = {
            "id": id,
            "name": name,
            "entityName": entity,
            "projectName": project,
            "description": description,
            "displayName": display_name,
            "type": DRAFT_VIEW_TYPE if draft else REPORT_VIEW_TYPE,
            "spec": spec,
        }
        if self.checks_versions and not isinstance(expected_marker, str):
            if id and expected_marker is not None:
                variables["expectedVersion"] = expected_marker
            return self._upsert_report_checked(variables)
        if id and expected_marker is not None:
            current = self.load_report(id).marker
            if current != expected_marker:
                raise ConflictError(_conflict(display_name, entity, project, self.host))
        data = self.execute(UPSERT_REPORT, variables, operation="upsertView")
        return _stored(_upserted_view(data, self.host), self.host, marker=None, draft=draft)

    def _upsert_report_checked(self, variables: dict[str, Any]) -> StoredReport:
        response, body = self._send(UPSERT_REPORT_CHECKED, variables, "UpsertReportChecked")
        codes = _error_codes(body)
        where = (variables["displayName"], variables["entityName"], variables["projectName"])
        if "CONFLICT" in codes:
            raise ConflictError(_conflict(*where, self.host))
        if "NOT_FOUND" in codes and variables.get("id"):
            raise NotFoundError(
                f"the report {where[0]!r} no longer exists on {self.host} (deleted since it "
                "was loaded); save(clone=True) saves it as a new report"
            )
        view = _upserted_view(self._data(response, body, "UpsertReportChecked"), self.host)
        return _stored(
            view, self.host, marker=_version(view), draft=variables["type"] == DRAFT_VIEW_TYPE
        )

    def list_reports(self, entity: str, project: str) -> list[ViewSummary]:
        variables = {"entityName": entity, "name": project}
        found = self.execute(LIST_REPORTS, variables, operation="ProjectReports").get("project")
        if not isinstance(found, dict):
            raise NotFoundError(f"Project {entity}/{project} not found on {self.host}")
        views = found.get("allViews")
        edges = views.get("edges") if isinstance(views, dict) else None
        summaries = [
            ViewSummary(
                id=node["id"],
                name=str(node.get("name") or ""),
                display_name=str(node.get("displayName") or ""),
                updated_at=parse_time(node.get("updatedAt")),
            )
            for node in (e.get("node") for e in edges or [] if isinstance(e, dict))
            if isinstance(node, dict) and isinstance(node.get("id"), str)
        ]
        summaries.sort(key=lambda v: v.updated_at.timestamp() if v.updated_at else 0, reverse=True)
        return summaries

    def delete_report(self, id: str) -> bool:
        variables = {"id": id, "deleteDrafts": True}
        result = self.execute(DELETE_REPORT, variables, operation="deleteView").get("deleteView")
        return isinstance(result, dict) and result.get("success") is True

    # -- share links ---------------------------------------------------------------------
    def share_tokens(self, report_id: str) -> list[ShareToken]:
        variables = {"reportId": report_id}
        view = self.execute(VIEW_ACCESS_TOKENS, variables, operation="ViewAccessTokens").get("view")
        listed = view.get("accessTokens") if isinstance(view, dict) else None
        tokens = []
        for item in listed if isinstance(listed, list) else []:
            if not isinstance(item, dict) or item.get("type") != "PUBLIC" or item.get("revokedAt"):
                continue
            projects = tuple(
                (str(p.get("entityName")), str(p.get("name")))
                for p in item.get("projects") or []
                if isinstance(p, dict)
            )
            tokens.append(ShareToken(token=str(item.get("token")), projects=projects))
        return tokens

    def create_share_token(self, report_id: str, projects: Sequence[tuple[str, str]]) -> str:
        variables = {"viewId": report_id, "projects": _specifiers(projects)}
        data = self.execute(CREATE_ACCESS_TOKEN, variables, operation="createAccessToken")
        created = data.get("createAccessToken")
        token = created.get("accessToken") if isinstance(created, dict) else None
        value = token.get("token") if isinstance(token, dict) else None
        if not isinstance(value, str) or not value:
            raise ServerError(f"{self.host} answered createAccessToken without a token")
        return value

    def update_share_token_projects(self, token: str, projects: Sequence[tuple[str, str]]) -> None:
        variables = {"token": token, "projects": _specifiers(projects)}
        data = self.execute(
            UPDATE_ACCESS_TOKEN_PROJECTS, variables, operation="updateAccessTokenProjects"
        )
        _require_success(data, "updateAccessTokenProjects", self.host)

    def revoke_share_token(self, token: str) -> None:
        data = self.execute(REVOKE_ACCESS_TOKEN, {"token": token}, operation="revokeAccessToken")
        _require_success(data, "revokeAccessToken", self.host)


def _specifiers(projects: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"entityName": entity, "projectName": project} for entity, project in projects]


def _require_success(data: dict[str, Any], operation: str, host: str) -> None:
    result = data.get(operation)
    if not isinstance(result, dict) or result.get("success") is not True:
        raise ServerError(f"{host} did not confirm {operation}: {data!r:.200}")


def _upserted_view(data: dict[str, Any], host: str) -> dict[str, Any]:
    upsert = data.get("upsertView")
    view = upsert.get("view") if isinstance(upsert, dict) else None
    if not isinstance(view, dict):
        raise ServerError(f"{host} answered upsertView without a view: {data!r:.200}")
    return view


def _stored(node: dict[str, Any], host: str, *, marker: Marker, draft: bool | None) -> StoredReport:
    project = node.get("project")
    if not isinstance(project, dict) or not isinstance(node.get("id"), str):
        raise ServerError(f"{host} answered a report without its id or project: {node!r:.200}")
    spec = node.get("spec")
    if not isinstance(spec, str):
        raise ServerError(f"{host} answered report {node['id']!r} without its spec")
    view_type = node.get("type")
    return StoredReport(
        id=node["id"],
        name=str(node.get("name") or ""),
        entity=str(project.get("entityName") or ""),
        project=str(project.get("name") or ""),
        display_name=str(node.get("displayName") or ""),
        description=str(node.get("description") or ""),
        spec=spec,
        draft=view_type == DRAFT_VIEW_TYPE if draft is None and view_type else bool(draft),
        marker=marker if marker is not None else node.get("updatedAt"),
        created_at=parse_time(node.get("createdAt")),
        updated_at=parse_time(node.get("updatedAt")),
    )


def _version(node: dict[str, Any]) -> int:
    value = node.get("version")
    if not isinstance(value, int) or isinstance(value, bool):
        raise ServerError(
            f"the server answered the report's version = {value!r}, expected a number"
        )
    return value


def _error_codes(body: Any) -> set[str]:
    errors = body.get("errors") if isinstance(body, dict) else None
    codes = set()
    for error in errors if isinstance(errors, list) else []:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        if isinstance(extensions, dict) and isinstance(extensions.get("code"), str):
            codes.add(extensions["code"])
    return codes


def _conflict(title: str, entity: str, project: str, host: str) -> str:
    return (
        f"the report {title!r} in {entity}/{project} was changed on {host} since it was "
        "loaded; Report.from_url(report.url) loads the current one (save(clone=True) keeps "
        "yours as a new report)"
    )
