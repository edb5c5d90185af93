"""Interaction with the workspace page: a panel full screen, and the live update when runs
log new rows keeping what the user did (a drag-zoom, opened and closed sections)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import Server
from .test_viewer import PANELS, open_workspace

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
