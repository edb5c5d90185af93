"""W&B's test fixture protocol, for running the wandb SDK's own system tests against us.

Enabled only by ``panelbank serve --test-fixtures`` (``Settings.test_fixtures``), which
is refused on anything but a loopback host. The SDK's ``tests/system_tests`` find a
server through two probes and make a fresh user for every test:

* ``GET /ready`` and ``GET /health``: 200 once the server answers;
* ``POST /db/user`` ``{"command": "up", "username": U, "admin": bool}`` creates user *U*
  (with entity *U*) whose API key is the string *U*; ``"password"`` is accepted (there
  are no passwords here), ``"down"`` deletes the user and their keys (their entity and
  its runs stay);
* ``POST /db/organization`` (``up``, ``down``, ``add_members``): accepted; panelbank has
  no organizations, so nothing is stored;
* ``POST /db/team`` ``{"command": "up", "username": U, "fixtureData": {"team":
  {"name": T}, ...}}`` creates the entity *T* (a team: an entity no user is named after).

These paths answer without an API key (the fixture service has none); every other
middleware (body limits, host checks) still applies.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..store import Store, StoreError
from .errors import error_response

__all__ = ["PUBLIC_PATHS", "routes"]

PUBLIC_PATHS = frozenset({"/ready", "/health", "/db/user", "/db/organization", "/db/team"})

_USER_COMMANDS = ("up", "password", "down", "down_all", "login", "logout")
_ORG_COMMANDS = ("up", "down", "add_members")
_TEAM_COMMANDS = ("up", "down")


class _BadCommand(ValueError):
    """A fixture command the server cannot carry out; the message says why."""


async def _ok(_request: Request) -> Response:
    return PlainTextResponse("ok\n")


async def _command(request: Request, path: str, commands: tuple[str, ...]) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise _BadCommand(f'POST {path} takes a JSON object such as {{"command": "up"}}') from None
    if not isinstance(body, dict):
        raise _BadCommand(f"POST {path} takes a JSON object, not {type(body).__name__}")
    command = body.get("command")
    if command not in commands:
        raise _BadCommand(f"POST {path}: command {command!r} is not one of {', '.join(commands)}")
    return body


def _text(body: dict[str, Any], key: str, path: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise _BadCommand(f"POST {path}: {key!r} must be a non-empty string, not {value!r}")
    return value


def _user(store: Store, body: dict[str, Any]) -> None:
    command = body["command"]
    if command in ("down_all", "login", "logout", "password"):
        return  # no passwords or sessions to change; down_all would reach other tests
    username = _text(body, "username", "/db/user")
    if command == "up":
        store.ensure_user(username, admin=body.get("admin") is True)
        store.add_api_key(username, username, "W&B test fixture: the key is the user name")
    else:  # down
        store.delete_user(username)


def _team(store: Store, body: dict[str, Any]) -> None:
    if body["command"] == "down":
        return  # W&B's own "down" removes every team; the organization's down cleans up
    data = body.get("fixtureData")
    team = data.get("team") if isinstance(data, dict) else None
    name = team.get("name") if isinstance(team, dict) else None
    if not isinstance(name, str) or not name:
        raise _BadCommand('POST /db/team: "up" needs {"fixtureData": {"team": {"name": "<team>"}}}')
    store.ensure_entity(name)


async def _handle(request: Request, path: str, commands: tuple[str, ...], work: Any) -> Response:
    try:
        body = await _command(request, path, commands)
        if work is not None:
            await run_in_threadpool(work, request.app.state.store, body)
    except _BadCommand as exc:
        return error_response(400, "bad_request", str(exc))
    except StoreError as exc:
        return error_response(400, "bad_request", f"POST {path}: {exc}")
    return JSONResponse({"ok": True})


async def _db_user(request: Request) -> Response:
    return await _handle(request, "/db/user", _USER_COMMANDS, _user)


async def _db_organization(request: Request) -> Response:
    return await _handle(request, "/db/organization", _ORG_COMMANDS, None)


async def _db_team(request: Request) -> Response:
    return await _handle(request, "/db/team", _TEAM_COMMANDS, _team)


routes = [
    Route("/ready", _ok, methods=["GET"]),
    Route("/health", _ok, methods=["GET"]),
    Route("/db/user", _db_user, methods=["POST"]),
    Route("/db/organization", _db_organization, methods=["POST"]),
    Route("/db/team", _db_team, methods=["POST"]),
]
