"""The JSON routes the viewer's artifact pages read: a project's collections with their
versions and aliases, one version with its files and lineage, a run's logged and used
versions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import ENTITY, GraphQL
from .test_artifacts import PROJECT, data_of, log_artifact

API = f"/api/v1/{ENTITY}/{PROJECT}"
USE = """mutation($i: UseArtifactInput!) { useArtifact(input: $i) { artifact { id } } }"""
LINK = """mutation($i: LinkArtifactInput!) { linkArtifact(input: $i) { versionIndex } }"""
TAG = """mutation($i: UpdateArtifactInput!) { updateArtifact(input: $i) { artifact { id } } }"""


@pytest.fixture
def logged(client: httpx.Client, gql: GraphQL) -> dict[str, Any]:
    """v0 (with a tag, used by run r2, linked into a portfolio) and v1 of "dataset"."""
    first, _ = log_artifact(client, gql, {"a.txt": b"hello", "sub/b.bin": b"\0" * 10})
    log_artifact(client, gql, {"a.txt": b"changed"}, aliases=("best",))
    data_of(gql(TAG, {"i": {"artifactID": first, "tagsToAdd": [{"tagName": "raw"}]}}))
    use = {"entityName": ENTITY, "projectName": PROJECT, "runName": "r2", "artifactID": first}
    data_of(gql(USE, {"i": use}))
    link = {
        "artifactID": first,
        "artifactPortfolioName": "champions",
        "entityName": ENTITY,
        "projectName": PROJECT,
        "aliases": [{"artifactCollectionName": "champions", "alias": "gold"}],
    }
    data_of(gql(LINK, {"i": link}))
    return {"first": first}


def body_of(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_project_lists_its_collections_with_versions_and_aliases(
    client: httpx.Client, logged: dict[str, Any]
) -> None:
    collections = {c["name"]: c for c in body_of(client.get(f"{API}/artifacts"))["collections"]}
    assert set(collections) == {"dataset", "champions"}
    dataset = collections["dataset"]
    assert (dataset["type"], dataset["kind"]) == ("data", "sequence")
    assert [(v["version"], sorted(v["aliases"])) for v in dataset["versions"]] == [
        ("v1", ["best", "latest"]),
        ("v0", []),
    ]
    assert dataset["versions"][1]["tags"] == ["raw"]
    assert dataset["versions"][0]["url"] == f"/{ENTITY}/{PROJECT}/artifacts/data/dataset/v1"
    champions = collections["champions"]
    assert champions["kind"] == "portfolio"
    assert [(v["version"], sorted(v["aliases"])) for v in champions["versions"]] == [
        ("v0", ["gold", "latest"])
    ]


def test_a_version_has_its_files_and_lineage(
    client: httpx.Client, anonymous: httpx.Client, logged: dict[str, Any]
) -> None:
    version = body_of(client.get(f"{API}/artifacts/dataset/v0"))
    assert (version["version"], version["kind"], version["fileCount"]) == ("v0", "sequence", 2)
    files = {f["name"]: f for f in version["files"]}
    assert set(files) == {"a.txt", "sub/b.bin"} and files["a.txt"]["reference"] is False
    # a signed path on this server: it downloads without a key
    assert files["a.txt"]["url"].startswith("/blob/")
    assert anonymous.get(files["a.txt"]["url"]).content == b"hello"
    assert version["loggedBy"]["name"] == "r1"
    assert version["loggedBy"]["url"] == f"/{ENTITY}/{PROJECT}/runs/r1"
    assert [run["name"] for run in version["usedBy"]] == ["r2"]
    # by alias, and seen from the portfolio it was linked into
    assert body_of(client.get(f"{API}/artifacts/dataset/best"))["version"] == "v1"
    linked = body_of(client.get(f"{API}/artifacts/champions/gold"))
    assert (linked["kind"], linked["version"]) == ("portfolio", "v0")
    assert linked["source"]["url"] == f"/{ENTITY}/{PROJECT}/artifacts/data/dataset/v0"


def test_a_run_lists_what_it_logged_and_used(client: httpx.Client, logged: dict[str, Any]) -> None:
    r1 = body_of(client.get(f"{API}/runs/r1/artifacts"))
    assert [v["version"] for v in r1["logged"]] == ["v0", "v1"] and r1["used"] == []
    r2 = body_of(client.get(f"{API}/runs/r2/artifacts"))
    assert r2["logged"] == [] and [(v["collection"], v["version"]) for v in r2["used"]] == [
        ("dataset", "v0")
    ]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("/artifacts/dataset/v9", "No artifact version dataset:v9 in", id="version"),
        pytest.param("/artifacts/nothing/latest", "No artifact version nothing:latest", id="name"),
        pytest.param("/runs/nosuchrun/artifacts", "No run 'nosuchrun' in", id="run"),
    ],
)
def test_what_is_missing_is_a_404_saying_so(
    client: httpx.Client, logged: dict[str, Any], path: str, message: str
) -> None:
    response = client.get(API + path)
    assert response.status_code == 404 and message in response.json()["error"]["message"]


def test_the_artifact_routes_need_a_key(anonymous: httpx.Client) -> None:
    assert anonymous.get(f"{API}/artifacts").status_code == 401
