"""Reports in the store: view types, drafts, deleting with drafts, share-link tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from panelbank.store import InvalidNameError, InvalidViewTypeError, NotFoundError, Store, StoreError
from panelbank.store.engine import create_engine, resolve_url
from panelbank.store.migrations import migrate
from panelbank.store.reports import MAX_TOKEN_PROJECTS

REPORT_SPEC = '{"version":5,"blocks":[{"type":"paragraph","children":[{"text":"hi"}]}]}'


def report(store: Store, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "entity": "e",
        "project": "p",
        "name": "",
        "display_name": "My report",
        "type": "runs",
        "spec": REPORT_SPEC,
        "description": "about",
    }
    arguments.update(overrides)
    view, _inserted = store.upsert_view(**arguments)
    return view


def test_a_report_is_stored_byte_for_byte_with_its_description(store: Store) -> None:
    spec = '{ "blocks" : [],\n "width": "fluid" }'
    view = report(store, spec=spec)
    assert (view.type, view.spec, view.description) == ("runs", spec, "about")
    assert view.name.startswith("nw-")
    assert store.get_view(view.id) == view


@pytest.mark.parametrize("bad", ["", "panel", "runs/", "Runs", "project-view "])
def test_unknown_view_types_are_refused_naming_the_valid_ones(
    store: Store, row_counts: Any, bad: str
) -> None:
    before = row_counts(store)
    with pytest.raises(InvalidViewTypeError, match=r"'project-view', 'runs', 'runs/draft'"):
        report(store, type=bad)
    assert row_counts(store) == before


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param("[]", r"must be a JSON object, got array", id="array"),
        pytest.param("{", r"not valid JSON", id="broken"),
        pytest.param('"x"', r"must be a JSON object, got string", id="string"),
    ],
)
def test_a_report_spec_must_be_a_json_object(store: Store, spec: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        report(store, spec=spec)


def test_a_draft_of_a_published_report_leaves_the_report_alone(store: Store) -> None:
    published = report(store)
    draft, inserted = store.upsert_view(
        id=published.id,
        entity="e",
        project="p",
        name="fresh",
        display_name="My report",
        type="runs/draft",
        spec='{"blocks":[1]}',
    )
    assert inserted and draft.id != published.id
    assert (draft.type, draft.parent_pk, draft.spec) == (
        "runs/draft",
        published.pk,
        '{"blocks":[1]}',
    )
    assert store.get_view(published.id) == published
    # the next draft save of the report updates the same draft
    again, inserted = store.upsert_view(
        id=published.id,
        entity="e",
        project="p",
        name="other",
        display_name="My report",
        type="runs/draft",
        spec='{"blocks":[2]}',
    )
    assert (again.id, again.version, inserted) == (draft.id, 2, False)
    assert store.find_views("e", "p", type="runs") == [published]


def test_publishing_a_draft_updates_its_report_and_deletes_the_draft(store: Store) -> None:
    published = report(store)
    draft = report(store, id=published.id, type="runs/draft", spec='{"blocks":[3]}')
    view, inserted = store.upsert_view(
        id=draft.id,
        entity="e",
        project="p",
        name="",
        display_name="Renamed",
        type="runs",
        spec='{"blocks":[3]}',
    )
    assert (view.id, view.spec, view.display_name, inserted) == (
        published.id,
        '{"blocks":[3]}',
        "Renamed",
        False,
    )
    assert store.get_view(draft.id) is None


def test_deleting_a_report_deletes_its_drafts_and_tokens(store: Store) -> None:
    published = report(store)
    draft = report(store, id=published.id, type="runs/draft")
    token = store.create_access_token(published.id, [("e", "p")])
    assert store.delete_report(published.id, delete_drafts=True) == (True, False)
    assert store.get_view(draft.id) is None
    assert store.find_access_token(token.token) is None
    assert store.delete_report(published.id, delete_drafts=True) == (False, False)


def test_deleting_a_report_without_its_drafts_reports_them_pending(store: Store) -> None:
    published = report(store)
    draft = report(store, id=published.id, type="runs/draft")
    assert store.delete_report(published.id, delete_drafts=False) == (True, True)
    kept = store.get_view(draft.id)
    assert kept is not None and kept.parent_pk is None


def test_share_tokens_are_created_listed_updated_and_revoked(store: Store) -> None:
    published = report(store)
    token = store.create_access_token(
        published.id, [("e", "p"), ("e", "q"), ("e", "p")], username="u"
    )
    assert len(token.token) >= 40 and token.active
    assert (token.type, token.projects, token.view_id) == (
        "PUBLIC",
        (("e", "p"), ("e", "q")),
        published.id,
    )
    assert store.access_tokens(published.id) == [token]
    assert store.set_access_token_projects(token.token, [("f", "r")])
    assert store.find_access_token(token.token).projects == (("f", "r"),)  # type: ignore[union-attr]
    assert store.revoke_access_token(token.token)
    revoked = store.find_access_token(token.token)
    assert revoked is not None and not revoked.active and revoked.revoked_at is not None
    assert not store.revoke_access_token(token.token)
    assert not store.set_access_token_projects(token.token, [("e", "p")])
    assert not store.revoke_access_token("no-such-token")
    assert store.find_access_token("x" * 65) is None
    second = store.create_access_token(published.id, [])
    assert [t.token for t in store.access_tokens(published.id)] == [token.token, second.token]


def test_share_tokens_need_a_report(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"no report with id 'VmlldzoxMjM='"):
        store.create_access_token("VmlldzoxMjM=", [])
    workspace = report(store, type="project-view", spec='{"section":{}}', name="nw-w-v")
    with pytest.raises(StoreError, match=r"is a 'project-view', not a report"):
        store.create_access_token(workspace.id, [])


def test_share_token_projects_are_checked(store: Store) -> None:
    published = report(store)
    with pytest.raises(InvalidNameError, match=r"project name"):
        store.create_access_token(published.id, [("e", "a/b")])
    many = [("e", f"p{i}") for i in range(MAX_TOKEN_PROJECTS + 1)]
    with pytest.raises(StoreError, match=rf"at most {MAX_TOKEN_PROJECTS} projects"):
        store.create_access_token(published.id, many)
    assert store.access_tokens(published.id) == []


def test_project_description_is_kept(store: Store) -> None:
    created = store.upsert_project("e", "p", description="first")
    assert created.description == "first"
    assert store.upsert_project("e", "p", description=None).description == "first"
    assert store.upsert_project("e", "p", description="").description == ""
    assert store.get_project("e", "p") == store.upsert_project("e", "p", description=None)


def test_a_level_5_database_keeps_its_views_through_migration_6(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'panelbank.db'}"
    engine = create_engine(resolve_url(url))
    assert migrate(engine, target=5) == 5
    now = "2024-01-01 00:00:00"
    with engine.begin() as connection:  # a project and a report as level 5 stored them
        for statement in (
            f"INSERT INTO entities (id, name, created_at) VALUES (1, 'e', '{now}')",
            f"INSERT INTO projects (id, entity_id, name, created_at) VALUES (1, 1, 'p', '{now}')",
            "INSERT INTO views (id, project_id, name, display_name, type, description, spec, "
            f"version, created_at, updated_at, created_by) VALUES (1, 1, 'nw-a-v', 'R', 'runs', "
            f"'', '{{}}', 1, '{now}', '{now}', '')",
        ):
            connection.execute(sa.text(statement))
    engine.dispose()
    with Store.open(url) as store:
        project = store.get_project("e", "p")
        assert project is not None and project.description == ""
        (view,) = store.find_views("e", "p", type="runs")
        assert (view.name, view.spec, view.parent_pk) == ("nw-a-v", "{}", None)
        assert store.create_access_token(view.id, [("e", "p")]).active
