"""Views: upsert, get, find, delete, history and restore, validation, conflicts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timezone
from typing import Any

import pytest

from panelbank.store import (
    ConflictError,
    DuplicateViewError,
    InvalidNameError,
    InvalidSpecError,
    NotFoundError,
    Store,
    view_gid,
)

from .conftest import spec_json

SPEC = spec_json("W", "Charts")
SPEC2 = spec_json("W", "Charts", "More")


def save(store: Store, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "entity": "e",
        "project": "p",
        "name": "nw-abc123def45-v",
        "display_name": "W",
        "type": "project-view",
        "spec": SPEC,
    }
    arguments.update(overrides)
    return store.upsert_view(**arguments)


def test_insert_then_update(store: Store) -> None:
    view, inserted = save(store, username="ann", description="mine")
    assert inserted
    assert (view.entity, view.project, view.name, view.display_name) == (
        "e",
        "p",
        "nw-abc123def45-v",
        "W",
    )
    assert (view.type, view.description, view.spec, view.version) == (
        "project-view",
        "mine",
        SPEC,
        1,
    )
    assert view.created_by == "ann"
    assert view.created_at == view.updated_at
    assert view.created_at.tzinfo is timezone.utc
    assert view.id == view_gid(view.pk)

    updated, inserted = save(store, display_name="W2", spec=SPEC2, username="bob")
    assert not inserted
    assert (updated.pk, updated.version, updated.display_name, updated.spec) == (
        view.pk,
        2,
        "W2",
        SPEC2,
    )
    assert updated.created_at == view.created_at
    assert updated.updated_at >= view.updated_at
    assert updated.created_by == "ann"  # the creator stays; history records each writer


def test_upsert_creates_entity_and_project(store: Store) -> None:
    assert store.get_project("e", "p") is None
    save(store)
    project = store.get_project("e", "p")
    assert project is not None
    assert (project.entity, project.name) == ("e", "p")
    assert store.list_entities() == ["e"]


def test_spec_stored_byte_for_byte(store: Store) -> None:
    # Key order, spacing and non-ASCII text survive exactly as sent.
    data = json.loads(SPEC)
    data["zUnknownKey"] = {"é": "日本語 ✓", "b": [1, 2.50, None]}
    text = json.dumps(data, indent=3, ensure_ascii=False)
    view, _ = save(store, spec=text)
    stored = store.get_view(view.id)
    assert stored is not None
    assert stored.spec == text
    assert store.view_history(view.id)[0].spec == text


def test_update_by_id_keeps_project_and_name(store: Store) -> None:
    view, _ = save(store)
    updated, inserted = save(store, id=view.id, name="", display_name="Renamed", spec=SPEC2)
    assert not inserted
    assert (updated.pk, updated.name, updated.display_name, updated.version) == (
        view.pk,
        view.name,
        "Renamed",
        2,
    )


def test_rename_by_id(store: Store) -> None:
    view, _ = save(store)
    renamed, _ = save(store, id=view.id, name="nw-new-v")
    assert renamed.name == "nw-new-v"
    assert store.find_views("e", "p", name=view.name) == []


def test_rename_onto_another_view_is_refused(store: Store, row_counts: Any) -> None:
    first, _ = save(store, name="nw-one-v")
    save(store, name="nw-two-v")
    before = row_counts(store)
    with pytest.raises(DuplicateViewError, match=r"already named 'nw-two-v'"):
        save(store, id=first.id, name="nw-two-v")
    assert row_counts(store) == before


def test_update_by_unknown_id(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"no view with id"):
        save(store, id=view_gid(999))
    with pytest.raises(NotFoundError, match=r"is not a view id"):
        save(store, id="not-an-id")


def test_insert_without_name_gets_one(store: Store) -> None:
    view, inserted = save(store, name="")
    assert inserted
    assert view.name.startswith("nw-")
    assert view.name.endswith("-v")
    assert len(view.name) == len("nw-") + 11 + len("-v")


def test_get_view(store: Store) -> None:
    view, _ = save(store)
    assert store.get_view(view.id) == view
    assert store.get_view(view_gid(view.pk + 1)) is None
    assert store.get_view("garbage!") is None


def test_find_views_filters_and_order(store: Store) -> None:
    a, _ = save(store, name="nw-a-v", display_name="Alpha")
    b, _ = save(store, name="nw-b-v", display_name="Beta")
    c, _ = save(store, name="nw-c-v", display_name="Alpha", type="runs", spec="{}")
    save(store, project="other", name="nw-d-v")
    a2, _ = save(store, name="nw-a-v", display_name="Alpha")  # now the newest
    assert [view.name for view in store.find_views("e", "p")] == ["nw-a-v", "nw-c-v", "nw-b-v"]
    assert store.find_views("e", "p", type="project-view") == [a2, b]
    assert store.find_views("e", "p", name="nw-b-v") == [b]
    assert store.find_views("e", "p", name="nw-b") == []  # exact names only
    assert store.find_views("e", "p", display_name="Alpha") == [a2, c]
    assert store.find_views("e", "p", display_name="alpha") == []
    assert store.find_views("e", "p", type="runs", display_name="Alpha") == [c]
    assert store.find_views("e", "missing") == []
    assert store.find_views("nobody", "p") == []
    assert a.pk == a2.pk


def test_delete_view_and_history(store: Store, row_counts: Any) -> None:
    view, _ = save(store)
    save(store, spec=SPEC2)
    other, _ = save(store, name="nw-keep-v")
    assert store.delete_view(view.id)
    assert store.get_view(view.id) is None
    assert not store.delete_view(view.id)
    assert not store.delete_view("garbage!")
    counts = row_counts(store)
    assert (counts["views"], counts["view_versions"]) == (1, 1)
    assert store.get_view(other.id) == other
    with pytest.raises(NotFoundError, match=r"no view with id"):
        store.view_history(view.id)


def test_history_and_restore(store: Store) -> None:
    view, _ = save(store, display_name="First", username="ann")
    save(store, display_name="Second", spec=SPEC2, username="bob")
    history = store.view_history(view.id)
    assert [(v.version, v.display_name, v.spec, v.created_by) for v in history] == [
        (1, "First", SPEC, "ann"),
        (2, "Second", SPEC2, "bob"),
    ]
    assert all(v.view_pk == view.pk and v.created_at.tzinfo is timezone.utc for v in history)

    restored = store.restore_view(view.id, 1, username="cy")
    assert (restored.version, restored.display_name, restored.spec) == (3, "First", SPEC)
    latest = store.view_history(view.id)[-1]
    assert (latest.version, latest.display_name, latest.spec, latest.created_by) == (
        3,
        "First",
        SPEC,
        "cy",
    )
    assert store.get_view(view.id) == restored


def test_restore_missing(store: Store) -> None:
    view, _ = save(store)
    with pytest.raises(NotFoundError, match=r"has no version 7; its versions are 1 to 1"):
        store.restore_view(view.id, 7)
    with pytest.raises(NotFoundError, match=r"no view with id"):
        store.restore_view(view_gid(view.pk + 1), 1)
    with pytest.raises(NotFoundError, match=r"is not a view id"):
        store.view_history("garbage!")


def test_expected_version(store: Store, row_counts: Any) -> None:
    view, _ = save(store)
    updated, _ = save(store, spec=SPEC2, expected_version=1)
    assert updated.version == 2
    before = row_counts(store)
    with pytest.raises(ConflictError, match=r"at version 2, not 1 as loaded") as caught:
        save(store, expected_version=1)
    assert caught.value.current_version == 2
    with pytest.raises(ConflictError, match=r"at version 2, not 1"):
        save(store, id=view.id, expected_version=1)
    assert row_counts(store) == before
    assert store.get_view(view.id) == updated


def test_expected_version_of_a_deleted_view(store: Store) -> None:
    view, _ = save(store)
    store.delete_view(view.id)
    with pytest.raises(ConflictError, match=r"no longer exists") as caught:
        save(store, expected_version=1)
    assert caught.value.current_version == 0


BAD_SPECS = [
    pytest.param("project-view", "{not json", r"not valid JSON: .* line 1 column 2", id="json"),
    pytest.param("project-view", "[1, 2]", r"must be a JSON object, got array", id="array"),
    pytest.param("runs", '"text"', r"must be a JSON object, got string", id="string"),
    pytest.param("runs", "", r"not valid JSON", id="empty"),
    pytest.param(
        "project-view", '{"section": 5}', r"'section' is missing or not an object", id="no-section"
    ),
    pytest.param("project-view", "{}", r"'section' is missing", id="empty-object"),
    pytest.param("project-view", "[" * 100_000, r"nested too deeply to read", id="deep"),
    pytest.param("runs", '{"a": "\ud800"}', r"not valid UTF-8 text", id="surrogate"),
    pytest.param("runs", b"{}", r"must be JSON text, got bytes", id="bytes"),
]


@pytest.mark.parametrize(("view_type", "spec", "message"), BAD_SPECS)
def test_invalid_spec_writes_nothing(
    store: Store,
    row_counts: Callable[[Store], dict[str, int]],
    view_type: str,
    spec: Any,
    message: str,
) -> None:
    existing, _ = save(store)
    before = row_counts(store)
    with pytest.raises(InvalidSpecError, match=r"view 'W2' \(.*\) in e/new: .*" + message):
        save(store, project="new", display_name="W2", type=view_type, spec=spec)
    with pytest.raises(InvalidSpecError, match=message):
        save(store, id=existing.id, type=view_type, spec=spec)
    assert row_counts(store) == before
    assert store.get_project("e", "new") is None
    assert store.get_view(existing.id) == existing


def test_other_view_types_need_only_a_json_object(store: Store) -> None:
    view, _ = save(store, type="runs", spec='{"anything": [1]}')
    assert view.spec == '{"anything": [1]}'


def test_spec_size_limit(tmp_path: Any, row_counts: Any) -> None:
    store = Store.open(home=tmp_path, max_spec_bytes=len(SPEC) + 10)
    try:
        save(store)
        before = row_counts(store)
        big = json.loads(SPEC)
        big["padding"] = "x" * 20
        with pytest.raises(InvalidSpecError, match=rf"over the limit of {len(SPEC) + 10} bytes"):
            save(store, spec=json.dumps(big))
        assert row_counts(store) == before
    finally:
        store.close()


def test_default_limit_takes_ten_megabytes(sqlite_store: Store) -> None:
    data = json.loads(SPEC)
    data["padding"] = "x" * (10 * 1024 * 1024)
    view, _ = save(sqlite_store, spec=json.dumps(data))
    assert len(view.spec) > 10 * 1024 * 1024
    data["padding"] = "x" * (17 * 1024 * 1024)
    with pytest.raises(InvalidSpecError, match=r"over the limit of 16777216 bytes"):
        save(sqlite_store, spec=json.dumps(data))


def test_warnings_from_the_library_do_not_escape(store: Store) -> None:
    # sortAlphabetically makes to_spec warn; loading such a spec must not.
    data = json.loads(SPEC)
    data["section"]["panelBankConfig"]["settings"]["sortAlphabetically"] = True
    view, _ = save(store, spec=json.dumps(data))
    assert view.version == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("entity", "", r"the entity name must be a non-empty string", id="entity"),
        pytest.param("project", " ", r"the project name must be a non-empty", id="project"),
        pytest.param("name", "n" * 256, r"the view name .* is 256 characters long", id="name"),
    ],
)
def test_invalid_names(store: Store, row_counts: Any, field: str, value: str, message: str) -> None:
    before = row_counts(store)
    with pytest.raises(InvalidNameError, match=message):
        save(store, **{field: value})
    assert row_counts(store) == before
