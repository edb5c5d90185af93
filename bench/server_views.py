"""Benchmark: `panelbank serve` answering the official View / UpsertView2, vs a bare endpoint.

Starts OUR real server (``panelbank serve`` in a subprocess, free loopback port, temporary
home), creates a key with ``panelbank keys create``, saves one workspace (built with our
library) through the official ``UpsertView2`` document, then loads the server on
127.0.0.1 with ``--concurrency`` client threads (keep-alive connections):

* ``View``: the exact query and variables wandb-workspaces 0.4.13 sends to open a view.
* ``UpsertView2``: the exact mutation it sends to save a loaded view (update by ``id``,
  same spec bytes every time, with the undeclared ``locked`` variable).

Beside it, the same requests go to a BARE endpoint: a raw ASGI app in this file, on
uvicorn like ours, that reads (or writes) the same view row of the same SQLite file with
``sqlite3`` and answers the same JSON, with no auth, no GraphQL engine, no validation,
no history. Each phase stops at ``--requests`` requests or ``--seconds`` seconds, whichever
comes first. The table shows throughput and p50/p99 latency, and ours / bare.

Before timing, the bench checks that ours and bare return the same View response, so
both serve the same bytes. This file is also the bare server (``--serve-bare``), so it
imports only the standard library at module level.

Usage::

    python bench/server_views.py                       # 2,000 requests or 20 s per phase
    python bench/server_views.py --requests 500 --concurrency 8
    python bench/server_views.py --seconds 5 --sections 20 --panels 10
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import platform
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
ENTITY, PROJECT = "bench-entity", "bench-project"

START_TIMEOUT = 30.0


# ---- the bare endpoint (runs in its own process: --serve-bare DB --port N) ---------------

_VIEW_SQL = """
    SELECT v.id, v.display_name, v.spec FROM views v
    JOIN projects p ON p.id = v.project_id JOIN entities e ON e.id = p.entity_id
    WHERE e.name = ? AND p.name = ? AND v.name = ? AND v.type = ?
"""


def _graphql_id(pk: int) -> str:
    return base64.b64encode(f"View:{pk}".encode()).decode()


def bare_app(db_path: str) -> Callable[..., Any]:
    """A raw ASGI app: POST /graphql answers View and UpsertView2 straight from SQLite."""
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")

    def view(variables: dict[str, Any]) -> dict[str, Any]:
        rows = conn.execute(
            _VIEW_SQL,
            (
                variables.get("entityName"),
                variables.get("name"),
                variables.get("viewName"),
                variables.get("viewType", "runs"),
            ),
        ).fetchall()
        edges = [
            {"node": {"id": _graphql_id(pk), "displayName": display, "spec": spec}}
            for pk, display, spec in rows
        ]
        return {"data": {"project": {"allViews": {"edges": edges}}}}

    def upsert(variables: dict[str, Any]) -> dict[str, Any]:
        pk = int(base64.b64decode(variables["id"]).decode().removeprefix("View:"))
        conn.execute("BEGIN IMMEDIATE")
        try:
            (name,) = conn.execute("SELECT name FROM views WHERE id = ?", (pk,)).fetchone()
            conn.execute(
                "UPDATE views SET spec = ?, display_name = ?, description = ?, "
                "version = version + 1 WHERE id = ?",
                (variables["spec"], variables["displayName"], variables["description"], pk),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        view = {"id": variables["id"], "name": name}
        return {"data": {"upsertView": {"view": view, "inserted": False}}}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        status, payload = 404, {"errors": [{"message": "not found"}]}
        if scope["path"] == "/healthz":
            status, payload = 200, {"ok": True}
        elif scope["path"] == "/graphql" and scope["method"] == "POST":
            request = json.loads(body)
            handler = upsert if "mutation" in request["query"][:40] else view
            status, payload = 200, handler(request.get("variables") or {})
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(data))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return app


def serve_bare(db_path: str, port: int) -> None:
    import uvicorn

    app = bare_app(db_path)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


# ---- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WANDB_", "PANELBANK_"))}
    env["PANELBANK_HOME"] = str(home)
    return env


@dataclass
class Proc:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start(name: str, command: list[str], port: int, home: Path) -> Proc:
    log = home.parent / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=_env(home)
        )
    proc = Proc(name, port, process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.1)
    proc.stop()
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    raise SystemExit(f"server_views: {name} did not answer /healthz on port {port}:\n{tail}")


def panelbank(*args: str) -> list[str]:
    return [sys.executable, "-m", "panelbank.cli", *args]


def create_key(home: Path) -> str:
    proc = subprocess.run(
        panelbank("keys", "create", "--home", str(home)),
        capture_output=True,
        text=True,
        env=_env(home),
        check=False,
    )
    found = re.findall(r"(?<![\w-])[\w-]{40,}(?![\w-])", proc.stdout)
    if proc.returncode != 0 or not found:
        raise SystemExit(f"server_views: panelbank keys create failed:\n{proc.stdout}{proc.stderr}")
    return str(found[-1])


# ---- requests -------------------------------------------------------------------------------


def build_spec(sections: int, panels: int) -> str:
    """A realistic workspace declared with our library, as the compact JSON ``save()`` sends."""
    import wandb_workspaces.reports.v2 as wr
    import wandb_workspaces.workspaces as ws

    def panel(s: int, j: int) -> Any:
        kind = j % 4
        if kind == 0:
            return wr.LinePlot(x="Step", y=[f"train/loss_{s}_{j}", f"val/loss_{s}_{j}"])
        if kind == 1:
            return wr.ScalarChart(metric=f"acc_{s}_{j}")
        if kind == 2:
            return wr.BarPlot(metrics=[f"f1_{s}_{j}", f"precision_{s}_{j}"])
        return wr.ScatterPlot(x=f"lr_{s}", y=f"acc_{s}_{j}")

    workspace = ws.Workspace(
        entity=ENTITY,
        project=PROJECT,
        name="Benchmark workspace",
        sections=[
            ws.Section(name=f"Section {s}", panels=[panel(s, j) for j in range(panels)])
            for s in range(sections)
        ],
        settings=ws.WorkspaceSettings(x_axis="Step", max_runs=20),
        runset_settings=ws.RunsetSettings(
            query="resnet",
            filters=[ws.Config("lr") <= 0.1, ws.Metric("State") == "finished"],
            groupby=[ws.Config("model")],
        ),
    )
    return json.dumps(workspace.to_spec(), ensure_ascii=False, separators=(",", ":"))


def post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/graphql", body, headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def request_body(query: str, variables: dict[str, Any]) -> bytes:
    return json.dumps({"query": query, "variables": variables, "operationName": ""}).encode()


@dataclass
class Result:
    label: str
    completed: int = 0
    errors: int = 0
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""

    @property
    def rate(self) -> float:
        return self.completed / self.wall if self.wall else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def load(
    label: str,
    port: int,
    body: bytes,
    headers: dict[str, str],
    check: Callable[[int, bytes], bool],
    *,
    requests: int,
    seconds: float,
    concurrency: int,
) -> Result:
    """Send ``body`` until ``requests`` were issued or ``seconds`` passed; time each one."""
    result = Result(label)
    lock = threading.Lock()
    issued = 0
    started = time.perf_counter()
    deadline = started + seconds

    def worker() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies: list[float] = []
        errors = 0
        while True:
            with lock:
                if issued >= requests or time.perf_counter() >= deadline:
                    break
                issued += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/graphql", body, headers)
                response = conn.getresponse()
                data = response.read()
                good = check(response.status, data)
                message = f"HTTP {response.status}: {data[:300]!r}"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                good, message = False, repr(exc)
            latencies.append(time.perf_counter() - t0)
            if not good:
                errors += 1
                with lock:
                    result.first_error = result.first_error or message
        conn.close()
        finished = time.perf_counter() - started
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.wall = max(result.wall, finished)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    # A live counter on a terminal; one line per second otherwise (CI logs).
    live, last = sys.stderr.isatty(), 0.0
    every = 0.25 if live else 1.0
    while any(thread.is_alive() for thread in threads):
        elapsed = time.perf_counter() - started
        if elapsed - last >= every:
            last = elapsed
            line = f"  {label:<28} {issued:>6}/{requests} requests {elapsed:6.1f} s"
            print(f"\r{line}" if live else line, end="" if live else "\n", file=sys.stderr)
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    result.completed = len(result.latencies)
    print(
        f"\r  {label:<28} {result.completed:>6} done in {result.wall:5.1f} s, "
        f"{result.errors} errors{' ' * 10}",
        file=sys.stderr,
    )
    return result


# ---- the run --------------------------------------------------------------------------------


def print_table(pairs: list[tuple[str, Result, Result]]) -> None:
    head = (
        f"{'operation':<12} {'server':<18} {'requests':>8} {'errors':>6} {'req/s':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8}"
    )
    print(head)
    print("-" * len(head))
    for operation, ours, bare in pairs:
        for name, r in (("panelbank serve", ours), ("bare sqlite3", bare)):
            print(
                f"{operation:<12} {name:<18} {r.completed:>8} {r.errors:>6} {r.rate:>9.0f} "
                f"{r.percentile(0.5):>8.2f} {r.percentile(0.99):>8.2f}"
            )
        rate = ours.rate / bare.rate if bare.rate else float("nan")
        p50 = ours.percentile(0.5) / bare.percentile(0.5)
        p99 = ours.percentile(0.99) / bare.percentile(0.99)
        print(
            f"{operation:<12} {'ratio ours/bare':<18} {'':>8} {'':>6} {rate:>8.2f}x "
            f"{p50:>7.2f}x {p99:>7.2f}x"
        )
    print("(req/s ratio < 1: ours serves fewer; latency ratio > 1: ours is slower)")


def run(args: argparse.Namespace) -> int:
    # The documents the official client sends, as our library's HTTP backend keeps them
    # (imported here: at module level this file needs only the standard library).
    from wandb_workspaces._backends._graphql import UPSERT_VIEW2, VIEW

    with tempfile.TemporaryDirectory(prefix="panelbank-bench-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        procs: list[Proc] = []
        try:
            port = free_port()
            serve = panelbank(
                "serve", "--host", "127.0.0.1", "--port", str(port), "--home", str(home),
                "--log-level", "warning",
            )  # fmt: skip
            ours = start("panelbank-serve", serve, port, home)
            procs.append(ours)
            key = create_key(home)
            auth = base64.b64encode(f"api:{key}".encode()).decode()
            headers = {"Content-Type": "application/json", "Authorization": f"Basic {auth}"}

            spec = build_spec(args.sections, args.panels)
            name = "nw-benchmark0-v"
            save = {
                "entityName": ENTITY, "projectName": PROJECT, "name": name,
                "displayName": "Benchmark workspace", "type": "project-view",
                "description": "", "spec": spec, "locked": False,
            }  # fmt: skip
            status, data = post(port, request_body(UPSERT_VIEW2, save), headers)
            if status != 200 or b'"errors"' in data:
                raise SystemExit(f"server_views: saving the view failed: HTTP {status} {data!r}")
            view_id = json.loads(data)["data"]["upsertView"]["view"]["id"]

            db = home / "panelbank.db"
            if not db.is_file():
                raise SystemExit(f"server_views: no SQLite database at {db}")
            bare_port = free_port()
            bare_cmd = [sys.executable, __file__, "--serve-bare", str(db), "--port", str(bare_port)]
            bare = start("bare", bare_cmd, bare_port, home)
            procs.append(bare)

            view_body = request_body(
                VIEW,
                {
                    "entityName": ENTITY, "name": PROJECT, "projectName": PROJECT,
                    "viewName": name, "viewType": "project-view",
                },
            )  # fmt: skip
            ours_view = post(port, view_body, headers)
            bare_view = post(bare_port, view_body, headers)
            if ours_view[0] != 200 or json.loads(ours_view[1]) != json.loads(bare_view[1]):
                raise SystemExit(
                    "server_views: ours and bare answer View differently:\n"
                    f"  ours HTTP {ours_view[0]}: {ours_view[1][:300]!r}\n"
                    f"  bare HTTP {bare_view[0]}: {bare_view[1][:300]!r}"
                )
            upsert_body = request_body(UPSERT_VIEW2, {**save, "id": view_id})

            print(
                f"View spec {len(spec.encode()):,} bytes ({args.sections} sections x "
                f"{args.panels} panels); View response ours {len(ours_view[1]):,} bytes, "
                f"bare {len(bare_view[1]):,} bytes; {args.concurrency} client threads; "
                f"{os.cpu_count()} CPUs; Python {platform.python_version()}",
                file=sys.stderr,
            )
            expected = {port: ours_view[1], bare_port: bare_view[1]}

            def view_ok(p: int) -> Callable[[int, bytes], bool]:
                return lambda status, data: status == 200 and data == expected[p]

            def upsert_ok(status: int, data: bytes) -> bool:
                return status == 200 and b'"errors"' not in data and b'"upsertView"' in data

            budget = {
                "requests": args.requests,
                "seconds": args.seconds,
                "concurrency": args.concurrency,
            }
            warm = {"requests": min(50, args.requests), "seconds": 5.0, "concurrency": 2}
            pairs = []
            for operation, body, check in (
                ("View", view_body, view_ok),
                ("UpsertView2", upsert_body, lambda p: upsert_ok),
            ):
                results = []
                for label, p in (("panelbank serve", port), ("bare sqlite3", bare_port)):
                    load(f"warm-up {operation}", p, body, headers, check(p), **warm)
                    results.append(
                        load(f"{operation} {label}", p, body, headers, check(p), **budget)
                    )
                pairs.append((operation, results[0], results[1]))
        finally:
            for proc in reversed(procs):
                proc.stop()
        print()
        print_table(pairs)
        failed = [r for _, *rs in pairs for r in rs if r.errors]
        for r in failed:
            print(f"{r.label}: {r.errors} errors, first: {r.first_error}", file=sys.stderr)
        return 1 if failed else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--requests", type=int, default=2000, help="requests per phase (2000)")
    p.add_argument("--seconds", type=float, default=20.0, help="time limit per phase (20)")
    p.add_argument("--concurrency", type=int, default=8, help="client threads (8)")
    p.add_argument("--sections", type=int, default=8, help="sections in the view (8)")
    p.add_argument("--panels", type=int, default=6, help="panels per section (6)")
    p.add_argument("--serve-bare", metavar="DB", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if min(args.requests, args.concurrency) < 1 or args.seconds <= 0:
        p.error("--requests, --concurrency and --seconds must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_bare:
        serve_bare(args.serve_bare, args.port)
        return 0
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
