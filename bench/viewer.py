"""The viewer's speed: 20 line plots x 50 runs x 10,000 steps in headless Chromium.

Measures navigation start to the last panel drawn (``window.__panelbank.allDrawnAt``)
and the JS heap (CDP ``Performance.getMetrics``). Targets: < 1.5 s, < 100 MB. The server
is the real one (``create_app``) over runs written with ``Store.upsert_run`` and
``HistoryStore.append`` (``tests/web/seed.py``), so the time covers the whole path: the
runs API, the history store's downsampling, JSON, and the browser (parse, uPlot). The
first load is a warm-up (Python imports, the OS page cache) and is not counted.

    python bench/viewer.py [--runs 50] [--steps 10000] [--panels 20] [--loads 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.conftest import CHROMIUM, FLAGS, start_server
from tests.web.workspace import ENTITY, PROJECT

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws


def workspace(panels: int, runs: int) -> ws.Workspace:
    metrics = ["loss", "val_loss", "acc"]
    return ws.Workspace(
        name="bench",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Bench",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=4, rows=5),
                panels=[wr.LinePlot(title=f"plot {i}", y=[metrics[i % 3]]) for i in range(panels)],
            )
        ],
        settings=ws.WorkspaceSettings(max_runs=runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--panels", type=int, default=20)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    servers = start_server(
        Path(tempfile.mkdtemp()),
        runs=args.runs,
        steps=args.steps,
        workspace=workspace(args.panels, args.runs),
        no_auth=True,
    )
    server = next(servers)
    print(
        f"seeded {args.runs} runs x {args.steps} steps through the store and history APIs "
        f"in {time.perf_counter() - started:.1f} s"
    )
    url = f"{server.url}/{ENTITY}/{PROJECT}?nw=testview"
    times, heaps = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for load in range(args.loads + 1):  # the first load warms imports and the page cache
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(url)
            page.wait_for_function(
                "() => window.__panelbank && window.__panelbank.allDrawnAt !== null",
                timeout=120_000,
            )
            drawn = page.evaluate("window.__panelbank.allDrawnAt")  # ms since navigation start
            ready, lines, points = page.evaluate(
                "(() => { const ps = Object.values(window.__panelbank.panels)"
                ".filter(p => p.state === 'ready');"
                " return [ps.length, ps.reduce((a, p) => a + p.series.length, 0),"
                " ps.reduce((a, p) => a + p.data.slice(1)"
                ".reduce((b, c) => b + c.length, 0), 0)]; })()"
            )
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            heap = metrics["JSHeapUsedSize"] / 1e6
            label = "warm-up" if load == 0 else f"load {load}"
            print(
                f"{label}: {ready} panels ({lines} lines, {points:,} points) drawn in "
                f"{drawn / 1000:.3f} s, JS heap {heap:.1f} MB"
            )
            if load:
                times.append(drawn / 1000)
                heaps.append(heap)
            page.close()
        browser.close()
    servers.close()
    print(
        f"\n{args.panels} line plots x {args.runs} runs x {args.steps} steps: "
        f"median {statistics.median(times):.3f} s to the last panel drawn (target < 1.5 s), "
        f"JS heap {max(heaps):.1f} MB at most (target < 100 MB)"
    )


if __name__ == "__main__":
    main()
