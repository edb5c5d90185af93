"""Browser sessions, kept on the server: the cookie is a token for a session bound to the
API key it was opened with, so revoking the key ends it, and logging out ends it for every
copy of the cookie; a session of another key of the same user goes on."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import httpx
import sqlalchemy as sa
from starlette.applications import Starlette

from panelbank.pages.session import COOKIE
from panelbank.store import Store, schema

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


def test_the_cookie_is_an_opaque_token_the_store_keeps_only_a_hash_of(
    app: Starlette, store: Store, api_key: str
) -> None:
    cookie = login(app, api_key)
    assert ENTITY not in cookie and len(cookie) >= 43  # 256 random bits, no user name
    user = store.session_user(cookie)
    assert user is not None and user.username == ENTITY
    with store._engine.connect() as connection:  # tests may look inside
        [row] = connection.execute(sa.select(schema.sessions)).all()
    assert row.token_hash == hashlib.sha256(cookie.encode()).hexdigest()
    assert row.api_key_id == key_id(store, "tests")
    # a guessed or altered token is nobody's session
    assert store.session_user(cookie[:-1] + ("A" if cookie[-1] != "A" else "B")) is None
    assert entities(app, "forged-" + cookie).status_code == 401


def test_logout_ends_the_session_on_the_server(app: Starlette, store: Store, api_key: str) -> None:
    cookie = login(app, api_key)
    kept = login(app, api_key)  # another browser of the same user
    assert entities(app, cookie).status_code == 200
    with in_process(app, {"Cookie": f"{COOKIE}={cookie}"}) as client:
        response = client.post("/logout")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert f"{COOKIE}=" in response.headers["set-cookie"]  # cleared in this browser
    # a copy of the cookie (replayed after logout) is refused
    assert entities(app, cookie).status_code == 401
    assert store.session_user(cookie) is None
    assert entities(app, kept).status_code == 200  # other sessions go on


def test_an_expired_session_is_refused(app: Starlette, store: Store, api_key: str) -> None:
    cookie = login(app, api_key)
    with store._engine.begin() as connection:
        connection.execute(
            schema.sessions.update().values(expires_at=datetime.now(timezone.utc) - timedelta(1))
        )
    assert entities(app, cookie).status_code == 401
