"""The shared golden report vectors: each declaration writes the official spec, and each
spec loads and writes back unchanged."""

from __future__ import annotations

from typing import Any

import pytest

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
from tests.vectors import normalise_report_ids, report_vector_params


def declare(source: str) -> wr.Report:
    namespace: dict[str, Any] = {"wr": wr, "expr": expr}
    exec(source, namespace)  # a vector's declaration, as its README says
    report = namespace["report"]
    assert isinstance(report, wr.Report)
    return report


@pytest.mark.parametrize("vector", report_vector_params())
def test_declaration_writes_the_official_spec(vector: dict[str, Any]) -> None:
    report = declare(vector["source"])
    assert report.title == vector["displayName"]
    assert report.description == vector["description"]
    assert normalise_report_ids(report.to_spec()) == normalise_report_ids(vector["spec"])


@pytest.mark.parametrize("vector", report_vector_params())
def test_spec_round_trips_exactly(vector: dict[str, Any]) -> None:
    report = wr.Report.from_spec(
        vector["spec"], entity="ent", project="proj", title=vector["displayName"]
    )
    assert report.to_spec() == vector["spec"]
    # Not by falling back: every block of the vectors loads as its class.
    assert not any(isinstance(block, wr.UnknownBlock) for block in report.blocks)


@pytest.mark.parametrize("vector", report_vector_params())
def test_loaded_report_writes_the_same_without_its_stored_json(vector: dict[str, Any]) -> None:
    """What the loaded objects write from their fields alone is the stored spec too."""
    report = wr.Report.from_spec(vector["spec"], entity="ent", project="proj")
    assert report._wire() == vector["spec"]


@pytest.mark.parametrize("vector", report_vector_params())
def test_declared_report_reads_back_identically(vector: dict[str, Any]) -> None:
    spec = declare(vector["source"]).to_spec()
    again = wr.Report.from_spec(spec, entity="ent", project="proj")
    assert again.to_spec() == spec
    assert again._wire() == spec
