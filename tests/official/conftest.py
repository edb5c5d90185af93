"""Fixtures of the official-client tests: our server, the official SDK venv, client runs.

Each client run is one subprocess that does several steps (``wandb.Api()`` starts a Go
sidecar per process), and the views it leaves are read back from the server right away,
so later runs that edit them do not change what earlier tests compare. If the official
venv cannot be built the tests fail, never skip silently; ``PANELBANK_SKIP_OFFICIAL=1``
skips them on purpose (for example offline).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from . import _harness
from ._harness import (
    OFFICIAL_ENTITY,
    OFFICIAL_PROJECT,
    OURS_ENTITY,
    OURS_PROJECT,
    RENAMED,
    WRONG_KEY,
    HarnessError,
    Server,
    internal_name,
)

T = TypeVar("T")

_MARKER = (
    "official: runs or compares with the official wandb / wandb-workspaces clients in their "
    "own venv (scripts/official-venv); PANELBANK_SKIP_OFFICIAL=1 skips these"
)


def pytest_configure(config: pytest.Config) -> None:
    # tests/compat registers the same marker; registering twice is harmless, but say it once.
    if not any(line.split(":")[0].strip() == "official" for line in config.getini("markers")):
        config.addinivalue_line("markers", _MARKER)


def _snapshot(server: Server, entity: str, project: str, url: str) -> dict[str, Any]:
    try:
        return _harness.fetch_view(server, entity, project, internal_name(url))
    except (HarnessError, KeyError, ValueError) as exc:
        return {"error": {"type": type(exc).__name__, "message": str(exc)}}


def _call(what: str, func: Callable[..., T], *args: Any) -> T:
    """``func(*args)``, or a test failure that shows the harness's message (no traceback)."""
    try:
        return func(*args)
    except HarnessError as exc:
        message = f"{what}: {exc}"
    pytest.fail(message, pytrace=False)  # outside the except: no chained traceback


@pytest.fixture(scope="session")
def official_sdk_python() -> str:
    if os.environ.get("PANELBANK_SKIP_OFFICIAL") == "1":
        pytest.skip("PANELBANK_SKIP_OFFICIAL=1: tests with the official W&B clients skipped")
    return _call(
        "cannot create the venv of the official W&B SDK", _harness.ensure_official_sdk_python
    )


@pytest.fixture(scope="session")
def panelbank_server(
    official_sdk_python: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    # Requests the venv first: a deliberate skip should not start a server for nothing.
    home = tmp_path_factory.mktemp("official-server") / "home"
    server = _call("cannot start `panelbank serve` for the tests", _harness.start_server, home)
    yield server
    _harness.stop_server_process(server.process)


@pytest.fixture(scope="session")
def client_scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("official-clients")


@pytest.fixture(scope="session")
def official_run(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> dict[str, Any]:
    """The official clients: `wandb.Api()`, the workspace scenario, a wrong key."""
    steps = [
        {"do": "api"},
        {"do": "scenario", "entity": OFFICIAL_ENTITY, "project": OFFICIAL_PROJECT},
        {"do": "wrong_key", "key": WRONG_KEY},
    ]
    env = _harness.client_env(panelbank_server, client_scratch / "official-1")
    api, scenario, wrong_key = _call(
        "the official client run failed",
        _harness.run_client,
        *(official_sdk_python, _harness.OFFICIAL_CLIENT, steps, env, client_scratch),
    )
    stored = {}
    if "error" not in scenario:
        for which in ("saved", "copy"):
            stored[which] = _snapshot(
                panelbank_server, OFFICIAL_ENTITY, OFFICIAL_PROJECT, scenario[which]["url"]
            )
    return {"api": api, "scenario": scenario, "wrong_key": wrong_key, "stored": stored}


@pytest.fixture(scope="session")
def ours_run(
    official_run: dict[str, Any], panelbank_server: Server, client_scratch: Path
) -> dict[str, Any]:
    """Our library: load the official views, save a new one, edit the official copy."""
    scenario = official_run["scenario"]
    if "error" in scenario:
        pytest.fail("the official scenario failed, so there is nothing to load", pytrace=False)
    saved_url, copy_url = scenario["saved"]["url"], scenario["copy"]["url"]
    steps = [
        {"do": "load", "urls": [saved_url, copy_url]},
        {"do": "declare_save", "entity": OURS_ENTITY, "project": OURS_PROJECT},
        {"do": "edit_save", "url": copy_url, "name": RENAMED},
    ]
    env = _harness.client_env(panelbank_server, client_scratch / "ours")
    load, declared, edited = _call(
        "our library's client run failed",
        _harness.run_client,
        *(sys.executable, _harness.OURS_CLIENT, steps, env, client_scratch),
    )
    stored = {}
    if "error" not in declared:
        stored["declared"] = _snapshot(panelbank_server, OURS_ENTITY, OURS_PROJECT, declared["url"])
    stored["edited"] = _snapshot(panelbank_server, OFFICIAL_ENTITY, OFFICIAL_PROJECT, copy_url)
    return {"load": load, "declared": declared, "edited": edited, "stored": stored}


@pytest.fixture(scope="session")
def official_reload(
    ours_run: dict[str, Any],
    official_run: dict[str, Any],
    official_sdk_python: str,
    panelbank_server: Server,
    client_scratch: Path,
) -> dict[str, Any]:
    """The official client loading what our library saved (by URL, as a user would)."""
    urls = {"edited": official_run["scenario"]["copy"]["url"]}
    if "error" not in ours_run["declared"]:
        urls["declared"] = ours_run["declared"]["url"]
    env = _harness.client_env(panelbank_server, client_scratch / "official-2")
    steps = [{"do": "load", "urls": list(urls.values())}]
    (load,) = _call(
        "the official client run (loading our views) failed",
        _harness.run_client,
        *(official_sdk_python, _harness.OFFICIAL_CLIENT, steps, env, client_scratch),
    )
    views = load.get("views", {})
    return {which: views.get(url, load) for which, url in urls.items()}
