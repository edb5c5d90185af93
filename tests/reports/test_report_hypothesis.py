"""Round trips over generated reports (hypothesis): every declaration's spec loads and
writes back identically, also from the loaded objects' fields alone."""

from __future__ import annotations

import copy
import json
import random
import warnings
from typing import Any

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


_TYPES = [
    "paragraph", "heading", "list", "code-block", "markdown-block", "latex", "image",
    "callout-block", "video", "horizontal-rule", "spotify", "soundcloud", "gallery",
    "panel-grid", "table-of-contents", "block-quote", "twitter", "weave-panel", "other",
]  # fmt: skip
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
_keys = st.sampled_from([
    "children", "text", "level", "url", "content", "language", "links", "metadata", "config",
    "collapsedChildren", "html", "spotifyID", "x",
])  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(
        st.builds(
            lambda kind, extra: {"type": kind, **extra},
            st.sampled_from(_TYPES),
            st.dictionaries(_keys, _json, max_size=4),
        ),
        max_size=4,
    )
)
def test_any_stored_block_loads_and_writes_back_unchanged(blocks: list[dict[str, object]]) -> None:
    spec = {"version": 5, "blocks": blocks, "width": "readable"}
    report = wr.Report.from_spec(spec, entity="ent", project="proj")
    assert report.to_spec() == spec


def _stored_blocks() -> list[Any]:
    from tests.reports.app_specs import app_spec
    from tests.vectors import report_goldens

    blocks: list[Any] = [block for record in report_goldens() for block in record["spec"]["blocks"]]
    blocks += app_spec()["blocks"]
    return blocks


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=_json)
def test_a_stored_block_with_any_value_changed_writes_back_unchanged(
    data: st.DataObject, value: Any
) -> None:
    """A block of a known shape with one value replaced anywhere (an app of another
    version, a hand edit): it loads, as its class or as an UnknownBlock, and writes back."""
    block = copy.deepcopy(data.draw(st.sampled_from(_stored_blocks())))
    path = data.draw(st.sampled_from(_paths(block)[1:]))
    target = block
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    spec = {"version": 5, "blocks": [block]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a panel that no longer fits its class says so
        report = wr.Report.from_spec(spec, entity="ent", project="proj")
    assert report.to_spec() == spec
