"""``--host "[::1]"`` and ``--host ::1`` are the same loopback address: printed as
``http://[::1]:PORT``, bound, and served."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from panelbank.commands._base import check_port
from panelbank.settings import load_settings


@pytest.mark.parametrize("given", ["[::1]", "::1", " [::1] "])
def test_ipv6_loopback_is_normalised(tmp_path: Path, given: str) -> None:
    settings = load_settings(home=tmp_path, host=given, port=8080, no_auth=True)
    assert settings.host == "::1"
    assert settings.public_url == "http://[::1]:8080"
    assert "::1" in settings.served_hosts


def _free_ipv6_port() -> int:
    with socket.socket(socket.AF_INET6) as sock:
        sock.bind(("::1", 0))
        return int(sock.getsockname()[1])


def test_check_port_binds_ipv6() -> None:
    check_port("::1", _free_ipv6_port())  # no "port in use" from an AF_INET socket


def test_serve_on_bracketed_ipv6_loopback(tmp_path: Path) -> None:
    port = _free_ipv6_port()
    command = [sys.executable, "-m", "panelbank.cli", "serve", "--home", str(tmp_path)]
    command += ["--host", "[::1]", "--port", str(port), "--no-auth", "--log-level", "warning"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            _check_served(process, port)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _check_served(process: subprocess.Popen[str], port: int) -> None:
    assert process.stdout is not None
    banner = process.stdout.readline()
    assert banner.rstrip().endswith(f"serving http://[::1]:{port}"), banner
    deadline = time.monotonic() + 30
    while True:  # wait until it answers (or has died saying why)
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            response = httpx.get(f"http://[::1]:{port}/healthz", timeout=2)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    assert response.text == "ok\n"
