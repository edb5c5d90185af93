"""Editing logged artifacts over GraphQL, as the SDK's public API does: tags of versions
and of collections, TTL values, a sequence's type, the order of a collection's versions,
a version logged again by another run, which aliases block a delete, where files are said
to be stored, and storage regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

from .conftest import ENTITY, GraphQL, basic, in_process
from .test_artifacts import CREATE, PROJECT, by_name, data_of, log_artifact, path_of

UPDATE = """mutation($i: UpdateArtifactInput!) {
  updateArtifact(input: $i) { artifact { tags { id name } ttlDurationSeconds ttlIsInherited } }
}"""
VERSION = """query($name: String!) {
  project(name: "PROJECT", entityName: "ENTITY") {
    artifact(name: $name) {
      id tags { __typename id name } ttlDurationSeconds ttlIsInherited artifactType { name }
      files { edges { node { name storagePath directUrl } } }
      currentManifest { file { directUrl } }
    }
  }
}""".replace("ENTITY", ENTITY).replace("PROJECT", PROJECT)
COLLECTION = """query($name: String!, $order: String) {
  project(name: "PROJECT", entityName: "ENTITY") {
    artifactCollection(name: $name) {
      id name defaultArtifactType { name } tags { edges { node { name } } }
      artifacts(order: $order) { edges { version } }
    }
  }
}""".replace("ENTITY", ENTITY).replace("PROJECT", PROJECT)
ASSIGN = """mutation($i: CreateArtifactCollectionTagAssignmentsInput!) {
  createArtifactCollectionTagAssignments(input: $i) { tags { name } }
}"""
UNASSIGN = """mutation($i: DeleteArtifactCollectionTagAssignmentsInput!) {
  deleteArtifactCollectionTagAssignments(input: $i) { success }
}"""
MOVE = """mutation($i: MoveArtifactSequenceInput!) {
  moveArtifactSequence(input: $i) { artifactCollection { defaultArtifactType { name } } }
}"""
OUTPUTS = """query($run: String!) {
  project(name: "PROJECT", entityName: "ENTITY") {
    run(name: $run) { outputArtifacts { totalCount edges { node { versionIndex } } } }
  }
}""".replace("ENTITY", ENTITY).replace("PROJECT", PROJECT)
DELETE = "mutation($i: DeleteArtifactInput!) { deleteArtifact(input: $i) { artifact { id } } }"


def version(gql: GraphQL, name: str) -> dict[str, Any]:
    found: dict[str, Any] = data_of(gql(VERSION, {"name": name}))["project"]["artifact"]
    return found


def collection(gql: GraphQL, name: str, order: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = data_of(gql(COLLECTION, {"name": name, "order": order}))["project"][
        "artifactCollection"
    ]
    return found


def tag_inputs(*names: str) -> list[dict[str, str]]:
    return [{"tagName": name} for name in names]


def create_input(digest: str, **extra: Any) -> dict[str, Any]:
    return {
        "input": {
            "entityName": ENTITY,
            "projectName": PROJECT,
            "artifactTypeName": "data",
            "artifactCollectionName": "dataset",
            "digest": digest,
            **extra,
        }
    }


# -- tags ---------------------------------------------------------------------------------
def test_a_version_is_tagged_when_created_and_retagged_by_update(
    client: httpx.Client, gql: GraphQL
) -> None:
    artifact_id, _ = log_artifact(client, gql, {"a.txt": b"x"})
    assert version(gql, "dataset:v0")["tags"] == []
    changed = data_of(
        gql(UPDATE, {"i": {"artifactID": artifact_id, "tagsToAdd": tag_inputs("raw", "big data")}})
    )["updateArtifact"]["artifact"]
    assert [t["name"] for t in changed["tags"]] == ["raw", "big data"]
    data_of(
        gql(
            UPDATE,
            {
                "i": {
                    "artifactID": artifact_id,
                    "tagsToAdd": tag_inputs("clean", "raw"),  # raw again: kept once
                    "tagsToDelete": tag_inputs("big data", "never-there"),
                }
            },
        )
    )
    tags = version(gql, "dataset:v0")["tags"]
    assert [t["name"] for t in tags] == ["raw", "clean"]
    assert {t["__typename"] for t in tags} == {"Tag"} and len({t["id"] for t in tags}) == 2
    # tags given with createArtifact (an SDK log_artifact(tags=...)) are kept
    made = data_of(gql(CREATE, create_input("f" * 32, tags=tag_inputs("from-log"))))
    pending = made["createArtifact"]["artifact"]["id"]
    answer = data_of(gql(UPDATE, {"i": {"artifactID": pending}}))
    assert [t["name"] for t in answer["updateArtifact"]["artifact"]["tags"]] == ["from-log"]


@pytest.mark.parametrize(
    "bad", ["", " ", "trailing ", " leading", "semi;colon", "x" * 129], ids=repr
)
def test_an_invalid_tag_refuses_the_whole_update(
    client: httpx.Client, gql: GraphQL, bad: str
) -> None:
    artifact_id, _ = log_artifact(client, gql, {"a.txt": b"x"})
    refused = gql(UPDATE, {"i": {"artifactID": artifact_id, "tagsToAdd": tag_inputs("fine", bad)}})
    assert refused.status_code == 400
    message = refused.json()["errors"][0]["message"]
    assert message.startswith("Invalid tag(s)") and "separated by spaces" in message
    assert version(gql, "dataset:v0")["tags"] == []


def test_collection_tags_are_assigned_by_name(client: httpx.Client, gql: GraphQL) -> None:
    log_artifact(client, gql, {"a.txt": b"x"})
    where = {"entityName": ENTITY, "projectName": PROJECT, "artifactCollectionName": "dataset"}
    assigned = data_of(gql(ASSIGN, {"i": {**where, "tags": tag_inputs("gold", "v2 ready")}}))
    assert [t["name"] for t in assigned["createArtifactCollectionTagAssignments"]["tags"]] == [
        "gold",
        "v2 ready",
    ]
    data_of(gql(UNASSIGN, {"i": {**where, "tags": tag_inputs("gold")}}))
    edges = collection(gql, "dataset")["tags"]["edges"]
    assert [e["node"]["name"] for e in edges] == ["v2 ready"]
    missing = gql(ASSIGN, {"i": {**where, "artifactCollectionName": "nope", "tags": []}})
    error = missing.json()["errors"][0]
    assert missing.status_code == 400 and error["extensions"]["code"] == "NOT_FOUND"
    assert "no artifact collection 'nope'" in error["message"]


# -- TTL ----------------------------------------------------------------------------------
def test_ttl_values_are_kept_and_answered_as_w_and_b_does(
    client: httpx.Client, gql: GraphQL
) -> None:
    artifact_id, _ = log_artifact(client, gql, {"a.txt": b"x"})
    logged = version(gql, "dataset:v0")  # none given: inherits (no default here: kept)
    assert (logged["ttlDurationSeconds"], logged["ttlIsInherited"]) == (-1, True)

    def set_ttl(value: int) -> tuple[int, bool]:
        answer = data_of(
            gql(UPDATE, {"i": {"artifactID": artifact_id, "ttlDurationSeconds": value}})
        )
        got = answer["updateArtifact"]["artifact"]
        return got["ttlDurationSeconds"], got["ttlIsInherited"]

    assert set_ttl(86400) == (86400, False)
    assert set_ttl(-2) == (-2, False)  # "no TTL", set explicitly
    assert set_ttl(-1) == (-1, True)
    # createArtifact takes the same values (the SDK sends -2 for a draft with ttl=None)
    made = data_of(gql(CREATE, create_input("e" * 32, ttlDurationSeconds=-2)))
    assert made["createArtifact"]["artifact"]["id"]


@pytest.mark.parametrize("bad", [0, -3])
def test_a_ttl_that_means_nothing_is_refused(client: httpx.Client, gql: GraphQL, bad: int) -> None:
    artifact_id, _ = log_artifact(client, gql, {"a.txt": b"x"})
    refused = gql(UPDATE, {"i": {"artifactID": artifact_id, "ttlDurationSeconds": bad}})
    assert refused.status_code == 400
    assert f"ttlDurationSeconds: {bad} is not" in refused.json()["errors"][0]["message"]


# -- collections ---------------------------------------------------------------------------
def test_a_sequence_moves_to_another_type(client: httpx.Client, gql: GraphQL) -> None:
    log_artifact(client, gql, {"a.txt": b"x"})
    sequence_id = collection(gql, "dataset")["id"]
    moved = data_of(
        gql(MOVE, {"i": {"artifactSequenceID": sequence_id, "destinationArtifactTypeName": "raw"}})
    )
    assert moved["moveArtifactSequence"]["artifactCollection"]["defaultArtifactType"] == {
        "name": "raw"
    }
    assert version(gql, "dataset:v0")["artifactType"] == {"name": "raw"}


def test_a_collection_lists_its_versions_in_the_order_asked(
    client: httpx.Client, gql: GraphQL
) -> None:
    for content in (b"1", b"2", b"3"):
        log_artifact(client, gql, {"a.txt": content})

    def versions(order: str | None) -> list[str]:
        return [e["version"] for e in collection(gql, "dataset", order)["artifacts"]["edges"]]

    assert versions(None) == ["v2", "v1", "v0"]  # newest first unless asked
    assert versions("version_index") == versions("+versionIndex") == ["v0", "v1", "v2"]
    assert versions("-version_index") == versions("-createdAt") == ["v2", "v1", "v0"]
    refused = gql(COLLECTION, {"name": "dataset", "order": "size"})
    assert refused.status_code == 400
    assert "order: 'size' is not one of" in refused.json()["errors"][0]["message"]


def test_a_version_logged_again_by_another_run_is_among_its_outputs(
    client: httpx.Client, gql: GraphQL
) -> None:
    _, first = log_artifact(client, gql, {"a.txt": b"x"})
    client.post(
        "/graphql",
        json={
            "query": "mutation($i: UpsertBucketInput!) { upsertBucket(input: $i) { inserted } }",
            "variables": {"i": {"name": "r2", "entityName": ENTITY, "modelName": PROJECT}},
        },
    )
    query = "query($id: ID!) { artifact(id: $id) { digest } }"
    digest = data_of(gql(query, {"id": first["id"]}))["artifact"]["digest"]
    again = data_of(gql(CREATE, create_input(digest, runName="r2")))["createArtifact"]
    assert again["artifact"]["id"] == first["id"]  # the same version, not a new one
    outputs = data_of(gql(OUTPUTS, {"run": "r2"}))["project"]["run"]["outputArtifacts"]
    assert outputs["totalCount"] == 1 and outputs["edges"][0]["node"]["versionIndex"] == 0


# -- delete, storage ----------------------------------------------------------------------
def test_latest_blocks_a_delete_like_any_alias(client: httpx.Client, gql: GraphQL) -> None:
    artifact_id, _ = log_artifact(client, gql, {"a.txt": b"x"})  # aliases: latest only
    refused = gql(DELETE, {"i": {"artifactID": artifact_id}})
    assert refused.status_code == 400
    assert "still has the aliases latest;" in refused.json()["errors"][0]["message"]
    data_of(gql(DELETE, {"i": {"artifactID": artifact_id, "deleteAliases": True}}))
    assert by_name(gql, "dataset:v0") is None


def test_files_are_said_to_be_stored_under_wandb_artifacts(
    client: httpx.Client, gql: GraphQL, anonymous: httpx.Client
) -> None:
    log_artifact(client, gql, {"dir/a b.txt": b"hello"})
    found = version(gql, "dataset:v0")
    node = found["files"]["edges"][0]["node"]
    assert node["storagePath"].startswith("wandb_artifacts/")
    # the URL shows the storage path and the name after the signed part, which alone counts
    assert path_of(node["directUrl"]).endswith(f"/{node['storagePath']}/dir/a%20b.txt")
    assert anonymous.get(path_of(node["directUrl"])).content == b"hello"
    changed_tail = path_of(node["directUrl"]).rsplit("/", 1)[0] + "/other.txt"
    assert anonymous.get(changed_tail).content == b"hello"
    manifest = found["currentManifest"]["file"]["directUrl"]
    assert path_of(manifest).endswith("/wandb_manifest.json")
    assert "dir/a b.txt" in json.loads(anonymous.get(path_of(manifest)).content)["contents"]


def test_only_the_servers_storage_regions_are_accepted(
    gql: GraphQL, tmp_path: Path, store: Store, api_key: str
) -> None:
    assert data_of(gql(CREATE, create_input("d" * 32, storageRegion="default")))
    refused = gql(CREATE, create_input("c" * 32, storageRegion="minio-local"))
    assert refused.status_code == 400
    message = refused.json()["errors"][0]["message"]
    assert "invalid storageRegion 'minio-local': this server's regions are 'default'" in message
    # a server that names more regions (all in its one blob store) takes them
    settings = load_settings(home=tmp_path, artifact_storage_regions="default, minio-local")
    with in_process(create_app(settings, store=store), basic(api_key)) as other:
        body = {"query": CREATE, "variables": create_input("c" * 32, storageRegion="minio-local")}
        assert data_of(other.post("/graphql", json=body))


def test_a_collection_description_is_null_until_given(client: httpx.Client, gql: GraphQL) -> None:
    log_artifact(client, gql, {"a.txt": b"x"})
    query = COLLECTION.replace("id name", "id name description")
    update = """mutation($i: UpdateArtifactSequenceInput!) {
      updateArtifactSequence(input: $i) { artifactCollection { description } } }"""

    def described(**change: Any) -> Any:
        sequence_id = data_of(gql(query, {"name": "dataset"}))["project"]["artifactCollection"]
        answer = data_of(gql(update, {"i": {"artifactSequenceID": sequence_id["id"], **change}}))
        return answer["updateArtifactSequence"]["artifactCollection"]["description"]

    first = data_of(gql(query, {"name": "dataset"}))["project"]["artifactCollection"]
    assert first["description"] is None  # none given: null, as on W&B
    assert described(description="") == ""  # an empty one is kept apart from none
    assert described(name="dataset") == ""  # not sent: left alone
    assert described(description=None) is None  # null clears it
