"""Sending an imported run to a running server the way ``wandb sync`` does.

The SDK's protocol (``../shared/spec/protocol.md`` §4): ``UpsertBucket`` creates the run
with its metadata and config, ``file_stream`` POSTs carry history (line offsets, so a
re-sent chunk overwrites), summary, system metrics and console output, and the last one
says ``complete`` with the exit code. A log without an exit record is sent without
``complete``: the run stays ``running`` on the server until its heartbeat check gives up
on it, as with a run whose process died.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from .errors import IngestError
from .importer import DEFAULT_PROJECT, ImportResult, _batches, read_run, stored_config
from .run_folder import RunData, history_rows
from .wandb_file import WandbFile

__all__ = ["Replayer"]

UPSERT_BUCKET = """
mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String,
    $groupName: String, $description: String, $displayName: String, $notes: String,
    $commit: String, $config: JSONString, $host: String, $debug: Boolean, $program: String,
    $repo: String, $jobType: String, $state: String, $sweep: String, $tags: [String!],
    $summaryMetrics: JSONString) {
  upsertBucket(input: {id: $id, name: $name, groupName: $groupName, modelName: $project,
      entityName: $entity, description: $description, displayName: $displayName,
      notes: $notes, config: $config, commit: $commit, host: $host, debug: $debug,
      jobProgram: $program, jobRepo: $repo, jobType: $jobType, state: $state,
      sweep: $sweep, tags: $tags, summaryMetrics: $summaryMetrics}) {
    bucket { id name displayName historyLineCount }
    inserted
  }
}
"""
VIEWER = "query Viewer { viewer { entity } }"


def _line(value: Any) -> str:
    # NaN and infinities as bare NaN/Infinity, which the SDK's history lines also carry
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Replayer:
    """One HTTP client to ``url`` (Basic auth ``api:<key>``, as the SDK sends it)."""

    def __init__(self, url: str, api_key: str, *, client: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self.client = client or httpx.Client(auth=("api", api_key), timeout=60.0)
        self._entity: str | None = None

    def close(self) -> None:
        self.client.close()

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        try:
            response = self.client.post(f"{self.url}{path}", json=body)
        except httpx.HTTPError as exc:
            raise IngestError(f"cannot reach {self.url}: {exc}") from None
        if response.status_code >= 400:
            raise IngestError(
                f"{self.url}{path} answered {response.status_code}: {response.text[:300]}"
            )
        try:
            return response.json()
        except ValueError:
            raise IngestError(f"{self.url}{path} answered with something not JSON") from None

    def _graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = self._post("/graphql", {"query": query, "variables": variables})
        if not isinstance(answer, dict) or answer.get("errors") or "data" not in answer:
            errors = answer.get("errors") if isinstance(answer, dict) else answer
            raise IngestError(f"{self.url}/graphql refused the request: {errors}")
        data: dict[str, Any] = answer["data"] or {}
        return data

    def default_entity(self) -> str:
        """The entity of the API key's user (the ``Viewer`` query), asked once."""
        if self._entity is None:
            viewer = self._graphql(VIEWER, {}).get("viewer") or {}
            self._entity = str(viewer.get("entity") or "")
        return self._entity

    def _upsert(self, run: RunData, entity: str, project: str) -> None:
        variables = {
            "name": run.run_id,
            "entity": entity,
            "project": project,
            "displayName": run.display_name or None,
            "config": json.dumps(stored_config(run.config)),
            "tags": list(run.tags),
            "groupName": run.group,
            "jobType": run.job_type,
            "notes": run.notes,
            "host": run.host,
            "program": run.program,
            "commit": run.commit,
            "sweep": run.sweep,
        }
        self._graphql(UPSERT_BUCKET, variables)

    def _stream(self, entity: str, project: str, run: str, body: dict[str, Any]) -> None:
        self._post(f"/files/{entity}/{project}/{run}/file_stream", body)

    def import_log(
        self, path: Path, *, entity: str | None = None, project: str | None = None
    ) -> ImportResult:
        """Read one ``.wandb`` file and send it; :class:`IngestError` if the server refuses."""
        run, report = read_run(path)
        entity = entity or run.entity or self.default_entity()
        project = project or run.project or DEFAULT_PROJECT
        if not entity:
            raise IngestError(f"{path}: the run names no entity and the server gave none")
        self._upsert(run, entity, project)
        offset = 0
        for batch in _batches(history_rows(WandbFile.open(path).records())):
            files = {"wandb-history.jsonl": {"offset": offset, "content": list(map(_line, batch))}}
            self._stream(entity, project, run.run_id, {"files": files})
            offset += len(batch)
        self._stream(entity, project, run.run_id, self._final_body(run))
        return ImportResult(path, entity, project, run, report, offset)

    @staticmethod
    def _final_body(run: RunData) -> dict[str, Any]:
        events = [_line({**sample, "_wandb": True}) for sample in run.system_metrics]
        files: dict[str, Any] = {
            "wandb-summary.json": {"offset": 0, "content": [_line(run.summary)]},
        }
        if events:
            files["wandb-events.jsonl"] = {"offset": 0, "content": events}
        if run.output:
            files["output.log"] = {"offset": 0, "content": run.console_lines()}
        body: dict[str, Any] = {"files": files}
        if run.exit_code is not None:
            body.update(complete=True, exitcode=run.exit_code)
        return body
