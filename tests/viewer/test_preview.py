"""``panelbank preview FILE`` in Chromium: the file's workspace drawn, re-drawn on save,
errors shown over the last good drawing, nothing stored until ``apply``."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.settings import load_settings
from panelbank.store import Store

from .conftest import free_port
from .seed import seed_runs
from .workspace import ENTITY, PROJECT

SCRIPT = """\
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

workspace = ws.Workspace(
    name="Previewed workspace",
    entity="alice",
    project="vision",
    sections=[
        ws.Section(
            name="Training",
            is_open=True,
            panels=[
                wr.LinePlot(title="loss", y=["loss"]),
                wr.LinePlot(title="accuracy", y=["acc"]),{more}
            ],
        ),
    ],
)
"""
MORE = '\n                wr.ScalarChart(title="mean acc", metric="acc"),'
DRAWN = (
    "() => { const d = window.__panelbank; return d && d.expected > 0 &&"
    " Object.values(d.panels).every(p => p.state !== 'loading'); }"
)


def write(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))  # a new mtime even within one tick


class Preview:
    """``panelbank preview`` in a subprocess; its output lines arrive on ``lines``."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, f"panelbank preview exited: {self.proc.returncode}"
                continue
            if text in line:
                return line
        raise AssertionError(f"panelbank preview did not print {text!r}")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    settings = load_settings(home=tmp_path / "home")
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    try:
        seed_runs(store, history, ENTITY, PROJECT, count=6, steps=300)
    finally:
        history.close()
        store.close()
    return settings.home


@pytest.fixture
def preview(home: Path, tmp_path: Path) -> Iterator[tuple[Preview, Path, str]]:
    path = tmp_path / "workspace.py"
    write(path, SCRIPT.format(more=""))
    port = free_port()
    main = "from panelbank.cli import main; raise SystemExit(main())"
    command = [sys.executable, "-c", main, "preview", str(path), "--home", str(home)]
    command += ["--port", str(port), "--no-open"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    ) as proc:
        try:
            running = Preview(proc)
            url = running.wait_for("Open the preview:").split("Open the preview:")[1].strip()
            yield running, path, url
        finally:
            proc.terminate()


def titles(page: Any) -> list[str]:
    panels = page.evaluate("Object.values(window.__panelbank.panels)")
    assert {p["state"] for p in panels} == {"ready"}, panels
    return sorted(p["title"] for p in panels)


def test_preview_draws_the_file_redraws_on_save_and_stores_nothing(
    browser: Any, preview: tuple[Preview, Path, str], home: Path, artifacts: Path
) -> None:
    running, path, url = preview
    assert url == url.split("/alice/")[0] + "/alice/vision?nw=preview"
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}&poll=300")  # no login: the preview serves on loopback only
    page.wait_for_function(DRAWN, timeout=20000)
    assert titles(page) == ["accuracy", "loss"]
    assert page.locator("[data-testid=view-name]").inner_text() == "Previewed workspace"
    panels = page.evaluate("Object.values(window.__panelbank.panels)")
    loss = next(p for p in panels if p["title"] == "loss")
    assert len(loss["data"][0]) > 10  # steps were drawn
    page.evaluate("window.__notReloaded = true")

    # a saved edit: a panel more and a title changed, drawn without a reload
    write(path, SCRIPT.format(more=MORE).replace('title="loss"', 'title="training loss"'))
    page.wait_for_function("() => window.__panelbank.view.version === 2", timeout=10000)
    page.wait_for_function(DRAWN, timeout=10000)
    assert titles(page) == ["accuracy", "mean acc", "training loss"]
    assert page.evaluate("window.__notReloaded") is True
    page.screenshot(path=str(artifacts / "preview.png"), full_page=True)

    # a broken save: the error on the page and the console, the last good drawing kept
    write(path, SCRIPT.format(more=MORE).replace("wr.ScalarChart(", "wr.ScalarChart(("))
    banner = page.locator("[data-testid=view-problem]")
    banner.wait_for(state="visible", timeout=10000)
    assert "invalid Python" in banner.inner_text() and "workspace.py" in banner.inner_text()
    assert "invalid Python" in running.wait_for("error:")
    assert titles(page) == ["accuracy", "mean acc", "training loss"]
    assert page.evaluate("window.__panelbank.view.version") == 2
    page.screenshot(path=str(artifacts / "preview-error.png"), full_page=True)

    # fixed again: the banner goes, the fix is drawn
    write(path, SCRIPT.format(more=MORE))
    page.wait_for_function("() => window.__panelbank.view.version === 3", timeout=10000)
    banner.wait_for(state="hidden", timeout=10000)
    page.wait_for_function(DRAWN, timeout=10000)
    assert titles(page) == ["accuracy", "loss", "mean acc"]
    context.close()
    assert not errors, errors

    running.proc.terminate()
    running.proc.wait(10)
    store = Store.open(load_settings(home=home).database_url, home=home)
    try:
        assert store.find_views(ENTITY, PROJECT) == []  # the preview wrote nothing
    finally:
        store.close()

    from panelbank.cli import main

    assert main(["apply", str(path), "--home", str(home)]) == 0
    store = Store.open(load_settings(home=home).database_url, home=home)
    try:
        [view] = store.find_views(ENTITY, PROJECT)
        assert view.display_name == "Previewed workspace"
    finally:
        store.close()
