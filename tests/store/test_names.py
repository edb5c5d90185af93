"""Names follow W&B's rules (store.names), on every store path that creates one, on both
backends; text no database can hold (lone surrogates, NUL) is a StoreError, never a crash."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from panelbank.store import InvalidNameError, InvalidTextError, Store
from panelbank.store.names import check_name, check_run_name
from wandb_workspaces.errors import WorkspacesError

from .conftest import spec_json

HOSTILE = [
    pytest.param("../..", "contains /", id="dotdot-path"),
    pytest.param("..", "is a relative path", id="dotdot"),
    pytest.param(".", "is a relative path", id="dot"),
    pytest.param("a/b", "contains /", id="slash"),
    pytest.param("a\\b", r"contains \\", id="backslash"),
    pytest.param("a?b#c", "contains # ?", id="query"),
    pytest.param("100%", "contains %", id="percent"),
    pytest.param("a:b", "contains :", id="colon"),
    pytest.param("a\x00b", "control character U[+]0000", id="nul"),
    pytest.param("a\nb", "control character U[+]000A", id="newline"),
    pytest.param("a\x7fb", "control character U[+]007F", id="delete"),
    pytest.param("a\ud800b", "lone surrogate U[+]D800", id="surrogate"),
    pytest.param(" padded", "starts or ends with whitespace", id="space"),
    pytest.param("x" * 129, "is 129 characters long; the limit is 128", id="long"),
]
EMPTY = pytest.param("", "must be a non-empty string", id="empty")


@pytest.mark.parametrize(
    "name", ["my-project_v2.1", "Team A", "résumé", "数据", "x" * 128, "a.b", "a+b", "nw-abc-v"]
)
def test_good_names(name: str) -> None:
    assert check_name("project", name) == name
    assert check_run_name(name.replace(" ", "-")) == name.replace(" ", "-")


@pytest.mark.parametrize(("name", "problem"), [*HOSTILE, EMPTY])
def test_hostile_names_say_what_is_wrong_and_the_rules(name: str, problem: str) -> None:
    with pytest.raises(InvalidNameError, match=f"the entity name .*{problem}") as caught:
        check_name("entity", name)
    if name:
        assert "names are 1 to 128 characters" in str(caught.value)


@pytest.mark.parametrize("name", ["a;b", "a,b", "it's"])
def test_run_ids_follow_wandbs_run_id_rule(name: str) -> None:
    check_name("project", name)  # fine as a project name
    with pytest.raises(InvalidNameError, match=r"run ids are .* without any of / \\ # \? % : ; ,"):
        check_run_name(name)


@pytest.mark.parametrize(("name", "problem"), HOSTILE)
def test_no_store_path_creates_a_hostile_name(
    store: Store, row_counts: Any, name: str, problem: str
) -> None:
    before = row_counts(store)
    spec = spec_json()
    writes: list[Callable[[], object]] = [
        lambda: store.ensure_project(name, "p"),
        lambda: store.ensure_project("e", name),
        lambda: store.ensure_user(name),
        lambda: store.create_api_key(name),
        lambda: store.upsert_view(
            entity=name, project="p", name="v", display_name="W", type="project-view", spec=spec
        ),
        lambda: store.upsert_view(
            entity="e", project=name, name="v", display_name="W", type="project-view", spec=spec
        ),
        lambda: store.upsert_view(
            entity="e", project="p", name=name, display_name="W", type="project-view", spec=spec
        ),
        lambda: store.upsert_run(name, "p", "r"),
        lambda: store.upsert_run("e", name, "r"),
        lambda: store.upsert_run("e", "p", name),
    ]
    for write in writes:
        with pytest.raises(InvalidNameError, match=problem):
            write()
    assert row_counts(store) == before
    assert store.list_entities() == []


@pytest.mark.parametrize("text", ["e\x00", "e\ud800"], ids=["nul", "surrogate"])
def test_looking_up_unstorable_text_is_a_store_error(store: Store, text: str) -> None:
    # SQLite looks NUL up (and finds nothing); PostgreSQL refuses it: both are not a crash
    for lookup in (
        lambda: store.get_project(text, "p"),
        lambda: store.list_projects(text),
        lambda: store.get_run("e", "p", text),
        lambda: store.find_views(text, "p"),
    ):
        try:
            assert not lookup()
        except InvalidTextError as exc:
            assert "cannot be stored" in str(exc)


def test_unstorable_text_in_other_fields_is_a_store_error(store: Store) -> None:
    with pytest.raises(InvalidTextError, match=r"'\\ud800', a lone surrogate"):
        store.upsert_run("e", "p", "r", display_name="bad \ud800")
    store.upsert_run("e", "p", "r", display_name="fine")
    with pytest.raises(InvalidTextError, match="lone surrogate"):
        store.upsert_run("e", "p", "r", notes="bad \ud800")
    try:  # SQLite stores NUL in text; PostgreSQL refuses it
        store.upsert_run("e", "p", "r", notes="bad \x00")
    except InvalidTextError as exc:
        assert "NUL character (U+0000)" in str(exc)


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[None]:
    ws.configure(local=True, home=tmp_path / "embedded")
    yield
    ws.configure()


@pytest.mark.usefixtures("embedded")
def test_the_library_save_refuses_hostile_names() -> None:
    with pytest.raises(WorkspacesError, match=r"the entity name '\.\./\.\.' contains /"):
        ws.Workspace(entity="../..", project="p", name="W").save()
    with pytest.raises(WorkspacesError, match=r"the project name 'a\?b' contains \?"):
        ws.Workspace(entity="e", project="a?b", name="W").save()
