"""Entities and projects."""

from __future__ import annotations

from datetime import timezone

import pytest

from panelbank.store import InvalidNameError, Store


def test_ensure_project(store: Store) -> None:
    project = store.ensure_project("e", "p")
    assert (project.entity, project.name) == ("e", "p")
    assert project.created_at.tzinfo is timezone.utc
    assert store.ensure_project("e", "p") == project
    assert store.get_project("e", "p") == project


def test_get_missing_project(store: Store) -> None:
    store.ensure_project("e", "p")
    assert store.get_project("e", "q") is None
    assert store.get_project("f", "p") is None


def test_list_entities_and_projects(store: Store) -> None:
    store.ensure_project("zed", "b")
    store.ensure_project("amy", "z")
    store.ensure_project("zed", "a")
    store.ensure_user("moe")
    assert store.list_entities() == ["amy", "moe", "zed"]
    assert [(p.entity, p.name) for p in store.list_projects()] == [
        ("amy", "z"),
        ("zed", "a"),
        ("zed", "b"),
    ]
    assert [p.name for p in store.list_projects("zed")] == ["a", "b"]
    assert store.list_projects("moe") == []
    assert store.list_projects("nobody") == []


def test_names_are_checked(store: Store) -> None:
    with pytest.raises(InvalidNameError, match=r"the entity name must be a non-empty string"):
        store.ensure_project("", "p")
    with pytest.raises(InvalidNameError, match=r"the user name must be a non-empty string"):
        store.ensure_user("")
    assert store.list_entities() == []
