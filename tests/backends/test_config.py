"""Which backend is used: configure(), else WANDB_* / ~/.netrc, else the local store."""

from __future__ import annotations

from pathlib import Path

import pytest

import wandb_workspaces.workspaces as ws
from panelbank.store.backend import LocalBackend
from tests.backends.memory import MemoryBackend
from wandb_workspaces._backends import GraphQLBackend, api_key_for
from wandb_workspaces.backends import get_backend

KEY = "local-" + "a" * 40


def test_nothing_set_means_local(isolated: Path) -> None:
    backend = get_backend()
    assert isinstance(backend, LocalBackend)
    assert backend.app_url == "http://127.0.0.1:8080"


def test_only_a_key_means_wandb_cloud(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WANDB_API_KEY", KEY)
    backend = get_backend()
    assert isinstance(backend, GraphQLBackend)
    assert (backend.base_url, backend.app_url) == ("https://api.wandb.ai", "https://wandb.ai")


def test_base_url_with_the_key_from_netrc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    netrc = tmp_path / "my-netrc"
    netrc.write_text(f"machine 127.0.0.1:8123\n  login user\n  password {KEY}\n")
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("WANDB_BASE_URL", "http://127.0.0.1:8123/")
    backend = get_backend()
    assert isinstance(backend, GraphQLBackend)
    assert backend._api_key == KEY
    assert backend.app_url == "http://127.0.0.1:8123"


def test_netrc_in_home_is_read_like_the_sdk(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    monkeypatch.delenv("NETRC")
    (isolated / "home" / ".netrc").write_text(f"machine api.wandb.ai login user password {KEY}\n")
    assert api_key_for("https://api.wandb.ai") == KEY
    assert api_key_for("https://other.example.test") is None


def test_unreadable_netrc_gives_no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    netrc = tmp_path / "bad"
    netrc.write_text("machine\n")
    monkeypatch.setenv("NETRC", str(netrc))
    assert api_key_for("https://api.wandb.ai") is None


def test_env_key_beats_netrc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine api.wandb.ai login user password " + "b" * 40 + "\n")
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("WANDB_API_KEY", KEY)
    backend = get_backend()
    assert isinstance(backend, GraphQLBackend)
    assert backend._api_key == KEY


def test_configure_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WANDB_API_KEY", KEY)
    chosen = ws.configure(base_url="http://127.0.0.1:9999", api_key="local-" + "c" * 40)
    assert isinstance(chosen, GraphQLBackend)
    assert get_backend() is chosen
    assert chosen.base_url == "http://127.0.0.1:9999"
    memory = MemoryBackend()
    assert ws.configure(backend=memory) is memory
    assert get_backend() is memory
    assert ws.configure() is None  # back to the environment at the next use
    assert isinstance(get_backend(), GraphQLBackend)


def test_configure_app_url(tmp_path: Path) -> None:
    backend = ws.configure(local=True, home=tmp_path, app_url="https://views.example.test/")
    assert backend is not None
    assert backend.app_url == "https://views.example.test"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"backend": MemoryBackend(), "local": True}, "takes no other arguments", id="backend+"
        ),
        pytest.param(
            {"local": True, "base_url": "http://x"}, "cannot be combined", id="local+base_url"
        ),
        pytest.param({"app_url": "http://x"}, "needs base_url", id="app_url-alone"),
    ],
)
def test_configure_rejects_mixed_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        ws.configure(**kwargs)  # type: ignore[arg-type]


def test_importing_the_library_does_not_import_httpx_or_the_store() -> None:
    import subprocess
    import sys

    code = (
        "import sys, wandb_workspaces.workspaces\n"
        "print('httpx' in sys.modules, 'panelbank.store' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
