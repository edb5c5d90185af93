# ruff: noqa: E501 - the documents are copied verbatim, whitespace included
"""Ingest, in-process: the documents wandb-core sends while logging a run (protocol.md
§4 and its Appendix), file_stream bodies, and the signed upload URLs."""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from starlette.applications import Starlette

from panelbank.history import HistoryStore
from panelbank.server import create_app
from panelbank.server.ingest.signing import Signer, UploadTarget, UploadUrlError
from panelbank.settings import Settings
from panelbank.store import Store

from .conftest import GraphQL, in_process
from .documents import FEATURES

UPSERT_BUCKET = "mutation UpsertBucket ($id: String, $name: String, $project: String, $entity: String, $groupName: String, $description: String, $displayName: String, $notes: String, $commit: String, $config: JSONString, $host: String, $debug: Boolean, $program: String, $repo: String, $jobType: String, $state: String, $sweep: String, $tags: [String!], $summaryMetrics: JSONString) {\n\tupsertBucket(input: {id:$id,name:$name,groupName:$groupName,modelName:$project,entityName:$entity,description:$description,displayName:$displayName,notes:$notes,config:$config,commit:$commit,host:$host,debug:$debug,jobProgram:$program,jobRepo:$repo,jobType:$jobType,state:$state,sweep:$sweep,tags:$tags,summaryMetrics:$summaryMetrics}) {\n\t\tbucket {\n\t\t\tid\n\t\t\tname\n\t\t\tdisplayName\n\t\t\tdescription\n\t\t\tconfig\n\t\t\tsweepName\n\t\t\tproject {\n\t\t\t\tid\n\t\t\t\tname\n\t\t\t\tentity {\n\t\t\t\t\tid\n\t\t\t\t\tname\n\t\t\t\t}\n\t\t\t}\n\t\t\thistoryLineCount\n\t\t}\n\t\tinserted\n\t}\n}\n"

ORG_ID = "query OrganizationCoreWeaveOrganizationID ($entityName: String!) {\n\tentity(name: $entityName) {\n\t\torganization {\n\t\t\tcoreWeaveOrganizationId\n\t\t}\n\t}\n}\n"

SERVER_FEATURES = "query ServerFeaturesQuery {\n\tserverInfo {\n\t\tfeatures {\n\t\t\tname\n\t\t\tisEnabled\n\t\t}\n\t}\n}\n"

CREATE_RUN_FILES = "mutation CreateRunFiles ($entity: String!, $project: String!, $run: String!, $files: [String!]!) {\n\tcreateRunFiles(input: {entityName:$entity,projectName:$project,runName:$run,files:$files}) {\n\t\trunID\n\t\tuploadHeaders\n\t\tfiles {\n\t\t\tname\n\t\t\tuploadUrl\n\t\t}\n\t}\n}\n"

CONFIG = '{"lr":{"value":0.01},"_wandb":{"value":{"m":[],"cli_version":"0.31.0","python_version":"3.11.7","t":{"4":"3.11.7","3":[16],"5":"0.31.0","12":"0.31.0","13":"linux-x86_64"}}}}'


def bucket_variables(**overrides: Any) -> dict[str, Any]:
    """The variables of the Appendix example (``UpsertBucket``)."""
    variables: dict[str, Any] = {
        "id": None,
        "name": "rj840uht",
        "project": "proj",
        "entity": "ent",
        "groupName": None,
        "description": None,
        "displayName": None,
        "notes": None,
        "commit": None,
        "config": CONFIG,
        "host": "vm",
        "debug": None,
        "program": "/home/user/train.py",
        "repo": None,
        "jobType": None,
        "state": None,
        "sweep": None,
        "tags": None,
        "summaryMetrics": None,
    }
    variables.update(overrides)
    return variables


class MemoryHistory:
    """Enough of the HistoryStore for these tests (used until the real one is built)."""

    def __init__(self) -> None:
        self.lines: dict[str, list[dict[str, Any]]] = {}

    def append(self, run_key: str, rows: Sequence[dict[str, Any]], *, offset: int) -> int:
        lines = self.lines.setdefault(run_key, [])
        lines.extend({} for _ in range(offset + len(rows) - len(lines)))
        lines[offset : offset + len(rows)] = list(rows)
        return len(lines)

    def line_count(self, run_key: str) -> int:
        return len(self.lines.get(run_key, []))

    def rows(self, run_key: str, **_: Any) -> Iterator[dict[str, Any]]:
        return iter(self.lines.get(run_key, []))

    def close(self) -> None:
        pass


@pytest.fixture
def history(tmp_path: Path) -> Iterator[HistoryStore]:
    try:
        real = HistoryStore(tmp_path / "history")
    except NotImplementedError:
        yield cast(HistoryStore, MemoryHistory())
        return
    yield real
    real.close()


@pytest.fixture
def app(settings: Settings, store: Store, history: HistoryStore) -> Starlette:
    return create_app(settings, store=store, history=history)


def history_rows(history: HistoryStore, store: Store, run: str = "rj840uht") -> list[Any]:
    found = store.get_run("ent", "proj", run)
    assert found is not None
    return list(history.rows(found.history_key))


def stream(client: httpx.Client, body: Any, run: str = "rj840uht") -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(
        f"/files/ent/proj/{run}/file_stream",
        content=content,
        headers={"Content-Type": "application/json"},
    )


# -- GraphQL ------------------------------------------------------------------------------


def test_upsert_bucket_as_in_the_appendix(gql: GraphQL, store: Store) -> None:
    response = gql(UPSERT_BUCKET, bucket_variables(), "UpsertBucket")
    assert response.status_code == 200, response.text
    body = response.json()
    bucket = body["data"]["upsertBucket"]["bucket"]
    assert body["data"]["upsertBucket"]["inserted"] is True
    assert base64.b64decode(bucket["id"]).decode() == "Run:ent:proj:rj840uht"
    assert (bucket["name"], bucket["displayName"]) == ("rj840uht", "rj840uht")
    assert (bucket["description"], bucket["sweepName"], bucket["historyLineCount"]) == (
        None,
        None,
        0,
    )
    assert json.loads(bucket["config"]) == json.loads(CONFIG)
    assert bucket["project"]["name"] == "proj"
    assert bucket["project"]["entity"]["name"] == "ent"
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None
    assert (run.state, run.host, run.program) == ("running", "vm", "/home/user/train.py")
    assert run.username == "ent"  # the key's user


def test_config_update_replaces_config_and_keeps_metadata(gql: GraphQL, store: Store) -> None:
    gql(UPSERT_BUCKET, bucket_variables(tags=["a"], notes="n"), "UpsertBucket")
    config = json.dumps({"lr": {"value": 0.5}, "layers": {"value": [1, 2]}})
    response = gql(
        UPSERT_BUCKET,
        bucket_variables(config=config, host=None, program=None),
        "UpsertBucket",
    )
    assert response.json()["data"]["upsertBucket"]["inserted"] is False
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None
    assert run.config == {"lr": {"value": 0.5}, "layers": {"value": [1, 2]}}
    assert (run.host, run.tags, run.notes) == ("vm", ("a",), "n")


def test_upsert_bucket_by_id_and_with_summary(gql: GraphQL, store: Store) -> None:
    first = gql(UPSERT_BUCKET, bucket_variables(), "UpsertBucket").json()
    run_id = first["data"]["upsertBucket"]["bucket"]["id"]
    again = gql(
        UPSERT_BUCKET,
        bucket_variables(
            id=run_id, name=None, project=None, entity=None, summaryMetrics='{"acc": 0.9}'
        ),
        "UpsertBucket",
    ).json()
    assert again["data"]["upsertBucket"]["inserted"] is False
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None and run.summary == {"acc": 0.9}


def test_upsert_bucket_without_name_makes_one(gql: GraphQL, store: Store) -> None:
    body = gql(UPSERT_BUCKET, bucket_variables(name=None, project=None)).json()
    name = body["data"]["upsertBucket"]["bucket"]["name"]
    assert len(name) == 8
    assert store.get_run("ent", "uncategorized", name) is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"config": "[1, 2]"}, "config must be a JSON object", id="config-list"),
        pytest.param({"name": "a/b"}, "run name 'a/b'", id="bad-name"),
        pytest.param({"id": "bm9wZQ=="}, "not a run id", id="bad-id"),
    ],
)
def test_upsert_bucket_bad_input(
    gql: GraphQL, store: Store, overrides: dict[str, Any], message: str
) -> None:
    response = gql(UPSERT_BUCKET, bucket_variables(**overrides))
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert store.list_runs("ent", "proj") == []


def test_big_unicode_config(gql: GraphQL, store: Store) -> None:
    config = {f"ключ_{i}_鍵": {"value": {"n": i, "s": "ü" * 3}} for i in range(10_000)}
    response = gql(UPSERT_BUCKET, bucket_variables(config=json.dumps(config)))
    assert response.status_code == 200, response.text[:500]
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None and run.config == config


def test_organization_and_server_features(gql: GraphQL) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    known = gql(ORG_ID, {"entityName": "ent"}, "OrganizationCoreWeaveOrganizationID")
    assert (known.status_code, known.json()) == (200, {"data": {"entity": {"organization": None}}})
    unknown = gql(ORG_ID, {"entityName": "nobody"}, "OrganizationCoreWeaveOrganizationID")
    assert (unknown.status_code, unknown.json()) == (200, {"data": {"entity": None}})
    features = gql(SERVER_FEATURES, None, "ServerFeaturesQuery")
    assert features.json() == {"data": FEATURES}


# -- uploads ---------------------------------------------------------------------------------


def upload_urls(gql: GraphQL, files: list[str]) -> dict[str, str]:
    variables = {"entity": "ent", "project": "proj", "run": "rj840uht", "files": files}
    response = gql(CREATE_RUN_FILES, variables, "CreateRunFiles")
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["createRunFiles"]
    assert payload["uploadHeaders"] == []
    assert payload["runID"]
    return {f["name"]: f["uploadUrl"] for f in payload["files"]}


def test_create_run_files_and_upload_without_a_key(
    gql: GraphQL, app: Starlette, settings: Settings, store: Store
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    urls = upload_urls(gql, ["wandb-metadata.json", "media/images/a b.png", "config.yaml"])
    assert all(url.startswith(settings.public_url + "/upload/") for url in urls.values())
    with in_process(app) as anonymous:  # the SDK sends no Authorization header
        for name, url in urls.items():
            path = httpx.URL(url).raw_path.decode()
            response = anonymous.put(path, content=f"bytes of {name}".encode())
            assert response.status_code == 200, response.text
    folder = settings.home / "files" / "ent" / "proj" / "rj840uht"
    assert (
        folder / "media" / "images" / "a b.png"
    ).read_bytes() == b"bytes of media/images/a b.png"
    files = store.list_run_files("ent", "proj", "rj840uht")
    assert sorted(f.name for f in files) == sorted(urls)


def test_upload_refuses_forged_altered_and_expired_urls(
    gql: GraphQL, app: Starlette, settings: Settings
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    url = upload_urls(gql, ["config.yaml"])["config.yaml"]
    path = httpx.URL(url).raw_path.decode()
    forged = Signer(b"another secret").path_for(UploadTarget("ent", "proj", "rj840uht", "x"))
    with in_process(app) as anonymous:
        for bad in (forged, path[:-1] + ("0" if path[-1] != "0" else "1"), "/upload/nothing"):
            response = anonymous.put(bad, content=b"x")
            assert response.status_code == 403
            assert "Upload refused" in response.json()["error"]["message"]
    assert not (settings.home / "files" / "ent" / "proj" / "rj840uht" / "x").exists()


def test_signer_expiry() -> None:
    signer = Signer(b"s" * 32, ttl=10)
    path = signer.path_for(UploadTarget("e", "p", "r", "f"), now=1000)
    assert signer.check(path, now=1005) == UploadTarget("e", "p", "r", "f")
    with pytest.raises(UploadUrlError, match="expired"):
        signer.check(path, now=1011)
    with pytest.raises(UploadUrlError, match="signature does not match"):
        signer.check(path, method="GET", now=1005)


def test_upload_size_limit(gql: GraphQL, store: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, max_upload_bytes=10)
    small_app = create_app(settings, store=store, history=cast(HistoryStore, MemoryHistory()))
    key = store.create_api_key("ent")
    with in_process(small_app, {"Authorization": f"Bearer {key}"}) as client:
        gql_body = {"query": UPSERT_BUCKET, "variables": bucket_variables()}
        assert client.post("/graphql", json=gql_body).status_code == 200
        files = {"entity": "ent", "project": "proj", "run": "rj840uht", "files": ["big.bin"]}
        answer = client.post("/graphql", json={"query": CREATE_RUN_FILES, "variables": files})
        url = answer.json()["data"]["createRunFiles"]["files"][0]["uploadUrl"]
        response = client.put(httpx.URL(url).raw_path.decode(), content=b"x" * 11)
    assert response.status_code == 413
    assert "PANELBANK_MAX_UPLOAD_BYTES" in response.json()["error"]["message"]


def test_create_run_files_bad_input(gql: GraphQL) -> None:
    missing = gql(CREATE_RUN_FILES, {"entity": "ent", "project": "proj", "run": "x", "files": []})
    assert missing.status_code == 400
    assert "no run 'x'" in missing.json()["errors"][0]["message"]
    gql(UPSERT_BUCKET, bucket_variables())
    escape = gql(
        CREATE_RUN_FILES,
        {"entity": "ent", "project": "proj", "run": "rj840uht", "files": ["../../etc/passwd"]},
    )
    assert escape.status_code == 400
    assert "not a plain relative path" in escape.json()["errors"][0]["message"]


# -- file_stream -----------------------------------------------------------------------------

HISTORY_LINES = [
    '{"_step":0,"loss":0.5,"_timestamp":1.79e9,"_runtime":0.1}',
    '{"_step":1,"loss":NaN,"acc":Infinity,"neg":-Infinity,"_timestamp":1.79e9,"_runtime":0.2}',
    '{"_step":2,"loss":0.25,"nested":{"a":1,"b":"x"},"ünï":"✓","_timestamp":1.79e9,"_runtime":0.3}',
]


def test_file_stream_a_whole_run(
    gql: GraphQL, client: httpx.Client, store: Store, history: HistoryStore, settings: Settings
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    first = {
        "files": {
            "wandb-events.jsonl": {
                "offset": 0,
                "content": ['{"system.cpu":0.06,"_wandb":true,"_timestamp":1.79e9,"_runtime":15}'],
            },
            "wandb-history.jsonl": {"offset": 0, "content": HISTORY_LINES[:2]},
            "output.log": {"offset": 0, "content": ["2026-11-29T14:50:32.386584 init done"]},
        }
    }
    response = stream(client, first)
    assert (response.status_code, response.json()) == (200, {"exitcode": None, "limits": {}})
    last = {
        "files": {
            "wandb-history.jsonl": {"offset": 2, "content": HISTORY_LINES[2:]},
            "wandb-summary.json": {
                "offset": 0,
                "content": ['{"_runtime":0,"loss":0.25,"_step":2,"_wandb":{"runtime":0}}'],
            },
            "output.log": {"offset": 1, "content": ["2026-11-29T14:50:33.000000 bye"]},
        },
        "uploaded": ["requirements.txt"],
        "complete": True,
        "exitcode": 0,
    }
    assert stream(client, last).json() == {"exitcode": 0, "limits": {}}
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None
    assert (run.state, run.exitcode, run.history_line_count) == ("finished", 0, 3)
    assert run.summary == {"_runtime": 0, "loss": 0.25, "_step": 2, "_wandb": {"runtime": 0}}
    assert run.system_metrics["system.cpu"] == 0.06
    rows = history_rows(history, store)
    assert [row["_step"] for row in rows] == [0, 1, 2]
    assert math.isnan(rows[1]["loss"]) and rows[1]["acc"] == math.inf
    assert rows[1]["neg"] == -math.inf
    assert rows[2]["nested"] == {"a": 1, "b": "x"} and rows[2]["ünï"] == "✓"
    log = settings.home / "files" / "ent" / "proj" / "rj840uht" / "output.log"
    assert log.read_text().splitlines() == [
        "2026-11-29T14:50:32.386584 init done",
        "2026-11-29T14:50:33.000000 bye",
    ]


def test_resent_chunk_does_not_duplicate(
    gql: GraphQL, client: httpx.Client, store: Store, history: HistoryStore, settings: Settings
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    chunk = {
        "files": {
            "wandb-history.jsonl": {"offset": 0, "content": HISTORY_LINES[:2]},
            "output.log": {"offset": 0, "content": ["a", "b"]},
        }
    }
    for _ in range(3):
        assert stream(client, chunk).status_code == 200
    later = {"files": {"wandb-history.jsonl": {"offset": 1, "content": HISTORY_LINES[1:]}}}
    assert stream(client, later).status_code == 200
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None and run.history_line_count == 3
    assert [row["_step"] for row in history_rows(history, store)] == [0, 1, 2]
    log = settings.home / "files" / "ent" / "proj" / "rj840uht" / "output.log"
    assert log.read_text() == "a\nb\n"


@pytest.mark.parametrize(
    ("exitcode", "state"),
    [pytest.param(3, "crashed", id="crash"), pytest.param(0, "finished", id="ok")],
)
def test_exit_code_gives_state(
    gql: GraphQL, client: httpx.Client, store: Store, exitcode: int, state: str
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    assert stream(client, {"files": {}, "complete": True, "exitcode": exitcode}).status_code == 200
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None and (run.state, run.exitcode) == (state, exitcode)


def test_stream_before_upsert_creates_the_run(client: httpx.Client, store: Store) -> None:
    assert stream(client, {"files": {}}, run="early").status_code == 200
    run = store.get_run("ent", "proj", "early")
    assert run is not None and run.state == "running"


def test_gzip_body(gql: GraphQL, client: httpx.Client, store: Store) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    body = {"files": {"wandb-summary.json": {"offset": 0, "content": ['{"a": 1}']}}}
    response = client.post(
        "/files/ent/proj/rj840uht/file_stream",
        content=gzip.compress(json.dumps(body).encode()),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None and run.summary == {"a": 1}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"this is not json", "the request body is not valid JSON", id="not-json"),
        pytest.param(b"", "the request body is not valid JSON", id="empty"),
        pytest.param(b"\xff\xfe", "the request body is not valid JSON", id="not-utf8"),
        pytest.param(b"[1, 2]", "must be a JSON object", id="list"),
        pytest.param({"files": []}, '"files" must be an object', id="files-list"),
        pytest.param(
            {"files": {"wandb-history.jsonl": {"offset": -1, "content": []}}},
            "offset must be a line number",
            id="negative-offset",
        ),
        pytest.param(
            {"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{}", "{oops"]}}},
            "content[1] (line 1) is not valid JSON",
            id="bad-history-line",
        ),
        pytest.param(
            {"files": {"wandb-history.jsonl": {"offset": 0, "content": ["[1]"]}}},
            "must be a JSON object, not list",
            id="history-line-list",
        ),
        pytest.param(
            {"files": {"output.log": {"offset": 0, "content": [1]}}},
            "content must be a list of strings",
            id="output-not-strings",
        ),
        pytest.param(
            {"complete": True, "exitcode": "0"}, '"exitcode" must be an integer', id="exit"
        ),
    ],
)
def test_file_stream_bad_bodies(
    gql: GraphQL, client: httpx.Client, store: Store, body: Any, message: str
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    response = stream(client, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert message in error["message"]
    assert "file_stream ent/proj/rj840uht" in error["message"]
    run = store.get_run("ent", "proj", "rj840uht")
    assert run is not None and (run.state, run.history_line_count) == ("running", 0)


def test_file_stream_needs_a_key(anonymous: httpx.Client) -> None:
    assert stream(anonymous, {"files": {}}).status_code == 401


def test_uploaded_output_log_does_not_replace_the_streamed_one(
    gql: GraphQL, client: httpx.Client, app: Starlette, settings: Settings
) -> None:
    gql(UPSERT_BUCKET, bucket_variables())
    stream(client, {"files": {"output.log": {"offset": 0, "content": ["T1 hello"]}}})
    url = upload_urls(gql, ["output.log"])["output.log"]
    with in_process(app) as anonymous:
        assert (
            anonymous.put(httpx.URL(url).raw_path.decode(), content=b"hello\n").status_code == 200
        )
    log = settings.home / "files" / "ent" / "proj" / "rj840uht" / "output.log"
    assert log.read_text() == "T1 hello\n"
