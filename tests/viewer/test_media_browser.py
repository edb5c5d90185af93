"""The Media Browser in the browser: the demo's predictions (gallery, masks, boxes, the
step slider) and audio (grid), a grid that fetches only what scrolls into view, and the
types drawn as a sandboxed frame or a download link. Screenshots in the artifacts folder."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.commands.demo import DEMO_ENTITY, prepare_demo
from panelbank.demo import DEMO_PROJECT
from panelbank.history import HistoryStore
from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

from .conftest import free_port, serve
from .media_seed import KEY, seed_media_runs, seed_other_media

ENTITY, PROJECT = "alice", "media"
PANELS = "Object.values(window.__panelbank?.panels ?? {})"


@contextlib.contextmanager
def media_server(tmp_path: Path, seed: Any) -> Iterator[str]:
    port = free_port()
    settings = load_settings(home=tmp_path, port=port, no_auth=True)
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    try:
        seed(store, history, settings.home / "files")
        with serve(create_app(settings, store=store, history=history), port) as url:
            yield url
    finally:
        history.close()
        store.close()


@contextlib.contextmanager
def open_page(browser: Any, url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    yield page
    context.close()
    assert not errors, errors


def panel_info(page: Any, title: str) -> dict[str, Any]:
    info = page.evaluate(f"{PANELS}.find(p => p.title === {json.dumps(title)})")
    assert info is not None, title
    return dict(info)


def wait_ready(page: Any, title: str, condition: str = "true") -> dict[str, Any]:
    page.wait_for_function(
        f"() => {{ const p = {PANELS}.find(p => p.title === {json.dumps(title)});"
        f" return p && p.state === 'ready' && ({condition}); }}",
        timeout=20000,
    )
    return panel_info(page, title)


def panel(page: Any, title: str) -> Any:
    title_selector = f"[data-testid=panel-title][title={json.dumps(title)}]"
    return page.locator(f"[data-testid=panel]:has({title_selector})")


def images_loaded(scope: str) -> str:
    """JS: every image in ``scope`` that was started (in view) decoded at 64 px and its
    mask painted; at least one started."""
    return (
        f"() => {{ const root = document.querySelector({json.dumps(scope)});"
        " if (!root) return false;"
        " const imgs = [...root.querySelectorAll('img[src]')];"
        " const masks = imgs.map(i => i.parentElement.querySelector('canvas.mb-mask'))"
        ".filter(c => c);"
        " return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth === 64)"
        " && masks.every(c => c.getAttribute('data-painted') === '1'); }"
    )


def test_demo_predictions_gallery_with_masks_boxes_and_slider(
    browser: Any, tmp_path: Path, artifacts: Path
) -> None:
    def seed(store: Store, history: HistoryStore, files: Path) -> None:
        prepare_demo(store, history, runs=6, files_root=files)

    with (
        media_server(tmp_path, seed) as url,
        open_page(browser, f"{url}/{DEMO_ENTITY}/{DEMO_PROJECT}?nw=demo") as page,
    ):
        title = "Predicted masks and boxes"
        info = wait_ready(page, title)
        data = info["data"]
        assert data["mode"] == "gallery" and data["key"] == "predictions"
        assert data["step"] == data["steps"][-1] == 499 and data["steps"][0] == 0
        shown = [s["runs"][0] for s in info["series"]]
        assert [c["run"] for c in data["cells"]] == shown and len(shown) >= 3
        for cell in data["cells"]:
            (item,) = cell["items"]
            assert (item["type"], item["masks"], item["boxes"]) == ("image", 1, 2)
            assert item["url"].startswith(f"/api/v1/{DEMO_ENTITY}/{DEMO_PROJECT}/runs/")
        card = panel(page, title)
        card.scroll_into_view_if_needed()
        page.wait_for_function(images_loaded(".mb[data-mode=gallery]"), timeout=20000)
        assert card.locator("[data-testid=media-boxes] rect").count() == 2 * len(shown)
        assert card.locator("[data-testid=media-class]").all_inner_texts() == [
            " background",
            " cat",
            " dog",
        ]
        card.screenshot(path=str(artifacts / "media-gallery.png"))

        card.locator("[data-testid=media-slider]").evaluate(
            "s => { s.value = 0; s.dispatchEvent(new Event('change')); }"
        )
        info = wait_ready(page, title, "p.data.step === 0")
        assert {c["step"] for c in info["data"]["cells"]} == {0}
        page.wait_for_function(images_loaded(".mb[data-mode=gallery]"), timeout=20000)
        card.screenshot(path=str(artifacts / "media-gallery-step0.png"))

        card.locator("[data-testid=media-toggle-boxes]").click()
        wait_ready(page, title, "p.data.overlays.boxes === false")
        assert card.locator("[data-testid=media-boxes]").count() == 0

        audio = wait_ready(page, "Audio samples", "p.data.cells.length > 0")
        assert audio["data"]["mode"] == "grid"
        assert audio["data"]["cells"][0]["items"][0]["type"] == "audio"
        audio_card = panel(page, "Audio samples")
        source = audio_card.locator("audio").first.get_attribute("src")
        answer = page.request.get(f"{url}{source}")
        assert answer.headers["content-type"] == "audio/wav"
        audio_card.screenshot(path=str(artifacts / "media-audio-grid.png"))


def grid_workspace() -> ws.Workspace:
    return ws.Workspace(
        name="Media",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Media",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=1, rows=1),
                panels=[
                    wr.MediaBrowser(
                        title="grid",
                        media_keys=[KEY],
                        mode="grid",
                        grid_x_axis="run",
                        grid_y_axis="step",
                    )
                ],
            ),
            ws.Section(
                name="Along runs",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=1, rows=1),
                panels=[
                    wr.MediaBrowser(
                        title="by run", media_keys=[KEY], gallery_axis="run", num_columns=12
                    )
                ],
            ),
            ws.Section(
                name="Other media",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=4, rows=1),
                panels=[
                    wr.MediaBrowser(title=key, media_keys=[key], gallery_axis="step")
                    for key in ("page", "cloud", "molecule", "clip")
                ],
            ),
        ],
        settings=ws.WorkspaceSettings(max_runs=20),
    )


def seed_grid(store: Store, history: HistoryStore, files: Path) -> None:
    seed_media_runs(store, history, files, ENTITY, PROJECT, runs=8, steps=60)
    seed_other_media(store, history, files, ENTITY, PROJECT)
    store.upsert_view(
        entity=ENTITY,
        project=PROJECT,
        name="nw-media-v",
        display_name="Media",
        type="project-view",
        spec=json.dumps(grid_workspace().to_spec()),
        username=ENTITY,
    )


def test_grid_fetches_only_the_cells_in_view(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    with media_server(tmp_path, seed_grid) as url:
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        page = context.new_page()
        page.goto(f"{url}/{ENTITY}/{PROJECT}?nw=media")
        info = wait_ready(page, "grid")
        data = info["data"]
        assert data["axes"] == {"x": "run", "y": "step"}
        assert len(data["runs"]) == 8 and len(data["steps"]) == 60
        # the first page came with the step listing; 6 pages of 10 steps, the last out of view
        assert 5 not in data["pagesFetched"], data["pagesFetched"]
        assert 0 in {c["step"] for c in data["cells"]}
        page.wait_for_function(images_loaded(".mb[data-mode=grid]"), timeout=20000)
        started = page.locator(".mb[data-mode=grid] img[src]").count()
        assert 0 < started < 4 * 8, started  # what is in view, not the 10 steps x 8 runs
        panel(page, "grid").screenshot(path=str(artifacts / "media-grid.png"))
        scroller = page.locator(".mb[data-mode=grid] .mb-scroll")
        scroller.evaluate("s => s.scrollTo(0, s.scrollHeight)")
        info = wait_ready(page, "grid", "p.data.cells.some(c => c.step === 59)")
        assert 5 in info["data"]["pagesFetched"]
        assert len(info["data"]["pagesFetched"]) < 6  # the pages scrolled past stay unasked
        context.close()


@pytest.mark.parametrize(
    ("key", "selector", "check"),
    [
        pytest.param("page", "iframe[data-testid=media-html]", "sandbox", id="html"),
        pytest.param("cloud", "[data-testid=media-download]", "point cloud", id="object3D"),
        pytest.param("molecule", "[data-testid=media-download]", "molecule", id="molecule"),
        pytest.param("clip", "video[data-testid=media-video]", "player", id="video"),
    ],
)
def test_html_in_a_sandbox_and_downloads(
    browser: Any, tmp_path: Path, artifacts: Path, key: str, selector: str, check: str
) -> None:
    with (
        media_server(tmp_path, seed_grid) as url,
        open_page(browser, f"{url}/{ENTITY}/{PROJECT}?nw=media") as page,
    ):
        info = wait_ready(page, key)
        (cell,) = info["data"]["cells"]
        assert cell["run"] == "othermedia"
        element = panel(page, key).locator(selector)
        if check == "sandbox":
            assert element.get_attribute("sandbox") == "allow-scripts"
            frame = element.element_handle().content_frame()
            frame.wait_for_selector("h3")
            assert frame.inner_text("h3") == "Hello from a run"
        elif check == "player":
            assert element.get_attribute("controls") is not None
            source = element.get_attribute("src")
            answer = page.request.get(f"{url}{source}", headers={"Range": "bytes=0-3"})
            assert (answer.status, answer.headers["content-type"]) == (206, "video/mp4")
        else:
            assert check in element.inner_text()
            assert element.get_attribute("download")
        panel(page, key).screenshot(path=str(artifacts / f"media-{key}.png"))


def test_gallery_along_runs_shows_one_run_at_every_step(
    browser: Any, tmp_path: Path, artifacts: Path
) -> None:
    with (
        media_server(tmp_path, seed_grid) as url,
        open_page(browser, f"{url}/{ENTITY}/{PROJECT}?nw=media") as page,
    ):
        info = wait_ready(page, "by run")
        data = info["data"]
        assert (data["axis"], data["step"]) == ("run", None)
        first = data["run"]
        assert [c["step"] for c in data["cells"]] == list(range(60))
        assert {c["run"] for c in data["cells"]} == {first}
        card = panel(page, "by run")
        card.scroll_into_view_if_needed()
        card.screenshot(path=str(artifacts / "media-by-run.png"))
        card.locator("[data-testid=media-slider]").evaluate(
            "s => { s.value = 1; s.dispatchEvent(new Event('change')); }"
        )
        info = wait_ready(page, "by run", f"p.data.run !== {json.dumps(first)}")
        assert {c["run"] for c in info["data"]["cells"]} == {info["data"]["run"]}
        assert card.locator("[data-testid=media-step]").inner_text() == info["series"][1]["label"]
