"""The browser session cookie: a random token naming a session the store keeps.

Logging in with an API key opens a session on the server (``Store.open_session``) and
puts its token in an HttpOnly, SameSite=Strict cookie; each request looks the token up
(``AuthMiddleware``). The session ends when the user logs out (its row is deleted, so a
copied cookie stops working), after 30 days, or when its API key is revoked.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from ..store.sessions import SESSION_DAYS

__all__ = ["COOKIE", "MAX_AGE", "session_token"]

COOKIE = "panelbank_session"
MAX_AGE = SESSION_DAYS * 24 * 3600  # seconds


def session_token(cookie_header: str | None) -> str | None:
    """The session token in a ``Cookie`` header, if any."""
    cookie = SimpleCookie()
    try:
        cookie.load(cookie_header or "")
    except CookieError:
        return None
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel and morsel.value else None
