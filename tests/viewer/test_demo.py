"""``panelbank demo``: the sample runs and workspace, the command, and the page it opens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from panelbank.commands.demo import DEMO_ENTITY, DEMO_VIEW, prepare_demo
from panelbank.demo import DEMO_PROJECT
from panelbank.history import HistoryStore
from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

from .conftest import free_port, serve

SECTIONS = {  # in page order (pinned first) with their panel counts
    "Overview": 3,
    "Training curves": 4,
    "Sample predictions": 2,
    "Grouped comparisons": 2,
    "Predictions and distributions": 4,
    "Summary": 3,
    "Hyperparameters": 3,
    "System": 1,
}


@pytest.fixture
def demo_home(tmp_path: Path) -> Iterator[tuple[Store, HistoryStore]]:
    store = Store.open(f"sqlite:///{tmp_path / 'panelbank.db'}", home=tmp_path)
    history = HistoryStore(tmp_path / "history")
    yield store, history
    history.close()
    store.close()


def test_prepare_demo_twice_updates_instead_of_adding(
    demo_home: tuple[Store, HistoryStore],
) -> None:
    store, history = demo_home
    runs, view = prepare_demo(store, history, runs=6)
    again, same = prepare_demo(store, history, runs=6)
    assert [r.name for r in again] == [r.name for r in runs]
    assert len(store.list_runs(DEMO_ENTITY, DEMO_PROJECT)) == 6
    assert [v.id for v in store.find_views(DEMO_ENTITY, DEMO_PROJECT)] == [view.id]
    assert (same.id, same.name, same.version) == (view.id, DEMO_VIEW, view.version + 1)
    spec = json.loads(same.spec)
    names = [s["name"] for s in spec["section"]["panelBankConfig"]["sections"]]
    assert sorted(names) == sorted(SECTIONS)


def test_the_demo_workspace_draws_every_section_and_panel(
    browser: Any, tmp_path: Path, artifacts: Path
) -> None:
    port = free_port()
    settings = load_settings(home=tmp_path, port=port, no_auth=True)
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    runs, _ = prepare_demo(store, history, files_root=settings.home / "files")
    crashed = {r.name for r in runs if r.state != "finished"}
    try:
        with serve(create_app(settings, store=store, history=history), port) as url:
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{url}/{DEMO_ENTITY}/{DEMO_PROJECT}?nw=demo")  # no login: --no-auth
            page.click("[data-section=System] [data-testid=section-toggle]")
            page.wait_for_function(
                "() => { const d = window.__panelbank; return d && d.expected === 22 &&"
                " Object.values(d.panels).every(p => p.state !== 'loading'); }",
                timeout=20000,
            )
            page.evaluate("window.scrollTo(0, 0)")  # the runs sidebar is sticky
            page.wait_for_timeout(200)  # let the last canvases paint
            page.screenshot(path=str(artifacts / "demo-workspace.png"), full_page=True)
            sections = page.locator("[data-testid=section]")
            found = {
                sections.nth(i).get_attribute("data-section"): sections.nth(i)
                .locator("[data-testid=panel]")
                .count()
                for i in range(sections.count())
            }
            assert list(found) == list(SECTIONS) and found == SECTIONS
            panels = page.evaluate("Object.values(window.__panelbank.panels)")
            assert {p["state"] for p in panels} == {"ready"}, [
                (p["title"], p["state"], p.get("message")) for p in panels
            ]
            for info in panels:
                if (
                    info["type"] == "Run History Line Plot"
                    and info["title"] != "Weights over steps"
                ):
                    drawn = [i for i, s in enumerate(info["series"]) if s["kind"] == "line"]
                    values = [[v for v in info["data"][i + 1] if v is not None] for i in drawn]
                    assert drawn and all(len(v) >= 5 for v in values), info["title"]
                    runs_drawn = {r for i in drawn for r in info["series"][i]["runs"]}
                    assert not crashed & runs_drawn, info["title"]
            grouped = next(p for p in panels if p["title"].startswith("Validation loss by model"))
            assert sorted(s["label"] for s in grouped["series"] if s["kind"] == "line") == [
                "model_size: large",
                "model_size: medium",
                "model_size: small",
            ]
            assert [s["kind"] for s in grouped["series"]].count("high") == 3
            assert page.locator("[data-testid=run-count]").inner_text() == "24 of 24"
            context.close()
            assert not errors, errors
    finally:
        history.close()
        store.close()


def test_panelbank_demo_prints_a_url_that_opens_without_a_key(tmp_path: Path) -> None:
    port = free_port()
    main = "from panelbank.cli import main; raise SystemExit(main())"
    command = [
        sys.executable,
        "-c",
        main,
        "demo",
        "--home",
        str(tmp_path),
        "--port",
        str(port),
        "--no-open",
        "--runs",
        "4",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            url = ""
            deadline = time.monotonic() + 60
            while not url and time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line, f"panelbank demo exited with {proc.wait(10)}"
                if "Open the workspace:" in line:
                    url = line.split("Open the workspace:")[1].strip()
            assert url == f"http://127.0.0.1:{port}/{DEMO_ENTITY}/{DEMO_PROJECT}?nw=demo"
            api = f"http://127.0.0.1:{port}/api/v1/{DEMO_ENTITY}/{DEMO_PROJECT}/runs"
            while True:
                try:
                    response = httpx.get(api)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the demo server did not answer"
                    time.sleep(0.1)
            assert response.status_code == 200
            assert response.json()["counts"]["total"] == 4
        finally:
            proc.terminate()


def test_panelbank_demo_refuses_a_host_that_is_not_loopback(tmp_path: Path) -> None:
    from panelbank.cli import main

    assert main(["demo", "--home", str(tmp_path), "--host", "0.0.0.0", "--no-open"]) == 2
