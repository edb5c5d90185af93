"""The ``panelbank`` command line: spec, keys, serve's argument handling, error lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from panelbank import cli
from panelbank.store import Store

SCRIPT = """
import wandb_workspaces.workspaces as ws
workspace = ws.Workspace(entity="e", project="p", name="From a script",
                         sections=[ws.Section(name="S")])
"""


@pytest.fixture(autouse=True)
def _no_panelbank_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PANELBANK_HOME", "PANELBANK_DATABASE_URL", "PANELBANK_NO_AUTH", "PANELBANK_HOST"):
        monkeypatch.delenv(name, raising=False)


def script(tmp_path: Path, text: str = SCRIPT) -> str:
    path = tmp_path / "workspace.py"
    path.write_text(text)
    return str(path)


def test_spec_prints_the_view_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["spec", script(tmp_path)]) == 0
    out = capsys.readouterr().out
    spec = json.loads(out)
    assert spec["section"]["panelBankConfig"]["sections"][0]["name"] == "S"
    assert "\n  " in out  # indented by default


def test_spec_compact_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["spec", script(tmp_path), "--compact"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out)["section"]


def test_spec_other_variable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SCRIPT.replace("workspace =", "mine =")
    assert cli.main(["spec", script(tmp_path, text), "--variable", "mine"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_spec_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["spec", str(tmp_path / "nope.py")]) == 2
    assert "panelbank spec: no such file:" in capsys.readouterr().err


def test_spec_without_a_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["spec", script(tmp_path, "x = 1\n")]) == 2
    assert "must bind a ws.Workspace to 'workspace' (found nothing)" in capsys.readouterr().err


def test_spec_with_an_invalid_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SCRIPT.replace('[ws.Section(name="S")]', "[5]")
    assert cli.main(["spec", script(tmp_path, text)]) == 1
    err = capsys.readouterr().err
    assert "Workspace.sections.0" in err
    assert "Traceback" not in err


def test_keys_create_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(tmp_path)]
    assert cli.main(["keys", "create", "--user", "alice", "--description", "laptop", *home]) == 0
    captured = capsys.readouterr()
    key = captured.out.strip()
    assert re.fullmatch(r"local-[0-9a-f]{40}", key)
    assert "shown only once" in captured.err
    with Store.open(home=tmp_path) as store:
        user = store.user_for_api_key(key)
        assert user is not None and user.username == "alice"

    assert cli.main(["keys", "list", *home]) == 0
    [line] = capsys.readouterr().out.splitlines()
    key_id, username, prefix, _created, description = line.split("\t")
    assert (username, description) == ("alice", "laptop")
    assert key.startswith(prefix.rstrip("…"))
    assert key not in line

    assert cli.main(["keys", "revoke", key_id, *home]) == 0
    assert f"revoked API key {key_id}" in capsys.readouterr().out
    assert cli.main(["keys", "revoke", key_id, *home]) == 1
    assert capsys.readouterr().err == (
        f"panelbank: error: no active API key with id {key_id}; see `panelbank keys list`\n"
    )


def test_keys_list_when_there_are_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["keys", "list", "--home", str(tmp_path)]) == 0
    assert "panelbank keys create" in capsys.readouterr().err


def test_serve_refuses_no_auth_off_loopback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["serve", "--home", str(tmp_path), "--host", "0.0.0.0", "--no-auth"]
    assert cli.main(args) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("panelbank: error: no_auth is only allowed on a loopback host")


def test_bad_setting_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANELBANK_PORT", "eighty")
    assert cli.main(["serve", "--home", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("panelbank: error: port: Input should be")


def test_unexpected_errors_are_one_line_unless_debug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> Store:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "open", broken)
    assert cli.main(["keys", "list", "--home", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "panelbank: error: RuntimeError: disk on fire (run with --debug for the traceback)\n"
    )
    with pytest.raises(RuntimeError, match="disk on fire"):
        cli.main(["--debug", "keys", "list", "--home", str(tmp_path)])


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err
    assert cli.main(["keys", "revoke", "not-a-number"]) == 2


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("panelbank, version ")
    assert cli.main(["serve", "--help"]) == 0
    help_text = capsys.readouterr().out
    for option, env in [
        ("--host", "PANELBANK_HOST"),
        ("--port", "PANELBANK_PORT"),
        ("--no-auth", "PANELBANK_NO_AUTH"),
        ("--home", "PANELBANK_HOME"),
    ]:
        assert option in help_text
        assert env in help_text


class _Server:
    """What announce_when_up reads of a uvicorn server."""

    def __init__(self) -> None:
        self.started = False
        self.should_exit = False


def test_the_url_is_printed_only_once_the_server_is_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time
    import webbrowser

    from panelbank.commands import _base

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    server = _Server()
    watcher = threading.Thread(
        target=_base.announce_when_up, args=(server, "Open: http://x", "http://x")
    )
    watcher.start()
    time.sleep(0.2)
    assert capsys.readouterr().out == ""  # not up yet: nothing to follow
    server.started = True
    watcher.join(timeout=5)
    assert capsys.readouterr().out == "Open: http://x\n"
    assert opened == ["http://x"]


def test_no_url_when_the_server_stops_before_it_starts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from panelbank.commands import _base

    server = _Server()
    server.should_exit = True
    _base.announce_when_up(server, "Open: http://x", None)
    assert capsys.readouterr().out == ""


def test_preview_prints_each_views_url_from_the_library(tmp_path: Path) -> None:
    """The preview asks the library for each view's address (``view_url``) rather than
    slicing the view name: names with spaces or other letters are quoted as in a saved
    workspace's ``url``."""
    from panelbank.commands.preview import _urls
    from panelbank.store.backend import LocalBackend
    from panelbank.workflow.preview import PreviewViews

    file = tmp_path / "workspaces.py"
    file.write_text(
        "import wandb_workspaces.workspaces as ws\n"
        "workspaces = [\n"
        '    ws.Workspace(entity="alice", project="my vision", name="One"),\n'
        '    ws.Workspace(entity="bob", project="ünï", name="Two"),\n'
        "]\n"
    )
    overlay = PreviewViews(file, username="alice")
    overlay.refresh(force=True)
    assert overlay.error is None
    backend = LocalBackend(tmp_path, app_url="http://127.0.0.1:8080")
    assert _urls(backend, overlay) == [
        "http://127.0.0.1:8080/alice/my%20vision?nw=preview",
        "http://127.0.0.1:8080/bob/%C3%BCn%C3%AF?nw=preview2",
    ]
