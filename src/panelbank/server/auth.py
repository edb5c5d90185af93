"""Authentication like W&B: HTTP Basic with the API key as password (or a Bearer token).

The middleware puts the key's user in ``request.state.user``. Keys never reach a log line
or an error message.
"""

from __future__ import annotations

import base64
import binascii

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..settings import Settings
from ..store import Store, User
from .errors import error_response, graphql_error_response

__all__ = ["AuthMiddleware", "api_key_from"]

#: answered without a key
PUBLIC_PATHS = frozenset({"/", "/healthz"})
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
        self, app: ASGIApp, *, store: Store, settings: Settings, anonymous: User | None
    ) -> None:
        self.app = app
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
        if path not in PUBLIC_PATHS and not path.startswith(UPLOAD_PREFIX):
            key = api_key_from(Headers(scope=scope).get("authorization"))
            if key is not None:
                user = await run_in_threadpool(self.store.user_for_api_key, key)
            if user is None and self.settings.no_auth:
                user = self.anonymous
            if user is None:
                await self._unauthorized(path, has_key=key is not None)(scope, receive, send)
                return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

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
