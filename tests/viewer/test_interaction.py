"""Interaction with the workspace page: a panel full screen, and the live update when runs
log new rows keeping what the user did (a drag-zoom, opened and closed sections)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import Server
from .seed import rows
from .test_viewer import PANELS, open_workspace, wait_drawn

LOSS = "[data-section=Training] [data-panel-type='Run History Line Plot']"


def box(locator: Any) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None
    return dict(found)


def test_full_screen_lays_the_chart_out_again_with_more_points(
    page: Any, server: Server, artifacts: Path
) -> None:
    open_workspace(page, server)
    card = page.locator(LOSS).first
    pid = card.get_attribute("data-panel-id")
    before = page.evaluate(f"{PANELS}[{pid!r}]")
    small = box(card)
    canvas_small = box(card.locator("canvas"))
    neighbour = page.locator(LOSS).nth(1)
    neighbour_box = box(neighbour)
    assert before["request"]["points"] < 600 and len(before["data"][0]) <= 600

    card.locator("[data-testid=panel-fullscreen]").click()
    assert card.get_attribute("data-fullscreen") == "true"
    # the data is fetched again for the wider chart: 600 steps fit in it, all of them
    page.wait_for_function(f"() => {PANELS}[{pid!r}].request.points > 1000", timeout=10000)
    page.wait_for_function(f"() => {PANELS}[{pid!r}].data[0].length === 600")
    page.screenshot(path=str(artifacts / "fullscreen.png"))
    big = box(card)
    assert big["width"] > 1400 and big["height"] > 900  # the 1500 x 1000 viewport less 24px
    canvas_big = box(card.locator("canvas"))
    assert canvas_big["width"] > canvas_small["width"] * 2.5
    assert canvas_big["height"] > canvas_small["height"] * 2.5
    info = page.evaluate(f"{PANELS}[{pid!r}]")
    assert [s["runs"] for s in info["series"]] == [s["runs"] for s in before["series"]]
    # the panel's grid cell is held: the panels around it do not move
    assert box(neighbour) == neighbour_box
    assert page.locator(".panel-spacer").count() == 1

    page.keyboard.press("Escape")
    assert card.get_attribute("data-fullscreen") == "false"
    page.wait_for_function(
        f"() => {PANELS}[{pid!r}].request.points === {before['request']['points']}",
        timeout=10000,
    )
    assert box(card) == small
    assert abs(box(card.locator("canvas"))["width"] - canvas_small["width"]) < 2
    assert page.locator(".panel-spacer").count() == 0


def test_full_screen_close_button_and_other_panel_types(page: Any, server: Server) -> None:
    open_workspace(page, server)
    card = page.locator("[data-panel-type='Bar Chart']")
    small = box(card.locator("canvas"))
    card.locator("[data-testid=panel-fullscreen]").click()
    page.wait_for_function(
        "() => document.querySelector(\"[data-panel-type='Bar Chart'] canvas\")"
        f".getBoundingClientRect().width > {small['width'] * 2}"
    )
    button = card.locator("[data-testid=panel-fullscreen]")
    assert button.inner_text() == "\u2715" and "Exit" in str(button.get_attribute("title"))
    button.click()
    assert card.get_attribute("data-fullscreen") == "false"
    page.wait_for_function(
        "() => Math.abs(document.querySelector(\"[data-panel-type='Bar Chart'] canvas\")"
        f".getBoundingClientRect().width - {small['width']}) < 2"
    )


def draws(page: Any) -> dict[str, tuple[str, int]]:
    return {
        pid: (p["title"] or p["type"], p["draws"])
        for pid, p in page.evaluate(f"Object.entries({PANELS})")
    }


def redrawn(before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]) -> list[str]:
    return sorted(title for pid, (title, n) in after.items() if n != before[pid][1])


def log_rows(server: Server, run: str, start: int, stop: int) -> None:
    found = server.store.get_run("alice", "vision", run)
    assert found is not None
    lines = server.history.append(found.history_key, rows(int(run[3:]), start, stop), offset=start)
    server.store.update_run("alice", "vision", run, history_line_count=lines)


def wait_runs_update(page: Any, count: int) -> None:
    page.wait_for_function(f"() => (window.__panelbank.runsUpdates ?? 0) >= {count}")
    wait_drawn(page)


def test_new_rows_redraw_only_the_panels_they_change_keeping_zoom_and_sections(
    page: Any, server: Server
) -> None:
    open_workspace(page, server)
    # the user closes one section, opens another and zooms into a chart
    page.click("[data-section=Custom] [data-testid=section-toggle]")
    page.click("[data-section=Closed] [data-testid=section-toggle]")
    wait_drawn(page)
    card = page.locator(LOSS).first
    pid = card.get_attribute("data-panel-id")
    over = box(card.locator(".u-over"))
    y = over["y"] + over["height"] / 2
    page.mouse.move(over["x"] + over["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(over["x"] + over["width"] * 0.6, y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"() => {PANELS}[{pid!r}].request.xMin !== null")
    wait_drawn(page)
    zoom = page.evaluate(f"{PANELS}[{pid!r}].request")
    renders = page.evaluate("window.__panelbank.renders")
    before = draws(page)
    shown = {s["runs"][0] for s in page.evaluate(f"{PANELS}[{pid!r}].series")}
    assert "run000" not in shown and "run003" in shown  # 10 of the 11 enabled runs

    # rows for a run no chart shows: nothing is drawn again
    log_rows(server, "run000", 600, 700)
    wait_runs_update(page, 1)
    assert page.evaluate("window.__panelbank.panelUpdates") == 0
    assert draws(page) == before

    # rows for a run the line plots show: those are drawn again, the others are not
    log_rows(server, "run003", 600, 750)
    wait_runs_update(page, 2)
    after = draws(page)
    assert redrawn(before, after) == [
        "accuracy (log y)",
        "loss",
        "loss",  # the untitled one in the section the user opened
        "never logged",
        "smoothed",
    ]
    info = page.evaluate(f"{PANELS}[{pid!r}]")
    assert (info["request"]["xMin"], info["request"]["xMax"]) == (zoom["xMin"], zoom["xMax"])
    assert max(x for x in info["data"][0] if x is not None) <= zoom["xMax"] + 1
    smoothed = next(
        p for p in page.evaluate(f"Object.values({PANELS})") if p["title"] == "smoothed"
    )
    assert max(smoothed["data"][0]) > 740  # run003 now logged to step 749 (downsampled)
    # the sections are as the user left them, and the page was not rendered again
    assert page.locator("[data-section=Custom]").get_attribute("data-open") == "false"
    assert page.locator("[data-section=Closed]").get_attribute("data-open") == "true"
    assert page.evaluate("window.__panelbank.renders") == renders

    # a new summary: the panels of run values are drawn again, the line plots are not
    server.store.update_run("alice", "vision", "run003", summary={"acc": 0.99, "loss": 0.01})
    wait_runs_update(page, 3)
    assert redrawn(after, draws(page)) == ["acc per run", "acc vs lr", "mean acc"]

    # the eye toggle draws again the charts that show the run, still zoomed
    page.click("[data-run=run003] [data-testid=run-eye]")
    wait_drawn(page)
    info = page.evaluate(f"{PANELS}[{pid!r}]")
    assert "run003" not in {s["runs"][0] for s in info["series"]}
    assert "run000" in {s["runs"][0] for s in info["series"]}
    assert (info["request"]["xMin"], info["request"]["xMax"]) == (zoom["xMin"], zoom["xMax"])
    assert page.evaluate("window.__panelbank.renders") == renders
