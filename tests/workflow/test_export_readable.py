"""Readable exports (issue 14): a legacy filter tree, a disabled filter item, an extra run
set and app-only keys are exported as the typed ``ws.Workspace(...)`` plus a patch of
only what no class models; over every workspace vector, export → run → the same spec."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from panelbank.workflow.document import DocumentError, from_document
from panelbank.workflow.export import export_text
from panelbank.workflow.identity import without_ids
from panelbank.workflow.patch import PatchError, apply_patch, spec_patch
from tests.vectors import vector_params

from .test_export import FORMATS, rebuild, spec_of

LEAF = {"key": {"section": "config", "name": "lr"}, "op": "=", "value": 0.01, "disabled": False}


def _runset(spec: dict[str, Any]) -> dict[str, Any]:
    runset: dict[str, Any] = spec["section"]["runSets"][0]
    return runset


def legacy_tree(spec: dict[str, Any]) -> None:
    _runset(spec)["filters"] = {"op": "OR", "filters": [{"op": "AND", "filters": [LEAF]}]}


def disabled_item(spec: dict[str, Any]) -> None:
    filters = _runset(spec).setdefault("filters", {"filterFormat": "filterV2", "filters": []})
    items = filters.setdefault("filters", [])
    if items:
        items[-1]["disabled"] = True
    else:
        items.append({**LEAF, "disabled": True})


def extra_runset(spec: dict[str, Any]) -> None:
    spec["section"]["runSets"].append(
        {"id": "second", "name": "Baselines", "enabled": False, "runFeed": {"version": 2}}
    )


def app_only_keys(spec: dict[str, Any]) -> None:
    spec["section"]["appOnlySetting"] = {"pinnedView": True}
    _runset(spec)["appOnlyRunsetKey"] = [1, 2]


CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "legacy-tree": legacy_tree,
    "disabled-item": disabled_item,
    "extra-runset": extra_runset,
    "app-only-keys": app_only_keys,
}


@pytest.mark.filterwarnings("ignore:settings.sort_panels_alphabetically:UserWarning")
@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("vector", vector_params())
def test_typed_code_and_a_patch(vector: dict[str, Any], change: str, tmp_path: Path) -> None:
    spec = copy.deepcopy(vector["spec"])
    CHANGES[change](spec)
    workspace = ws.Workspace.from_spec(spec, entity="e", project="p", name=vector["displayName"])
    for fmt in FORMATS:
        text = export_text(workspace, fmt)
        assert spec_of(rebuild(text, fmt, tmp_path)) == without_ids(spec), fmt
    script = export_text(workspace, "python")
    assert script.count("ws.Workspace(") == 1  # the typed workspace, then the patch
    assert script.index("workspace = ws.Workspace(") < script.index("spec = workspace.to_spec()")
    assert '"__id__"' not in script
    document = json.loads(export_text(workspace, "json"))
    assert "from_spec" not in document and document["spec_patch"]
    assert all(op["path"].startswith("/section/") for op in document["spec_patch"])


def test_the_patch_is_only_what_differs() -> None:
    written = {"a": {"b": 1, "c": [1, 2], "d": "x", "e": 0}, "f": True}
    stored = {"a": {"b": 2, "c": [1, 2, 3], "d": "x", "e": 0}, "f": True}
    steps = spec_patch(written, stored)
    assert [(s.op, s.path, s.value) for s in steps] == [
        ("replace", ("a", "b"), 2),
        ("add", ("a", "c", 2), 3),
    ]
    assert spec_patch({"x": 1}, {"x": True})[0].value is True  # true is not 1


def test_patch_errors_name_the_operation() -> None:
    with pytest.raises(PatchError, match=r"spec_patch\[0\]: 'nope' is not in the spec"):
        apply_patch({"a": {}}, [{"op": "replace", "path": "/nope/x", "value": 1}])
    with pytest.raises(PatchError, match=r"spec_patch\[1\]: index '5' is outside the list \(1\)"):
        apply_patch(
            {"a": [0]}, [{"op": "add", "path": "/b", "value": 1}, {"op": "remove", "path": "/a/5"}]
        )
    with pytest.raises(PatchError, match=r"a JSON Pointer starts with '/'"):
        apply_patch({}, [{"op": "add", "path": "a", "value": 1}])
    with pytest.raises(PatchError, match=r"spec_patch\[0\]: an operation is \{op: add\|replace"):
        apply_patch({}, [{"op": "move", "path": "/a"}])
    with pytest.raises(DocumentError, match=r"spec_patch\[0\]: replace needs a value"):
        from_document(
            {"entity": "e", "project": "p", "spec_patch": [{"op": "replace", "path": "/section"}]}
        )
