"""Benchmark: the history store at scale (issue 4, "History storage that scales").

Ingests ``--runs`` runs of ``--steps`` steps with ``--metrics`` metrics each (plus the
``_step``, ``_runtime`` and ``_timestamp`` every SDK row has) through
``HistoryStore.append`` in file_stream-sized batches (``--batch`` rows a call), then
reports:

* values/s ingested (metric values; the rows are built before the clock starts),
* disk bytes per metric value (everything under the store's folder, divided by
  runs x steps x metrics; the extrapolation to 10^8 values beside it),
* values/s end to end through HTTP (``--http-runs`` runs, default 10, posted as
  file_stream bodies of ``--batch`` rows to OUR real server, ``panelbank serve`` in a
  subprocess with a temporary home, from ``--threads`` client connections),
* the time to fetch ``--query-runs`` runs x 2 metrics downsampled to 1,000 points,
  beside the floor: a plain numpy full scan (read every value of the same column files,
  bucket by step with reduceat) and DuckDB over the same values when it is installed.

Default is a tenth of the issue's size (100 runs x 10,000 steps x 10 metrics = 10^7
values); ``--full`` is 100 runs x 100,000 steps (10^8 values, about 1.3 GB on disk).

Usage::

    python bench/history.py                # 10^7 values
    python bench/history.py --full         # 10^8 values
    python bench/history.py --runs 10 --steps 100000 --threads 2
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from panelbank.history import HistoryStore

GOAL_RATE, GOAL_BYTES, GOAL_MS = 100_000, 2e9, 50.0
QUERY_METRICS = ("m0", "m5")


def make_rows(run: int, start: int, stop: int, metrics: int) -> list[dict[str, Any]]:
    """Rows as the SDK logs them: a decaying noisy curve per metric, runtime, timestamp."""
    steps = np.arange(start, stop)
    rng = np.random.default_rng(run * 1_000_003 + start)
    columns = {"_step": steps.tolist(), "_runtime": (steps * 0.05).tolist()}
    columns["_timestamp"] = (1.7e9 + run * 1e5 + steps * 0.05).tolist()
    for k in range(metrics):
        curve = np.exp(-steps / (2000.0 * (k + 1))) + rng.normal(0, 0.02, len(steps))
        columns[f"m{k}"] = curve.tolist()
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def ingest(store: HistoryStore, args: argparse.Namespace) -> float:
    """Seconds spent inside HistoryStore.append (summed over threads, divided by threads)."""
    spent = [0.0] * args.threads
    done = [0]
    lock = threading.Lock()
    started = time.perf_counter()

    def worker(t: int) -> None:
        for run in range(t, args.runs, args.threads):
            for start in range(0, args.steps, args.batch):
                rows = make_rows(run, start, min(start + args.batch, args.steps), args.metrics)
                before = time.perf_counter()
                store.append(f"run-{run}", rows, offset=start)
                spent[t] += time.perf_counter() - before
            with lock:
                done[0] += 1
                elapsed = time.perf_counter() - started
                print(
                    f"\r  ingested {done[0]}/{args.runs} runs ({elapsed:.0f} s wall)",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(file=sys.stderr)
    return max(spent)


def ingest_http(args: argparse.Namespace, home: Path) -> tuple[float, int]:
    """(seconds, values) posting file_stream bodies to a real ``panelbank serve``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import server_views as sv  # the same helpers: start the server, create a key

    home.mkdir(parents=True, exist_ok=True)
    key = sv.create_key(home)
    port = sv.free_port()
    proc = sv.start("panelbank-serve", sv.panelbank("serve", "--port", str(port)), port, home)
    auth = "Basic " + base64.b64encode(f"api:{key}".encode()).decode()
    headers = {"Authorization": auth, "Content-Type": "application/json"}
    spent, errors = [0.0] * args.threads, []

    def worker(t: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for run in range(t, args.http_runs, args.threads):
            path = f"/files/bench-entity/bench-project/http-{run}/file_stream"
            for start in range(0, args.steps, args.batch):
                rows = make_rows(run, start, min(start + args.batch, args.steps), args.metrics)
                lines = [json.dumps(row) for row in rows]
                body = {"files": {"wandb-history.jsonl": {"offset": start, "content": lines}}}
                data = json.dumps(body).encode()
                before = time.perf_counter()
                conn.request("POST", path, data, headers)
                response = conn.getresponse()
                answer = response.read()
                spent[t] += time.perf_counter() - before
                if response.status != 200 and not errors:
                    errors.append(f"{response.status} {answer[:300]!r}")
            print(f"\r  posted run {run + 1}/{args.http_runs}", end="", file=sys.stderr, flush=True)
        conn.close()

    try:
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        proc.stop()
    print(file=sys.stderr)
    if errors:
        raise SystemExit(f"history bench: file_stream answered {errors[0]}")
    # the server's time: wall clock minus what the clients spent building bodies
    return min(wall, max(spent)), args.http_runs * args.steps * args.metrics


def disk_bytes(root: Path) -> int:
    return sum(p.stat().st_blocks * 512 for p in root.rglob("*") if p.is_file())


def timed(fn: Any, repeat: int) -> tuple[float, float]:
    """(first call, median of the next ``repeat``) in milliseconds."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(times)


def column_files(store: HistoryStore, runs: list[str]) -> dict[str, dict[str, Path]]:
    """The raw float64 column files of the queried keys (store internals, read-only)."""
    names = ("_step", *QUERY_METRICS)
    out: dict[str, dict[str, Path]] = {}
    for run in runs:
        handle = store._run(run)  # private on purpose: the floor reads the files directly
        out[run] = {name: handle.column_file(name) for name in names}  # type: ignore[misc]
    return out


def numpy_floor(files: dict[str, dict[str, Path]], runs: list[str], points: int) -> Any:
    """A full scan of the same column files: read every value and step, bucket by step."""
    columns = [(files[run]["_step"], [files[run][m] for m in QUERY_METRICS]) for run in runs]

    def scan() -> None:
        for step_path, metric_paths in columns:
            steps = np.fromfile(step_path)
            edges = np.linspace(steps[0], steps[-1], points + 1)
            starts = np.searchsorted(steps, edges[:-1])
            for path in metric_paths:
                values = np.fromfile(path)
                np.minimum.reduceat(values, starts)
                np.maximum.reduceat(values, starts)
                np.add.reduceat(values, starts)
                np.add.reduceat(steps, starts)

    return scan


def duckdb_floor(files: dict[str, dict[str, Path]], runs: list[str], points: int) -> Any | None:
    try:
        import duckdb  # type: ignore[import-not-found]
    except ImportError:
        return None
    con = duckdb.connect()
    con.execute("CREATE TABLE h (run VARCHAR, step DOUBLE, m0 DOUBLE, m5 DOUBLE)")
    for run in runs:
        frame = {name: np.fromfile(files[run][name]) for name in ("_step", *QUERY_METRICS)}
        frame = {"run": np.full(len(frame["_step"]), run), **frame}
        con.register("frame", frame)
        con.execute("INSERT INTO h SELECT * FROM frame")
        con.unregister("frame")
    query = f"""
        WITH r AS (SELECT run, min(step) lo, max(step) hi FROM h GROUP BY run)
        SELECT h.run, least(floor((step - lo) / ((hi - lo) / {points})), {points - 1}) b,
               avg(step), min(m0), max(m0), avg(m0), min(m5), max(m5), avg(m5), count(*)
        FROM h JOIN r USING (run) GROUP BY ALL"""
    return lambda: con.execute(query).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--metrics", type=int, default=10)
    parser.add_argument("--batch", type=int, default=500, help="rows per append (file_stream)")
    parser.add_argument("--threads", type=int, default=1, help="runs ingested in parallel")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--query-runs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--full", action="store_true", help="100 runs x 100,000 steps")
    parser.add_argument("--home", type=Path, help="keep the store here (default: a temp dir)")
    parser.add_argument("--http-runs", type=int, default=10, help="0: skip the HTTP leg")
    args = parser.parse_args()
    if args.full:
        args.runs, args.steps = 100, 100_000
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        root = (args.home or Path(tmp)) / "history"
        run(root, args)
        if args.http_runs:
            seconds, values = ingest_http(args, Path(tmp) / "server-home")
            print(
                f"HTTP       {values / seconds:>12,.0f} values/s  end to end through file_stream "
                f"({args.http_runs} runs, {values:,} values, {seconds:.1f} s)   "
                f"goal >= {GOAL_RATE:,}"
            )


def run(root: Path, args: argparse.Namespace) -> None:
    values = args.runs * args.steps * args.metrics
    print(
        f"history bench: {args.runs} runs x {args.steps:,} steps x {args.metrics} metrics "
        f"= {values:,} values, {args.batch} rows an append, {args.threads} thread(s), "
        f"{os.cpu_count()} cores"
    )
    store = HistoryStore(root)
    seconds = ingest(store, args)
    rate = values / seconds
    size = disk_bytes(root)
    per_value = size / values
    print(
        f"ingest     {rate:>12,.0f} values/s  ({seconds:.1f} s in append)   goal >= {GOAL_RATE:,}"
    )
    print(
        f"disk       {per_value:>12.2f} bytes/value ({size / 1e6:,.0f} MB; 10^8 values: "
        f"{per_value * 1e8 / 1e9:.2f} GB)   goal < 2 GB"
    )
    runs = [f"run-{i}" for i in range(min(args.query_runs, args.runs))]
    query = f"{len(runs)} runs x {len(QUERY_METRICS)} metrics -> {args.points} points"

    def ours() -> None:
        store.downsample(runs, QUERY_METRICS, points=args.points)

    store.close()
    store = HistoryStore(root)  # a fresh store: nothing cached from the ingest
    first, warm = timed(ours, args.repeat)
    print(
        f"downsample {warm:>12.1f} ms (first call {first:.1f} ms)   {query}   "
        f"goal < {GOAL_MS:.0f} ms"
    )
    files = column_files(store, runs)
    floor_first, floor_warm = timed(numpy_floor(files, runs, args.points), args.repeat)
    print(
        f"numpy scan {floor_warm:>12.1f} ms (first call {floor_first:.1f} ms)   "
        f"ours / numpy scan = {warm / floor_warm:.2f}"
    )
    duck = duckdb_floor(files, runs, args.points)
    if duck is None:
        print("duckdb     skipped: not installed (pip install duckdb in the bench environment)")
    else:
        duck_first, duck_warm = timed(duck, args.repeat)
        print(
            f"duckdb     {duck_warm:>12.1f} ms (first call {duck_first:.1f} ms)   "
            f"ours / duckdb = {warm / duck_warm:.2f}"
        )
    verdict = [
        ("ingest", rate >= GOAL_RATE),
        ("disk", per_value * 1e8 < GOAL_BYTES),
        ("downsample", warm < GOAL_MS),
    ]
    print("goals: " + ", ".join(f"{name} {'ok' if ok else 'MISSED'}" for name, ok in verdict))


if __name__ == "__main__":
    main()
