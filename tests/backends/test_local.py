"""The library against the embedded store (LocalBackend), in a tmp PANELBANK_HOME."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.store.backend import LocalBackend
from tests.vectors import vector_params
from wandb_workspaces.backends import get_backend
from wandb_workspaces.errors import (
    AmbiguousViewError,
    ConflictError,
    NotFoundError,
    UnsupportedViewError,
)


def workspace(name: str = "W") -> ws.Workspace:
    return ws.Workspace(
        entity="ent",
        project="proj",
        name=name,
        sections=[ws.Section(name="S", panels=[wr.LinePlot(x="Step", y=["val_loss"])])],
    )


def test_nothing_configured_means_the_store_under_panelbank_home(isolated: Path) -> None:
    w = workspace().save()
    backend = get_backend()
    assert isinstance(backend, LocalBackend)
    assert backend.home == isolated / "panelbank"
    assert (isolated / "panelbank" / "panelbank.db").exists()
    assert w.url == f"http://127.0.0.1:8080/ent/proj?nw={w._internal_name[3:-2]}"


def test_panelbank_url_names_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELBANK_URL", "http://example.test:9000/")
    w = workspace().save()
    assert w.url.startswith("http://example.test:9000/ent/proj?nw=")


def test_save_then_from_url_gives_the_same_spec() -> None:
    w = workspace().save()
    loaded = ws.Workspace.from_url(w.url)
    assert loaded.to_spec() == w.to_spec()
    assert (loaded.name, loaded._internal_id, loaded._internal_name) == (
        "W",
        w._internal_id,
        w._internal_name,
    )


@pytest.mark.parametrize("vector", vector_params())
def test_every_vector_survives_save_and_load(vector: dict[str, Any]) -> None:
    w = ws.Workspace.from_spec(vector["spec"], entity="ent", project="proj", name="V")
    sorts = w.settings.sort_panels_alphabetically
    with pytest.warns(UserWarning, match="sort_panels_alphabetically") if sorts else nullcontext():
        w.save()
        assert ws.Workspace.from_url(w.url).to_spec() == vector["spec"]
        w.save()  # saving again, unchanged, writes the same spec
        assert ws.Workspace.from_url(w.url).to_spec() == vector["spec"]


def test_edit_and_save_again_updates_the_same_view() -> None:
    w = workspace().save()
    view_id = w._internal_id
    w.sections.append(ws.Section(name="Second"))
    w.settings.max_runs = 20
    w.save()
    assert w._internal_id == view_id
    loaded = ws.Workspace.from_url(w.url)
    assert [s.name for s in loaded.sections] == ["S", "Second"]
    assert loaded.settings.max_runs == 20
    loaded.sections[0].name = "Renamed"
    loaded.save()
    again = ws.Workspace.from_url(w.url)
    assert [s.name for s in again.sections] == ["Renamed", "Second"]
    assert again.settings.max_runs == 20


def test_unknown_keys_survive_repeated_saves() -> None:
    spec = workspace().to_spec()
    spec["section"]["appOnlyKey"] = {"kept": True}
    spec["section"]["panelBankConfig"]["sections"][0]["appOnly"] = 1
    w = ws.Workspace.from_spec(spec, entity="ent", project="proj", name="W").save()
    w.settings.max_runs = 5
    w.save()
    w.sections[0].is_open = True
    w.save()
    stored = ws.Workspace.from_url(w.url).to_spec()
    assert stored["section"]["appOnlyKey"] == {"kept": True}
    assert stored["section"]["panelBankConfig"]["sections"][0]["appOnly"] == 1
    assert stored["section"]["settings"]["maxRuns"] == 5
    assert stored["section"]["panelBankConfig"]["sections"][0]["isOpen"] is True


def test_save_as_new_view_makes_a_second_view() -> None:
    w = workspace().save()
    first_url, first_id = w.url, w._internal_id
    assert w.save_as_new_view() is w
    assert w._internal_id != first_id
    assert w.url != first_url
    urls = {info.url for info in ws.Workspace.list("ent", "proj")}
    assert urls == {first_url, w.url}


def test_list_shows_id_name_display_name_url_and_time() -> None:
    first = workspace("First").save()
    second = workspace("Second").save()
    infos = ws.Workspace.list("ent", "proj")
    assert [info.display_name for info in infos] == ["Second", "First"]
    assert infos[0] == ws.ViewInfo(
        id=second._internal_id,
        name=second._internal_name,
        display_name="Second",
        url=second.url,
        updated_at=infos[0].updated_at,
    )
    assert infos[1].url == first.url
    assert infos[0].updated_at is not None


def test_list_of_an_unknown_project_names_it() -> None:
    with pytest.raises(NotFoundError, match="Project ent/none not found"):
        ws.Workspace.list("ent", "none")


def test_delete() -> None:
    w = workspace().save()
    url = w.url
    w.delete()
    assert ws.Workspace.list("ent", "proj") == []
    with pytest.raises(NotFoundError, match="not found in project ent/proj"):
        ws.Workspace.from_url(url)
    with pytest.raises(NotFoundError, match="has not been saved"):
        w.delete()
    w.save()  # a deleted workspace can be saved again, as a new view
    assert len(ws.Workspace.list("ent", "proj")) == 1


def test_conflict_between_two_loaded_copies_and_force() -> None:
    url = workspace().save().url
    mine = ws.Workspace.from_url(url)
    theirs = ws.Workspace.from_url(url)
    theirs.name = "Theirs"
    theirs.save()
    mine.name = "Mine"
    with pytest.raises(ConflictError, match=r"save\(force=True\) overwrites.*from_url"):
        mine.save()
    assert ws.Workspace.from_url(url).name == "Theirs"
    mine.save(force=True)
    assert ws.Workspace.from_url(url).name == "Mine"
    mine.save()  # its own save moved its marker on
    with pytest.raises(ConflictError, match="changed by someone else"):
        theirs.save()


def test_save_after_moving_to_another_project_creates_a_view_there() -> None:
    w = workspace().save()
    original = w.url
    w.project = "other"
    w.save()
    assert w.url != original
    assert len(ws.Workspace.list("ent", "proj")) == 1
    assert len(ws.Workspace.list("ent", "other")) == 1


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/ent/proj", id="plain"),
        pytest.param("/ent/proj/", id="trailing-slash"),
        pytest.param("/ent/proj/workspace", id="workspace"),
    ],
)
def test_from_url_path_shapes(path: str) -> None:
    w = workspace().save()
    view_id = w._internal_name[3:-2]
    loaded = ws.Workspace.from_url(f"https://wandb.ai{path}?nw={view_id}")
    assert loaded._internal_id == w._internal_id


def test_from_url_errors_name_what_is_wrong() -> None:
    with pytest.raises(UnsupportedViewError, match=r"has no \?nw=<id>"):
        ws.Workspace.from_url("https://wandb.ai/ent/proj")
    with pytest.raises(UnsupportedViewError, match="does not currently support user views"):
        ws.Workspace.from_url("https://wandb.ai/ent/proj?nw=nwuserme")
    with pytest.raises(NotFoundError, match="Project ent/proj not found"):
        ws.Workspace.from_url("https://wandb.ai/ent/proj?nw=abc")


def test_load_by_view_id_or_display_name() -> None:
    w = workspace("Baseline").save()
    view_id = w._internal_name[3:-2]
    assert ws.Workspace.load("ent", "proj", view=view_id)._internal_id == w._internal_id
    assert ws.Workspace.load("ent", "proj", view=w._internal_name)._internal_id == w._internal_id
    loaded = ws.Workspace.load("ent", "proj", display_name="Baseline")
    assert loaded.to_spec() == w.to_spec()
    with pytest.raises(NotFoundError, match="did you mean 'Baseline'"):
        ws.Workspace.load("ent", "proj", display_name="Baseln")
    workspace("Baseline").save()
    with pytest.raises(AmbiguousViewError, match="2 workspaces in ent/proj are named 'Baseline'"):
        ws.Workspace.load("ent", "proj", display_name="Baseline")
    with pytest.raises(TypeError, match="exactly one of view"):
        ws.Workspace.load("ent", "proj")


def test_configure_local_with_a_home(tmp_path: Path) -> None:
    backend = ws.configure(local=True, home=tmp_path / "elsewhere")
    assert isinstance(backend, LocalBackend)
    workspace().save()
    assert (tmp_path / "elsewhere" / "panelbank.db").exists()
    assert not (tmp_path / "panelbank").exists()


def test_save_logs_the_url(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="wandb_workspaces"):
        w = workspace().save()
    assert caplog.messages == [f"View saved: {w.url}"]


def test_warnings_while_saving_point_at_the_caller() -> None:
    w = workspace()
    w.settings.sort_panels_alphabetically = True
    with pytest.warns(UserWarning, match="sort_panels_alphabetically") as record:
        w.save()
    assert record[0].filename == __file__
