"""Authentication like W&B: HTTP Basic with the API key as password (or a Bearer token).

The middleware puts the key's user in ``request.state.user``. Keys never reach a log line
or an error message.
"""

from __future__ import annotations

import base64
import binascii
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..settings import Settings
from ..store import Store, User
from ..web.session import COOKIE, SessionSigner
from .errors import error_response, graphql_error_response

__all__ = ["AuthMiddleware", "api_key_from"]

#: answered without a key
PUBLIC_PATHS = frozenset({"/", "/healthz", "/login", "/logout"})
#: the viewer's built assets (no data in them)
STATIC_PREFIX = "/static/"
#: signed upload URLs: the SDK PUTs to them without a key (the route checks the signature)
UPLOAD_PREFIX = "/upload/"
#: wandb-core's telemetry (OTLP); a 404 makes it stop, quietly
TELEMETRY_PREFIX = "/sdk/otel"

CHALLENGE = {"WWW-Authenticate": 'Basic realm="panelbank"'}
HOW_TO = (
    "Send HTTP Basic auth with user `api` and your API key as the password "
    "(the wandb clients do this with WANDB_API_KEY=<key>). "
    "Create a key on the server machine with `panelbank keys create`."
)


def api_key_from(authorization: str | None) -> str | None:
    """The key in an ``Authorization`` header (Basic ``api:<key>`` or ``Bearer <key>``)."""
    if not authorization:
        return None
    scheme, _, credentials = authorization.strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer":
        return credentials or None
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, _, password = decoded.partition(":")
    # `curl -u KEY:` puts the key in the user name; any user name works, as on W&B
    return password or user or None


class AuthMiddleware:
    """Resolve the API key to a user, or answer 401 with how to get a key."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: Store,
        settings: Settings,
        anonymous: User | None,
        sessions: SessionSigner | None = None,
        public_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.public_paths = PUBLIC_PATHS | public_paths  # more paths answered without a key
        self.sessions = sessions  # browser logins: a signed cookie (panelbank.web.session)
        self._session_users: dict[str, User] = {}
        self.store = store
        self.settings = settings
        self.anonymous = anonymous  # the user of keyless requests under no_auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(TELEMETRY_PREFIX):
            await Response(status_code=404)(scope, receive, send)
            return
        user: User | None = None
        headers = Headers(scope=scope)
        public = path in self.public_paths or path.startswith((UPLOAD_PREFIX, STATIC_PREFIX))
        key = api_key_from(headers.get("authorization"))
        if key is not None and not public:
            user = await run_in_threadpool(self.store.user_for_api_key, key)
        if user is None and key is None and self.sessions is not None:
            user = await self._session_user(headers)
        if user is None and self.settings.no_auth:
            user = self.anonymous
        if user is None and not public:
            if _is_page(scope, headers):
                await _to_login(scope)(scope, receive, send)
                return
            await self._unauthorized(path, has_key=key is not None)(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    async def _session_user(self, headers: Headers) -> User | None:
        if self.sessions is None:
            return None
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except CookieError:
            return None
        morsel = cookie.get(COOKIE)
        session = self.sessions.session(morsel.value if morsel else None)
        if session is None:
            return None
        username = session.username
        # the session lasts as long as the key it was opened with: a revoked key ends it
        if not await run_in_threadpool(self.store.api_key_is_active, session.key_id, username):
            return None
        user = self._session_users.get(username)
        if user is None:  # the user logged in with a key, so it exists; this only reads it
            user = await run_in_threadpool(self.store.ensure_user, username)
            self._session_users[username] = user
        return user

    @staticmethod
    def _unauthorized(path: str, *, has_key: bool) -> Response:
        problem = (
            "The API key is not valid (unknown or revoked)."
            if has_key
            else "This server needs an API key."
        )
        message = f"{problem} {HOW_TO}"
        if path == "/graphql":
            return graphql_error_response(401, message, "UNAUTHENTICATED", headers=CHALLENGE)
        return error_response(401, "unauthorized", message, headers=CHALLENGE)


def _is_page(scope: Scope, headers: Headers) -> bool:
    """A browser asking for a page (not the API): it gets the login page instead of a 401."""
    path: str = scope["path"]
    return (
        scope["method"] == "GET"
        and "text/html" in headers.get("accept", "")
        and not path.startswith(("/api/", "/graphql"))
    )


def _to_login(scope: Scope) -> Response:
    target = scope["path"] + (f"?{scope['query_string'].decode()}" if scope["query_string"] else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
