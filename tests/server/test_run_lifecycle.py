# ruff: noqa: E501 - the documents are copied verbatim from wandb 0.28.2, whitespace included
"""In-process: resuming a run (RunResumeStatus), its files (RunFiles, RunDownloadUrls),
deleting it (DeleteRun), entities and teams (GetTeamEntity, EntityProjects), the server's
version information (ServerInfo, Viewer), with the documents the wandb SDK sends."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from panelbank.history import HistoryStore
from panelbank.server import create_app
from panelbank.settings import Settings
from panelbank.store import Store

from .conftest import GraphQL, in_process
from .test_ingest import UPSERT_BUCKET, bucket_variables, stream, upload_urls

RUN_RESUME_STATUS = 'query RunResumeStatus($project: String, $entity: String, $name: String!) {\n  model(name: $project, entityName: $entity) {\n    id\n    name\n    entity {\n      id\n      name\n    }\n\n    bucket(name: $name, missingOk: true) {\n      id\n      name\n      summaryMetrics\n      displayName\n      logLineCount\n      historyLineCount\n      eventsLineCount\n      historyTail\n      eventsTail\n      config\n      tags\n      notes\n      # Pulling wandbConfig.t is required so that runresume.go can determine if a run has actually started\n      wandbConfig(keys: ["t"])\n    }\n  }\n}\n'

SERVER_INFO = "query ServerInfo{\n    serverInfo {\n        cliVersionInfo\n        latestLocalVersionInfo {\n            outOfDate\n            latestVersionString\n            versionOnThisInstanceString\n        }\n    }\n}\n"

VIEWER = """
        query Viewer{
            viewer {
                id
                entity
                username
                email
                flags
                teams {
                    edges {
                        node {
                            name
                        }
                    }
                }
            }
            serverInfo {
                cliVersionInfo
                latestLocalVersionInfo {
                    outOfDate
                    latestVersionString
                    versionOnThisInstanceString
                }
            }
        }
        """

RUN_FILES = """#graphql
            query RunFiles($project: String!, $entity: String!, $name: String!, $fileCursor: String,
                $fileLimit: Int = 50, $fileNames: [String] = [], $upload: Boolean = false, $pattern: String) {
                project(name: $project, entityName: $entity) {
                    internalId
                    run(name: $name) {
                        fileCount
                        ...RunFilesFragment
                    }
                }
            }
            fragment RunFilesFragment on Run {
    files(names: $fileNames, after: $fileCursor, first: $fileLimit, pattern: $pattern) {
        edges {
            node {
                id
                name
                url(upload: $upload)
                directUrl
                sizeBytes
                mimetype
                updatedAt
                md5
            }
            cursor
        }
        pageInfo {
            endCursor
            hasNextPage
        }
    }
}
            """

RUN_DOWNLOAD_URLS = """
        query RunDownloadUrls($name: String!, $entity: String, $run: String!)  {
            model(name: $name, entityName: $entity) {
                bucket(name: $run) {
                    files {
                        edges {
                            node {
                                name
                                url
                                md5
                                updatedAt
                            }
                        }
                    }
                }
            }
        }
        """

DELETE_RUN = """
            mutation DeleteRun(
                $id: ID!,
                $deleteArtifacts: Boolean
            ) {
                deleteRun(input: {
                    id: $id,
                    deleteArtifacts: $deleteArtifacts
                }) {
                    clientMutationId
                }
            }
        """

GET_TEAM_ENTITY = "query GetTeamEntity($name: String!) {\n  entity(name: $name) {\n    id\n    name\n    available\n    photoUrl\n    readOnly\n    readOnlyAdmin\n    isTeam\n    entityType\n    privateOnly\n    storageBytes\n    codeSavingEnabled\n    defaultAccess\n    isPaid\n    members {\n      id\n      admin\n      pending\n      email\n      username\n      name\n      photoUrl\n      accountType\n      apiKey\n    }\n  }\n}\n"

ENTITY_PROJECTS = """
        query EntityProjects($entity: String) {
            models(first: 10, entityName: $entity) {
                edges {
                    node {
                        id
                        name
                        description
                    }
                }
            }
        }
        """

RUN = "rj840uht"


@pytest.fixture
def history(settings: Settings) -> Iterator[HistoryStore]:
    history = HistoryStore(settings.home / "history")
    yield history
    history.close()


@pytest.fixture
def app(settings: Settings, store: Store, history: HistoryStore) -> Starlette:
    return create_app(settings, store=store, history=history)


def _data(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def _row(step: int) -> str:
    return json.dumps({"_step": step, "loss": 1.0 / (step + 1), "_runtime": 10.0 + step})


def _logged_run(gql: GraphQL, client: httpx.Client, rows: int = 3) -> None:
    """A run as wandb.init and a few run.log calls leave it (config holds _wandb.t)."""
    _data(gql(UPSERT_BUCKET, bucket_variables(tags=["a"], notes="n"), "UpsertBucket"))
    body = {
        "files": {
            "wandb-history.jsonl": {"offset": 0, "content": [_row(i) for i in range(rows)]},
            "wandb-summary.json": {"offset": 0, "content": [json.dumps({"_step": rows - 1})]},
            "wandb-events.jsonl": {"offset": 0, "content": ['{"_runtime": 12, "cpu": 5}']},
            "output.log": {"offset": 0, "content": ["one", "two"]},
        }
    }
    assert stream(client, body).status_code == 200


def _resume_status(gql: GraphQL, name: str = RUN) -> Any:
    variables = {"project": "proj", "entity": "ent", "name": name}
    return _data(gql(RUN_RESUME_STATUS, variables, "RunResumeStatus"))["model"]


# -- RunResumeStatus --------------------------------------------------------------------


def test_resume_status_of_a_logged_run(gql: GraphQL, client: httpx.Client) -> None:
    _logged_run(gql, client)
    model = _resume_status(gql)
    assert (model["name"], model["entity"]["name"]) == ("proj", "ent")
    bucket = model["bucket"]
    assert bucket["name"] == RUN
    assert (bucket["historyLineCount"], bucket["eventsLineCount"], bucket["logLineCount"]) == (
        3,
        1,
        2,
    )
    tail = [json.loads(line) for line in json.loads(bucket["historyTail"])]
    assert tail[-1] == {"_step": 2, "loss": 1.0 / 3, "_runtime": 12.0}
    assert json.loads(json.loads(bucket["eventsTail"])[-1])["cpu"] == 5
    assert json.loads(bucket["summaryMetrics"]) == {"_step": 2}
    assert "t" in json.loads(bucket["wandbConfig"])
    assert set(json.loads(bucket["wandbConfig"])) == {"t"}
    assert json.loads(bucket["config"])["lr"] == {"value": 0.01}
    assert (bucket["tags"], bucket["notes"]) == (["a"], "n")


def test_resume_status_of_a_missing_run_is_null(gql: GraphQL, client: httpx.Client) -> None:
    _logged_run(gql, client)
    assert _resume_status(gql, "nosuchrun")["bucket"] is None
    # a project that does not exist: no model at all (the SDK then starts a new run)
    variables = {"project": "nope", "entity": "ent", "name": RUN}
    assert _data(gql(RUN_RESUME_STATUS, variables, "RunResumeStatus"))["model"] is None


def test_bucket_without_missing_ok_says_what_is_missing(gql: GraphQL, client: httpx.Client) -> None:
    _logged_run(gql, client)
    body = gql(RUN_DOWNLOAD_URLS, {"name": "proj", "entity": "ent", "run": "gone"}).json()
    assert body["errors"][0]["message"].startswith("no run 'gone' in ent/proj; pass missingOk")


def test_a_resumed_stream_continues_the_history(gql: GraphQL, client: httpx.Client) -> None:
    _logged_run(gql, client)
    count = _resume_status(gql)["bucket"]["historyLineCount"]
    more = {"files": {"wandb-history.jsonl": {"offset": count, "content": [_row(3), _row(4)]}}}
    assert stream(client, more).status_code == 200
    bucket = _resume_status(gql)["bucket"]
    assert bucket["historyLineCount"] == 5
    assert json.loads(json.loads(bucket["historyTail"])[-1])["_step"] == 4


# -- ServerInfo ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "operation"),
    [pytest.param(SERVER_INFO, "ServerInfo", id="core"), pytest.param(VIEWER, "Viewer", id="py")],
)
def test_server_info_versions(gql: GraphQL, document: str, operation: str) -> None:
    info = _data(gql(document, None, operation))["serverInfo"]
    # no bounds, and a max_cli_version the SDK can remember (it asks again while unset)
    assert info["cliVersionInfo"] == {"max_cli_version": "999.0.0", "min_cli_version": "0.0.1"}
    assert info["latestLocalVersionInfo"]["outOfDate"] is False


# -- RunFiles, RunDownloadUrls -----------------------------------------------------------


def _with_files(gql: GraphQL, client: httpx.Client, anonymous: httpx.Client) -> dict[str, bytes]:
    _logged_run(gql, client)
    contents = {"model.pt": b"\x00weights" * 100, "media/a.json": b"{}", "notes.txt": b"hi"}
    urls = upload_urls(gql, list(contents))
    for name, data in contents.items():
        assert anonymous.put(urls[name], content=data).status_code == 200
    return contents


def _run_files(gql: GraphQL, **variables: Any) -> Any:
    base = {"project": "proj", "entity": "ent", "name": RUN}
    return _data(gql(RUN_FILES, {**base, **variables}, "RunFiles"))["project"]["run"]


def test_run_files_listed_and_downloaded(
    gql: GraphQL, client: httpx.Client, anonymous: httpx.Client
) -> None:
    contents = _with_files(gql, client, anonymous)
    run = _run_files(gql)
    nodes = {edge["node"]["name"]: edge["node"] for edge in run["files"]["edges"]}
    assert run["fileCount"] == len(nodes) == 4  # and output.log from file_stream
    for name, data in contents.items():
        node = nodes[name]
        assert node["sizeBytes"] == len(data)
        assert node["md5"] == base64.b64encode(hashlib.md5(data).digest()).decode()
        # the URL is signed: it works without a key, and the download is the upload
        download = anonymous.get(node["url"])
        assert download.status_code == 200
        assert download.content == data
    assert nodes["notes.txt"]["mimetype"] == "text/plain"
    assert anonymous.get(nodes["output.log"]["url"]).text == "one\ntwo\n"


def test_run_files_by_names_pattern_and_pages(
    gql: GraphQL, client: httpx.Client, anonymous: httpx.Client
) -> None:
    _with_files(gql, client, anonymous)

    def names(run: Any) -> list[str]:
        return [edge["node"]["name"] for edge in run["files"]["edges"]]

    assert names(_run_files(gql, fileNames=["notes.txt", "nope"])) == ["notes.txt"]
    assert names(_run_files(gql, pattern="%.t_t")) == ["notes.txt"]
    assert names(_run_files(gql, pattern="media/%")) == ["media/a.json"]
    first = _run_files(gql, fileLimit=2)
    assert first["files"]["pageInfo"]["hasNextPage"] is True
    rest = _run_files(gql, fileLimit=2, fileCursor=first["files"]["pageInfo"]["endCursor"])
    assert names(first) + names(rest) == ["media/a.json", "model.pt", "notes.txt", "output.log"]
    body = gql(
        RUN_FILES,
        {"project": "proj", "entity": "ent", "name": RUN, "pattern": "%", "fileNames": ["a"]},
    ).json()
    assert body["errors"][0]["message"] == "files: give names or pattern, not both"


def test_upload_url_on_request_and_download_urls(
    gql: GraphQL, client: httpx.Client, anonymous: httpx.Client
) -> None:
    _with_files(gql, client, anonymous)
    node = next(
        edge["node"]
        for edge in _run_files(gql, upload=True)["files"]["edges"]
        if edge["node"]["name"] == "notes.txt"
    )
    assert anonymous.put(node["url"], content=b"changed").status_code == 200
    assert anonymous.get(node["url"]).status_code == 403  # signed for PUT only
    bucket = _data(gql(RUN_DOWNLOAD_URLS, {"name": "proj", "entity": "ent", "run": RUN}))
    files = {e["node"]["name"]: e["node"] for e in bucket["model"]["bucket"]["files"]["edges"]}
    assert anonymous.get(files["notes.txt"]["url"]).content == b"changed"


def test_download_refuses_forged_urls_and_missing_files(
    gql: GraphQL, client: httpx.Client, anonymous: httpx.Client, settings: Settings
) -> None:
    _with_files(gql, client, anonymous)
    url = next(e["node"]["url"] for e in _run_files(gql)["files"]["edges"])
    forged = anonymous.get(url[:-4] + "0000")
    assert forged.status_code == 403
    assert "signature does not match" in forged.json()["error"]["message"]
    (settings.home / "files" / "ent" / "proj" / RUN / "media" / "a.json").unlink()
    gone = anonymous.get(url)
    assert gone.status_code == 404
    assert "has no file 'media/a.json'" in gone.json()["error"]["message"]


# -- DeleteRun ----------------------------------------------------------------------------


def test_delete_run_removes_history_and_files(
    gql: GraphQL,
    client: httpx.Client,
    anonymous: httpx.Client,
    store: Store,
    history: HistoryStore,
    settings: Settings,
) -> None:
    _with_files(gql, client, anonymous)
    run = store.get_run("ent", "proj", RUN)
    assert run is not None
    folder = settings.home / "files" / "ent" / "proj" / RUN
    assert folder.is_dir() and history.line_count(run.history_key) == 3
    run_id = base64.b64encode(f"Run:ent:proj:{RUN}".encode()).decode()
    body = _data(gql(DELETE_RUN, {"id": run_id, "deleteArtifacts": False}, "DeleteRun"))
    assert body == {"deleteRun": {"clientMutationId": None}}
    assert store.get_run("ent", "proj", RUN) is None
    assert history.line_count(run.history_key) == 0
    assert history.line_count(f"{run.history_key}/events") == 0
    assert not folder.exists()
    # deleting it again is fine (wandb's Run.delete(delete_artifacts=True) after delete())
    again = _data(gql(DELETE_RUN, {"id": run_id, "deleteArtifacts": True}, "DeleteRun"))
    assert again == {"deleteRun": {"clientMutationId": None}}
    bad = gql(DELETE_RUN, {"id": "bm9wZQ=="}, "DeleteRun").json()
    assert "is not a run id of this server" in bad["errors"][0]["message"]


# -- Entities -----------------------------------------------------------------------------


def test_team_entity_and_user_entity(gql: GraphQL, client: httpx.Client, store: Store) -> None:
    _logged_run(gql, client)
    store.ensure_entity("the-team")
    user = _data(gql(GET_TEAM_ENTITY, {"name": "ent"}, "GetTeamEntity"))["entity"]
    assert (user["isTeam"], user["entityType"], user["available"]) == (False, "USER", False)
    assert [member["username"] for member in user["members"]] == ["ent"]
    assert user["members"][0]["apiKey"] is None
    assert user["storageBytes"] > 0  # output.log
    team = _data(gql(GET_TEAM_ENTITY, {"name": "the-team"}, "GetTeamEntity"))["entity"]
    assert (team["isTeam"], team["entityType"], team["members"]) == (True, "TEAM", [])
    assert team["storageBytes"] == 0
    assert _data(gql(GET_TEAM_ENTITY, {"name": "nobody"}, "GetTeamEntity"))["entity"] is None


def test_entity_projects_with_description(gql: GraphQL, client: httpx.Client) -> None:
    _logged_run(gql, client)
    models = _data(gql(ENTITY_PROJECTS, {"entity": "ent"}, "EntityProjects"))["models"]
    assert [edge["node"]["name"] for edge in models["edges"]] == ["proj"]
    assert models["edges"][0]["node"]["description"] is None


# -- the fixture protocol ------------------------------------------------------------------


@pytest.fixture
def fixtures_app(settings: Settings, store: Store, history: HistoryStore) -> Starlette:
    return create_app(
        settings.model_copy(update={"test_fixtures": True}), store=store, history=history
    )


def test_fixture_protocol_makes_users_whose_key_is_their_name(
    fixtures_app: Starlette, store: Store
) -> None:
    name = "user_gw0-" + "ab12" * 10
    with in_process(fixtures_app) as anonymous:
        assert anonymous.get("/ready").status_code == 200
        assert anonymous.get("/health").status_code == 200
        for command in ("up", "password"):
            body = {"command": command, "username": name, "password": name, "admin": False}
            assert anonymous.post("/db/user", json=body).status_code == 200
        team = {
            "command": "up",
            "username": name,
            "fixtureData": {
                "planName": "p",
                "team": {"name": "team-x"},
                "organization": {"name": "org-x"},
            },
        }
        assert (
            anonymous.post(
                "/db/organization", json={"command": "up", "orgName": "org-x", "username": name}
            ).status_code
            == 200
        )
        assert anonymous.post("/db/team", json=team).status_code == 200
    assert "team-x" in store.list_entities()
    with in_process(
        fixtures_app,
        {"Authorization": "Basic " + base64.b64encode(f"api:{name}".encode()).decode()},
    ) as user:
        viewer = user.post("/graphql", json={"query": "{ viewer { username } }"}).json()
        assert viewer["data"]["viewer"]["username"] == name
        with in_process(fixtures_app) as anonymous:
            assert (
                anonymous.post("/db/user", json={"command": "down", "username": name}).status_code
                == 200
            )
        assert user.post("/graphql", json={"query": "{ viewer { username } }"}).status_code == 401
    assert store.find_user(name) is None


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        pytest.param("/db/user", [1], "POST /db/user takes a JSON object, not list", id="list"),
        pytest.param(
            "/db/user", {"command": "explode"}, "command 'explode' is not one of", id="command"
        ),
        pytest.param(
            "/db/user", {"command": "up"}, "'username' must be a non-empty string", id="no-user"
        ),
        pytest.param("/db/team", {"command": "up"}, '"up" needs {"fixtureData"', id="no-team"),
        pytest.param(
            "/db/user",
            {"command": "up", "username": " "},
            "the user name must be a non-empty string",
            id="blank",
        ),
    ],
)
def test_fixture_protocol_bad_commands(
    fixtures_app: Starlette, path: str, body: Any, message: str
) -> None:
    with in_process(fixtures_app) as anonymous:
        response = anonymous.post(path, json=body)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_fixture_protocol_is_off_by_default(anonymous: httpx.Client) -> None:
    assert anonymous.post("/db/user", json={"command": "up", "username": "x"}).status_code == 401
    assert anonymous.get("/ready").status_code == 401


def test_fixture_protocol_only_on_loopback(tmp_path: Path) -> None:
    from panelbank.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="test_fixtures is only allowed on a loopback host"):
        load_settings(home=tmp_path, host="0.0.0.0", test_fixtures=True)


# -- the viewer's run page ----------------------------------------------------------------


def test_run_page_api_lists_files_with_download_urls(
    gql: GraphQL, client: httpx.Client, anonymous: httpx.Client
) -> None:
    contents = _with_files(gql, client, anonymous)
    body = client.get(f"/api/v1/ent/proj/runs/{RUN}").json()
    assert (body["name"], body["config"], body["notes"]) == (RUN, {"lr": 0.01}, "n")
    files = {entry["name"]: entry for entry in body["files"]}
    assert sorted(files) == ["media/a.json", "model.pt", "notes.txt", "output.log"]
    for name, data in contents.items():
        assert files[name]["size"] == len(data)
        assert anonymous.get(files[name]["url"]).content == data
    missing = client.get("/api/v1/ent/proj/runs/nosuchrun")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"].startswith("No run 'nosuchrun' in ent/proj")
