"""Helpers of the official-client tests: our server in a subprocess, clients in subprocesses.

The official wandb 0.31.0 + wandb-workspaces 0.4.13 live in their own venv
(``scripts/official-venv --sdk``): they import as ``wandb_workspaces`` like our package,
so they never share an interpreter with it. Our server (``panelbank serve``) and our
library run with the interpreter running pytest. Everything talks over 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_VENV_SCRIPT = REPO_ROOT / "scripts" / "official-venv"
OFFICIAL_CLIENT = Path(__file__).with_name("official_client.py")
OURS_CLIENT = Path(__file__).with_name("ours_client.py")

OFFICIAL_ENTITY = "official-ent"
OFFICIAL_PROJECT = "official-proj"
OURS_ENTITY = "panelbank-ent"
OURS_PROJECT = "mixed-proj"
# Well-formed for the official client (40+ characters after the prefix), unknown to the server.
WRONG_KEY = "local-" + "0" * 40
RENAMED = "Renamed by panelbank"

SERVER_START_TIMEOUT = 30.0
CLIENT_TIMEOUT = 180.0

# The exact document wandb-workspaces 0.4.13 sends to load a view (protocol.md, `View`).
VIEW_QUERY = """
        query View($entityName: String, $name: String, $viewType: String = "runs", $userName: String, $viewName: String) {
            project(name: $name, entityName: $entityName) {
                allViews(viewType: $viewType, viewName: $viewName, userName: $userName) {
                    edges {
                        node {
                            id
                            displayName
                            spec
                        }
                    }
                }
            }
        }
        """  # noqa: E501  (kept byte for byte as the official client sends it)

# `panelbank keys create` prints the secret once; keys look like `local-<40 hex>`, and
# the official SDK accepts any `[prefix-]secret` whose secret has 40+ word characters.
_KEY_PATTERNS = (
    re.compile(r"\blocal-[0-9a-f]{40,}\b"),
    re.compile(r"(?<![\w-])[\w-]{40,}(?![\w-])"),
)


class HarnessError(RuntimeError):
    """A subprocess of the harness (venv, server, client) did not do its part."""


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# ---- the official venv ------------------------------------------------------------------


def _clean_env() -> dict[str, str]:
    """os.environ without anything that could point a process at other code or hosts."""
    drop = {"PYTHONPATH", "PYTHONHOME", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key.upper() not in drop and not key.startswith(("WANDB_", "PANELBANK_"))
    }
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def ensure_official_sdk_python() -> str:
    """Create or reuse the venv with the official SDK; return its python."""
    env = _clean_env()
    for name in ("PANELBANK_OFFICIAL_VENV", "PANELBANK_OFFICIAL_PYTHON"):  # the script's knobs
        if name in os.environ:
            env[name] = os.environ[name]
    proc = subprocess.run(
        ["bash", str(OFFICIAL_VENV_SCRIPT), "--sdk"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    python = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0 or not python:
        raise HarnessError(
            f"{OFFICIAL_VENV_SCRIPT} --sdk exited with {proc.returncode}.\n{_tail(proc.stderr)}\n"
            "These tests need wandb==0.31.0 and wandb-workspaces==0.4.13 in their own venv "
            "(network access to the package index, or a pip cache). "
            "Set PANELBANK_SKIP_OFFICIAL=1 to skip them deliberately."
        )
    return python


# ---- our server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def panelbank_command(*args: str) -> list[str]:
    """Our CLI, run by the interpreter running the tests (never the official venv's)."""
    return [sys.executable, "-m", "panelbank.cli", *args]


@dataclass
class Server:
    url: str
    port: int
    home: Path
    key: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _server_env(home: Path) -> dict[str, str]:
    env = _clean_env()
    env["PANELBANK_HOME"] = str(home)
    return env


def _wait_healthy(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(
                f"`panelbank serve` exited with {process.returncode} before answering "
                f"{url}/healthz.\n{_tail(log_path.read_text(errors='replace'))}"
            )
        try:
            response = httpx.get(f"{url}/healthz", timeout=2.0)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}: {response.text[:200]}"
        except httpx.HTTPError as exc:
            last = repr(exc)
        time.sleep(0.1)
    raise HarnessError(
        f"`panelbank serve` did not answer {url}/healthz within {SERVER_START_TIMEOUT:.0f} s "
        f"(last: {last}).\n{_tail(log_path.read_text(errors='replace'))}"
    )


def create_key(home: Path) -> str:
    """A new API key from `panelbank keys create --home HOME` (the secret is printed once)."""
    proc = subprocess.run(
        panelbank_command("keys", "create", "--home", str(home)),
        capture_output=True,
        text=True,
        env=_server_env(home),
        timeout=60,
        check=False,
    )
    if proc.returncode != 0:
        raise HarnessError(
            f"`panelbank keys create --home {home}` exited with {proc.returncode}:\n"
            f"{_tail(proc.stdout + proc.stderr)}"
        )
    for pattern in _KEY_PATTERNS:
        found = pattern.findall(proc.stdout)
        if found:
            return str(found[-1])
    raise HarnessError(f"no API key in the output of `panelbank keys create`:\n{proc.stdout}")


def start_server(home: Path) -> Server:
    """`panelbank serve` on a free loopback port with its own home; healthy and with a key."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = home.parent / f"{home.name}-serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            panelbank_command(
                "serve", "--host", "127.0.0.1", "--port", str(port), "--home", str(home)
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_server_env(home),
        )
    try:
        _wait_healthy(process, url, log_path)
        key = create_key(home)
    except BaseException:
        stop_server_process(process)
        raise
    return Server(url=url, port=port, home=home, key=key, process=process, log_path=log_path)


def stop_server_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ---- talking to the server directly -------------------------------------------------------


def auth_header(key: str) -> dict[str, str]:
    token = base64.b64encode(f"api:{key}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def graphql(server: Server, query: str, variables: dict[str, Any] | None) -> httpx.Response:
    return httpx.post(
        f"{server.url}/graphql",
        json={"query": query, "variables": variables, "operationName": ""},
        headers=auth_header(server.key),
        timeout=30.0,
    )


def fetch_view(server: Server, entity: str, project: str, internal_name: str) -> dict[str, Any]:
    """The stored view as the official `View` query returns it: {id, displayName, spec}."""
    variables = {
        "entityName": entity,
        "name": project,
        "projectName": project,
        "viewName": internal_name,
        "viewType": "project-view",
    }
    response = graphql(server, VIEW_QUERY, variables)
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise HarnessError(f"View {variables} answered HTTP {response.status_code}: {body}")
    edges = body["data"]["project"]["allViews"]["edges"]
    if len(edges) != 1:
        raise HarnessError(f"View {variables} returned {len(edges)} views, expected 1: {body}")
    node: dict[str, Any] = edges[0]["node"]
    return node


def internal_name(url: str) -> str:
    """`.../<entity>/<project>?nw=<id>` → the stored view name `nw-<id>-v`."""
    return f"nw-{parse_qs(urlparse(url).query)['nw'][0]}-v"


# ---- the clients ---------------------------------------------------------------------------


def client_env(server: Server, scratch: Path) -> dict[str, str]:
    """What a user of either client would set: the server, the key, a private HOME."""
    for sub in ("home", "wandb", "config", "cache", "data", "panelbank"):
        (scratch / sub).mkdir(parents=True, exist_ok=True)
    env = _clean_env()
    env.update(
        WANDB_BASE_URL=server.url,
        WANDB_API_KEY=server.key,
        WANDB_ERROR_REPORTING="false",
        HOME=str(scratch / "home"),
        WANDB_DIR=str(scratch / "wandb"),
        WANDB_CONFIG_DIR=str(scratch / "config"),
        WANDB_CACHE_DIR=str(scratch / "cache"),
        WANDB_DATA_DIR=str(scratch / "data"),
        # our library must use the server above, never an embedded store of its own
        PANELBANK_HOME=str(scratch / "panelbank"),
    )
    return env


def run_client(
    python: str, script: Path, steps: list[dict[str, Any]], env: dict[str, str], cwd: Path
) -> list[dict[str, Any]]:
    """Run ``script`` with ``python`` over ``steps``; one result per step."""
    try:
        proc = subprocess.run(
            [python, str(script)],
            input=json.dumps({"steps": steps}),
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,  # keep the repository's src/ off the official client's sys.path
            timeout=CLIENT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(
            f"{script.name} did not finish within {CLIENT_TIMEOUT:.0f} s; stderr:\n"
            f"{_tail(str(exc.stderr or ''))}"
        ) from exc
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise HarnessError(
            f"{script.name} ({python}) exited with {proc.returncode} and no result.\n"
            f"{_tail(proc.stdout + proc.stderr)}"
        )
    results: list[dict[str, Any]] = json.loads(lines[-1].removeprefix("RESULT "))["results"]
    return results


# ---- comparing ---------------------------------------------------------------------------


def json_differences(left: Any, right: Any, path: str = "$", limit: int = 15) -> list[str]:
    """Where two JSON values differ, as `path: left != right` lines (at most ``limit``)."""
    out: list[str] = []

    def walk(a: Any, b: Any, where: str) -> None:
        if len(out) >= limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in list(a) + [k for k in b if k not in a]:
                if key not in b:
                    out.append(f"{where}.{key}: only on the left ({json.dumps(a[key])[:80]})")
                elif key not in a:
                    out.append(f"{where}.{key}: only on the right ({json.dumps(b[key])[:80]})")
                else:
                    walk(a[key], b[key], f"{where}.{key}")
        elif isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                out.append(f"{where}: {len(a)} items != {len(b)} items")
            for index, (x, y) in enumerate(zip(a, b, strict=False)):
                walk(x, y, f"{where}[{index}]")
        elif a != b or isinstance(a, bool) != isinstance(b, bool):
            out.append(f"{where}: {json.dumps(a)[:80]} != {json.dumps(b)[:80]}")

    walk(left, right, path)
    return out
