"""Authentication like W&B: HTTP Basic with the API key as password (or a Bearer token).

The middleware puts the key's user in ``request.state.user``. Keys never reach a log line
or an error message.

A report's share link (``?accessToken=<token>``) is the one way in without a key or a
session; :func:`share_link_allows` is its whole rule. An active token reads its report
(its page and ``GET /api/v1/views/{id}``) and the runs, run keys and history of the
projects it grants (``GET``/``POST /api/v1/{e}/{p}/runs``, ``GET .../runs/{name}/keys``,
``POST .../history``), nothing else: no writes, no GraphQL, no other view or project.
Such a request has no user (``request.state.user`` is None) and its token in
``request.state.share_token``. A revoked token stops working at once: the store is asked
on every request. Tokens, like keys, are never logged: :class:`RedactAccessTokens` takes
them out of uvicorn's access log lines.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..pages.session import session_token
from ..settings import Settings
from ..store import AccessToken, Store, User
from .errors import error_response, graphql_error_response

__all__ = [
    "ACCESS_TOKEN_PARAM",
    "AuthMiddleware",
    "MalformedAuthorization",
    "RedactAccessTokens",
    "api_key_from",
    "share_link_allows",
]

#: answered without a key
PUBLIC_PATHS = frozenset({"/", "/healthz", "/login", "/logout"})
#: the viewer's built assets (no data in them)
STATIC_PREFIX = "/static/"
#: signed upload URLs: the SDK PUTs to them without a key (the route checks the signature)
UPLOAD_PREFIX = "/upload/"
#: signed artifact blob URLs (upload and directUrl download), likewise checked by the route
BLOB_PREFIX = "/blob/"
#: wandb-core's telemetry (OTLP); a 404 makes it stop, quietly
TELEMETRY_PREFIX = "/sdk/otel"

CHALLENGE = {"WWW-Authenticate": 'Basic realm="panelbank"'}
HOW_TO = (
    "Send HTTP Basic auth with user `api` and your API key as the password, i.e. the header "
    "`Authorization: Basic <base64 of api:KEY>` (`curl -u api:KEY`; the wandb clients do this "
    "with WANDB_API_KEY=<key>). Create a key on the server machine with `panelbank keys create`."
)


#: the query parameter of a report's share link
ACCESS_TOKEN_PARAM = "accessToken"
_READS = ("GET", "HEAD")
#: the routes of a granted project's runs: (method, path after /api/v1/{e}/{p}/)
_RUN_READS = re.compile(r"^(?:runs|runs/[^/]+/keys|history)$")


def share_link_allows(token: AccessToken, method: str, path: str, query: Mapping[str, str]) -> bool:
    """Whether an active share-link ``token`` may make this request (see the module)."""
    parts = path.split("/")
    if not path.startswith("/api/"):  # the report's page: /{e}/{p}/reports/{Title}--{id}
        is_report = len(parts) == 5 and parts[3] == "reports" and "--" in parts[4]
        return method in _READS and is_report and parts[4].rsplit("--", 1)[1] == token.view_id
    if not path.startswith("/api/v1/"):
        return False
    rest = parts[3:]
    if rest[:1] == ["views"]:
        return method in _READS and rest == ["views", token.view_id]
    if len(rest) < 3 or (rest[0], rest[1]) not in token.projects:
        return False
    route = "/".join(rest[2:])
    if not _RUN_READS.match(route):
        return False
    if route == "runs" and method == "GET":
        return query.get("view") in (None, token.view_id)  # no other view's run set
    return method == "POST" if route in ("runs", "history") else method in _READS


class RedactAccessTokens(logging.Filter):
    """Replaces share-link tokens in uvicorn's access log lines with ``<redacted>``."""

    _PATTERN = re.compile(rf"({ACCESS_TOKEN_PARAM}=)[^&\s#]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self._PATTERN.sub(r"\1<redacted>", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


SHARE_LINK_PROBLEM = (
    "The share link's access token is not valid (revoked, or never made); ask whoever "
    "shared the report for a new link, or log in."
)
SHARE_LINK_INVALID = f"""<!doctype html><meta charset="utf-8">
<title>panelbank: link not valid</title>
<body style="font:15px system-ui;max-width:40em;margin:3em auto" data-testid="share-link-invalid">
<h1>This share link is not valid</h1><p>{SHARE_LINK_PROBLEM}</p>
<p><a href="/login">Log in</a></p></body>"""
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class MalformedAuthorization(ValueError):
    """An ``Authorization`` header that is neither Basic ``api:<key>`` nor ``Bearer <key>``;
    the message says what is wrong with it (never the credentials)."""


def api_key_from(authorization: str | None) -> str | None:
    """The key in an ``Authorization`` header (Basic ``api:<key>`` or ``Bearer <key>``),
    None without one; :class:`MalformedAuthorization` for a header that is not either."""
    if not authorization:
        return None
    scheme, _, credentials = authorization.strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer":
        if not credentials:
            raise MalformedAuthorization("no key follows Bearer")
        return credentials
    if scheme.lower() != "basic":
        raise MalformedAuthorization(f"it uses the scheme {scheme[:20]!r}; use Basic or Bearer")
    if not credentials:
        raise MalformedAuthorization("nothing follows Basic")
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise MalformedAuthorization(
            "what follows Basic is not base64 of UTF-8 'user:password'"
        ) from None
    user, _, password = decoded.partition(":")
    # `curl -u KEY:` puts the key in the user name; any user name works, as on W&B
    key = password or user
    if not key:
        raise MalformedAuthorization("what follows Basic holds no key (neither user nor password)")
    return key


class AuthMiddleware:
    """Resolve the API key to a user, or answer 401 with how to get a key."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: Store,
        settings: Settings,
        anonymous: User | None,
        public_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.public_paths = PUBLIC_PATHS | public_paths  # more paths answered without a key
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
        public = path in self.public_paths or path.startswith(
            (UPLOAD_PREFIX, BLOB_PREFIX, STATIC_PREFIX)
        )
        malformed: str | None = None
        try:
            key = api_key_from(headers.get("authorization"))
        except MalformedAuthorization as exc:
            key, malformed = None, str(exc)
        if key is not None and not public:
            user = await run_in_threadpool(self.store.user_for_api_key, key)
        if user is None and key is None:
            token = session_token(headers.get("cookie"))  # a browser login (pages.session)
            if token is not None:
                user = await run_in_threadpool(self.store.session_user, token)
        if user is None and self.settings.no_auth:
            user = self.anonymous
        share = _share_token(scope) if user is None and key is None and not public else None
        if share is not None:
            await self._shared(share, scope, receive, send)
            return
        if user is None and not public:
            if _is_page(scope, headers):
                await _to_login(scope)(scope, receive, send)
                return
            problem = (
                f"The Authorization header is malformed: {malformed}."
                if malformed
                else "The API key is not valid (unknown or revoked)."
                if key is not None
                else "This server needs an API key."
            )
            await self._unauthorized(path, problem)(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    async def _shared(self, token: str, scope: Scope, receive: Receive, send: Send) -> None:
        """A request with a share link's token (and no key or session)."""
        path: str = scope["path"]
        found = await run_in_threadpool(self.store.find_access_token, token)
        page = _is_page(scope, Headers(scope=scope))
        if found is None or not found.active:
            # no Basic challenge: the browser would ask for a password over the report
            response = (
                HTMLResponse(SHARE_LINK_INVALID, 401, headers=_PAGE_HEADERS)
                if page
                else error_response(401, "unauthorized", f"{SHARE_LINK_PROBLEM} {HOW_TO}")
            )
            await response(scope, receive, send)
            return
        query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
        if page and not share_link_allows(found, scope["method"], path, query):
            await _to_login(scope)(scope, receive, send)  # a page the link does not open
            return
        if not share_link_allows(found, scope["method"], path, query):
            message = (
                "A share link opens only its report (read-only) and the runs of the projects "
                f"the report shows; {scope['method']} {path} needs an API key. {HOW_TO}"
            )
            if path == "/graphql":
                await graphql_error_response(403, message, "FORBIDDEN")(scope, receive, send)
            else:
                await error_response(403, "forbidden", message)(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["user"], state["share_token"] = None, found
        await self.app(scope, receive, send)

    @staticmethod
    def _unauthorized(path: str, problem: str) -> Response:
        message = f"{problem} {HOW_TO}"
        if path == "/graphql":
            return graphql_error_response(401, message, "UNAUTHENTICATED", headers=CHALLENGE)
        return error_response(401, "unauthorized", message, headers=CHALLENGE)


def _share_token(scope: Scope) -> str | None:
    """The ``accessToken`` query parameter, None without one."""
    query: bytes = scope.get("query_string", b"")
    if ACCESS_TOKEN_PARAM.encode() not in query:
        return None
    for name, value in parse_qsl(query.decode("latin-1")):
        if name == ACCESS_TOKEN_PARAM:
            return value
    return None


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
