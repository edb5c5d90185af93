"""A run's page, opened from the project's runs table: its config, summary and files, each
file a link that downloads it (issue 15, the viewer part)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Server, start_server
from .workspace import ENTITY, PROJECT

RUN = "run001"


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    for server in start_server(tmp_path, runs=3, steps=5):
        folder = tmp_path / "files" / ENTITY / PROJECT / RUN / "media"
        folder.mkdir(parents=True)
        (folder / "notes.txt").write_text("the run's notes\n")
        server.store.add_run_file(ENTITY, PROJECT, RUN, "media/notes.txt", 16)
        server.store.update_run(ENTITY, PROJECT, RUN, summary={"acc": 0.75, "_runtime": 3})
        yield server


def test_run_page_from_the_runs_table(page: Any, server: Server, artifacts: Path) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}")
    page.locator("[data-testid=run-link]", has_text="calm-1").click()
    page.wait_for_selector("[data-testid=run-files]")
    assert page.url == f"{server.url}/{ENTITY}/{PROJECT}/runs/{RUN}"
    config = page.locator("[data-testid=run-config] tr").all_inner_texts()
    assert config and all("\t" in row for row in config)
    summary = page.locator("[data-testid=run-summary] tr").all_inner_texts()
    assert summary == ["acc\t0.75"]  # keys that start with "_" are the SDK's own
    link = page.locator("[data-testid=file-link]", has_text="media/notes.txt")
    with page.expect_download() as download:
        link.click()
    saved = download.value
    assert saved.suggested_filename == "notes.txt"
    assert Path(saved.path()).read_text() == "the run's notes\n"
    page.screenshot(path=str(artifacts / "run-page.png"))


def test_run_page_of_a_missing_run_says_so(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}/runs/nosuchrun")
    error = page.locator("[data-testid=page-error]")
    error.wait_for()
    assert "No run 'nosuchrun' in" in error.inner_text()


def test_run_api_needs_a_key(server: Server) -> None:
    response = httpx.get(f"{server.url}/api/v1/{ENTITY}/{PROJECT}/runs/{RUN}")
    assert response.status_code == 401
