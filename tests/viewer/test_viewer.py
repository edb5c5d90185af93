"""The viewer in Chromium against the real server: what is drawn follows the spec."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import httpx

from .conftest import Server

PANELS = "window.__panelbank.panels"


def open_workspace(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/alice/vision?nw=testview&poll=300")
    wait_drawn(page)


def wait_drawn(page: Any) -> None:
    page.wait_for_function(
        "() => { const d = window.__panelbank; return d && d.expected > 0 &&"
        " Object.values(d.panels).every(p => p.state !== 'loading'); }",
        timeout=15000,
    )


def panel(page: Any, title: str) -> dict[str, Any]:
    found = [p for p in page.evaluate(f"Object.values({PANELS})") if p["title"] == title]
    assert len(found) == 1, [p["title"] for p in page.evaluate(f"Object.values({PANELS})")]
    return dict(found[0])


def lines(info: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in info["series"] if s["kind"] == "line"]


def test_login_is_required_and_the_key_logs_in(browser: Any, server: Server) -> None:
    assert httpx.get(f"{server.url}/api/v1/entities").status_code == 401
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{server.url}/alice/vision?nw=testview")
    assert "/login" in tab.url
    tab.fill("[data-testid=login-key]", "not-a-key")
    tab.click("[data-testid=login-submit]")
    assert tab.locator("[data-testid=login-error]").is_visible()
    tab.fill("[data-testid=login-key]", server.api_key)
    tab.click("[data-testid=login-submit]")
    tab.wait_for_selector("[data-testid=section]")
    assert tab.url.endswith("/alice/vision?nw=testview")
    cookie = next(c for c in context.cookies() if c["name"] == "panelbank_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    context.close()


def test_home_and_project_pages(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    page.click("[data-testid=project-link]")
    page.wait_for_selector("[data-testid=view-link]")
    assert page.locator("[data-testid=project-runs] tr").count() == 12
    page.click("[data-testid=view-link]")
    wait_drawn(page)


def test_every_section_and_panel_renders(page: Any, server: Server, artifacts: Path) -> None:
    open_workspace(page, server)
    page.screenshot(path=str(artifacts / "workspace.png"), full_page=True)
    sections = page.locator("[data-testid=section]")
    names = [sections.nth(i).get_attribute("data-section") for i in range(sections.count())]
    assert names == ["Summary", "Training", "Closed", "Custom"]  # pinned first
    closed = page.locator("[data-section=Closed]")
    assert closed.get_attribute("data-open") == "false"
    assert closed.locator("[data-testid=panel]").count() == 0
    states = sorted(
        (p["type"], p["title"], p["state"]) for p in page.evaluate(f"Object.values({PANELS})")
    )
    assert states == sorted(
        [
            ("Run History Line Plot", "loss", "ready"),
            ("Run History Line Plot", "smoothed", "ready"),
            ("Run History Line Plot", "accuracy (log y)", "ready"),
            ("Run History Line Plot", "never logged", "empty"),
            ("Scalar Chart", "mean acc", "ready"),
            ("Bar Chart", "acc per run", "ready"),
            ("Scatter Plot", "acc vs lr", "ready"),
            ("Markdown Panel", "", "ready"),
            ("Code Comparer", "", "empty"),  # the seeded runs saved no code
            ("Run History Line Plot", "wide", "ready"),
            ("Markdown Panel", "", "ready"),
        ]
    )
    comparer = page.locator("[data-panel-type='Code Comparer'] [data-testid=panel-empty]")
    assert comparer.inner_text().startswith("Neither run saved its code")
    never = page.locator("[data-state=empty]", has_text="never logged")
    assert "No run logged `does_not_exist`" in never.inner_text()
    # opening the closed section draws its panel
    closed.locator("[data-testid=section-toggle]").click()
    wait_drawn(page)
    assert page.locator("[data-section=Closed] [data-state=ready]").count() == 1
    # custom layout: the wide panel spans 16 of 24 columns
    wide = page.locator("[data-section=Custom] [data-testid=panel]").first
    assert wide.evaluate("e => e.style.gridColumn") == "1 / span 16"


def test_lines_follow_colours_disabled_runs_and_max_runs(page: Any, server: Server) -> None:
    open_workspace(page, server)
    info = panel(page, "loss")
    drawn = lines(info)
    assert len(drawn) == 10  # maxRuns
    runs = [s["runs"][0] for s in drawn]
    assert "run002" not in runs  # disabled in the spec
    assert drawn[runs.index("run001")]["color"] == "#ff0000"
    assert len(info["data"]) == 1 + len(info["series"])  # columns: x, then one per series
    assert info["request"]["x"] == "_step"
    # the eye toggle: switch run002 on and run000 off
    page.click("[data-run=run002] [data-testid=run-eye]")
    page.click("[data-run=run000] [data-testid=run-eye]")
    wait_drawn(page)
    runs = [s["runs"][0] for s in lines(panel(page, "loss"))]
    assert "run002" in runs and "run000" not in runs


def test_smoothing_and_the_faint_original(page: Any, server: Server) -> None:
    open_workspace(page, server)
    info = panel(page, "smoothed")
    kinds = [s["kind"] for s in info["series"]]
    assert kinds.count("original") == kinds.count("line") == 20  # 2 metrics x 10 runs
    original = info["series"].index(next(s for s in info["series"] if s["kind"] == "original"))
    smoothed = original + 1
    raw, smooth = info["data"][original + 1], info["data"][smoothed + 1]
    assert raw != smooth

    # exponential smoothing lowers the variance step to step
    def wiggle(col: list[float]) -> float:
        vals = [v for v in col if v is not None]
        return sum(abs(a - b) for a, b in itertools.pairwise(vals))

    assert wiggle(smooth) < wiggle(raw) * 0.8
    assert panel(page, "loss")["settings"]["smoothingType"] == "none"


def test_live_update_filters_grouping_and_x_axis(
    page: Any, server: Server, artifacts: Path
) -> None:
    open_workspace(page, server)
    assert page.locator("[data-testid=run-count]").inner_text() == "12 of 12"
    spec = server.view_spec()
    section = spec["section"]
    section["settings"]["xAxis"] = "epoch"
    section["settings"]["smoothingType"] = "gaussian"
    section["settings"]["smoothingWeight"] = 5
    run_set = section["runSets"][0]
    run_set["filters"] = {
        "filterFormat": "filterV2",
        "filters": [{"key": {"section": "config", "name": "lr.value"}, "op": "!=", "value": 0.1}],
    }
    run_set["grouping"] = [{"section": "config", "name": "lr.value"}]
    version = server.save_spec(spec)
    page.wait_for_function(f"() => window.__panelbank.view.version === {version}", timeout=10000)
    wait_drawn(page)
    page.screenshot(path=str(artifacts / "workspace-grouped.png"), full_page=True)
    assert page.locator("[data-testid=run-count]").inner_text() == "8 of 12"
    assert page.locator("[data-testid=group-row]").count() == 2
    info = panel(page, "loss")
    assert info["request"]["x"] == "epoch"
    assert info["settings"]["smoothingType"] == "gaussian"
    drawn = lines(info)
    assert len(drawn) == 2  # one line per group, with its band
    assert sorted(len(s["runs"]) for s in drawn) == [4, 4]  # lr 0.001 and 0.01
    assert [s["kind"] for s in info["series"]].count("high") == 2
    # every run filtered out: the panels say so
    run_set["filters"]["filters"][0] = {
        "key": {"section": "config", "name": "lr.value"},
        "op": ">",
        "value": 5,
    }
    version = server.save_spec(spec)
    page.wait_for_function(f"() => window.__panelbank.view.version === {version}", timeout=10000)
    wait_drawn(page)
    assert "filtered out" in page.locator("[data-testid=runs-empty]").inner_text()
    assert panel(page, "loss")["message"] == "All runs filtered out by the run set's filters."


def test_drag_zoom_fetches_finer_data_and_double_click_resets(page: Any, server: Server) -> None:
    open_workspace(page, server)
    plot = page.locator("[data-section=Training] [data-panel-type='Run History Line Plot']").first
    box = plot.locator(".u-over").bounding_box()
    first_id = plot.get_attribute("data-panel-id")
    before = len(server.history_requests)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=5)
    page.mouse.up()
    page.wait_for_function(
        f"() => {{ const p = {PANELS}[{first_id!r}];"
        " return p && p.request && p.request.xMin !== null; }"
    )
    assert len(server.history_requests) > before
    zoomed = page.evaluate(f"{PANELS}[{first_id!r}].request")
    assert zoomed["xMin"] < zoomed["xMax"]
    page.mouse.dblclick(box["x"] + box["width"] * 0.5, y)
    page.wait_for_function(f"() => {PANELS}[{first_id!r}].request.xMin === null")
