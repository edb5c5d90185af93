"""Export: every format re-creates the spec (ids aside), for every vector and for specs
with keys no class models; golden files pin the formats."""

from __future__ import annotations

import copy
import json
import runpy
import warnings
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from panelbank.workflow.document import from_document
from panelbank.workflow.errors import FileLoadError
from panelbank.workflow.export import export_text
from panelbank.workflow.identity import without_ids
from panelbank.workflow.yaml_io import load_yaml
from tests.vectors import shared_vector, vector_params

from .conftest import check_golden

FORMATS = ["python", "yaml", "json"]


def loaded(vector: dict[str, Any]) -> ws.Workspace:
    return ws.Workspace.from_spec(
        vector["spec"], entity="e", project="p", name=vector["displayName"]
    )


def spec_of(workspace: ws.Workspace) -> Any:
    """The spec, without the warning one vector declares on purpose (sorted panels)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "settings.sort_panels_alphabetically", UserWarning)
        return without_ids(workspace.to_spec())


def rebuild(text: str, fmt: str, tmp_path: Path) -> ws.Workspace:
    if fmt == "python":
        script = tmp_path / "exported.py"
        script.write_text(text)
        workspace: ws.Workspace = runpy.run_path(str(script))["workspace"]
        return workspace
    data = load_yaml(text) if fmt == "yaml" else json.loads(text)
    return from_document(data)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("vector", vector_params())
def test_export_recreates_the_spec(vector: dict[str, Any], fmt: str, tmp_path: Path) -> None:
    text = export_text(loaded(vector), fmt)
    again = rebuild(text, fmt, tmp_path)
    assert spec_of(again) == without_ids(vector["spec"])
    assert (again.entity, again.project, again.name) == ("e", "p", vector["displayName"])
    assert "from_spec" not in text  # every vector is expressible with the classes


@pytest.mark.parametrize("vector", vector_params())
def test_export_is_stable(vector: dict[str, Any], tmp_path: Path) -> None:
    """Export -> run -> export gives the same text."""
    text = export_text(loaded(vector), "python")
    assert export_text(rebuild(text, "python", tmp_path), "python") == text


def with_unknown_keys() -> dict[str, Any]:
    vector = shared_vector("panel_types")
    spec: dict[str, Any] = copy.deepcopy(vector["spec"])
    section = spec["section"]["panelBankConfig"]["sections"][0]
    section["panels"].append(
        {"__id__": "x1", "viewType": "Brand New Panel", "config": {"a": [1, 2]}, "layout": {}}
    )
    section["panels"][0]["config"]["appOnlyPanelKey"] = {"k": True}
    return spec


def test_unknown_panel_type_and_panel_key(tmp_path: Path) -> None:
    spec = with_unknown_keys()
    workspace = ws.Workspace.from_spec(spec, entity="e", project="p", name="U")
    for fmt in FORMATS:
        text = export_text(workspace, fmt)
        assert spec_of(rebuild(text, fmt, tmp_path)) == without_ids(spec)
    script = export_text(workspace, "python")
    assert "wr.UnknownPanel(" in script
    assert script.count("wr.panel_from_spec(") == 1  # only the panel with an app-only key
    assert "ws.Section(" in script  # the section itself stays readable
    assert '"__id__"' not in script


def test_unknown_section_key_falls_back_per_section(tmp_path: Path) -> None:
    vector = shared_vector("many_sections")
    spec = copy.deepcopy(vector["spec"])
    spec["section"]["panelBankConfig"]["sections"][1]["appOnlySectionKey"] = 7
    workspace = ws.Workspace.from_spec(spec, entity="e", project="p", name="S")
    script = export_text(workspace, "python")
    assert script.count("ws.Section.from_spec(") == 1
    assert "ws.Workspace(" in script
    again = rebuild(script, "python", tmp_path)
    assert spec_of(again) == without_ids(spec)


def test_unknown_workspace_key_is_a_patch_after_the_typed_workspace(tmp_path: Path) -> None:
    vector = shared_vector("readme_example")
    spec = copy.deepcopy(vector["spec"])
    spec["section"]["appOnly"] = {"x": 1}
    spec["section"]["runSets"].append({"id": "second", "runFeed": {}})
    workspace = ws.Workspace.from_spec(spec, entity="e", project="p", name="R")
    for fmt in FORMATS:
        text = export_text(workspace, fmt)
        assert spec_of(rebuild(text, fmt, tmp_path)) == without_ids(spec)
    script = export_text(workspace, "python")
    assert script.index("workspace = ws.Workspace(") < script.index("spec = workspace.to_spec()")
    assert 'spec["section"]["appOnly"] = {"x": 1}' in script
    assert "spec_patch:" in export_text(workspace, "yaml")


def test_only_non_default_arguments() -> None:
    workspace = ws.Workspace(entity="e", project="p", name="Empty")
    script = export_text(workspace, "python")
    assert 'workspace = ws.Workspace(entity="e", project="p", name="Empty")\n' in script
    assert "import wandb_workspaces.reports.v2" not in script
    assert export_text(workspace, "yaml") == "entity: e\nproject: p\nname: Empty\n"


@pytest.mark.parametrize(
    ("vector_name", "fmt", "golden"),
    [
        pytest.param("lineplot_full", "python", "lineplot_full.py.txt", id="lineplot-python"),
        pytest.param("lineplot_full", "yaml", "lineplot_full.yaml", id="lineplot-yaml"),
        pytest.param("groupby_order", "json", "groupby_order.json", id="groupby-json"),
        pytest.param("panel_types", "yaml", "panel_types.yaml", id="panel-types-yaml"),
        pytest.param("filters_nested", "python", "filters_nested.py.txt", id="filters-python"),
        pytest.param("run_settings", "yaml", "run_settings.yaml", id="run-settings-yaml"),
    ],
)
def test_golden_exports(vector_name: str, fmt: str, golden: str) -> None:
    vector = shared_vector(vector_name)
    check_golden(f"export_{golden}", export_text(loaded(vector), fmt))


def test_golden_export_with_unknown_keys() -> None:
    workspace = ws.Workspace.from_spec(with_unknown_keys(), entity="e", project="p", name="U")
    check_golden("export_unknown_keys.py.txt", export_text(workspace, "python"))


def test_bad_documents_name_the_key() -> None:
    base = {"entity": "e", "project": "p", "name": "W"}
    bad_panel = {**base, "sections": [{"name": "S", "panels": [{"type": "LinePlt"}]}]}
    with pytest.raises(FileLoadError, match=r"type 'LinePlt' \(did you mean 'LinePlot'\?\)"):
        from_document(bad_panel)
    with pytest.raises(
        FileLoadError,
        match=r"settings.smoothin_type: WorkspaceSettings has no field 'smoothin_type' "
        r"\(did you mean 'smoothing_type'\?\)",
    ):
        from_document({**base, "settings": {"smoothin_type": "gaussian"}})
    with pytest.raises(FileLoadError, match=r"'project' is required"):
        from_document({"entity": "e"})
    with pytest.raises(FileLoadError, match=r"groupby\[0\]: a metric is one of \{run: NAME\}"):
        from_document({**base, "runset_settings": {"groupby": [{"cfg": "lr"}]}})


def test_unknown_format_and_public_names() -> None:
    import panelbank.workflow as workflow
    from panelbank.workflow.errors import ExportError

    with pytest.raises(ExportError, match=r"unknown export format 'toml'; one of python, yaml"):
        export_text(ws.Workspace(entity="e", project="p"), "toml")
    assert workflow.__all__ == [
        "Declared",
        "ExportError",
        "FileLoadError",
        "MatchError",
        "StaleViewError",
        "WorkflowError",
        "export_text",
        "load_file",
        "load_files",
    ]
