"""The Media Browser's speed: 50 runs x 100 steps of 64x64 images in headless Chromium.

A workspace with one Media Browser over ``--runs`` runs that each logged a 64x64 image
(with a segmentation mask and two boxes) at every one of ``--steps`` steps, seeded through
the store, the history store and the run files folder (``tests/viewer/media_seed.py``).
Measured from navigation start until the panel is drawn: its state is ``ready`` and every
image in view is decoded (and its mask painted). Two layouts: the grid (runs across,
steps down, 5,000 cells of which those in view are fetched) and the gallery (one cell per
run at the last step). Target: < 1.5 s. The first load of each is a warm-up (imports, the
OS page cache) and is not counted.

    python bench/media_browser.py [--runs 50] [--steps 100] [--loads 3] [--no-overlays]
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

from tests.viewer.conftest import CHROMIUM, FLAGS, free_port, serve
from tests.viewer.media_seed import KEY, seed_media_runs

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.history import HistoryStore
from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

ENTITY, PROJECT = "bench", "media"

#: true once the panel is ready, every row and cell in view (of the page and of the panel's
#: scroll box) is built and filled, and every image in it decoded with its mask painted;
#: remembers when that first held
DRAWN = """() => {
  const p = Object.values(window.__panelbank?.panels ?? {})[0];
  if (!p || p.state !== 'ready') return false;
  const box = document.querySelector('.mb-scroll').getBoundingClientRect();
  const inView = (el) => { const r = el.getBoundingClientRect();
    return r.bottom > Math.max(0, box.top) && r.top < Math.min(innerHeight, box.bottom)
      && r.right > box.left && r.left < box.right; };
  const waiting = document.querySelectorAll('.mb-unbuilt, .mb-pending');
  if ([...waiting].some(inView)) return false;  // rows not built, cells not filled yet
  const imgs = [...document.querySelectorAll('.mb img')].filter(inView);
  const masks = [...document.querySelectorAll('.mb canvas.mb-mask')].filter(inView);
  if (!imgs.length || !imgs.every(i => i.complete && i.naturalWidth > 0)) return false;
  if (!masks.every(c => c.getAttribute('data-painted') === '1')) return false;
  window.__mediaDrawn ??= { at: performance.now(), images: imgs.length };
  return true;
}"""


def workspace(mode: str, runs: int) -> ws.Workspace:
    browser = (
        wr.MediaBrowser(
            title="grid",
            media_keys=[KEY],
            mode="grid",
            grid_x_axis="run",
            grid_y_axis="step",
            layout=wr.Layout(x=0, y=0, w=24, h=18),
        )
        if mode == "grid"
        else wr.MediaBrowser(
            title="gallery",
            media_keys=[KEY],
            gallery_axis="step",
            num_columns=10,
            layout=wr.Layout(x=0, y=0, w=24, h=18),
        )
    )
    return ws.Workspace(
        name=f"media {mode}",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Media",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panels=[browser],
            )
        ],
        settings=ws.WorkspaceSettings(max_runs=runs),
    )


def measure(browser: Any, url: str, loads: int) -> list[dict[str, Any]]:
    results = []
    for load in range(loads + 1):
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000, polling="raf")
        result = page.evaluate(
            "(() => { const p = Object.values(window.__panelbank.panels)[0];"
            " return {drawn: window.__mediaDrawn.at / 1000, images: window.__mediaDrawn.images,"
            " cells: p.data.cells.length, ready: p.drawnAt / 1000}; })()"
        )
        result["fetched"] = sum("/media/images/" in u and "/mask/" not in u for u in requests)
        result["media_requests"] = sum(u.endswith("/media") for u in requests)
        label = "warm-up" if load == 0 else f"load {load}"
        print(
            f"  {label}: {result['images']} images in view drawn in {result['drawn']:.3f} s "
            f"({result['cells']} cells filled by {result['media_requests']} media requests; "
            f"{result['fetched']} image files fetched, smaller ones came inline)"
        )
        if load:
            results.append(result)
        page.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--no-overlays", action="store_true", help="images without masks/boxes")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp())
    port = free_port()
    settings = load_settings(home=home, port=port, no_auth=True)
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    started = time.perf_counter()
    seed_media_runs(
        *(store, history, settings.home / "files", ENTITY, PROJECT),
        runs=args.runs,
        steps=args.steps,
        overlays=not args.no_overlays,
    )
    for mode in ("grid", "gallery"):
        store.upsert_view(
            entity=ENTITY,
            project=PROJECT,
            name=f"nw-{mode}-v",
            display_name=mode,
            type="project-view",
            spec=json.dumps(workspace(mode, args.runs).to_spec()),
            username=ENTITY,
        )
    print(
        f"seeded {args.runs} runs x {args.steps} steps of 64x64 images in "
        f"{time.perf_counter() - started:.1f} s"
    )
    lines = []
    try:
        with (
            serve(create_app(settings, store=store, history=history), port) as url,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            for mode in ("grid", "gallery"):
                print(f"{mode}:")
                results = measure(browser, f"{url}/{ENTITY}/{PROJECT}?nw={mode}", args.loads)
                drawn = statistics.median(r["drawn"] for r in results)
                lines.append(
                    f"{mode}, {args.runs} runs x {args.steps} steps: median {drawn:.3f} s from "
                    f"navigation to the {results[0]['images']} images in view drawn "
                    f"(target < 1.5 s)"
                )
            browser.close()
    finally:
        history.close()
        store.close()
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
