"""``GraphQLBackend``: views on any W&B-compatible server (W&B cloud, W&B Server, panelbank).

Saving and loading send the same GraphQL documents and variables as the official
``wandb-workspaces`` package (``UpsertView2``, ``View``), so a view saved here opens in
the W&B app and the other way round. Listing, deleting and conflict detection use
documents of W&B's public schema that the official package does not send
(``project.allViews``, ``deleteView``, ``view(id:)``).

Conflict detection depends on the server. The backend first asks which optional
features it has (``serverInfo.features``, the query the official ``wandb`` SDK sends,
which W&B answers too; once per backend). A server that lists
``PANELBANK_VIEW_EXPECTED_VERSION`` (``panelbank serve``) gets the view's ``version``
back with every load and save, and ``expectedVersion`` with every checked save: it
compares and writes in one transaction, so of two racing saves exactly one wins.
Other servers (W&B cloud, W&B Server) get the official documents only, and the check
is best effort: ``updatedAt`` is read, then the view written, and a save that lands
between the two is overwritten.
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
from ._base import (
    VIEW_VERSION_FEATURE,
    Marker,
    SavedView,
    StoredView,
    ViewSummary,
    app_url_for,
    parse_time,
)
from ._graphql_reports import ReportMethods

__all__ = [
    "DELETE_VIEW",
    "LIST_VIEWS",
    "SERVER_FEATURES",
    "UPSERT_VIEW2",
    "UPSERT_VIEW_CHECKED",
    "VIEW",
    "VIEW_UPDATED_AT",
    "VIEW_VERSIONED",
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

# The official wandb SDK's feature query (wandb/sdk/internal/_generated/operations.py):
# W&B servers answer it, so asking sends no field they do not know.
SERVER_FEATURES = """
query ServerFeaturesQuery {
    serverInfo {
        features {
            name
            isEnabled
        }
    }
}
"""

# Only for servers listing VIEW_VERSION_FEATURE: W&B's schema has no version fields.
VIEW_VERSIONED = """
query ViewVersioned($entityName: String, $name: String, $viewName: String) {
    project(name: $name, entityName: $entityName) {
        allViews(viewType: "project-view", viewName: $viewName) {
            edges {
                node {
                    id
                    displayName
                    spec
                    version
                }
            }
        }
    }
}
"""

UPSERT_VIEW_CHECKED = """
mutation UpsertViewChecked($id: ID, $entityName: String, $projectName: String, $type: String, $name: String, $displayName: String, $description: String, $spec: String, $expectedVersion: Int) {
    upsertView(
        input: {id: $id, entityName: $entityName, projectName: $projectName, name: $name, displayName: $displayName, description: $description, type: $type, spec: $spec, createdUsing: WANDB_SDK, expectedVersion: $expectedVersion}
    ) {
        view {
            id
            name
            version
        }
        inserted
    }
}
"""  # noqa: E501

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


class GraphQLBackend(ReportMethods):
    """Views and reports on a W&B-compatible server: ``POST {base_url}/graphql``, Basic auth.

    Example::

        backend = GraphQLBackend("http://127.0.0.1:8080", api_key="local-...")
        ws.configure(backend=backend)      # or ws.configure(base_url=..., api_key=...)

    Connection errors and HTTP 5xx/429 answers are retried ``retries`` times with
    exponential backoff (``backoff`` seconds, doubling, at most ``max_backoff``; a 429's
    ``Retry-After`` is honoured up to that cap). Nothing else is retried.
    ``transport`` replaces the network (``httpx.MockTransport`` in tests).

    ``save()`` refuses with ``ConflictError`` to overwrite a change made since the
    workspace was loaded. On a server that lists ``PANELBANK_VIEW_EXPECTED_VERSION`` in
    ``serverInfo.features`` (``panelbank serve``; see :attr:`checks_versions`) that is a
    guarantee: the server compares versions and writes in one transaction, so of two
    racing saves one wins and the other raises. Elsewhere (W&B cloud, W&B Server) it is
    best effort: the view's ``updatedAt`` is read and then the view written, and a save
    landing between those two requests is overwritten.
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
        self._features: frozenset[str] | None = None  # serverInfo.features, asked once
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
        versioned = self.checks_versions
        if versioned:
            variables = {"entityName": entity, "name": project, "viewName": name}
            data = self.execute(VIEW_VERSIONED, variables, operation="ViewVersioned")
        else:
            variables = {
                "viewType": "project-view",
                "entityName": entity,
                "projectName": project,
                "name": project,
                "viewName": name,
            }
            data = self.execute(VIEW, variables, operation="View")
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
            marker=(
                _version(node, "project.allViews.edges[0].node.version")
                if versioned
                else self._updated_at(view_id, required=False)
            ),
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
        variables: dict[str, Any] = {
            "entityName": entity,
            "projectName": project,
            "name": name,
            "displayName": display_name,
            "type": "project-view",
            "description": "",
            "spec": spec,
        }
        if id:
            variables["id"] = id
        # A marker loaded through the official documents is an updatedAt string.
        if self.checks_versions and not isinstance(expected_marker, str):
            if id and expected_marker is not None:
                variables["expectedVersion"] = expected_marker
            return self._upsert_checked(variables)
        if id and expected_marker is not None:
            current = self._updated_at(id, required=True)
            if current is not None and current != expected_marker:
                raise ConflictError(
                    f"the view {name!r} in {entity}/{project} was changed on {self.host} "
                    f"since this workspace loaded it (updated at {current}, loaded at "
                    f"{expected_marker}); save(force=True) overwrites that change, "
                    "Workspace.from_url(workspace.url) loads it"
                )
        # the official client sends locked too, which UpsertView2 does not declare
        data = self.execute(UPSERT_VIEW2, {**variables, "locked": False}, operation="UpsertView2")
        view, inserted = _upserted(data, self.host)
        view_id = _string(view.get("id"), "upsertView.view.id")
        return SavedView(
            id=view_id,
            name=_string(view.get("name"), "upsertView.view.name"),
            marker=self._updated_at(view_id, required=False),
            inserted=inserted,
        )

    @property
    def checks_versions(self) -> bool:
        """Whether the server compares view versions itself (``VIEW_VERSION_FEATURE``).

        Asked once per backend, with the query the official SDK sends (W&B answers it);
        a server without ``serverInfo.features`` counts as one without the feature.
        """
        if self._features is None:
            self._features = self._server_features()
        return VIEW_VERSION_FEATURE in self._features

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
        response, body = self._send(document, variables, operation)
        return self._data(response, body, operation)

    def _send(
        self, document: str, variables: dict[str, Any], operation: str
    ) -> tuple[httpx.Response, Any]:
        """POST one GraphQL document; the response and its JSON body (None if not JSON)."""
        response = self._post(
            {"query": document, "variables": variables, "operationName": operation}
        )
        try:
            return response, response.json()
        except ValueError:
            return response, None

    def _data(self, response: httpx.Response, body: Any, operation: str) -> dict[str, Any]:
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

    def _server_features(self) -> frozenset[str]:
        response, body = self._send(SERVER_FEATURES, {}, "ServerFeaturesQuery")
        if _errors(body) and response.status_code < 500:
            # W&B Server releases older than serverInfo.features refuse the field
            return frozenset()
        info = self._data(response, body, "ServerFeaturesQuery").get("serverInfo")
        listed = info.get("features") if isinstance(info, dict) else None
        return frozenset(
            feature["name"]
            for feature in (listed if isinstance(listed, list) else [])
            if isinstance(feature, dict)
            and isinstance(feature.get("name"), str)
            and feature.get("isEnabled") is True
        )

    def _upsert_checked(self, variables: dict[str, Any]) -> SavedView:
        """``upsertView`` with ``expectedVersion``: the server compares and writes at once."""
        response, body = self._send(UPSERT_VIEW_CHECKED, variables, "UpsertViewChecked")
        where = f"{variables['name']!r} in {variables['entityName']}/{variables['projectName']}"
        conflict = _error_with_code(body, "CONFLICT")
        if conflict is not None:
            current = (conflict.get("extensions") or {}).get("currentVersion")
            now = f"it is at version {current}, " if isinstance(current, int) and current else ""
            raise ConflictError(
                f"the view {where} was changed on {self.host} since this workspace loaded it "
                f"({now}loaded at version {variables.get('expectedVersion')}); "
                "save(force=True) overwrites that change, "
                "Workspace.from_url(workspace.url) loads it"
            )
        if _error_with_code(body, "NOT_FOUND") is not None and "id" in variables:
            raise NotFoundError(
                f"the view {where} no longer exists on {self.host} (deleted since it was "
                "loaded); save_as_new_view() saves this workspace as a new view"
            )
        view, inserted = _upserted(self._data(response, body, "UpsertViewChecked"), self.host)
        return SavedView(
            id=_string(view.get("id"), "upsertView.view.id"),
            name=_string(view.get("name"), "upsertView.view.name"),
            marker=_version(view, "upsertView.view.version"),
            inserted=inserted,
        )


def _project_views(data: dict[str, Any], entity: str, project: str) -> list[Any]:
    found = data.get("project")
    if not isinstance(found, dict):
        raise NotFoundError(
            f"Project {entity}/{project} not found. Do you have access to this project?"
        )
    views = found.get("allViews")
    edges = views.get("edges") if isinstance(views, dict) else None
    return edges if isinstance(edges, list) else []


def _upserted(data: dict[str, Any], host: str) -> tuple[dict[str, Any], bool]:
    """The ``view`` and ``inserted`` of an ``upsertView`` answer."""
    upsert = data.get("upsertView")
    view = upsert.get("view") if isinstance(upsert, dict) else None
    if not isinstance(upsert, dict) or not isinstance(view, dict):
        raise ServerError(f"{host} answered upsertView without a view: {data!r:.200}")
    return view, bool(upsert.get("inserted"))


def _version(node: dict[str, Any], where: str) -> int:
    value = node.get("version")
    if not isinstance(value, int) or isinstance(value, bool):
        raise ServerError(f"the server answered {where} = {value!r}, expected a number")
    return value


def _errors(body: Any) -> list[Any]:
    errors = body.get("errors") if isinstance(body, dict) else None
    return errors if isinstance(errors, list) else []


def _error_with_code(body: Any, code: str) -> dict[str, Any] | None:
    """The first GraphQL error whose ``extensions.code`` is ``code``."""
    for error in _errors(body):
        if not isinstance(error, dict):
            continue
        extensions = error.get("extensions")
        if isinstance(extensions, dict) and extensions.get("code") == code:
            return error
    return None


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
