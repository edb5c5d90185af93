"""The settings object: defaults, environment variables, derived values, the no_auth guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelbank.settings import (
    Settings,
    SettingsError,
    default_home,
    default_username,
    is_loopback,
    load_settings,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in Settings.model_fields:
        monkeypatch.delenv(f"PANELBANK_{field.upper()}", raising=False)


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path)
    assert (settings.host, settings.port, settings.no_auth) == ("127.0.0.1", 8080, False)
    assert settings.database_url == f"sqlite:///{tmp_path / 'panelbank.db'}"
    assert settings.public_url == "http://127.0.0.1:8080"
    assert settings.max_spec_bytes == 16 * 1024 * 1024


def test_environment_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELBANK_HOME", str(tmp_path))
    monkeypatch.setenv("PANELBANK_PORT", "9001")
    monkeypatch.setenv("PANELBANK_PUBLIC_URL", "https://pb.example.com/")
    settings = load_settings(port=None, host="::1")  # None means "not given"
    assert settings.home == tmp_path
    assert settings.port == 9001
    assert settings.public_url == "https://pb.example.com"
    assert load_settings(port=7000).port == 7000


def test_public_url_brackets_ipv6(tmp_path: Path) -> None:
    assert load_settings(home=tmp_path, host="::1", port=81).public_url == "http://[::1]:81"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.com", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_no_auth_only_on_loopback(tmp_path: Path) -> None:
    assert load_settings(home=tmp_path, no_auth=True, host="localhost").no_auth
    with pytest.raises(SettingsError, match=r"not '0\.0\.0\.0'.*panelbank keys create"):
        load_settings(home=tmp_path, no_auth=True, host="0.0.0.0")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"port": 70000}, r"^port: Input should be less than or equal to 65535$", id="port"
        ),
        pytest.param(
            {"max_spec_bytes": 0}, r"^max_spec_bytes: Input should be greater than 0$", id="max"
        ),
        pytest.param({"colour": "blue"}, r"^colour: Extra inputs are not permitted$", id="unknown"),
    ],
)
def test_bad_values_are_one_readable_line(
    tmp_path: Path, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(home=tmp_path, **overrides)


def test_every_setting_has_a_help_line() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description and f"PANELBANK_{name.upper()}" in field.description


def test_default_username_is_url_safe() -> None:
    name = default_username()
    assert name and all(c.isalnum() or c in "_-" for c in name)


@pytest.mark.parametrize("env", [None, "~/elsewhere"], ids=["unset", "tilde"])
def test_one_default_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str | None) -> None:
    """The settings, the store's default database and the library's embedded backend agree
    on where panelbank keeps its data (one function computes it)."""
    from panelbank.store.backend import LocalBackend
    from panelbank.store.engine import resolve_url

    monkeypatch.setenv("HOME", str(tmp_path))
    if env is not None:
        monkeypatch.setenv("PANELBANK_HOME", env)
    expected = tmp_path / (".panelbank" if env is None else "elsewhere")
    assert default_home() == expected
    assert load_settings().home == expected
    assert Path(resolve_url(None).database or "") == expected / "panelbank.db"
    assert LocalBackend().home == expected
