"""A real share link in a browser with no session: the report and its panel grids draw
from the token alone; once revoked, the page says the link is not valid."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import Server, start_server
from .report import rich_report, store_report
from .workspace import ENTITY, PROJECT


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path, runs=6, steps=200)


@pytest.fixture
def stranger(browser: Any) -> Iterator[Any]:
    """A page with no session and no key: someone who was sent the link."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def test_a_share_link_opens_the_report_until_it_is_revoked(
    stranger: Any, server: Server, artifacts: Path
) -> None:
    view = store_report(server.store, rich_report(), "Shared report", "report-shared")
    token = server.store.create_access_token(view.id, [(ENTITY, PROJECT)]).token
    address = f"{server.url}/{ENTITY}/{PROJECT}/reports/Shared-report--{quote(view.id, safe='=')}"

    stranger.goto(f"{address}?accessToken={token}")
    stranger.wait_for_selector("[data-testid=report-title]")
    stranger.wait_for_function(
        "() => { const d = window.__panelbank; return d && d.grids &&"
        " Object.keys(d.grids).length >= 3 && Object.keys(d.panels).length > 0 &&"
        " Object.values(d.panels).every(p => p.state !== 'loading'); }",
        timeout=15000,
    )
    assert stranger.text_content("[data-testid=report-title]") == "Shared report"
    states = stranger.evaluate("Object.values(window.__panelbank.panels).map(p => p.state)")
    assert states and "error" not in states, states
    assert stranger.locator("[data-testid=grid-error]").count() == 0
    stranger.screenshot(path=str(artifacts / "share-link.png"), full_page=True)

    server.store.revoke_access_token(token)
    response = stranger.goto(f"{address}?accessToken={token}")
    assert response is not None and response.status == 401
    refused = stranger.wait_for_selector("[data-testid=share-link-invalid]")
    assert "not valid (revoked, or never made)" in refused.inner_text()
    assert token not in stranger.content()

    stranger.goto(address)  # no token, no session: the login page
    assert "/login" in stranger.url
