"""The repository's golden report records (made by the official library, scripts/make-goldens):
checked offline, so a plain clone without ../shared still tests the report wire format."""

from __future__ import annotations

from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
from tests.reports.test_report_vectors import declare
from tests.vectors import normalise_report_ids, report_golden_params, report_goldens


def test_there_are_golden_reports() -> None:
    assert len(report_goldens()) >= 20


@pytest.mark.parametrize("record", report_golden_params())
def test_declaration_writes_the_official_spec(record: dict[str, Any]) -> None:
    report = declare(record["source"])
    assert (report.title, report.description) == (record["displayName"], record["description"])
    assert normalise_report_ids(report.to_spec()) == normalise_report_ids(record["spec"])


@pytest.mark.parametrize("record", report_golden_params())
def test_official_spec_round_trips_exactly(record: dict[str, Any]) -> None:
    report = wr.Report.from_spec(record["spec"], entity="ent", project="proj")
    assert report.to_spec() == record["spec"]
    assert report._wire() == record["spec"]
