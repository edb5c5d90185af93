"""Reports against the official wandb-workspaces 0.4.13 (run in its own venv).

* the golden report records (tests/golden/reports) are what the official library writes
  today, and its runner reproduces the shared report vectors;
* for random reports (tests/reports/report_gen.py, seeded): our declaration writes the
  official spec; the official spec loads in ours and writes back identically; and our spec
  loads in the official library and is written back identically, except where the
  official loader itself loses a value (:func:`as_official_reads_it`).
"""

from __future__ import annotations

import functools
import random
import warnings
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
from tests.reports.report_gen import report_source
from tests.reports.test_report_vectors import declare
from tests.vectors import (
    normalise_report_ids,
    report_golden_params,
    report_vector_params,
    report_vectors,
)

from .report_goldens import golden_record, run_official_reports

pytestmark = pytest.mark.official

SEEDS = range(60)
EMPTY_P = {"type": "paragraph", "children": [{"text": ""}]}


def _ours(source: str) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. the '<' filter note, which both print
        return declare(source).to_spec()


@functools.cache
def _official(python: str) -> dict[str, Any]:
    """Every official answer these tests need, from one run of the official runner."""
    declarations = [{"name": f"seed:{seed}", "source": report_source(random.Random(seed))}
                    for seed in SEEDS]  # fmt: skip
    declarations += [{"name": f"vector:{v['name']}", "source": v["source"]}
                     for v in report_vectors()]  # fmt: skip
    from .report_cases import REPORT_CASES

    declarations += [{"name": f"case:{c['name']}", "source": c["source"]} for c in REPORT_CASES]
    loads = [{"name": f"load:{seed}", "spec": _ours(report_source(random.Random(seed))),
              "entity": "ent", "project": "proj"} for seed in SEEDS]  # fmt: skip
    results = run_official_reports(python, declarations + loads)
    return {result["name"]: result for result in results}


@pytest.fixture(scope="module")
def official(official_python: str) -> dict[str, Any]:
    return _official(official_python)


@pytest.mark.parametrize("record", report_golden_params())
def test_report_goldens_are_current(record: dict[str, Any], official: dict[str, Any]) -> None:
    now = golden_record(record["name"], record["source"], official[f"case:{record['name']}"])
    assert now == record, "tests/golden/reports is stale: rerun scripts/make-goldens"


@pytest.mark.parametrize("vector", report_vector_params())
def test_runner_reproduces_report_vectors(vector: dict[str, Any], official: dict[str, Any]) -> None:
    got = official[f"vector:{vector['name']}"]
    assert got["error"] is None and got["displayName"] == vector["displayName"]
    assert normalise_report_ids(got["spec"]) == normalise_report_ids(vector["spec"])


@pytest.mark.parametrize("seed", SEEDS)
def test_random_declaration_writes_the_official_spec(seed: int, official: dict[str, Any]) -> None:
    got = official[f"seed:{seed}"]
    assert got["error"] is None
    ours = _ours(report_source(random.Random(seed)))
    assert normalise_report_ids(ours) == normalise_report_ids(got["spec"])


@pytest.mark.parametrize("seed", SEEDS)
def test_official_spec_round_trips_in_ours(seed: int, official: dict[str, Any]) -> None:
    spec = official[f"seed:{seed}"]["spec"]
    assert wr.Report.from_spec(spec, entity="ent", project="proj").to_spec() == spec


def as_official_reads_it(spec: Any) -> Any:
    """``spec`` as the official loader gives it back: it does not read ``width``, reads an
    empty list as a new bulleted one, empty collapsed blocks as none, and a code block
    without a language as Python."""
    if isinstance(spec, list):
        return [as_official_reads_it(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {key: as_official_reads_it(value) for key, value in spec.items()}
    if "discussionThreads" in out:
        out["width"] = "readable"
    kind = out.get("type")
    if kind == "list" and out.get("children") == []:
        item = {"type": "list-item", "children": [{"type": "paragraph", "children": [
            {"text": ""}]}]}  # fmt: skip
        return {"type": "list", "children": [item]}
    if kind == "heading" and out.get("collapsedChildren") == []:
        del out["collapsedChildren"]
    if kind == "code-block" and "language" not in out:
        out["language"] = "python"
        for line in out["children"]:
            line["language"] = "python"
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_our_spec_round_trips_in_the_official_library(seed: int, official: dict[str, Any]) -> None:
    got = official[f"load:{seed}"]
    assert got["error"] is None
    ours = _ours(report_source(random.Random(seed)))
    assert normalise_report_ids(got["spec"]) == normalise_report_ids(as_official_reads_it(ours))
