"""The application's settings: one typed object, each field an environment variable.

Every field reads ``PANELBANK_<NAME>`` (``PANELBANK_PORT=9000``) and its description is the
``--help`` line of the matching command-line option::

    settings = load_settings(port=9000)      # overrides beat the environment
    settings.public_url                      # 'http://127.0.0.1:9000'
"""

from __future__ import annotations

import getpass
import ipaddress
import re
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "SettingsError", "default_username", "is_loopback", "load_settings"]

MiB = 1024 * 1024


class SettingsError(ValueError):
    """A setting has a value the application cannot run with; the message says which and why."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_username() -> str:
    """The user the first ``panelbank serve`` creates: the login name, made URL-safe."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        login = ""
    name = re.sub(r"[^a-z0-9_-]+", "-", login.lower()).strip("-")
    return name or "local"


class Settings(BaseSettings):
    """What the server, the command line and the embedded store are configured with."""

    model_config = SettingsConfigDict(env_prefix="PANELBANK_", extra="forbid", frozen=True)

    home: Path = Field(
        default_factory=lambda: Path("~/.panelbank").expanduser(),
        description="Folder for panelbank's data (the SQLite database). [env: PANELBANK_HOME]",
    )
    database_url: str = Field(
        default="",
        description=(
            "SQLAlchemy database URL; default sqlite:///<home>/panelbank.db. "
            "[env: PANELBANK_DATABASE_URL]"
        ),
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address to bind; loopback unless you mean to share. [env: PANELBANK_HOST]",
    )
    port: int = Field(
        default=8080, ge=0, le=65535, description="TCP port to listen on. [env: PANELBANK_PORT]"
    )
    no_auth: bool = Field(
        default=False,
        description=(
            "Accept requests without an API key (loopback hosts only). [env: PANELBANK_NO_AUTH]"
        ),
    )
    test_fixtures: bool = Field(
        default=False,
        description=(
            "Answer W&B's test fixture protocol (GET /ready and /health, POST /db/user, "
            "/db/organization, /db/team; a user's API key is its name) so the wandb SDK's "
            "own system tests run against this server. For tests only; loopback hosts "
            "only. [env: PANELBANK_TEST_FIXTURES]"
        ),
    )
    public_url: str = Field(
        default="",
        description=(
            "URL printed and used in links; default http://<host>:<port>. "
            "[env: PANELBANK_PUBLIC_URL]"
        ),
    )
    max_spec_bytes: int = Field(
        default=16 * MiB,
        gt=0,
        description="Largest view spec accepted, in bytes. [env: PANELBANK_MAX_SPEC_BYTES]",
    )

    max_upload_bytes: int = Field(
        default=1024 * MiB,
        gt=0,
        description=(
            "Largest run file accepted on an upload URL, in bytes. "
            "[env: PANELBANK_MAX_UPLOAD_BYTES]"
        ),
    )

    max_body_bytes: int = Field(
        default=4 * MiB,
        gt=0,
        description=(
            "Largest request body accepted on the JSON API and /login, in bytes (GraphQL "
            "allows twice max_spec_bytes). [env: PANELBANK_MAX_BODY_BYTES]"
        ),
    )
    graphql_max_tokens: int = Field(
        default=2000,
        gt=0,
        description=(
            "Most lexical tokens in one GraphQL document. [env: PANELBANK_GRAPHQL_MAX_TOKENS]"
        ),
    )
    graphql_max_depth: int = Field(
        default=10,
        gt=0,
        description=(
            "Deepest nesting of fields in one GraphQL operation. [env: PANELBANK_GRAPHQL_MAX_DEPTH]"
        ),
    )
    graphql_max_cost: int = Field(
        default=1000,
        gt=0,
        description=(
            "Highest cost of one GraphQL operation: a field counts 1 (a spec, config or "
            "history 10), ten times under a list. [env: PANELBANK_GRAPHQL_MAX_COST]"
        ),
    )
    graphql_time_limit: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Seconds one GraphQL request may run; fields resolved later fail. "
            "[env: PANELBANK_GRAPHQL_TIME_LIMIT]"
        ),
    )
    shutdown_timeout: int = Field(
        default=10,
        ge=0,
        description=(
            "Seconds a stopping server waits for running requests before it exits anyway. "
            "[env: PANELBANK_SHUTDOWN_TIMEOUT]"
        ),
    )

    @model_validator(mode="after")
    def _derive_and_check(self) -> Settings:
        # frozen model: fill the derived defaults through object.__setattr__
        home = self.home.expanduser()
        object.__setattr__(self, "home", home)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{home / 'panelbank.db'}")
        if not self.public_url:
            host = f"[{self.host}]" if ":" in self.host else self.host
            object.__setattr__(self, "public_url", f"http://{host}:{self.port}")
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        if self.no_auth and not is_loopback(self.host):
            raise ValueError(
                f"no_auth is only allowed on a loopback host, not {self.host!r}: anyone who "
                "can reach the server could change every workspace. Bind 127.0.0.1 or "
                "create a key with `panelbank keys create`."
            )
        if self.test_fixtures and not is_loopback(self.host):
            raise ValueError(
                f"test_fixtures is only allowed on a loopback host, not {self.host!r}: it "
                "lets anyone who can reach the server create users whose API key is their "
                "name. Bind 127.0.0.1."
            )
        return self


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with ``overrides`` (None values skipped) on top.

    Raises :class:`SettingsError` with one readable line per bad field.
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{field}: {message}" if field != "settings" else message)
        raise SettingsError("; ".join(lines)) from None
