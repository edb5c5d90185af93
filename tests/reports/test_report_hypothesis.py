"""Round trips over generated reports (hypothesis): every declaration's spec loads and
writes back identically, also from the loaded objects' fields alone."""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wandb_workspaces.reports.v2 as wr
from tests.reports.report_gen import report_source
from tests.reports.test_report_vectors import declare


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_generated_reports_round_trip(rng: random.Random) -> None:
    spec = declare(report_source(rng)).to_spec()
    assert json.loads(json.dumps(spec)) == spec  # plain JSON
    loaded = wr.Report.from_spec(spec, entity="ent", project="proj")
    assert loaded.to_spec() == spec
    assert loaded._wire() == spec
    assert not any(isinstance(block, wr.UnknownBlock) for block in loaded.blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False), text=st.text(min_size=1, max_size=20))
def test_an_edit_is_written_and_undoing_it_writes_the_stored_spec(
    rng: random.Random, text: str
) -> None:
    spec = declare(report_source(rng)).to_spec()
    loaded = wr.Report.from_spec(spec, entity="ent", project="proj")
    loaded.blocks.insert(0, wr.P(text))
    assert loaded.to_spec()["blocks"][1] == {"type": "paragraph", "children": [{"text": text}]}
    del loaded.blocks[0]
    assert loaded.to_spec() == spec
