"""Browser sessions: the cookie is bound to the API key it was opened with, so revoking
the key ends the session; a session of another key of the same user goes on."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from panelbank.store import Store
from panelbank.web.session import COOKIE, SessionSigner

from .conftest import ENTITY, in_process


def login(app: Starlette, key: str) -> str:
    with in_process(app) as client:
        response = client.post("/login", data={"key": key, "next": "/"})
    assert response.status_code == 303, response.text
    return response.cookies[COOKIE]


def entities(app: Starlette, cookie: str) -> httpx.Response:
    with in_process(app, {"Cookie": f"{COOKIE}={cookie}"}) as client:
        return client.get("/api/v1/entities")


def key_id(store: Store, description: str) -> int:
    return next(k.id for k in store.list_api_keys(ENTITY) if k.description == description)


def test_revoking_the_key_ends_its_sessions(app: Starlette, store: Store, api_key: str) -> None:
    other = store.create_api_key(ENTITY, "laptop")
    cookie = login(app, api_key)
    kept = login(app, other)
    assert entities(app, cookie).status_code == 200
    assert store.revoke_api_key(key_id(store, "tests"))
    assert entities(app, cookie).status_code == 401
    # a page asks for the login form again
    with in_process(app, {"Cookie": f"{COOKIE}={cookie}", "Accept": "text/html"}) as client:
        page = client.get("/alice/vision")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert entities(app, kept).status_code == 200  # the user's other key is not revoked


def test_a_revoked_key_cannot_log_in(app: Starlette, store: Store, api_key: str) -> None:
    store.revoke_api_key(key_id(store, "tests"))
    with in_process(app) as client:
        response = client.post("/login", data={"key": api_key, "next": "/"})
    assert response.status_code == 401 and COOKIE not in response.cookies


def test_the_cookie_names_the_key_and_cannot_be_moved_to_another_key(
    app: Starlette, store: Store, api_key: str
) -> None:
    cookie = login(app, api_key)
    signer: SessionSigner = app.state.sessions
    session = signer.session(cookie)
    assert session is not None
    assert (session.username, session.key_id) == (ENTITY, key_id(store, "tests"))
    name, _key, expires, mac = cookie.split(".")
    forged = f"{name}.{session.key_id + 1}.{expires}.{mac}"
    assert signer.session(forged) is None
    assert entities(app, forged).status_code == 401
    # the old format (no key id) is not a session any more
    assert signer.session(f"{name}.{expires}.{mac}") is None
    # a key of another user does not open this user's session
    stranger = store.create_api_key("mallory", "x")
    other_id = next(k.id for k in store.list_api_keys("mallory"))
    assert stranger and not store.api_key_is_active(other_id, ENTITY)
