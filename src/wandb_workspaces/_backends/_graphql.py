"""``GraphQLBackend``: views on any W&B-compatible server (W&B cloud, W&B Server, panelbank).

Saving and loading send the same GraphQL documents and variables as the official
``wandb-workspaces`` package (``UpsertView2``, ``View``), so a view saved here opens in
the W&B app and the other way round. Listing, deleting and conflict detection use
documents of W&B's public schema that the official package does not send
(``project.allViews``, ``deleteView``, ``view(id:)``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RequestError,
    ServerError,
)
from ._base import Marker, SavedView, StoredView, ViewSummary, app_url_for, parse_time

__all__ = [
    "DELETE_VIEW",
    "LIST_VIEWS",
    "UPSERT_VIEW2",
    "VIEW",
    "VIEW_UPDATED_AT",
    "GraphQLBackend",
]

# The official package's documents, byte for byte (wandb_workspaces/workspaces/internal.py).
UPSERT_VIEW2 = """
        mutation UpsertView2($id: ID, $entityName: String, $projectName: String, $type: String, $name: String, $displayName: String, $description: String, $spec: String) {
        upsertView(
            input: {id: $id, entityName: $entityName, projectName: $projectName, name: $name, displayName: $displayName, description: $description, type: $type, spec: $spec, createdUsing: WANDB_SDK}
        ) {
            view {
                id
                name
            }
            inserted
        }
        }
        """  # noqa: E501

VIEW = """
        query View($entityName: String, $name: String, $viewType: String = "runs", $userName: String, $viewName: String) {
            project(name: $name, entityName: $entityName) {
                allViews(viewType: $viewType, viewName: $viewName, userName: $userName) {
                    edges {
                        node {
                            id
                            displayName
                            spec
                        }
                    }
                }
            }
        }
        """  # noqa: E501

# Beyond the official package (W&B's public schema has them all).
VIEW_UPDATED_AT = """
query ViewUpdatedAt($id: ID!) {
    view(id: $id) {
        id
        updatedAt
    }
}
"""

LIST_VIEWS = """
query ProjectViews($entityName: String, $name: String) {
    project(name: $name, entityName: $entityName) {
        allViews(viewType: "project-view") {
            edges {
                node {
                    id
                    name
                    displayName
                    updatedAt
                }
            }
        }
    }
}
"""

DELETE_VIEW = """
mutation DeleteView($id: ID!) {
    deleteView(input: {id: $id}) {
        success
    }
}
"""

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
_USER_AGENT = "panelbank-wandb-workspaces"


class GraphQLBackend:
    """Views on a W&B-compatible GraphQL server: ``POST {base_url}/graphql``, Basic auth.

    Example::

        backend = GraphQLBackend("http://127.0.0.1:8080", api_key="local-...")
        ws.configure(backend=backend)      # or ws.configure(base_url=..., api_key=...)

    Connection errors and HTTP 5xx/429 answers are retried ``retries`` times with
    exponential backoff (``backoff`` seconds, doubling, at most ``max_backoff``; a 429's
    ``Retry-After`` is honoured up to that cap). Nothing else is retried.
    ``transport`` replaces the network (``httpx.MockTransport`` in tests).
    """

    def __init__(
        self,
        base_url: str = "https://api.wandb.ai",
        api_key: str | None = None,
        *,
        app_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc or self.base_url
        self._api_key = api_key
        self._app_url = (app_url or app_url_for(self.base_url)).rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": _USER_AGENT, "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"GraphQLBackend({self.base_url!r})"

    @property
    def app_url(self) -> str:
        return self._app_url

    def close(self) -> None:
        self._client.close()

    # -- the Backend protocol ------------------------------------------------------------
    def load_view(self, entity: str, project: str, name: str) -> StoredView:
        data = self.execute(
            VIEW,
            {
                "viewType": "project-view",
                "entityName": entity,
                "projectName": project,
                "name": project,
                "viewName": name,
            },
            operation="View",
        )
        node = _first_node(_project_views(data, entity, project))
        if node is None:
            raise NotFoundError(
                f"Workspace {name!r} not found in project {entity}/{project} on {self.host}; "
                f"list the saved workspaces with Workspace.list({entity!r}, {project!r})"
            )
        view_id = _string(node.get("id"), "project.allViews.edges[0].node.id")
        spec = _string(node.get("spec"), "project.allViews.edges[0].node.spec")
        display_name = node.get("displayName")
        return StoredView(
            id=view_id,
            name=name,
            display_name=display_name if isinstance(display_name, str) else "",
            spec=spec,
            marker=self._updated_at(view_id, required=False),
        )

    def upsert_view(
        self,
        *,
        id: str | None,
        entity: str,
        project: str,
        name: str,
        display_name: str,
        spec: str,
        expected_marker: Marker = None,
    ) -> SavedView:
        if id and expected_marker is not None:
            current = self._updated_at(id, required=True)
            if current is not None and current != expected_marker:
                raise ConflictError(
                    f"the view {name!r} in {entity}/{project} was changed on {self.host} "
                    f"since this workspace loaded it (updated at {current}, loaded at "
                    f"{expected_marker}); save(force=True) overwrites that change, "
                    "Workspace.from_url(workspace.url) loads it"
                )
        variables: dict[str, Any] = {
            "entityName": entity,
            "projectName": project,
            "name": name,
            "displayName": display_name,
            "type": "project-view",
            "description": "",
            "spec": spec,
            "locked": False,
        }
        if id:
            variables["id"] = id
        data = self.execute(UPSERT_VIEW2, variables, operation="UpsertView2")
        upsert = data.get("upsertView")
        view = upsert.get("view") if isinstance(upsert, dict) else None
        if not isinstance(view, dict):
            raise ServerError(f"{self.host} answered upsertView without a view: {data!r:.200}")
        view_id = _string(view.get("id"), "upsertView.view.id")
        saved_name = _string(view.get("name"), "upsertView.view.name")
        return SavedView(
            id=view_id,
            name=saved_name,
            marker=self._updated_at(view_id, required=False),
            inserted=bool(upsert.get("inserted")) if isinstance(upsert, dict) else False,
        )

    def list_views(self, entity: str, project: str) -> list[ViewSummary]:
        data = self.execute(
            LIST_VIEWS, {"entityName": entity, "name": project}, operation="ProjectViews"
        )
        views = []
        for edge in _project_views(data, entity, project):
            node = edge.get("node") if isinstance(edge, dict) else None
            if not isinstance(node, dict) or not isinstance(node.get("id"), str):
                continue
            views.append(
                ViewSummary(
                    id=node["id"],
                    name=str(node.get("name") or ""),
                    display_name=str(node.get("displayName") or ""),
                    updated_at=parse_time(node.get("updatedAt")),
                )
            )
        newest_first = sorted(views, key=lambda v: v.updated_at.timestamp() if v.updated_at else 0)
        return newest_first[::-1]

    def delete_view(self, id: str) -> None:
        data = self.execute(DELETE_VIEW, {"id": id}, operation="DeleteView")
        result = data.get("deleteView")
        if not isinstance(result, dict) or result.get("success") is False:
            raise NotFoundError(f"no view with id {id!r} to delete on {self.host}")

    # -- transport -----------------------------------------------------------------------
    def execute(
        self, document: str, variables: dict[str, Any], *, operation: str
    ) -> dict[str, Any]:
        """POST one GraphQL document; the ``data`` of the answer, or a library error."""
        response = self._post(
            {"query": document, "variables": variables, "operationName": operation}
        )
        try:
            body = response.json()
        except ValueError:
            body = None
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            raise ServerError(
                f"{self.host} refused {operation}: {_messages(errors)}", status=response.status_code
            )
        if response.status_code >= 400:
            text = response.text.strip()[:300] or response.reason_phrase
            raise ServerError(
                f"{self.host} answered HTTP {response.status_code} to {operation}: {text}",
                status=response.status_code,
            )
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise ServerError(
                f"{self.host} answered {operation} without GraphQL data: {response.text[:200]!r}",
                status=response.status_code,
            )
        return data

    def _post(self, payload: dict[str, Any]) -> httpx.Response:
        if not self._api_key:
            raise AuthenticationError(
                f"no API key for {self.host}; set WANDB_API_KEY, add a 'machine {self.host}' "
                "entry to ~/.netrc, or pass ws.configure(base_url=..., api_key=...)"
            )
        url = self.base_url + "/graphql"
        attempt = 0
        while True:
            delay = min(self.max_backoff, self.backoff * 2**attempt)
            try:
                response = self._client.post(url, json=payload, auth=("api", self._api_key))
            except httpx.TransportError as exc:
                if attempt >= self.retries:
                    raise RequestError(
                        f"could not reach {url} after {attempt + 1} attempts: {exc!r}; is the "
                        "server running and WANDB_BASE_URL right?"
                    ) from exc
            else:
                if response.status_code == 401:
                    raise AuthenticationError(
                        f"the API key was rejected by {self.host}; check WANDB_API_KEY or "
                        "~/.netrc" + _server_says(response)
                    )
                if response.status_code not in _RETRY_STATUSES or attempt >= self.retries:
                    return response
                delay = _retry_after(response, delay, self.max_backoff)
            self._sleep(delay)
            attempt += 1

    def _updated_at(self, view_id: str, *, required: bool) -> Marker:
        """The view's ``updatedAt``: None if the server cannot say (``required``: or it is gone)."""
        try:
            data = self.execute(VIEW_UPDATED_AT, {"id": view_id}, operation="ViewUpdatedAt")
        except ServerError:
            if required:
                raise
            return None
        view = data.get("view")
        if view is None and required:
            raise NotFoundError(
                f"the view {view_id!r} no longer exists on {self.host} (deleted since it was "
                "loaded); save_as_new_view() saves this workspace as a new view"
            )
        value = view.get("updatedAt") if isinstance(view, dict) else None
        return value if isinstance(value, str) else None


def _project_views(data: dict[str, Any], entity: str, project: str) -> list[Any]:
    found = data.get("project")
    if not isinstance(found, dict):
        raise NotFoundError(
            f"Project {entity}/{project} not found. Do you have access to this project?"
        )
    views = found.get("allViews")
    edges = views.get("edges") if isinstance(views, dict) else None
    return edges if isinstance(edges, list) else []


def _first_node(edges: list[Any]) -> dict[str, Any] | None:
    for edge in edges:
        node = edge.get("node") if isinstance(edge, dict) else None
        if isinstance(node, dict):
            return node
    return None


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ServerError(f"the server answered {where} = {value!r}, expected a string")
    return value


def _messages(errors: Any) -> str:
    if not isinstance(errors, list):
        return repr(errors)
    texts = [str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors]
    return "; ".join(texts)


def _server_says(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("errors"):
        return f" (the server says: {_messages(body['errors'])})"
    text = response.text.strip()
    return f" (the server says: {text[:200]})" if text else ""


def _retry_after(response: httpx.Response, default: float, cap: float) -> float:
    value = response.headers.get("Retry-After")
    try:
        seconds = float(value) if value is not None else default
    except ValueError:
        seconds = default
    return max(0.0, min(cap, seconds))
