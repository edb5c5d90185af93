"""The viewer in Chromium: a hostile stored colour fetches nothing, the pages carry a
Content-Security-Policy the viewer never violates, and a page on another local port can
neither create views on a --no-auth server nor through a logged-in session."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from panelbank.pages import CSP
from panelbank.store import InvalidNameError, InvalidSpecError, schema

from .conftest import Server, start_server
from .test_viewer import wait_drawn
from .workspace import ENTITY, PROJECT


class Canary:
    """Another local origin: records every request it gets and serves ``pages``."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.pages: dict[str, str] = {}
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.paths.append(self.path)
                body = canary.pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html" if body else "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    found = Canary()
    yield found
    found.close()


@pytest.fixture
def open_server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    yield from start_server(tmp_path, no_auth=True)


def store_spec_unchecked(server: Server, spec: dict[str, Any]) -> None:
    """Write a spec as an earlier version (without colour checks) could have stored it."""
    with server.store._engine.begin() as connection:  # tests may look inside
        connection.execute(
            sa.update(schema.views)
            .where(schema.views.c.name == "nw-testview-v")
            .values(spec=json.dumps(spec))
        )


def console_watch(page: Any) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(f"{msg.type}: {msg.text}"))
    return messages


def test_a_hostile_colour_is_refused_and_fetches_nothing(
    page: Any, server: Server, canary: Canary
) -> None:
    hostile = f"red;background-image:url({canary.url}/pixel-swatch)"
    spec = server.view_spec()
    colors = spec["section"]["customRunColors"]
    colors["run003"] = hostile
    colors["run004"] = f"url({canary.url}/pixel-url)"
    with pytest.raises(InvalidSpecError, match=r"customRunColors\['run003'\]: .* is not a colour"):
        server.save_spec(spec)
    store_spec_unchecked(server, spec)  # a spec stored before colours were checked
    messages = console_watch(page)
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    wait_drawn(page)
    page.wait_for_selector("[data-testid=run-row][data-run=run003]")
    swatch = page.locator("[data-testid=run-row][data-run=run003] [data-testid=run-color]")
    styles = swatch.evaluate(
        "el => [el.getAttribute('style'), getComputedStyle(el).backgroundImage,"
        " getComputedStyle(el).backgroundColor]"
    )
    assert styles[1] == "none"  # no url() made it into CSS
    assert styles[2] != "rgb(255, 0, 0)"  # and the bad value was not half-applied
    assert "url(" not in (styles[0] or "")
    page.evaluate("() => new Promise(r => setTimeout(r, 300))")  # let any fetch start
    assert canary.paths == []
    assert not [m for m in messages if "Content Security Policy" in m], messages


def test_the_workspace_page_has_a_csp_and_does_not_violate_it(page: Any, server: Server) -> None:
    messages = console_watch(page)
    response = page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    wait_drawn(page)
    assert response.headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP and "connect-src 'self'" in CSP
    assert "img-src 'self' data:" in CSP and "unsafe-inline" not in CSP
    served = response.text()  # the built index.html: no inline script or style
    assert served.count("<script") == served.count('<script type="module" crossorigin src=')
    assert "<style" not in served and " style=" not in served
    page.goto(f"{server.url}/")  # the home page too
    page.wait_for_selector("[data-testid=project-link]")
    assert not [m for m in messages if "Content Security Policy" in m], messages


@pytest.mark.parametrize("logged_in", [False, True], ids=["no-auth", "session"])
def test_a_page_on_another_port_cannot_create_views(
    request: pytest.FixtureRequest, browser: Any, canary: Canary, logged_in: bool
) -> None:
    # SameSite does not separate ports: the session cookie goes along from 127.0.0.1:<other>
    target: Server = request.getfixturevalue("server" if logged_in else "open_server")
    payload = {
        "query": 'mutation U($spec: String) { upsertView(input: {entityName: "alice", '
        'projectName: "vision", name: "nw-csrf-v", type: "project-view", spec: $spec}) '
        "{ inserted } }",
        "variables": {"spec": json.dumps(target.view_spec())},  # a spec that would be stored
    }
    body = json.dumps(json.dumps(payload))  # a JavaScript string literal
    canary.pages["/attack.html"] = f"""<!doctype html><body><script>
window.attack = async () => {{
  const sent = [];
  for (const type of ["text/plain", "application/json", "application/x-www-form-urlencoded"]) {{
    await fetch("{target.url}/graphql", {{method: "POST", mode: "no-cors",
      credentials: "include", headers: {{"Content-Type": type}}, body: {body}}});
    sent.push(type);
  }}
  return sent;
}};
</script>"""
    context = browser.new_context()
    if logged_in:
        login = httpx.post(f"{target.url}/login", data={"key": target.api_key, "next": "/"})
        cookie = login.cookies["panelbank_session"]
        context.add_cookies([{"name": "panelbank_session", "value": cookie, "url": target.url}])
    tab = context.new_page()
    try:
        tab.goto(f"{canary.url}/attack.html")
        assert len(tab.evaluate("window.attack()")) == 3  # every request went out
    finally:
        context.close()
    names = [view.name for view in target.store.find_views(ENTITY, PROJECT)]
    assert names == ["nw-testview-v"]


def test_an_entity_named_dotdot_stored_earlier_does_not_break_the_home_page(
    page: Any, server: Server
) -> None:
    with pytest.raises(InvalidNameError, match=r"the entity name '\.\./\.\.' contains /"):
        server.store.ensure_project("../..", "p")
    now = datetime.now(timezone.utc)
    with server.store._engine.begin() as connection:  # as an earlier version stored it
        for name in ("../..", ".."):
            inserted = connection.execute(
                sa.insert(schema.entities).values(name=name, created_at=now)
            ).inserted_primary_key
            assert inserted is not None
            entity_id = inserted[0]
            connection.execute(
                sa.insert(schema.projects).values(entity_id=entity_id, name="p", created_at=now)
            )
    page.goto(f"{server.url}/")
    page.wait_for_selector(f"[data-testid=entity][data-entity={ENTITY}] [data-testid=project-link]")
    assert page.locator("[data-testid=entity]").count() == 3
    assert (
        page.locator(f"[data-entity={ENTITY}] [data-testid=project-link]").inner_text() == PROJECT
    )
