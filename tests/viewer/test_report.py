"""The report page: every block type of the shared report vectors and of a rich report of
our own, panel grids drawn by the workspace's panel components over each grid's run sets,
collapsed headings, the table of contents, run-set tabs, live updates, the project page's
list of reports, share-link tokens and the report page's Content-Security-Policy.

Screenshots go to /tmp/i13-viewer/ (and ``$PANELBANK_ARTIFACTS``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from panelbank.pages import EMBED_HOSTS, REPORT_CSP

from .conftest import Server, start_server
from .report import in_project, rich_report, store_report, vectors
from .seed import rows
from .test_security import console_watch
from .workspace import ENTITY, PROJECT

SHOTS = Path("/tmp/i13-viewer")
PANELS = "window.__panelbank.panels"
# the block kinds the page draws for each block type of a spec
KINDS = {
    "paragraph": "paragraph",
    "heading": "heading",
    "list": "list",
    "block-quote": "quote",
    "code-block": "code",
    "markdown-block": "markdown",
    "latex": "latex",
    "image": "image",
    "video": "video",
    "spotify": "spotify",
    "soundcloud": "soundcloud",
    "twitter": "twitter",
    "callout-block": "callout",
    "horizontal-rule": "rule",
    "table-of-contents": "toc",
    "gallery": "gallery",
    "panel-grid": "grid",
    "weave-panel": "weave",
}


class Reports:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.ids: dict[str, str] = {}

    def add(self, name: str, spec: dict[str, Any], title: str, description: str = "") -> str:
        view = store_report(self.server.store, spec, title, f"report-{name}", description)
        self.ids[name] = view.id
        return str(view.id)

    def url(self, name: str, title: str = "A report", query: str = "") -> str:
        slug = quote(title.replace(" ", "-"), safe="-")
        return f"{self.server.url}/{ENTITY}/{PROJECT}/reports/{slug}--{self.ids[name]}{query}"

    def save(self, name: str, spec: dict[str, Any]) -> int:
        view = self.server.store.get_view(self.ids[name])
        if view is None:
            raise LookupError(name)
        saved, _ = self.server.store.upsert_view(
            entity=ENTITY,
            project=PROJECT,
            name=view.name,
            display_name=view.display_name,
            type=view.type,
            spec=json.dumps(spec),
            id=view.id,
            username=ENTITY,
        )
        return int(saved.version)


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path, runs=9, steps=300)


@pytest.fixture
def reports(server: Server) -> Reports:
    out = Reports(server)
    out.add("rich", rich_report(), "Rich report", "Every block type")
    return out


def shot(page: Any, name: str, artifacts: Path, *, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)
    page.screenshot(path=str(artifacts / f"report-{name}.png"), full_page=full)


def wait_report(page: Any) -> None:
    page.wait_for_selector("[data-testid=report]")
    page.wait_for_function(
        "() => { const d = window.__panelbank; return d && d.report &&"
        " Object.values(d.panels).every(p => p.state !== 'loading'); }",
        timeout=15000,
    )


def wait_grids(page: Any, count: int) -> None:
    page.wait_for_function(
        f"() => {{ const d = window.__panelbank; return d && d.grids &&"
        f" Object.keys(d.grids).length >= {count} && Object.keys(d.panels).length > 0 &&"
        " Object.values(d.panels).every(p => p.state !== 'loading'); }",
        timeout=15000,
    )


def kinds(
    page: Any, within: str = "[data-testid=report] > [data-testid=report-block]"
) -> list[str]:
    return list(page.eval_on_selector_all(within, "els => els.map(e => e.dataset.kind)"))


def expected_kinds(spec: dict[str, Any]) -> list[str]:
    blocks = list(spec["blocks"])
    empty = [{"type": "paragraph", "children": [{"text": ""}]}]
    if blocks[:1] == empty:
        blocks = blocks[1:]
    if blocks[-1:] == empty:
        blocks = blocks[:-1]
    return [KINDS.get(b["type"], "unknown") for b in blocks]


def panel_info(page: Any, title: str) -> dict[str, Any]:
    found = [p for p in page.evaluate(f"Object.values({PANELS})") if p["title"] == title]
    assert len(found) == 1, [p["title"] for p in page.evaluate(f"Object.values({PANELS})")]
    return dict(found[0])


def test_every_report_vector_draws_its_blocks(page: Any, server: Server, artifacts: Path) -> None:
    found = vectors()
    if not found:
        pytest.skip("the shared report vectors are not there (../shared/vectors/reports)")
    out = Reports(server)
    messages = console_watch(page)
    for name, record in found.items():
        out.add(name, in_project(record["spec"]), record["displayName"], record["description"])
    for name, record in found.items():
        page.goto(out.url(name, record["displayName"]))
        wait_report(page)
        assert page.text_content("[data-testid=report-title]") == record["displayName"]
        assert kinds(page) == expected_kinds(record["spec"]), name
        assert page.get_attribute("[data-testid=report]", "data-width") == record["spec"]["width"]
        shot(page, f"vector-{name}", artifacts)
    assert not [m for m in messages if "Content Security Policy" in m], messages


def test_vector_blocks_are_given_what_the_spec_says(page: Any, server: Server) -> None:
    found = vectors()
    if not found:
        pytest.skip("the shared report vectors are not there (../shared/vectors/reports)")
    out = Reports(server)
    for name in ("report_headings_text", "report_lists", "report_code_markdown_latex"):
        out.add(name, found[name]["spec"], found[name]["displayName"])
    page.goto(out.url("report_headings_text"))
    wait_report(page)
    assert page.eval_on_selector_all(
        "[data-testid=report-heading]", "els => els.map(e => e.tagName)"
    ) == ["H1", "H2", "H3"]
    assert page.text_content("[data-testid=inline-code]") == "code"
    assert page.get_attribute("[data-testid=report-link]", "href") == "https://example.com/"
    assert page.get_attribute(".latex-inline", "data-tex") == "e^{i\\pi}+1=0"
    assert page.locator(".latex-inline .katex").count() == 1
    page.goto(out.url("report_lists"))
    wait_report(page)
    assert page.eval_on_selector_all(
        "[data-testid=report-list]", "els => els.map(e => e.tagName)"
    ) == ["UL", "OL", "UL"]
    assert page.eval_on_selector_all(
        "li[data-checked]",
        "els => els.map(e => [e.dataset.checked, e.querySelector('input').checked])",
    ) == [["true", True], ["false", False]]
    page.goto(out.url("report_code_markdown_latex"))
    wait_report(page)
    codes = page.eval_on_selector_all(
        "[data-kind=code]",
        "els => els.map(e => [e.dataset.language, e.dataset.highlighted, e.innerText])",
    )
    assert codes == [
        ["python", "true", "import wandb\nwandb.init()"],
        ["yaml", "true", "key: value"],
    ]
    assert page.locator("[data-kind=code] .hljs-keyword").count() >= 1
    assert page.text_content("[data-kind=markdown] h1") == "Title"
    assert page.text_content("[data-kind=markdown] strong") == "bold"
    assert page.locator(".latex-block .katex-display").count() == 1


def test_the_rich_report_draws_every_block(page: Any, reports: Reports, artifacts: Path) -> None:
    messages = console_watch(page)
    response = page.goto(reports.url("rich", "Rich report"))
    assert response.headers["content-security-policy"] == REPORT_CSP
    wait_report(page)
    wait_grids(page, 3)
    assert kinds(page) == expected_kinds(rich_report())
    assert page.text_content("[data-testid=report-description]") == "Every block type"
    # text marks, links (a javascript: one is not a link), inline LaTeX
    first = page.locator("[data-kind=paragraph]").first
    assert first.locator("strong").text_content() == "bold"
    assert first.locator("em").text_content() == "italic"
    assert first.locator("s").text_content() == "struck"
    assert first.locator("u").text_content() == "underlined"
    red = first.locator(".text-color")
    assert red.evaluate("e => getComputedStyle(e).color") == "rgb(214, 39, 40)"
    assert first.locator("[data-testid=report-link]").evaluate_all(
        "els => els.map(e => e.href)"
    ) == ["https://example.com/docs"]
    assert first.locator(".unsafe-link").text_content() == "bad link"
    assert first.locator(".katex").count() == 1
    # lists: nested, ordered, checklist
    assert page.locator("[data-kind=list] li ol [data-testid=list-item]").count() == 2
    assert page.eval_on_selector_all(
        "li[data-checked]", "els => els.map(e => e.dataset.checked)"
    ) == ["true", "false"]
    # code highlighted; markdown sanitised (no script, no handler, no javascript: link)
    assert page.get_attribute("[data-kind=code]", "data-highlighted") == "true"
    assert page.locator("[data-kind=code] .hljs-keyword").count() >= 1
    md = page.locator("[data-kind=markdown]")
    assert md.locator("table td").count() == 2
    assert md.locator("script").count() == 0
    assert md.evaluate("e => e.querySelectorAll('[onerror], img').length") == 0
    assert "<script>" in md.inner_text()  # raw HTML is shown as text, not run
    assert md.locator("a").count() == 0  # the javascript: link is left as text
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".latex-block .katex-display").count() == 1
    # media: images, allowlisted iframes, links for the rest
    assert page.get_attribute("[data-testid=report-image]", "src") == "https://example.com/cat.png"
    assert page.text_content("[data-kind=image] figcaption") == "A cat"
    frames = page.eval_on_selector_all("[data-testid=embed-frame]", "els => els.map(e => e.src)")
    assert frames == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC",
        "https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1",
        "https://platform.twitter.com/embed/Tweet.html?id=1234567890",
    ]
    assert all(any(f.startswith(f"https://{host}/") for host in EMBED_HOSTS) for f in frames)
    links = page.eval_on_selector_all(
        "[data-testid=embed-link]", "els => els.map(e => e.innerText)"
    )
    assert links[0] == "video: https://videos.example.com/clip"
    assert links[1].startswith("soundcloud: not shown")
    assert page.eval_on_selector_all(
        "[data-testid=gallery-item]",
        "els => els.map(e => [e.dataset.kind, e.getAttribute('href')])",
    ) == [["url", "https://example.com/post"], ["report", "--VmlldzoxMjM%3D"]]
    assert page.text_content("[data-kind=callout]") == "Heads up"
    assert page.locator("[data-kind=rule] hr").count() == 1
    assert "Weave panel" in page.text_content("[data-kind=weave]")
    assert page.get_attribute("[data-kind=unknown]", "data-type") == "some-future-block"
    shot(page, "rich-report", artifacts)
    for anchor in ("h-introduction", "h-lists", "h-code-and-maths", "h-media", "h-appendix"):
        page.locator(f"#{anchor}").scroll_into_view_if_needed()
        page.evaluate(f"() => document.getElementById('{anchor}').scrollIntoView()")
        shot(page, f"rich-{anchor}", artifacts, full=False)
    assert not [m for m in messages if "Content Security Policy" in m], messages


def test_panel_grids_draw_their_own_run_sets(page: Any, reports: Reports, artifacts: Path) -> None:
    page.goto(reports.url("rich", "Rich report"))
    wait_grids(page, 3)
    grids = page.evaluate("window.__panelbank.grids")
    # run i has lr 0.001, 0.01, 0.1 in turn; newest first
    lr01 = ["run007", "run004", "run001"]
    lr0001, lr1 = ["run006", "run003", "run000"], ["run008", "run005", "run002"]
    assert grids["grid-0"] == {"runSet": "lr 0.01", "runs": lr01, "tableRuns": lr01}
    # the panels draw every enabled run set's runs; the table, the open tab's
    assert grids["grid-1"] == {"runSet": "lr 0.001", "runs": lr0001 + lr1, "tableRuns": lr0001}
    assert grids["grid-2"]["runSet"] == "hidden set" and len(grids["grid-2"]["runs"]) == 9
    loss = panel_info(page, "loss (lr 0.01)")
    assert loss["state"] == "ready"
    assert sorted(r for s in loss["series"] for r in s.get("runs", [])) == [
        "run001",
        "run004",
        "run007",
    ]
    assert panel_info(page, "mean acc")["state"] == "ready"
    # the grid's 24-column layout
    first = page.locator("[data-grid='0'] [data-testid=panel]")
    assert first.evaluate_all("els => els.map(e => e.style.gridColumn)") == [
        "1 / span 16",
        "17 / span 8",
    ]
    # tabs: the enabled run sets only; the hidden-run-sets grid has neither tabs nor table
    tabs = page.locator("[data-grid='1'] [data-testid=runset-tab]")
    assert tabs.evaluate_all("els => els.map(e => e.dataset.runset)") == ["lr 0.001", "lr 0.1"]
    assert page.locator("[data-grid='0'] [data-testid=runset-tab]").count() == 0
    assert page.locator("[data-grid='0'] [data-testid=run-row]").count() == 3
    assert page.locator("[data-grid='2'] [data-testid=runset-tabs]").count() == 0
    assert page.locator("[data-grid='2'] [data-testid=grid-runs]").count() == 0
    page.locator("[data-grid='1']").scroll_into_view_if_needed()
    shot(page, "grids-first-tab", artifacts)
    tabs.nth(1).click()
    page.wait_for_function("() => window.__panelbank.grids['grid-1'].runSet === 'lr 0.1'")
    assert page.evaluate("window.__panelbank.grids['grid-1'].tableRuns") == lr1
    rows = page.eval_on_selector_all(
        "[data-grid='1'] [data-testid=run-row]", "els => els.map(e => e.dataset.run)"
    )
    assert rows == lr1
    val = panel_info(page, "val_loss by run set")
    assert sorted(r for s in val["series"] for r in s.get("runs", [])) == sorted(lr0001 + lr1)
    # the eye toggle in a run set's table takes the run out of the grid's panels
    page.click("[data-grid='1'] [data-testid=run-row][data-run=run005] [data-testid=run-eye]")
    page.wait_for_function(
        "() => { const p = Object.values(window.__panelbank.panels)"
        ".find(p => p.title === 'val_loss by run set'); return p.state === 'ready' &&"
        " !p.series.some(s => (s.runs || []).includes('run005')); }"
    )
    page.locator("[data-grid='1']").scroll_into_view_if_needed()
    shot(page, "grids-second-tab", artifacts)


def test_collapsed_heading_and_table_of_contents(
    page: Any, reports: Reports, artifacts: Path
) -> None:
    page.goto(reports.url("rich", "Rich report"))
    wait_report(page)
    toc = page.eval_on_selector_all(
        "[data-testid=toc-link]", "els => els.map(e => [e.innerText, e.getAttribute('href')])"
    )
    heads = page.eval_on_selector_all(
        "[data-testid=report] > [data-kind=heading] .report-heading",
        "els => els.map(e => '#' + e.id)",
    )
    assert [href for _, href in toc] == heads
    assert toc[0] == ["Introduction", "#h-introduction"]
    appendix = page.locator("[data-kind=heading][data-collapsed-count='2']")
    assert appendix.get_attribute("data-open") == "false"
    assert appendix.locator("[data-testid=collapsed-blocks]").is_hidden()
    appendix.locator("[data-testid=heading-toggle]").click()
    assert appendix.get_attribute("data-open") == "true"
    inner = appendix.locator("[data-testid=collapsed-blocks]")
    assert inner.is_visible()
    assert kinds(page, "[data-testid=collapsed-blocks] > [data-testid=report-block]") == [
        "paragraph",
        "code",
    ]
    assert inner.locator("[data-kind=code]").get_attribute("data-language") == "yaml"
    shot(page, "collapsed-opened", artifacts)
    appendix.locator("[data-testid=heading-toggle]").click()
    assert inner.is_hidden()
    # a TOC anchor scrolls its heading into view
    page.locator("[data-testid=toc-link]", has_text="Code and maths").click()
    page.wait_for_function("() => location.hash === '#h-code-and-maths'")
    top = page.eval_on_selector("#h-code-and-maths", "e => e.getBoundingClientRect().top")
    assert 0 <= top < 100


def test_a_saved_change_shows_up_without_a_reload(
    page: Any, reports: Reports, artifacts: Path
) -> None:
    page.goto(reports.url("rich", "Rich report", "?poll=200"))
    wait_grids(page, 3)
    page.evaluate("window.__sameDocument = true")
    spec = rich_report()
    spec["blocks"].insert(1, {"type": "heading", "level": 1, "children": [{"text": "Fresh news"}]})
    version = reports.save("rich", spec)
    page.wait_for_function(f"() => window.__panelbank.report.version === {version}")
    assert page.locator("[data-testid=report-heading]", has_text="Fresh news").count() == 1
    assert page.text_content("[data-testid=view-version]").startswith(f"version {version}")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    wait_grids(page, 3)
    shot(page, "live-update", artifacts)


def test_the_project_page_lists_reports(page: Any, reports: Reports) -> None:
    page.goto(f"{reports.server.url}/{ENTITY}/{PROJECT}")
    page.wait_for_selector("[data-testid=report-link]")
    links = page.eval_on_selector_all(
        "[data-testid=report-link]", "els => els.map(e => [e.innerText, e.getAttribute('href')])"
    )
    report_id = quote(reports.ids["rich"], safe="=")
    assert links == [["Rich report", f"/{ENTITY}/{PROJECT}/reports/Rich-report--{report_id}"]]
    assert page.eval_on_selector_all(
        "[data-testid=view-link]", "els => els.map(e => e.innerText)"
    ) == ["Test workspace"]
    page.click("[data-testid=report-link]")
    page.wait_for_selector("[data-testid=report-title]")
    assert page.text_content("[data-testid=report-title]") == "Rich report"


def test_every_request_carries_the_share_token(page: Any, reports: Reports) -> None:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/v1/" in r.url else None)
    page.goto(reports.url("rich", "Rich report", "?accessToken=tok-123"))
    wait_grids(page, 3)
    assert sent and all("accessToken=tok-123" in url for url in sent), sent
    assert any("/runs" in url for url in sent) and any("/history" in url for url in sent)
    assert page.locator("form.logout").count() == 0  # a share link's reader has no session


def test_a_refused_share_link_says_so(page: Any, reports: Reports) -> None:
    # the server's answers to a bad token (i13-backend's side) stood in for by the browser
    def refuse(route: Any) -> None:
        status = 401 if "/views/" in route.request.url else 403
        body = {"error": {"code": "unauthorized", "message": "no"}}
        route.fulfill(status=status, content_type="application/json", body=json.dumps(body))

    page.route("**/api/v1/views/**", refuse)
    page.goto(reports.url("rich", "Rich report", "?accessToken=not-a-token"))
    message = page.wait_for_selector("[data-testid=access-refused]")
    assert "share link is not valid" in message.inner_text()
    assert "/login" not in page.url  # a share link's reader is not sent to log in
    page.unroute("**/api/v1/views/**")
    page.route("**/api/v1/*/*/runs*", refuse)  # the report, but not its runs
    page.goto(reports.url("rich", "Rich report", "?accessToken=not-a-token"))
    page.wait_for_selector("[data-testid=grid-error]")
    errors = page.eval_on_selector_all(
        "[data-testid=grid-error]", "els => els.map(e => e.innerText)"
    )
    assert len(errors) == 3
    assert all("does not grant access" in e for e in errors), errors


def test_the_report_csp_allows_only_the_embed_hosts(server: Server) -> None:
    response = httpx.get(
        f"{server.url}/{ENTITY}/{PROJECT}/reports/T--x",
        headers={"accept": "text/html"},
        auth=("api", server.api_key),
    )
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert csp == REPORT_CSP
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["frame-src"].split() == [f"https://{h}" for h in EMBED_HOSTS]
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["font-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_new_rows_logged_by_a_grid_run_show_up(page: Any, reports: Reports) -> None:
    page.goto(reports.url("rich", "Rich report", "?poll=200"))
    wait_grids(page, 3)
    page.evaluate("window.__sameDocument = true")
    server = reports.server
    run = server.store.get_run(ENTITY, PROJECT, "run004")  # lr 0.01: in the first grid
    assert run is not None
    lines = server.history.append(run.history_key, rows(4, 300, 450), offset=300)
    server.store.update_run(ENTITY, PROJECT, "run004", history_line_count=lines)
    page.wait_for_function(
        f"() => Object.values({PANELS}).some(p => p.title === 'loss (lr 0.01)' && p.data"
        " && Math.max(...p.data[0]) === 449)",
        timeout=10000,
    )
    assert page.evaluate("window.__sameDocument") is True


def test_the_workspace_markdown_panel_uses_the_same_parser(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    page.wait_for_selector("[data-panel-type='Markdown Panel'] [data-testid=markdown] h1")
    notes = page.locator("[data-testid=markdown]", has_text="Notes")
    assert notes.locator("h1").text_content() == "Notes"
    assert notes.locator("strong").text_content() == "baseline"
    assert notes.locator("code").text_content() == "loss"
