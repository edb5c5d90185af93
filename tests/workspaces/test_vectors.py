"""Every golden vector: our library writes the official JSON and reads it back losslessly."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.vectors import normalise_ids, vector_params


def spec_of(workspace: ws.Workspace) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are compared with the official ones in compat/
        return workspace.to_spec()


def run_source(source: str) -> ws.Workspace:
    namespace: dict[str, Any] = {"ws": ws, "wr": wr, "expr": expr}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # vectors that warn are checked in their own tests
        exec(source, namespace)
    workspace = namespace["workspace"]
    assert isinstance(workspace, ws.Workspace)
    return workspace


@pytest.mark.parametrize("vector", vector_params())
def test_source_writes_the_vector_spec(vector: dict[str, Any]) -> None:
    workspace = run_source(vector["source"])
    assert workspace.name == vector["displayName"]
    assert normalise_ids(spec_of(workspace)) == normalise_ids(vector["spec"])


@pytest.mark.parametrize("vector", vector_params())
def test_spec_text_is_identical_to_the_vector(vector: dict[str, Any]) -> None:
    # Beyond equality of parsed JSON: ints stay ints and floats stay floats.
    workspace = run_source(vector["source"])
    ours = json.dumps(normalise_ids(spec_of(workspace)), sort_keys=True)
    theirs = json.dumps(normalise_ids(vector["spec"]), sort_keys=True)
    assert ours == theirs


@pytest.mark.parametrize("vector", vector_params())
def test_vector_round_trips_exactly(vector: dict[str, Any]) -> None:
    workspace = ws.Workspace.from_spec(
        vector["spec"], entity="e", project="p", name=vector["displayName"]
    )
    assert spec_of(workspace) == vector["spec"]
    assert workspace.name == vector["displayName"]


@pytest.mark.parametrize("vector", vector_params())
def test_vector_round_trips_from_json_text(vector: dict[str, Any]) -> None:
    text = json.dumps(vector["spec"])
    workspace = ws.Workspace.from_spec(text, entity="e", project="p")
    assert json.dumps(spec_of(workspace)) == text


@pytest.mark.parametrize("vector", vector_params())
def test_loaded_vector_equals_declared_objects(vector: dict[str, Any]) -> None:
    declared = run_source(vector["source"])
    loaded = ws.Workspace.from_spec(
        vector["spec"], entity=declared.entity, project=declared.project, name=vector["displayName"]
    )
    # The loaded objects write the same spec as the declaration (ids aside).
    assert normalise_ids(loaded._wire()) == normalise_ids(spec_of(declared))
    assert len(loaded.sections) == len(declared.sections)
    for ours, theirs in zip(loaded.sections, declared.sections, strict=True):
        assert ours.name == theirs.name
        assert [type(p) for p in ours.panels] == [type(p) for p in theirs.panels]
