"""The viewer's speed: 20 line plots x 50 runs x 10,000 steps in headless Chromium.

Measures navigation start to the last panel drawn (``window.__panelbank.allDrawnAt``)
and the JS heap (CDP ``Performance.getMetrics``). Targets: < 1.5 s, < 100 MB. The server
is the real one (``create_app``) over runs written with ``Store.upsert_run`` and
``HistoryStore.append`` (``tests/viewer/seed.py``), so the time covers the whole path: the
runs API, the history store's downsampling, JSON, and the browser (parse, uPlot). The
first load is a warm-up (Python imports, the OS page cache) and is not counted.

A big project: ``--project-runs 1000 --config-keys 60`` seeds 1,000 runs with 60 config
keys each, of which the workspace's run set selects ``--runs`` (a filter on the config
key ``cohort``); the other runs log ``--other-steps`` steps. A second workspace over every
run of the project then measures the runs table: navigation start to the table drawn
(``window.__panelbank.runsTable``) and how many run rows it put in the page.

    python bench/viewer.py [--runs 50] [--steps 10000] [--panels 20] [--loads 3]
    python bench/viewer.py --project-runs 1000 --config-keys 60
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.viewer.conftest import CHROMIUM, FLAGS, Server, start_server
from tests.viewer.workspace import ENTITY, PROJECT

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

ALL_RUNS_VIEW = "allruns"


def workspace(panels: int, runs: int, *, selected: bool) -> ws.Workspace:
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
        runset_settings=ws.RunsetSettings(
            filters=[ws.Config("cohort") == "selected"] if selected else []
        ),
    )


def save_all_runs_view(server: Server, panels: int, runs: int) -> None:
    """A second workspace whose run set is every run of the project."""
    server.store.upsert_view(
        entity=ENTITY,
        project=PROJECT,
        name=f"nw-{ALL_RUNS_VIEW}-v",
        display_name="every run",
        type="project-view",
        spec=json.dumps(workspace(panels, runs, selected=False).to_spec()),
        username=ENTITY,
    )


def measure(browser: Any, url: str, loads: int) -> list[dict[str, Any]]:
    """One result per load after the warm-up: when the panels and the runs table were drawn."""
    results = []
    for load in range(loads + 1):  # the first load warms imports and the page cache
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(url)
        page.wait_for_function(
            "() => window.__panelbank && window.__panelbank.allDrawnAt !== null"
            " && window.__panelbank.runsTable",
            timeout=120_000,
        )
        result = page.evaluate(
            "(() => { const d = window.__panelbank;"
            " const ps = Object.values(d.panels).filter(p => p.state === 'ready');"
            " return {drawn: d.allDrawnAt / 1000, ready: ps.length,"
            " lines: ps.reduce((a, p) => a + p.series.length, 0),"
            " points: ps.reduce((a, p) => a + p.data.slice(1)"
            ".reduce((b, c) => b + c.length, 0), 0),"
            " table: d.runsTable.drawnAt / 1000, rows: d.runsTable.rows,"
            " runs: d.runsTable.runs}; })()"
        )
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        result["heap"] = metrics["JSHeapUsedSize"] / 1e6
        label = "warm-up" if load == 0 else f"load {load}"
        print(
            f"  {label}: {result['ready']} panels ({result['lines']} lines, "
            f"{result['points']:,} points) drawn in {result['drawn']:.3f} s; runs table "
            f"({result['rows']} rows of {result['runs']} runs) in {result['table']:.3f} s; "
            f"JS heap {result['heap']:.1f} MB"
        )
        if load:
            results.append(result)
        page.close()
    return results


def summary(results: list[dict[str, Any]]) -> str:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    return (
        f"median {median('drawn'):.3f} s to the last panel drawn (target < 1.5 s), "
        f"runs table ({results[0]['rows']} rows of {results[0]['runs']} runs) "
        f"in {median('table'):.3f} s, JS heap {max(r['heap'] for r in results):.1f} MB "
        "at most (target < 100 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="runs the run set selects")
    parser.add_argument("--project-runs", type=int, default=None, help="runs in the project")
    parser.add_argument("--config-keys", type=int, default=2, help="config keys per run")
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--other-steps", type=int, default=100, help="steps of unselected runs")
    parser.add_argument("--panels", type=int, default=20)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    project_runs = max(args.project_runs or args.runs, args.runs)
    big = project_runs > args.runs

    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    servers = start_server(
        Path(tempfile.mkdtemp()),
        runs=project_runs,
        steps=args.steps,
        workspace=workspace(args.panels, args.runs, selected=big),
        no_auth=True,
        config_keys=max(args.config_keys, 2),
        selected=args.runs if big else None,
        other_steps=args.other_steps,
    )
    server = next(servers)
    if big:
        save_all_runs_view(server, args.panels, args.runs)
    print(
        f"seeded {project_runs} runs ({max(args.config_keys, 2)} config keys) through the "
        f"store and history APIs in {time.perf_counter() - started:.1f} s"
    )
    shape = f"{args.panels} line plots x {args.runs} runs x {args.steps} steps"
    lines = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        selection = f" selected of {project_runs}" if big else ""
        print(f"the workspace ({args.runs} runs{selection}):")
        results = measure(browser, f"{server.url}/{ENTITY}/{PROJECT}?nw=testview", args.loads)
        lines.append(f"{shape}{selection}: {summary(results)}")
        if big:
            print(f"a workspace over all {project_runs} runs:")
            url = f"{server.url}/{ENTITY}/{PROJECT}?nw={ALL_RUNS_VIEW}"
            results = measure(browser, url, args.loads)
            lines.append(f"the same over all {project_runs} runs: {summary(results)}")
        browser.close()
    servers.close()
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
