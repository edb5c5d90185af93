"""Users and API keys: created, hashed, looked up, listed, revoked."""

from __future__ import annotations

import hashlib
import re
from datetime import timezone
from pathlib import Path

from panelbank.store import Store

KEY_SHAPE = re.compile(r"local-[0-9a-f]{40}")


def test_ensure_user_creates_user_and_entity(store: Store) -> None:
    user = store.ensure_user("ann", email="ann@example.com", admin=True)
    assert (user.username, user.email, user.name, user.admin) == (
        "ann",
        "ann@example.com",
        "ann",
        True,
    )
    assert store.list_entities() == ["ann"]
    again = store.ensure_user("ann", email="other@example.com")
    assert again == user  # existing users are returned unchanged


def test_create_api_key(store: Store) -> None:
    key = store.create_api_key("bob", "laptop")
    assert KEY_SHAPE.fullmatch(key)
    user = store.user_for_api_key(key)
    assert user is not None
    assert user.username == "bob"
    assert store.list_entities() == ["bob"]
    assert store.create_api_key("bob") != key


def test_wrong_keys_authenticate_nobody(store: Store) -> None:
    key = store.create_api_key("bob")
    assert store.user_for_api_key(key[:-1] + ("0" if key[-1] != "0" else "1")) is None
    assert store.user_for_api_key("") is None
    assert store.user_for_api_key(key.upper()) is None
    assert store.user_for_api_key("x" * 10_000) is None


def test_list_and_revoke(store: Store) -> None:
    first = store.create_api_key("ann", "one")
    second = store.create_api_key("bob", "two")
    keys = store.list_api_keys()
    assert [(k.username, k.description, k.prefix) for k in keys] == [
        ("ann", "one", first[:14]),
        ("bob", "two", second[:14]),
    ]
    assert all(k.created_at.tzinfo is timezone.utc and not k.revoked for k in keys)
    assert [k.username for k in store.list_api_keys("bob")] == ["bob"]
    assert store.list_api_keys("nobody") == []
    assert store.count_api_keys() == 2

    assert store.revoke_api_key(keys[0].id)
    assert not store.revoke_api_key(keys[0].id)  # already revoked
    assert not store.revoke_api_key(9999)
    assert store.user_for_api_key(first) is None
    assert store.user_for_api_key(second) is not None
    assert store.count_api_keys() == 1
    assert [k.username for k in store.list_api_keys()] == ["bob"]
    listed = store.list_api_keys(include_revoked=True)
    assert [(k.username, k.revoked) for k in listed] == [("ann", True), ("bob", False)]


def test_only_the_hash_is_stored(tmp_path: Path) -> None:
    store = Store.open(home=tmp_path)
    keys = [store.create_api_key("ann", f"key {n}") for n in range(5)]
    store.close()  # checkpoints the WAL into the main file
    data = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.is_file())
    assert hashlib.sha256(keys[0].encode()).hexdigest().encode() in data
    for key in keys:
        assert key.encode() not in data
        assert key[14:].encode() not in data  # nor the secret part beyond the shown prefix


def test_keys_in_a_live_wal(tmp_path: Path) -> None:
    # Same check while the store is open (the new rows are in the -wal file).
    store = Store.open(home=tmp_path)
    try:
        key = store.create_api_key("ann")
        data = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.is_file())
        assert key.encode() not in data
        assert key[6:].encode() not in data
    finally:
        store.close()
