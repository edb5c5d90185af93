"""``panelbank preview``: a workspace file served as an unsaved view, reloaded on change."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store
from panelbank.workflow.preview import PreviewViews, preview_name
from tests.server.conftest import in_process

YAML = """\
entity: e
project: p
name: Preview me
sections:
- name: Charts
  is_open: true
  panels:
  - type: LinePlot
    title: {title}
    y: [loss]
runset_settings:
  filters: {filters}
"""


def write(path: Path, text: str) -> Path:
    """Write and move the mtime on, so a rewrite within the same tick is still seen."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))
    return path


def yaml(title: str = "Loss", filters: str = "''") -> str:
    return YAML.format(title=title, filters=filters)


def titles(spec: str) -> list[str]:
    sections = json.loads(spec)["section"]["panelBankConfig"]["sections"]
    return [p["config"].get("chartTitle", "") for s in sections for p in s["panels"]]


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{home / 'panelbank.db'}", home=home)
    for name, lr in (("a", 0.1), ("b", 0.01)):
        store.upsert_run("e", "p", name, config={"lr": {"value": lr}}, username="e")
    yield store
    store.close()


@pytest.fixture
def client(home: Path, store: Store, tmp_path: Path) -> Iterator[tuple[httpx.Client, PreviewViews]]:
    overlay = PreviewViews(write(tmp_path / "w.yaml", yaml()), interval=0)
    app = create_app(load_settings(home=home, no_auth=True), store=store)
    app.state.view_overlay = overlay
    with in_process(app) as http:
        yield http, overlay


def test_a_changed_file_is_a_new_version_and_an_unchanged_save_is_not(tmp_path: Path) -> None:
    events: list[str] = []
    path = write(tmp_path / "w.yaml", yaml())
    overlay = PreviewViews(path, interval=0, on_event=events.append)
    [view] = overlay.views
    assert (view.name, view.display_name, view.version) == ("nw-preview-v", "Preview me", 1)
    assert titles(view.spec) == ["Loss"]
    write(path, yaml())  # saved again, same bytes
    assert overlay.refresh() is False and overlay.views[0].version == 1
    write(path, yaml(title="Validation loss"))
    assert overlay.refresh() is True
    [view] = overlay.views
    assert (view.version, titles(view.spec)) == (2, ["Validation loss"])
    assert events == [f"loaded {path} (preview version 1)", f"loaded {path} (preview version 2)"]


def test_a_broken_file_keeps_the_last_good_views_and_says_why(tmp_path: Path) -> None:
    events: list[str] = []
    path = write(tmp_path / "w.yaml", yaml())
    overlay = PreviewViews(path, interval=0, on_event=events.append)
    good = overlay.views[0]
    write(path, "entity: e\nproject: [unclosed\n")
    assert overlay.refresh() is False
    assert overlay.views == [good]
    assert overlay.error is not None and "invalid YAML" in overlay.error
    assert (
        overlay.problem(good.id)
        == f"{overlay.error} (showing the last version that loaded; save a fix to update)"
    )
    assert events[-1] == f"error: {overlay.error}; showing version 1"
    write(path, yaml(title="Fixed"))
    assert overlay.refresh() is True
    assert [overlay.error, overlay.problem(good.id), overlay.views[0].version] == [None, None, 2]


def test_every_workspace_of_a_file_is_a_view(tmp_path: Path) -> None:
    two = {"workspaces": [{"entity": "e", "project": "p", "name": n} for n in ("A", "B")]}
    overlay = PreviewViews(write(tmp_path / "w.json", json.dumps(two)))
    assert [(v.name, v.display_name) for v in overlay.views] == [
        (preview_name(0), "A"),
        ("nw-preview2-v", "B"),
    ]
    assert len({v.id for v in overlay.views}) == 2


def test_the_api_serves_the_preview_before_the_store(
    client: tuple[httpx.Client, PreviewViews], store: Store, tmp_path: Path
) -> None:
    http, overlay = client
    views = http.get("/api/v1/e/p/views").json()["views"]
    assert [(v["name"], v["version"]) for v in views] == [("nw-preview-v", 1)]
    assert http.get("/api/v1/e/p/views", params={"name": "nw-other-v"}).json()["views"] == []
    view_id = views[0]["id"]
    body = http.get(f"/api/v1/views/{view_id}").json()
    assert (body["displayName"], body["problem"], titles(body["spec"])) == (
        "Preview me",
        None,
        ["Loss"],
    )
    runs = http.get("/api/v1/e/p/runs", params={"view": view_id}).json()
    assert runs["counts"]["shown"] == 2
    # the run set follows the file: a filter written there filters the runs
    write(overlay.path, yaml(filters="\"Config('lr') = 0.1\""))
    body = http.get(f"/api/v1/views/{view_id}").json()
    assert body["version"] == 2, body["problem"]
    runs = http.get("/api/v1/e/p/runs", params={"view": view_id}).json()
    assert [r["name"] for r in runs["runs"]] == ["a"]
    write(overlay.path, "name: [")
    body = http.get(f"/api/v1/views/{view_id}").json()
    assert body["version"] == 2 and "invalid YAML" in body["problem"]
    assert store.find_views("e", "p") == []  # nothing written


def test_preview_refuses_a_broken_file_and_a_public_host(run: Any, tmp_path: Path) -> None:
    broken = write(tmp_path / "w.yaml", "name: [")
    result = run("preview", broken, "--no-open")
    assert result.code == 1
    assert "invalid YAML" in result.err and "run the preview again" in result.err
    good = write(tmp_path / "g.yaml", yaml())
    assert run("preview", good, "--host", "0.0.0.0", "--no-open").code == 2
