"""An in-memory ``ReportBackend`` for the tests of the Report methods above the seam."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Sequence

from wandb_workspaces.backends import Marker, ShareToken, StoredReport, ViewSummary
from wandb_workspaces.errors import ConflictError, NotFoundError


@dataclasses.dataclass
class Token:
    token: str
    report_id: str
    projects: tuple[tuple[str, str], ...]
    revoked: bool = False


class MemoryReportBackend:
    """Reports and share tokens in dicts; every call is recorded in ``calls``."""

    app_url = "https://app.example.test"

    def __init__(self) -> None:
        self.reports: dict[str, StoredReport] = {}
        self.projects: dict[tuple[str, str], str] = {}
        self.tokens: list[Token] = []
        self.calls: list[tuple[str, dict[str, object]]] = []
        self._next = 1

    def _call(self, method: str, **kwargs: object) -> None:
        self.calls.append((method, kwargs))

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    def ensure_project(self, entity: str, project: str) -> None:
        self._call("ensure_project", entity=entity, project=project)
        if (entity, project) not in self.projects:
            number = len(self.projects) + 1
            self.projects[(entity, project)] = base64.b64encode(
                f"Project:{number}".encode()
            ).decode()

    def project_internal_id(self, entity: str, project: str) -> str | None:
        self._call("project_internal_id", entity=entity, project=project)
        return self.projects.get((entity, project))

    def load_report(self, id: str) -> StoredReport:
        self._call("load_report", id=id)
        if id not in self.reports:
            raise NotFoundError(f"no report {id!r}")
        return self.reports[id]

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
        self._call("upsert_report", id=id, name=name, draft=draft, spec=spec,
                   expected_marker=expected_marker, display_name=display_name)  # fmt: skip
        version = 1
        if id is None:
            id = base64.b64encode(f"View:{self._next}".encode()).decode()
            self._next += 1
        else:
            stored = self.reports[id]
            if expected_marker is not None and expected_marker != stored.marker:
                raise ConflictError(f"report {id} changed: version {stored.marker}")
            version = int(stored.marker or 0) + 1
        saved = StoredReport(id, name, entity, project, display_name, description, spec, draft,
                             version)  # fmt: skip
        self.reports[id] = saved
        return saved

    def list_reports(self, entity: str, project: str) -> list[ViewSummary]:
        raise NotImplementedError

    def delete_report(self, id: str) -> bool:
        self._call("delete_report", id=id)
        return self.reports.pop(id, None) is not None

    def share_tokens(self, report_id: str) -> list[ShareToken]:
        self._call("share_tokens", report_id=report_id)
        return [ShareToken(t.token, t.projects) for t in self.tokens
                if t.report_id == report_id and not t.revoked]  # fmt: skip

    def create_share_token(self, report_id: str, projects: Sequence[tuple[str, str]]) -> str:
        self._call("create_share_token", report_id=report_id, projects=list(projects))
        token = Token(f"tok/{len(self.tokens) + 1}", report_id, tuple(projects))
        self.tokens.append(token)
        return token.token

    def update_share_token_projects(self, token: str, projects: Sequence[tuple[str, str]]) -> None:
        self._call("update_share_token_projects", token=token, projects=list(projects))
        for item in self.tokens:
            if item.token == token:
                item.projects = tuple(projects)

    def revoke_share_token(self, token: str) -> None:
        self._call("revoke_share_token", token=token)
        for item in self.tokens:
            if item.token == token:
                item.revoked = True
