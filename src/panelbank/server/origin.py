"""Who may talk to the server from a browser: checks on ``Host``, ``Origin`` and
``Content-Type`` against DNS rebinding and cross-site request forgery.

- **Host**: the name in the ``Host`` header (any port) must be one the server is served
  under: ``localhost``, ``127.0.0.1``, ``[::1]``, the bound address, the public URL's
  host, or a name given with ``--allowed-host`` (``PANELBANK_ALLOWED_HOSTS``). A page
  whose own name resolves to 127.0.0.1 (DNS rebinding) is refused with 400.
- **Origin**: a request that may change something (any method but GET, HEAD, OPTIONS)
  is refused with 403 when it comes from another origin: an ``Origin`` header that is not
  the server's own (``<scheme>://<Host>`` or the public URL's origin), or
  ``Sec-Fetch-Site: cross-site``/``same-site`` (another port of localhost is same-site).
  The official clients send neither header, so they are not affected.
- **Content-Type**: GraphQL POSTs must be ``application/json`` (415 otherwise); a
  browser cannot send that cross-origin without a CORS preflight, which this server
  never grants.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..settings import Settings, normalise_host
from .errors import error_response, graphql_error_response

__all__ = ["OriginMiddleware", "host_name"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CROSS_SITE = frozenset({"cross-site", "same-site"})


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, without its port: ``[::1]:8080`` → ``::1``."""
    host = host_header.strip()
    if host.startswith("["):
        return normalise_host(host[: host.find("]") + 1])
    return normalise_host(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class OriginMiddleware:
    """Refuse requests under a foreign ``Host``, cross-origin writes, and GraphQL POSTs
    that are not JSON; everything else passes through untouched."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.any_host = "*" in settings.allowed_hosts
        self.hosts = settings.served_hosts
        self.public_origin = _origin(settings.public_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self._problem(scope, Headers(scope=scope))
        if problem is not None:
            await problem(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _problem(self, scope: Scope, headers: Headers) -> Response | None:
        path: str = scope["path"]
        host = headers.get("host")
        if host is not None and not self.any_host and host_name(host) not in self.hosts:
            name = host_name(host)
            return _refuse(
                path,
                400,
                "bad_host",
                f"This server is not served under the name {name!r} (the Host header). If "
                f"you reach it under that name, start the server with --allowed-host {name} "
                "(or PANELBANK_ALLOWED_HOSTS).",
            )
        if scope["method"] in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        own = {self.public_origin, f"{scope.get('scheme', 'http')}://{host or ''}".lower()}
        fetch_site = headers.get("sec-fetch-site", "").lower()
        if (origin is not None and origin.lower() not in own) or fetch_site in CROSS_SITE:
            seen = origin if origin is not None else f"a {fetch_site} page"
            return _refuse(
                path,
                403,
                "cross_origin",
                f"Refused a {scope['method']} from another origin ({seen}): pages of other "
                f"sites or ports may not change data here. Use the viewer at "
                f"{self.public_origin}, or a client that sends no Origin header (the wandb "
                "clients, curl).",
            )
        if path == "/graphql" and scope["method"] == "POST":
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type != "application/json":
                return _refuse(
                    path,
                    415,
                    "unsupported_media_type",
                    f"GraphQL requests must be sent as JSON (Content-Type: application/json), "
                    f"not {media_type or 'a body without a Content-Type'}.",
                )
        return None


def _refuse(path: str, status: int, code: str, message: str) -> Response:
    if path == "/graphql":
        return graphql_error_response(status, message, code.upper())
    return error_response(status, code, message)
