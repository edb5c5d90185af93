"""Run keys from a server: :class:`GraphQLRunSource` asks any W&B-compatible server (W&B,
``panelbank serve``) for a project's runs through the public GraphQL API (the query the
official ``wandb.Api`` sends: each run's ``config``, ``summaryMetrics`` and
``historyKeys``), a page at a time, for ``validate``."""

from __future__ import annotations

import json
from typing import Any, Protocol

from wandb_workspaces.errors import NotFoundError

from .keys import ProjectKeys, keys_of_runs

__all__ = ["MAX_RUNS", "GraphQLRunSource"]

MAX_RUNS = 2000  # the keys are checked against at most this many runs (newest first)
_PAGE = 50

_QUERY = """
query PanelbankRunKeys($entity: String!, $project: String!, $first: Int, $after: String) {
  project(name: $project, entityName: $entity) {
    runs(first: $first, after: $after, order: "-created_at") {
      edges { node { name config summaryMetrics historyKeys } }
      pageInfo { endCursor hasNextPage }
    }
  }
}
"""


class _Executes(Protocol):
    def execute(
        self, document: str, variables: dict[str, Any], *, operation: str
    ) -> dict[str, Any]: ...


class _Run:
    """What :func:`.keys.keys_of_runs` reads of a run."""

    def __init__(self, node: dict[str, Any]) -> None:
        self.config = _json_object(node.get("config"))
        self.summary = _json_object(node.get("summaryMetrics"))
        history = node.get("historyKeys")
        history = json.loads(history) if isinstance(history, str) else history
        keys = history.get("keys") if isinstance(history, dict) else None
        self.history_keys = [str(key) for key in keys] if isinstance(keys, dict) else []


def _json_object(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


class GraphQLRunSource:
    """The keys of a project's runs on a server, by its GraphQL API."""

    def __init__(self, backend: _Executes) -> None:
        self.backend = backend
        self.truncated = False  # the project had more than MAX_RUNS runs

    def close(self) -> None:
        """Nothing to release (the backend is closed by its owner)."""

    def project_keys(self, entity: str, project: str) -> ProjectKeys | None:
        runs: list[_Run] = []
        after: str | None = None
        while len(runs) < MAX_RUNS:
            variables = {"entity": entity, "project": project, "first": _PAGE, "after": after}
            try:
                data = self.backend.execute(_QUERY, variables, operation="PanelbankRunKeys")
            except NotFoundError:
                return ProjectKeys()
            found = (data.get("project") or {}).get("runs") or {}
            runs += [_Run(edge["node"]) for edge in found.get("edges") or [] if edge.get("node")]
            page = found.get("pageInfo") or {}
            if not page.get("hasNextPage") or not page.get("endCursor"):
                break
            after = str(page["endCursor"])
        else:
            self.truncated = True
        return keys_of_runs(runs[:MAX_RUNS], lambda run: run.history_keys)
