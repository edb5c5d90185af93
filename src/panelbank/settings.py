"""The application's settings: one typed object, each field an environment variable.

Every field reads ``PANELBANK_<NAME>`` (``PANELBANK_PORT=9000``) and its description is the
``--help`` line of the matching command-line option::

    settings = load_settings(port=9000)      # overrides beat the environment
    settings.public_url                      # 'http://127.0.0.1:9000'
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = [
    "LOOPBACK_NAMES",
    "Settings",
    "SettingsError",
    "default_home",
    "default_username",
    "is_loopback",
    "load_settings",
    "normalise_host",
    "url_host",
]

MiB = 1024 * 1024
#: the names a loopback server answers to without --allowed-host
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


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


def normalise_host(host: str) -> str:
    """A host name or address as sockets take it: lower case, IPv6 without brackets
    (``[::1]`` and ``::1`` are both ``::1``)."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def url_host(host: str) -> str:
    """``host`` as it is written in a URL: IPv6 addresses in brackets."""
    return f"[{host}]" if ":" in host else host


def default_home() -> Path:
    """Where panelbank keeps its data when no ``--home`` is given: ``$PANELBANK_HOME``, else
    ``~/.panelbank``. The settings, the store and the library's embedded backend all use it."""
    env = os.environ.get("PANELBANK_HOME")
    return Path(env).expanduser() if env else Path.home() / ".panelbank"


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
        default_factory=default_home,
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
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "Another name the server is reached under (the Host header), besides loopback "
            "names and the public URL's host; repeat or separate with commas, '*' for any "
            "(only behind a proxy that checks Host). [env: PANELBANK_ALLOWED_HOSTS]"
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
        # the SDK's ProjectArtifacts (api.artifacts) nests 11 deep
        default=12,
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
    blob_store: str = Field(
        default="",
        description=(
            "Where artifact files are kept: a folder (default <home>/blobs) or "
            "s3://bucket/prefix (needs panelbank[s3]; endpoint and keys from AWS_* "
            "variables). [env: PANELBANK_BLOB_STORE]"
        ),
    )
    artifact_storage_regions: str = Field(
        default="default",
        description=(
            "Storage regions artifacts may name (storage_region=...), comma-separated: "
            "every one is the blob store above; an artifact naming another is refused. "
            "[env: PANELBANK_ARTIFACT_STORAGE_REGIONS]"
        ),
    )
    signing_secret: str = Field(
        default="",
        repr=False,
        description=(
            "Secret that signs upload and download URLs, the same on every replica "
            "(at least 32 characters); default the file signing_secret_file names. "
            "[env: PANELBANK_SIGNING_SECRET]"
        ),
    )
    signing_secret_file: Path | None = Field(
        default=None,
        description=(
            "File holding the signing secret, shared by replicas; default "
            "<home>/upload-secret, made on first start. [env: PANELBANK_SIGNING_SECRET_FILE]"
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

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        # "a,b" from the environment, ("a", "b,c") from repeated command-line options
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            return value
        names = [normalise_host(part) for item in items for part in str(item).split(",")]
        return tuple(name for name in names if name)

    @field_validator("host", mode="after")
    @classmethod
    def _normalise_host(cls, value: str) -> str:
        return normalise_host(value)

    @property
    def served_hosts(self) -> frozenset[str]:
        """The names the server answers to (the ``Host`` header without its port):
        loopback names, the bound address, the public URL's host and ``allowed_hosts``."""
        names = {*LOOPBACK_NAMES, *self.allowed_hosts}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(self.host)
        public = urlsplit(self.public_url).hostname
        if public:
            names.add(public)
        return frozenset(names)

    @model_validator(mode="after")
    def _derive_and_check(self) -> Settings:
        # frozen model: fill the derived defaults through object.__setattr__
        home = self.home.expanduser()
        object.__setattr__(self, "home", home)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{home / 'panelbank.db'}")
        if not self.public_url:
            object.__setattr__(self, "public_url", f"http://{url_host(self.host)}:{self.port}")
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        if self.signing_secret and len(self.signing_secret) < 32:
            raise ValueError(
                "signing_secret must be at least 32 characters (it signs upload and download "
                "URLs); make one with `python -c 'import secrets; print(secrets.token_hex())'`"
            )
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
