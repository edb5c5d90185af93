"""The pages the server answers to a browser: the viewer's routes, its built static files
and login with an API key (the session cookie is in ``session``).

The front end (``viewer/`` in the repository, TypeScript + uPlot) is built into
``static/`` by the package build (``hatch_build.py``) or ``npm ci && npm run build`` in
``viewer/``. Pages are ``/`` (entities and projects), ``/<entity>/<project>`` (its
workspaces, reports and runs), ``/<entity>/<project>?nw=<id>`` (a workspace) and
``/<entity>/<project>/reports/<Title>--<id>`` (a report); each answers the built
``index.html``, which then reads the JSON API.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..store import Store
from .session import COOKIE, MAX_AGE, session_token

__all__ = ["CSP", "EMBED_HOSTS", "REPORT_CSP", "STATIC_DIR", "home", "routes"]

STATIC_DIR = Path(__file__).parent / "static"
#: the viewer's Content-Security-Policy: its own scripts, styles and API only; no inline
#: script or style attribute (styles are set through the CSSOM), images from itself or data:
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: hosts a report may show in an iframe: the one list, read by the viewer too
EMBED_HOSTS: tuple[str, ...] = tuple(
    json.loads((Path(__file__).parent / "embed_hosts.json").read_text("utf-8"))["frame"]
)
#: a report's page: the same, plus what a report shows from elsewhere: images and videos
#: over https (a report's image blocks name them), iframes from the embed hosts only
REPORT_CSP = (
    CSP.replace("img-src 'self' data:", "img-src 'self' data: https:")
    .replace("object-src", "media-src 'self' https:; object-src")
    .replace(
        "frame-ancestors",
        f"frame-src {' '.join(f'https://{h}' for h in EMBED_HOSTS)}; frame-ancestors",
    )
)
#: the login and not-built pages: static text with inline styles, nothing else
_PLAIN_PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
#: first path segments that are never an entity page
RESERVED = frozenset({"api", "graphql", "static", "login", "logout", "healthz", "sdk", "files"})

NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>panelbank: viewer not built</title>
<body style="font:15px system-ui;max-width:40em;margin:3em auto">
<h1>The viewer is not built</h1>
<p>The server runs, but the browser pages were not built when panelbank was installed
(Node.js and npm were missing). Install Node.js 18+ and npm, then either reinstall
(<code>pip install -e .</code>) or build in place:</p>
<pre>cd viewer &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>The JSON API (<code>/api/v1/</code>) and GraphQL (<code>/graphql</code>) work without it.</p>
</body>"""

LOGIN = """<!doctype html><meta charset="utf-8"><title>panelbank: log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<body style="font:14px system-ui;background:#f4f5f7;display:grid;place-items:center;height:90vh">
<form method="post" action="/login" data-testid="login-form"
 style="background:#fff;padding:24px 28px;border:1px solid #e2e4e8;border-radius:8px;width:22em">
<h1 style="font-size:18px;margin-top:0">panelbank</h1>
<p>Log in with an API key (<code>panelbank keys create</code> on the server machine).</p>
{error}
<input type="hidden" name="next" value="{next}">
<input name="key" type="password" autocomplete="current-password" placeholder="API key" required
 autofocus data-testid="login-key" style="width:100%;padding:6px;margin:4px 0 12px">
<button type="submit" data-testid="login-submit">Log in</button>
</form></body>"""


def _safe_next(value: str | None) -> str:
    # only same-site paths, never //host or a scheme
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _index(csp: str = CSP) -> Response:
    index = STATIC_DIR / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers=_plain_headers())
    headers = {**_HEADERS, "Content-Security-Policy": csp, "Cache-Control": "no-cache"}
    return HTMLResponse(index.read_text("utf-8"), headers=headers)


def _plain_headers() -> dict[str, str]:
    return {**_HEADERS, "Content-Security-Policy": _PLAIN_PAGE_CSP}


async def home(request: Request) -> Response:
    """``/``: the projects page for browsers (log in first), a plain line for others."""
    if not wants_html(request):
        return PlainTextResponse("panelbank server\n")
    if getattr(request.state, "user", None) is None:
        return RedirectResponse("/login?next=/", status_code=303)
    return _index()


async def page(request: Request) -> Response:
    if request.path_params["entity"] in RESERVED:
        return PlainTextResponse(f"Nothing at {request.url.path}.\n", status_code=404)
    return _index()


async def report_page(request: Request) -> Response:
    """``/<entity>/<project>/reports/<Title>--<id>``: the viewer, with the report CSP."""
    if request.path_params["entity"] in RESERVED:
        return PlainTextResponse(f"Nothing at {request.url.path}.\n", status_code=404)
    return _index(REPORT_CSP)


async def login_form(
    request: Request, error: str = "", status: int = 200, next_path: str | None = None
) -> Response:
    next_path = next_path or _safe_next(request.query_params.get("next"))
    notice = f'<p class="error" data-testid="login-error">{html.escape(error)}</p>' if error else ""
    body = LOGIN.replace("{error}", notice).replace("{next}", html.escape(next_path))
    return HTMLResponse(body, status_code=status, headers=_plain_headers())


async def login(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    key = (form.get("key") or [""])[0].strip()
    next_path = _safe_next((form.get("next") or ["/"])[0])
    store: Store = request.app.state.store
    found = await run_in_threadpool(store.key_for_api_key, key) if key else None
    if found is None:
        problem = "That API key is not valid (unknown or revoked)."
        return await login_form(request, problem, 401, next_path)
    response = RedirectResponse(next_path, status_code=303)
    token = await run_in_threadpool(store.open_session, found[1])  # revoking the key ends it
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


async def logout(request: Request) -> Response:
    """End the session on the server (a copy of the cookie is refused from now on) and
    clear the cookie."""
    token = session_token(request.headers.get("cookie"))
    if token is not None:
        store: Store = request.app.state.store
        await run_in_threadpool(store.end_session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


routes: list[BaseRoute] = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Mount("/static", app=StaticFiles(directory=STATIC_DIR, check_dir=False), name="static"),
    Route("/{entity}/{project}", page, methods=["GET"]),
    Route("/{entity}/{project}/runs/{name}", page, methods=["GET"]),  # a run's page
    Route("/{entity}/{project}/reports/{slug}", report_page, methods=["GET"]),
    # an artifact version's page, at the address W&B's app gives it
    Route("/{entity}/{project}/artifacts/{type}/{name}/{version}", page, methods=["GET"]),
]
