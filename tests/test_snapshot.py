"""``_snapshot``: detached copies that compare equal until the original is edited."""

from __future__ import annotations

from typing import Any

import wandb_workspaces.reports.v2 as wr
from wandb_workspaces._snapshot import detach, snapshot


def test_snapshot_equals_the_original_and_shares_nothing_mutable() -> None:
    plot = wr.LinePlot(y=["a"], line_colors={"r": {"color": "#fff"}}, layout=wr.Layout(x=1))
    copy = snapshot(plot)
    assert copy == plot and type(copy) is wr.LinePlot
    assert copy.y is not plot.y and copy.layout is not plot.layout
    assert copy.line_colors is not None and plot.line_colors is not None
    assert copy.line_colors["r"] is not plot.line_colors["r"]


def test_every_kind_of_in_place_edit_is_seen() -> None:
    edits: list[Any] = [
        lambda p: p.y.append("b"),
        lambda p: p.layout.__setattr__("w", 4),
        lambda p: p.line_colors["r"].update(color="#000"),
        lambda p: p.__setattr__("title", "new"),
    ]
    for edit in edits:
        plot = wr.LinePlot(y=["a"], line_colors={"r": {"color": "#fff"}})
        copy = snapshot(plot)
        edit(plot)
        assert copy != plot


def test_detach_copies_json_and_objects_but_shares_frozen_values() -> None:
    metric = wr.Config("lr")
    value: dict[str, Any] = {"a": [1, {"b": 2}], "m": metric, "t": (1, [2])}
    copied = detach(value)
    assert copied == value
    assert copied["a"][1] is not value["a"][1] and copied["t"][1] is not value["t"][1]
    assert copied["m"] is metric
    points = [wr.GradientPoint("#fff", 5)]
    assert detach(points)[0] is not points[0] and detach(points) == points
