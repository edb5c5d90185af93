"""Backends found through the entry point group ``wandb_workspaces.backends``.

panelbank registers its store as ``local`` in its installed metadata (pyproject.toml;
an editable install must be re-run, ``pip install -e .``, for a new entry point to
show). Other backends here are registered by small distributions written into a
temporary folder on ``sys.path``: the same metadata an installed package has.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import wandb_workspaces.workspaces as ws
from panelbank.store.backend import LocalBackend
from tests.backends.memory import MemoryBackend
from wandb_workspaces._backends import GraphQLBackend, _registry
from wandb_workspaces.backends import (
    ENTRY_POINT_GROUP,
    LOCAL,
    backend_names,
    configure,
    create_backend,
    get_backend,
)
from wandb_workspaces.errors import BackendNotConfiguredError

REINSTALL = "the installed metadata lacks the entry point: re-run pip install -e ."

Install = Callable[..., None]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """``install("dist-name", memory="module:Factory")``: a distribution with those backends."""

    def installer(dist: str, **backends: str) -> None:
        info = tmp_path / "site" / f"{dist.replace('-', '_')}-1.0.dist-info"
        info.mkdir(parents=True)
        info.joinpath("METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
        lines = [f"[{ENTRY_POINT_GROUP}]"] + [
            f"{name} = {value}" for name, value in backends.items()
        ]
        info.joinpath("entry_points.txt").write_text("\n".join(lines) + "\n")
        monkeypatch.syspath_prepend(str(tmp_path / "site"))

    return installer


@pytest.fixture
def nothing_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if no installed package registered a backend: the library installed alone."""
    empty = importlib.metadata.EntryPoints(())
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: empty)
    monkeypatch.setattr(_registry, "_application_importable", lambda: False)


def test_panelbank_registers_its_store_as_local() -> None:
    entries = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    assert {(entry.name, entry.value) for entry in entries} >= {
        (LOCAL, "panelbank.store.backend:LocalBackend")
    }, REINSTALL
    assert LOCAL in backend_names()


def test_nothing_configured_is_the_local_entry_point(isolated: Path) -> None:
    backend = get_backend()
    assert type(backend) is LocalBackend
    assert backend.home == isolated / "panelbank"


def test_configure_local_goes_through_the_registry(tmp_path: Path) -> None:
    backend = configure(local=True, home=tmp_path / "h", app_url="http://127.0.0.1:9/")
    assert type(backend) is LocalBackend
    assert (backend.home, backend.app_url) == (tmp_path / "h", "http://127.0.0.1:9")


def test_a_fresh_process_saves_to_the_store_with_nothing_configured(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "import wandb_workspaces.workspaces as ws\n"
        "from wandb_workspaces.backends import get_backend\n"
        "before = sorted(m for m in sys.modules if m.split('.')[0] == 'panelbank')\n"
        "w = ws.Workspace(entity='e', project='p', name='W').save()\n"
        "kind = type(get_backend())\n"
        "print(json.dumps([before, kind.__module__ + '.' + kind.__name__, w.url]))\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WANDB_", "PANELBANK_"))
    }
    env.update(PANELBANK_HOME=str(tmp_path / "home"), HOME=str(tmp_path), NETRC="/dev/null")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    before, kind, url = json.loads(out.stdout)
    assert before == []  # the library imported none of the application
    assert kind == "panelbank.store.backend.LocalBackend"
    assert url.startswith("http://127.0.0.1:8080/e/p?nw=")
    assert (tmp_path / "home" / "panelbank.db").exists()


@pytest.mark.usefixtures("nothing_installed")
def test_without_a_local_backend_the_error_says_what_to_install() -> None:
    message = r"install panelbank \(pip install panelbank\).*set WANDB_BASE_URL and WANDB_API_KEY"
    with pytest.raises(BackendNotConfiguredError, match=message):
        get_backend()
    with pytest.raises(BackendNotConfiguredError, match=message):
        ws.Workspace(entity="e", project="p").save()
    with pytest.raises(BackendNotConfiguredError, match="the embedded store is not installed"):
        configure(local=True, home="/nowhere")
    assert backend_names() == []


def test_an_install_without_the_entry_point_says_to_reinstall(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = importlib.metadata.EntryPoints(())
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: empty)
    with pytest.raises(
        BackendNotConfiguredError,
        match=r"panelbank is importable but not installed with its entry point: reinstall it "
        r"\(pip install -e \. in its checkout\)",
    ):
        get_backend()


@pytest.mark.usefixtures("nothing_installed")
def test_without_a_local_backend_a_server_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WANDB_BASE_URL", "http://127.0.0.1:9999")
    monkeypatch.setenv("WANDB_API_KEY", "local-" + "k" * 40)
    assert isinstance(get_backend(), GraphQLBackend)


def test_a_package_registers_another_backend(install: Install) -> None:
    install("memory-backend", memory="tests.backends.memory:MemoryBackend")
    assert backend_names() == ["local", "memory"]
    backend = create_backend("memory")
    assert isinstance(backend, MemoryBackend)
    assert configure(backend=backend) is backend
    saved = ws.Workspace(entity="e", project="p", name="W").save()
    assert saved.url.startswith("https://app.example.test/e/p?nw=")
    assert [call.method for call in backend.calls] == ["upsert_view"]


def test_an_unknown_name_lists_the_installed_ones() -> None:
    with pytest.raises(
        BackendNotConfiguredError,
        match=r"no backend named 'nope' is installed \(installed: 'local'\); .*entry-points",
    ):
        create_backend("nope")


def test_two_packages_registering_one_name_differently(install: Install) -> None:
    install("other-store", local="tests.backends.memory:MemoryBackend")
    with pytest.raises(
        BackendNotConfiguredError,
        match=r"2 installed packages register a backend named 'local' .*other-store 1\.0.*"
        r"uninstall all but one",
    ):
        create_backend(LOCAL)


def test_the_same_registration_found_twice_is_one(install: Install) -> None:
    install("panelbank-copy", local="panelbank.store.backend:LocalBackend")
    assert type(create_backend(LOCAL, home="/tmp/never-opened")) is LocalBackend


@pytest.mark.parametrize(
    ("target", "error", "message"),
    [
        pytest.param(
            "no_such_module_xyz:Factory",
            BackendNotConfiguredError,
            r"could not be loaded: ModuleNotFoundError.*reinstall that package",
            id="missing-module",
        ),
        pytest.param(
            "tests.backends.memory:NoSuchFactory",
            BackendNotConfiguredError,
            r"could not be loaded: AttributeError",
            id="missing-attribute",
        ),
        pytest.param(
            "tests.backends.memory:EPOCH",
            TypeError,
            r"is a datetime, not a factory; register a class or a function",
            id="not-callable",
        ),
        pytest.param(
            "tests.backends.memory:Row",
            TypeError,
            r"returned Row, which lacks the Backend methods",
            id="not-a-backend",
        ),
    ],
)
def test_a_broken_registration_says_what_is_wrong(
    install: Install, target: str, error: type[Exception], message: str
) -> None:
    install("broken-backend", broken=target)
    with pytest.raises(error, match=message):
        create_backend(
            "broken", id="x", entity="e", project="p", name="n", display_name="d", spec=""
        )
