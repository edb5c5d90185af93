"""``create_app(settings)``: the ASGI application ``panelbank serve`` runs.

::

    app = create_app(load_settings(), store=Store.open("sqlite:///tmp/pb.db"))
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from .. import pages
from ..history import HistoryStore
from ..settings import Settings, default_username
from ..store import Store, StoreError
from . import (
    api,
    api_artifacts,
    api_media,
    api_run,
    api_runs,
    artifacts,
    fixtures,
    ingest,
    panel_data,
)
from .auth import AuthMiddleware, RedactAccessTokens
from .errors import ApiError, error_response, graphql_error_response, store_error_code
from .graphql_endpoint import graphql_endpoint
from .limits import BodyLimitMiddleware
from .origin import OriginMiddleware

__all__ = ["create_app"]

logger = logging.getLogger("panelbank.server")


async def _healthz(_request: Request) -> Response:
    return PlainTextResponse("ok\n")


async def _graphql_get(_request: Request) -> Response:
    return graphql_error_response(
        405, 'Send GraphQL as POST /graphql with a JSON body {"query": ...}.', "BAD_REQUEST"
    )


async def _on_api_error(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, ApiError):  # registered for ApiError only
        raise exc
    return error_response(exc.status, exc.code, exc.message, **exc.extra)


async def _on_store_error(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StoreError):  # registered for StoreError only
        raise exc
    code, status = store_error_code(exc)
    current = getattr(exc, "current_version", None)
    extra = {} if current is None else {"currentVersion": current}
    return error_response(status, code.lower(), str(exc), **extra)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        raise exc
    path = request.url.path
    code, message = {
        404: ("not_found", f"Nothing at {path}; the API is under /api/v1/ and /graphql."),
        405: ("method_not_allowed", f"{request.method} is not allowed on {path}."),
    }.get(exc.status_code, ("http_error", exc.detail))
    if path == "/graphql":
        return graphql_error_response(exc.status_code, message, code.upper())
    return error_response(exc.status_code, code, message, headers=exc.headers)


async def _on_disconnect(request: Request, exc: Exception) -> Response:
    # The client went away while its body was being read: nobody reads an answer, and it
    # is not the server's error (no traceback in the log; uvicorn drops what is sent).
    if not isinstance(exc, ClientDisconnect):  # registered for ClientDisconnect only
        raise exc
    logger.debug("client disconnected during %s %s", request.method, request.url.path)
    return error_response(400, "client_disconnected", "The client disconnected mid-request.")


async def _on_crash(_request: Request, exc: Exception) -> Response:
    logger.error("request failed", exc_info=exc)
    return error_response(
        500, "internal_error", "Internal server error; the details are in the server log."
    )


def _open_history(settings: Settings) -> HistoryStore | None:
    try:
        return HistoryStore(settings.home / "history")
    except NotImplementedError:  # the interface is in, the implementation still to come
        return None


def create_app(
    settings: Settings, store: Store | None = None, history: HistoryStore | None = None
) -> Starlette:
    """The server as an ASGI app. Opens (and on shutdown closes) a store and a history
    store (``app.state.store``, ``app.state.history``) unless given them."""
    owns_store = store is None
    the_store = store or Store.open(
        settings.database_url, home=settings.home, max_spec_bytes=settings.max_spec_bytes
    )
    owns_history = history is None
    the_history = history or _open_history(settings)
    ingest.signer_for(settings)  # the signing secret, made now rather than mid-run
    access_log = logging.getLogger("uvicorn.access")  # share-link tokens stay out of it
    if not any(isinstance(f, RedactAccessTokens) for f in access_log.filters):
        access_log.addFilter(RedactAccessTokens())
    anonymous = the_store.ensure_user(default_username()) if settings.no_auth else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owns_store:
                the_store.close()
            if owns_history and the_history is not None:
                the_history.close()

    app = Starlette(
        routes=[
            Route("/", pages.home, methods=["GET"]),
            Route("/healthz", _healthz, methods=["GET"]),
            Route("/graphql", graphql_endpoint, methods=["POST"]),
            Route("/graphql", _graphql_get, methods=["GET"]),
            Mount(
                "/api/v1",
                routes=[
                    *api.routes,
                    *api_runs.routes,
                    *api_run.routes,
                    *api_media.routes,
                    *panel_data.routes,
                    *api_artifacts.routes,
                ],
            ),
            *ingest.routes,
            *artifacts.routes,
            *(fixtures.routes if settings.test_fixtures else []),
            *pages.routes,  # the viewer's pages, last: /{entity}/{project} matches widely
        ],
        middleware=[
            Middleware(BodyLimitMiddleware, settings=settings),
            Middleware(OriginMiddleware, settings=settings),  # before any key is read
            Middleware(
                AuthMiddleware,
                store=the_store,
                settings=settings,
                anonymous=anonymous,
                public_paths=fixtures.PUBLIC_PATHS if settings.test_fixtures else frozenset(),
            ),
        ],
        exception_handlers={
            ApiError: _on_api_error,
            StoreError: _on_store_error,
            HTTPException: _on_http_error,
            ClientDisconnect: _on_disconnect,
            Exception: _on_crash,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = the_store
    app.state.history = the_history
    app.state.view_overlay = None  # api.ViewOverlay: panelbank preview's unsaved views
    return app
