"""LinePlot ``legendPosition`` (north, south, east, west) and ``fontSize`` (small, medium,
large, auto): where the legend is drawn against the canvas, and at what size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

from .conftest import Server, start_server
from .test_viewer import PANELS, wait_drawn
from .workspace import ENTITY, PROJECT


def legend_workspace() -> ws.Workspace:
    plots: list[wr.Panel] = [
        wr.LinePlot(title="north small", y=["loss"], legend_position="north", font_size="small"),
        wr.LinePlot(title="east large", y=["loss"], legend_position="east", font_size="large"),
        wr.LinePlot(title="west auto", y=["loss"], legend_position="west", font_size="auto"),
        wr.LinePlot(title="default", y=["loss"]),
        wr.LinePlot(title="south medium", y=["loss"], legend_position="south", font_size="medium"),
    ]
    return ws.Workspace(
        name="Legends",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Legends",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=3, rows=2),
                panels=plots,
            )
        ],
        settings=ws.WorkspaceSettings(max_runs=6),
    )


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path, runs=6, steps=200, workspace=legend_workspace())


def geometry(page: Any, title: str) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """title => {
                const card = [...document.querySelectorAll('[data-testid=panel]')]
                    .find(c => c.querySelector('.panel-title').textContent === title);
                const rect = e => { const r = e.getBoundingClientRect();
                    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                            width: r.width, height: r.height}; };
                const legend = card.querySelector('.u-legend');
                return {body: rect(card.querySelector('.panel-body')),
                        canvas: rect(card.querySelector('canvas')),
                        legend: rect(legend),
                        entries: [...legend.querySelectorAll('.u-series')]
                            .filter(e => e.style.display !== 'none').map(rect),
                        font: getComputedStyle(legend).fontSize,
                        info: Object.values(window.__panelbank.panels)
                            .find(p => p.title === title)};
            }""",
            title,
        )
    )


def test_legend_positions_and_font_sizes(page: Any, server: Server, artifacts: Path) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    wait_drawn(page)
    page.screenshot(path=str(artifacts / "legends.png"), full_page=True)
    eps = 1.5

    def inside(g: dict[str, Any]) -> None:
        for part in ("canvas", "legend"):
            assert g[part]["left"] >= g["body"]["left"] - eps, part
            assert g[part]["right"] <= g["body"]["right"] + eps, part
            assert g[part]["top"] >= g["body"]["top"] - eps, part
            assert g[part]["bottom"] <= g["body"]["bottom"] + eps, part

    north = geometry(page, "north small")
    assert north["legend"]["bottom"] <= north["canvas"]["top"] + eps
    assert north["info"]["settings"]["legendPosition"] == "north"
    assert north["info"]["settings"]["fontPx"] == {"tick": 10, "legend": 10}
    assert north["font"] == "10px"
    inside(north)

    east = geometry(page, "east large")
    assert east["legend"]["left"] >= east["canvas"]["right"] - eps
    assert east["font"] == "14px" and east["info"]["settings"]["fontSize"] == "large"
    # one entry per line, stacked: each below the one before
    tops = [e["top"] for e in east["entries"]]
    assert len(tops) == 6 and tops == sorted(tops) and len(set(tops)) == 6
    assert east["canvas"]["height"] > north["canvas"]["height"]  # no room taken below
    inside(east)

    west = geometry(page, "west auto")
    assert west["legend"]["right"] <= west["canvas"]["left"] + eps
    # auto: a panel a third of the page wide reads medium
    assert west["info"]["settings"]["fontSize"] == "medium" and west["font"] == "12px"
    inside(west)

    for title in ("default", "south medium"):
        south = geometry(page, title)
        assert south["legend"]["top"] >= south["canvas"]["bottom"] - eps
        inside(south)
    default = geometry(page, "default")
    assert default["info"]["settings"]["fontPx"] is None and default["font"] == "11px"
    assert geometry(page, "south medium")["font"] == "12px"

    # full screen: auto reads large; the legend stays to the west
    card = page.locator("[data-testid=panel]", has_text="west auto")
    pid = card.get_attribute("data-panel-id")
    card.locator("[data-testid=panel-fullscreen]").click()
    page.wait_for_function(f"() => {PANELS}[{pid!r}].settings.fontSize === 'large'")
    page.screenshot(path=str(artifacts / "legend-west-fullscreen.png"))
    big = geometry(page, "west auto")
    assert big["legend"]["right"] <= big["canvas"]["left"] + eps and big["font"] == "14px"
    inside(big)
