"""Artifacts over GraphQL and the blob routes, driven the way wandb-core's saver and the
public API drive them: create, manifest, file URLs, uploads, commit, read back, edit."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import ENTITY, GraphQL

PROJECT = "arts"

CREATE = """mutation CreateArtifact($input: CreateArtifactInput!) {
  createArtifact(input: $input) {
    artifact { id state versionIndex artifactSequence { latestArtifact { id } } }
  }
}"""
MANIFEST = """mutation CreateArtifactManifest($artifactID: ID!, $digest: String!) {
  createArtifactManifest(input: {artifactID: $artifactID, name: "wandb_manifest.json",
      digest: $digest, entityName: "ENTITY", projectName: "PROJECT", runName: "r1", type: FULL}) {
    artifactManifest { id file { id uploadUrl uploadHeaders } }
  }
}""".replace("ENTITY", ENTITY).replace("PROJECT", PROJECT)
FILES = """mutation CreateArtifactFiles($input: CreateArtifactFilesInput!) {
  createArtifactFiles(input: $input) {
    files { edges { node { storagePath uploadUrl uploadHeaders
      uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } }
      artifact { id } } } }
  }
}"""
COMMIT = """mutation CommitArtifact($artifactID: ID!) {
  commitArtifact(input: {artifactID: $artifactID}) { artifact { id digest } }
}"""
BY_NAME = """query ArtifactMembershipByName($name: String!) {
  project(name: "PROJECT", entityName: "ENTITY") {
    artifactCollectionMembership(name: $name) {
      versionIndex aliases { alias }
      artifact { id state size fileCount digest description metadata ttlDurationSeconds
        aliases { alias artifactCollection { name } }
        currentManifest { file { directUrl } }
        files(first: 5000) { totalCount edges { node { name: displayName directUrl sizeBytes
          digest url } } }
        createdBy { __typename ... on Run { name } }
        usedBy { edges { node { name } } } }
    }
  }
}""".replace("ENTITY", ENTITY).replace("PROJECT", PROJECT)


def b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def data_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def path_of(url: str) -> str:
    return urlsplit(url).path


def log_artifact(
    client: httpx.Client,
    gql: GraphQL,
    files: dict[str, bytes],
    *,
    name: str = "dataset",
    aliases: tuple[str, ...] = (),
    digest: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Log one version as the SDK does; returns (artifact id, createArtifact's answer)."""
    client.post(
        "/graphql",
        json={
            "query": "mutation($i: UpsertBucketInput!) { upsertBucket(input: $i) { inserted } }",
            "variables": {"i": {"name": "r1", "entityName": ENTITY, "modelName": PROJECT}},
        },
    )
    digest = (
        digest
        or hashlib.md5(json.dumps(sorted(files)).encode() + b"".join(files.values())).hexdigest()
    )
    created = data_of(
        gql(
            CREATE,
            {
                "input": {
                    "entityName": ENTITY,
                    "projectName": PROJECT,
                    "artifactTypeName": "data",
                    "artifactCollectionName": name,
                    "runName": "r1",
                    "digest": digest,
                    "description": "d",
                    "metadata": json.dumps({"k": 1}),
                    "aliases": [{"artifactCollectionName": name, "alias": a} for a in aliases],
                    "clientID": f"c-{digest}",
                    "sequenceClientID": "s1",
                    "enableDigestDeduplication": True,
                }
            },
        )
    )["createArtifact"]["artifact"]
    artifact_id = created["id"]
    if created["state"] == "COMMITTED":
        return artifact_id, created
    specs = [
        {"artifactID": artifact_id, "name": n, "md5": b64md5(content)}
        for n, content in files.items()
    ]
    nodes = data_of(gql(FILES, {"input": {"artifactFiles": specs, "storageLayout": "V2"}}))
    for content, edge in zip(
        files.values(), nodes["createArtifactFiles"]["files"]["edges"], strict=True
    ):
        if edge["node"]["uploadUrl"] is not None:
            assert (
                client.put(path_of(edge["node"]["uploadUrl"]), content=content).status_code == 200
            )
    manifest = {
        "version": 1,
        "storagePolicy": "wandb-storage-policy-v1",
        "storagePolicyConfig": {"storageLayout": "V2"},
        "contents": {
            n: {"digest": b64md5(c), "size": len(c), "birthArtifactID": artifact_id}
            for n, c in files.items()
        },
    }
    upload = data_of(gql(MANIFEST, {"artifactID": artifact_id, "digest": ""}))
    url = upload["createArtifactManifest"]["artifactManifest"]["file"]["uploadUrl"]
    assert client.put(path_of(url), content=json.dumps(manifest).encode()).status_code == 200
    data_of(gql(COMMIT, {"artifactID": artifact_id}))
    return artifact_id, created


def by_name(gql: GraphQL, name: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = data_of(gql(BY_NAME, {"name": name}))["project"][
        "artifactCollectionMembership"
    ]
    return found


def test_log_then_read_back_by_alias_and_version(client: httpx.Client, gql: GraphQL) -> None:
    log_artifact(client, gql, {"a.txt": b"hello", "sub/b.bin": b"\0" * 100}, aliases=("best",))
    found, same = by_name(gql, "dataset:best"), by_name(gql, "dataset:v0")
    # the same version (not the same answer: signed URLs carry their expiry second)
    assert found is not None and same is not None
    assert found["artifact"]["id"] == same["artifact"]["id"]
    assert found["versionIndex"] == 0
    assert sorted(a["alias"] for a in found["aliases"]) == ["best", "latest"]
    artifact = found["artifact"]
    assert (artifact["state"], artifact["size"], artifact["fileCount"]) == ("COMMITTED", 105, 2)
    assert json.loads(artifact["metadata"]) == {"k": 1}
    assert artifact["ttlDurationSeconds"] == -1
    assert artifact["createdBy"] == {"__typename": "Run", "name": "r1"}
    files = {edge["node"]["name"]: edge["node"] for edge in artifact["files"]["edges"]}
    assert set(files) == {"a.txt", "sub/b.bin"}
    # a signed download URL works without a key
    with httpx.Client(transport=client._transport, base_url=str(client.base_url)) as anonymous:
        assert anonymous.get(path_of(files["a.txt"]["directUrl"])).content == b"hello"
        manifest_url = artifact["currentManifest"]["file"]["directUrl"]
        assert "a.txt" in anonymous.get(path_of(manifest_url)).json()["contents"]
        assert anonymous.get(path_of(files["a.txt"]["url"])).status_code == 401
    # the key-authenticated fallback path (layout V1)
    assert client.get(path_of(files["a.txt"]["url"])).content == b"hello"


def test_versions_latest_and_dedup(client: httpx.Client, gql: GraphQL) -> None:
    first, _ = log_artifact(client, gql, {"a.txt": b"one"})
    second, _ = log_artifact(client, gql, {"a.txt": b"two"})
    again, created = log_artifact(client, gql, {"a.txt": b"one"})  # same digest as v0
    assert again == first and created["state"] == "COMMITTED"
    latest = by_name(gql, "dataset:latest")
    assert latest is not None and latest["artifact"]["id"] == second
    assert latest["versionIndex"] == 1 and by_name(gql, "dataset:v2") is None


def test_file_content_is_uploaded_once(client: httpx.Client, gql: GraphQL) -> None:
    log_artifact(client, gql, {"a.txt": b"same"}, name="one")
    created = data_of(
        gql(
            CREATE,
            {
                "input": {
                    "entityName": ENTITY,
                    "projectName": PROJECT,
                    "artifactTypeName": "data",
                    "artifactCollectionName": "two",
                    "digest": "x" * 32,
                }
            },
        )
    )["createArtifact"]["artifact"]
    spec = {"artifactID": created["id"], "name": "copy.txt", "md5": b64md5(b"same")}
    answer = data_of(gql(FILES, {"input": {"artifactFiles": [spec], "storageLayout": "V2"}}))
    assert answer["createArtifactFiles"]["files"]["edges"][0]["node"]["uploadUrl"] is None


def test_an_upload_must_match_its_md5(client: httpx.Client, gql: GraphQL) -> None:
    created = data_of(
        gql(
            CREATE,
            {
                "input": {
                    "entityName": ENTITY,
                    "projectName": PROJECT,
                    "artifactTypeName": "data",
                    "artifactCollectionName": "d",
                    "digest": "y" * 32,
                }
            },
        )
    )["createArtifact"]["artifact"]
    spec = {"artifactID": created["id"], "name": "f", "md5": b64md5(b"promised")}
    answer = data_of(gql(FILES, {"input": {"artifactFiles": [spec], "storageLayout": "V2"}}))
    url = answer["createArtifactFiles"]["files"]["edges"][0]["node"]["uploadUrl"]
    refused = client.put(path_of(url), content=b"something else")
    assert refused.status_code == 400 and "MD5" in refused.json()["error"]["message"]
    forged = client.put(path_of(url).replace(".", "x", 1), content=b"promised")
    assert forged.status_code == 403


def test_commit_without_manifest_is_refused(gql: GraphQL) -> None:
    created = data_of(
        gql(
            CREATE,
            {
                "input": {
                    "entityName": ENTITY,
                    "projectName": PROJECT,
                    "artifactTypeName": "data",
                    "artifactCollectionName": "d",
                    "digest": "z" * 32,
                }
            },
        )
    )["createArtifact"]["artifact"]
    response = gql(COMMIT, {"artifactID": created["id"]})
    assert response.status_code == 400
    assert "no uploaded manifest" in response.json()["errors"][0]["message"]


def test_multipart_upload(client: httpx.Client, gql: GraphQL) -> None:
    parts = [b"a" * 10, b"b" * 5]
    whole = b"".join(parts)
    created = data_of(
        gql(
            CREATE,
            {
                "input": {
                    "entityName": ENTITY,
                    "projectName": PROJECT,
                    "artifactTypeName": "data",
                    "artifactCollectionName": "big",
                    "digest": "m" * 32,
                }
            },
        )
    )["createArtifact"]["artifact"]
    spec = {
        "artifactID": created["id"],
        "name": "big.bin",
        "md5": b64md5(whole),
        "uploadPartsInput": [
            {"partNumber": i + 1, "hexMD5": hashlib.md5(p).hexdigest()} for i, p in enumerate(parts)
        ],
    }
    node = data_of(gql(FILES, {"input": {"artifactFiles": [spec], "storageLayout": "V2"}}))[
        "createArtifactFiles"
    ]["files"]["edges"][0]["node"]
    multipart = node["uploadMultipartUrls"]
    for part, content in zip(multipart["uploadUrlParts"], parts, strict=True):
        assert client.put(path_of(part["uploadUrl"]), content=content).status_code == 200
    done = data_of(
        gql(
            """mutation($a: ID!, $p: String!, $u: String!, $parts: [UploadPartsInput!]!) {
              completeMultipartUploadArtifact(input: {completeMultipartAction: Complete,
                completedParts: $parts, artifactID: $a, storagePath: $p, uploadID: $u}) { digest }
            }""",
            {
                "a": created["id"],
                "p": node["storagePath"],
                "u": multipart["uploadID"],
                "parts": spec["uploadPartsInput"],
            },
        )
    )
    assert done["completeMultipartUploadArtifact"]["digest"] == b64md5(whole)


def test_aliases_delete_and_link(client: httpx.Client, gql: GraphQL) -> None:
    artifact_id, _ = log_artifact(client, gql, {"a.txt": b"x"}, aliases=("prod",))
    refused = gql(
        "mutation($i: DeleteArtifactInput!) { deleteArtifact(input: $i) { artifact { id } } }",
        {"i": {"artifactID": artifact_id}},
    )
    assert refused.status_code == 400 and "delete_aliases" in refused.json()["errors"][0]["message"]
    alias = {
        "artifactCollectionName": "dataset",
        "alias": "prod",
        "entityName": ENTITY,
        "projectName": PROJECT,
    }
    data_of(
        gql(
            "mutation($i: DeleteAliasesInput!) { deleteAliases(input: $i) { success } }",
            {"i": {"artifactID": artifact_id, "aliases": [alias]}},
        )
    )
    assert by_name(gql, "dataset:prod") is None
    linked = data_of(
        gql(
            """mutation($i: LinkArtifactInput!) { linkArtifact(input: $i) { versionIndex
              artifactMembership { artifactCollection { __typename name } } } }""",
            {
                "i": {
                    "artifactID": artifact_id,
                    "artifactPortfolioName": "registry-models",
                    "entityName": ENTITY,
                    "projectName": PROJECT,
                    "aliases": [{"artifactCollectionName": "registry-models", "alias": "champ"}],
                }
            },
        )
    )["linkArtifact"]
    assert linked["versionIndex"] == 0
    assert linked["artifactMembership"]["artifactCollection"]["__typename"] == "ArtifactPortfolio"
    portfolio = by_name(gql, "registry-models:champ")
    assert portfolio is not None and portfolio["artifact"]["id"] == artifact_id
    data_of(
        gql(
            "mutation($i: DeleteArtifactInput!) { deleteArtifact(input: $i) { artifact { id } } }",
            {"i": {"artifactID": artifact_id, "deleteAliases": True}},
        )
    )
    assert by_name(gql, "dataset:v0") is None and by_name(gql, "registry-models:v0") is None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param(
            '{ artifact(id: "bm90IGFuIGlk") { id } }', "not the id of an Artifact", id="bad-id"
        ),
        pytest.param(
            'mutation { createArtifact(input: {entityName: "e", projectName: "p", '
            'artifactTypeName: "data", artifactCollectionName: "a:b", digest: "d"}) '
            "{ artifact { id } } }",
            "name 'a:b' contains :",
            id="colon-in-name",
        ),
        pytest.param(
            'mutation { createArtifact(input: {entityName: "e", projectName: "p", '
            'artifactTypeName: "data", digest: "d"}) { artifact { id } } }',
            "artifactCollectionName (the artifact",
            id="no-name",
        ),
    ],
)
def test_bad_inputs_are_4xx(gql: GraphQL, document: str, message: str) -> None:
    response = gql(document)
    assert response.status_code == 400 and message in response.json()["errors"][0]["message"]
