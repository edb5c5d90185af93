"""Sections and workspaces tell their edits apart as panels do (one pristine state each).

A loaded object writes its stored JSON back untouched until it is edited, by assignment
or in place, and writes the edit (only the edit) afterwards; undoing the edit gives the
stored JSON back. These tests cover what the sections and the workspace hold: their own
settings, their lists of panels and sections, and the run set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.backends.memory import MemoryBackend
from wandb_workspaces._pristine import shape, unchanged

APP_SPEC = json.loads((Path(__file__).parent / "fixtures" / "app_written_spec.json").read_text())

JSON = dict[str, Any]


def load() -> ws.Workspace:
    return ws.Workspace.from_spec(APP_SPEC, entity="e", project="p", name="App view")


def sections_of(spec: JSON) -> list[JSON]:
    sections: list[JSON] = spec["section"]["panelBankConfig"]["sections"]
    return sections


def written_spec() -> JSON:
    """A spec this library writes (every stored value in its canonical form)."""
    spec: JSON = ws.Workspace(
        "e", "p",
        sections=[
            ws.Section(name="A", panels=[wr.LinePlot(y=["loss"]), wr.BarPlot(metrics=["acc"])]),
            ws.Section(name="B", panels=[wr.MarkdownPanel(markdown="notes")]),
        ],
        runset_settings=ws.RunsetSettings(run_settings={"r1": ws.RunSettings(color="red")}),
    ).to_spec()  # fmt: skip
    return spec


def test_a_loaded_workspace_is_unchanged_down_to_its_panels() -> None:
    written = written_spec()
    workspace = ws.Workspace.from_spec(written, entity="e", project="p")
    assert unchanged(workspace)
    assert workspace.to_spec() == written
    plot = workspace.sections[0].panels[0]
    assert isinstance(plot, wr.LinePlot)
    plot.title = "edited"
    assert not unchanged(plot)
    assert not unchanged(workspace.sections[0])
    assert not unchanged(workspace)
    assert unchanged(workspace.sections[1])


def test_an_unknown_panel_is_unchanged_until_its_spec_is_replaced() -> None:
    section = load().sections[0]
    unknown = section.panels[2]
    assert isinstance(unknown, wr.UnknownPanel)
    assert unchanged(unknown)
    unknown.spec["config"]["added"] = 1  # in place: the stored JSON itself is edited
    assert unchanged(unknown)
    assert section.to_spec()["panels"][2]["config"]["added"] == 1
    unknown.spec = {"viewType": "Other"}
    assert not unchanged(unknown)
    assert section.to_spec()["panels"][2] == {"viewType": "Other"}


def test_the_pristine_state_keeps_the_lists_not_their_items() -> None:
    workspace = load()
    section = workspace.sections[0]
    pristine = section._pristine
    assert pristine is not None
    panels = pristine[shape(ws.Section).slots.index("panels")]
    assert panels == section.panels and panels is not section.panels
    assert all(kept is panel for kept, panel in zip(panels, section.panels, strict=True))
    assert shape(ws.Section).items == ("panels",)
    assert shape(ws.Workspace).items == ("sections",)


Edit = Callable[[ws.Workspace], None]


def _set_columns(workspace: ws.Workspace) -> None:
    workspace.sections[0].layout_settings.columns = 5  # in place, a nested settings object


def _rename_section(workspace: ws.Workspace) -> None:
    workspace.sections[1].name = "Renamed"


def _append_panel(workspace: ws.Workspace) -> None:
    workspace.sections[0].panels.append(wr.MarkdownPanel(markdown="new"))


def _drop_section(workspace: ws.Workspace) -> None:
    del workspace.sections[1]


def _recolor_run(workspace: ws.Workspace) -> None:
    workspace.runset_settings.run_settings["run1"].color = "#00ff00"  # deep, in place


def _max_runs(workspace: ws.Workspace) -> None:
    workspace.settings.max_runs = 3


@pytest.mark.parametrize(
    ("edit", "check"),
    [
        pytest.param(
            _set_columns,
            lambda spec: sections_of(spec)[0]["flowConfig"]["columnsPerPage"] == 5,
            id="section-settings-in-place",
        ),
        pytest.param(
            _rename_section, lambda spec: sections_of(spec)[1]["name"] == "Renamed", id="name"
        ),
        pytest.param(
            _append_panel,
            lambda spec: sections_of(spec)[0]["panels"][-1]["config"]["value"] == "new",
            id="panel-appended",
        ),
        pytest.param(_drop_section, lambda spec: len(sections_of(spec)) == 1, id="section-deleted"),
        pytest.param(
            _recolor_run,
            lambda spec: "#00ff00" in json.dumps(spec["section"]["customRunColors"]),
            id="run-color-in-place",
        ),
        pytest.param(
            _max_runs,
            lambda spec: spec["section"]["settings"]["maxRuns"] == 3,
            id="workspace-settings",
        ),
    ],
)
def test_an_edit_is_written_and_nothing_else_changes(
    edit: Edit, check: Callable[[JSON], bool]
) -> None:
    workspace = load()
    edit(workspace)
    spec = workspace.to_spec()
    assert check(spec)
    # Every section the edit did not touch is written back as it was stored.
    stored = {section["__id__"]: section for section in sections_of(APP_SPEC)}
    for section, written in zip(workspace.sections, sections_of(spec), strict=True):
        if unchanged(section):
            assert written == stored[written["__id__"]]
    assert spec["section"]["runSets"][0]["filters"] == APP_SPEC["section"]["runSets"][0]["filters"]


def test_undoing_edits_writes_the_stored_spec_again() -> None:
    workspace = load()
    section = workspace.sections[0]
    columns = section.layout_settings.columns
    section.layout_settings.columns = columns + 1
    panel = section.panels.pop()
    assert workspace.to_spec() != APP_SPEC
    section.layout_settings.columns = columns
    section.panels.append(panel)
    assert workspace.to_spec() == APP_SPEC


def test_a_section_moved_to_a_new_workspace_writes_its_stored_json() -> None:
    section = load().sections[0]
    fresh = ws.Workspace("e", "p", sections=[section])
    written = sections_of(fresh.to_spec())[0]
    assert written == sections_of(APP_SPEC)[0]


@pytest.fixture
def memory_backend() -> Iterator[MemoryBackend]:
    backend = MemoryBackend()
    ws.configure(backend=backend)
    yield backend
    ws.configure()


def test_after_a_save_undoing_an_edit_is_written(memory_backend: MemoryBackend) -> None:
    # The saved spec holds the edit; undoing it afterwards must be written too, though
    # the section is then as it was loaded.
    workspace = ws.Workspace.from_spec(written_spec(), entity="e", project="p")
    section = workspace.sections[1]
    section.name = "Edited"
    workspace.save()
    section.name = "B"
    assert all(unchanged(item) for item in workspace.sections)  # as loaded, not as saved
    assert sections_of(workspace.to_spec())[1]["name"] == "B"
    section.name = "Edited"
    assert sections_of(workspace.to_spec())[1]["name"] == "Edited"
