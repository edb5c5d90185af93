"""The library against ``panelbank serve`` on a free loopback port (a real socket)."""

from __future__ import annotations

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.backends.conftest import LiveServer
from wandb_workspaces._backends import GraphQLBackend
from wandb_workspaces.errors import AuthenticationError, ConflictError, NotFoundError


@pytest.fixture
def served(live_server: LiveServer) -> LiveServer:
    ws.configure(base_url=live_server.url, api_key=live_server.api_key)
    return live_server


def workspace(name: str = "W") -> ws.Workspace:
    return ws.Workspace(
        entity="ent",
        project="proj",
        name=name,
        sections=[ws.Section(name="S", panels=[wr.LinePlot(x="Step", y=["val_loss"])])],
    )


def test_save_load_edit_save_again_and_save_as_new_view(served: LiveServer) -> None:
    w = workspace().save()
    assert w.url.startswith(f"{served.url}/ent/proj?nw=")
    loaded = ws.Workspace.from_url(w.url)
    assert loaded.to_spec() == w.to_spec()
    assert loaded.name == "W"

    loaded.sections.append(ws.Section(name="Second"))
    loaded.save()
    assert loaded._internal_id == w._internal_id
    assert [s.name for s in ws.Workspace.from_url(w.url).sections] == ["S", "Second"]

    loaded.save_as_new_view()
    assert loaded._internal_id != w._internal_id
    assert {info.url for info in ws.Workspace.list("ent", "proj")} == {w.url, loaded.url}


def test_conflict_and_force(served: LiveServer) -> None:
    url = workspace().save().url
    mine, theirs = ws.Workspace.from_url(url), ws.Workspace.from_url(url)
    theirs.name = "Theirs"
    theirs.save()
    mine.name = "Mine"
    with pytest.raises(ConflictError, match=r"save\(force=True\)"):
        mine.save()
    mine.save(force=True)
    assert ws.Workspace.from_url(url).name == "Mine"


def test_the_server_checks_the_version_itself(served: LiveServer) -> None:
    backend = ws.configure(base_url=served.url, api_key=served.api_key)
    assert isinstance(backend, GraphQLBackend) and backend.checks_versions
    url = workspace().save().url
    mine, theirs = ws.Workspace.from_url(url), ws.Workspace.from_url(url)
    theirs.save()
    with pytest.raises(
        ConflictError,
        match=r"the view 'nw-\w+-v' in ent/proj was changed on 127\.0\.0\.1:\d+ since this "
        r"workspace loaded it \(it is at version 2, loaded at version 1\); "
        r"save\(force=True\) overwrites that change",
    ):
        mine.save()
    theirs.delete()
    with pytest.raises(NotFoundError, match=r"no longer exists .* save_as_new_view\(\) saves"):
        mine.save()
    mine.save_as_new_view()
    assert ws.Workspace.from_url(mine.url).to_spec() == mine.to_spec()


def test_list_load_by_display_name_and_delete(served: LiveServer) -> None:
    w = workspace("Baseline").save()
    assert ws.Workspace.load("ent", "proj", display_name="Baseline").to_spec() == w.to_spec()
    w.delete()
    assert ws.Workspace.list("ent", "proj") == []
    with pytest.raises(NotFoundError, match="not found in project ent/proj"):
        ws.Workspace.load("ent", "proj", view="gone")


def test_unknown_project(served: LiveServer) -> None:
    with pytest.raises(NotFoundError, match="Project ent/none not found"):
        ws.Workspace.from_url(f"{served.url}/ent/none?nw=abc")


def test_wrong_key_is_rejected_with_advice(live_server: LiveServer) -> None:
    ws.configure(base_url=live_server.url, api_key="local-" + "0" * 40)
    with pytest.raises(
        AuthenticationError,
        match=r"the API key was rejected by 127\.0\.0\.1:\d+; check WANDB_API_KEY",
    ):
        workspace().save()
