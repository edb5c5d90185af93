"""Artifacts in the viewer (issue 15): the project page lists each collection with its
versions and aliases; a version's page lists its files (each a download) and lineage; the
run page lists what the run logged and used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import ENTITY as ART_ENTITY
from tests.server.conftest import basic
from tests.server.test_artifacts import PROJECT as ART_PROJECT
from tests.server.test_artifacts import data_of, log_artifact

from .conftest import Server, start_server

PROJECT_URL = f"/{ART_ENTITY}/{ART_PROJECT}"
USE = """mutation($i: UseArtifactInput!) { useArtifact(input: $i) { artifact { id } } }"""


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    for server in start_server(tmp_path, runs=1, steps=2):
        with httpx.Client(base_url=server.url, headers=basic(server.api_key)) as client:

            def gql(query: str, variables: Any = None, operation: str = "") -> httpx.Response:
                body = {"query": query, "variables": variables, "operationName": operation}
                return client.post("/graphql", json=body)

            first, _ = log_artifact(client, gql, {"a.txt": b"hello", "sub/b.bin": b"\0" * 10})
            log_artifact(client, gql, {"a.txt": b"changed"}, aliases=("best",))
            use = {
                "entityName": ART_ENTITY,
                "projectName": ART_PROJECT,
                "runName": "reader",
                "artifactID": first,
            }
            data_of(gql(USE, {"i": use}))
        yield server


def test_from_the_project_to_a_version_its_files_and_its_runs(
    page: Any, server: Server, artifacts: Path
) -> None:
    page.goto(server.url + PROJECT_URL)
    listed = page.locator("[data-testid=project-artifacts] [data-collection=dataset]")
    listed.wait_for()
    versions = listed.locator("[data-testid=artifact-version-link]").all_inner_texts()
    assert versions == ["v1 (latest, best)", "v0"]
    page.screenshot(path=str(artifacts / "project-artifacts.png"))

    listed.locator("[data-testid=artifact-version-link]", has_text="v0").click()
    page.wait_for_selector("[data-testid=artifact-files]")
    assert page.url == f"{server.url}{PROJECT_URL}/artifacts/data/dataset/v0"
    files = page.locator("[data-testid=artifact-files] tr").all_inner_texts()
    assert [row.split("\t")[0] for row in files] == ["a.txt", "sub/b.bin"]
    with page.expect_download() as download:
        page.locator("[data-testid=artifact-file-link]", has_text="a.txt").click()
    assert download.value.suggested_filename == "a.txt"
    assert Path(download.value.path()).read_text() == "hello"
    assert page.locator("[data-testid=artifact-logged-by]").inner_text() == "Logged by: r1"
    assert page.locator("[data-testid=artifact-used-by]").inner_text() == "Used by: reader"
    page.screenshot(path=str(artifacts / "artifact-version.png"))

    page.locator("[data-testid=artifact-used-by] [data-testid=lineage-run]").click()
    page.wait_for_selector("[data-testid=run-artifacts-used]")
    assert page.url == f"{server.url}{PROJECT_URL}/runs/reader"
    used = page.locator("[data-testid=run-artifacts-used] li").all_inner_texts()
    assert used == ["dataset:v0 data"]
    page.screenshot(path=str(artifacts / "run-artifacts.png"))


def test_a_missing_version_says_so(page: Any, server: Server) -> None:
    page.goto(f"{server.url}{PROJECT_URL}/artifacts/data/dataset/v7")
    error = page.locator("[data-testid=page-error]")
    error.wait_for()
    assert "No artifact version dataset:v7 in" in error.inner_text()
