"""``panelbank keys create|list|revoke``: API keys, managed in the store directly."""

from __future__ import annotations

from typing import Any

import click

from ..settings import default_username
from ._base import CliError, open_store, settings_from, store_options

__all__ = ["keys_group"]


@click.group("keys")
def keys_group() -> None:
    """Create, list and revoke API keys."""


@keys_group.command("create")
@click.option("--user", "username", default=None, help="Whose key (created if missing).")
@click.option("--description", default="", help="A note to recognise the key by.")
@store_options
def keys_create(username: str | None, description: str, **options: Any) -> None:
    """Create an API key and print it (shown only this once)."""
    store = open_store(settings_from(**options))
    try:
        user = username or default_username()
        key = store.create_api_key(user, description)
    finally:
        store.close()
    click.echo(key)
    click.echo(f"API key for user {user!r}; it is shown only once, keep it.", err=True)


@keys_group.command("list")
@click.option("--user", "username", default=None, help="Only this user's keys.")
@store_options
def keys_list(username: str | None, **options: Any) -> None:
    """List API keys (id, user, prefix, created, description); never the secrets."""
    store = open_store(settings_from(**options))
    try:
        keys = store.list_api_keys(username)
    finally:
        store.close()
    if not keys:
        click.echo("no API keys; create one with: panelbank keys create", err=True)
        return
    for key in keys:
        created = key.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{key.id}\t{key.username}\t{key.prefix}…\t{created}\t{key.description}")


@keys_group.command("revoke")
@click.argument("key_id", type=int, metavar="ID")
@store_options
def keys_revoke(key_id: int, **options: Any) -> None:
    """Revoke the key with this ID (see `panelbank keys list`)."""
    store = open_store(settings_from(**options))
    try:
        revoked = store.revoke_api_key(key_id)
    finally:
        store.close()
    if not revoked:
        raise CliError(f"no active API key with id {key_id}; see `panelbank keys list`")
    click.echo(f"revoked API key {key_id}")
