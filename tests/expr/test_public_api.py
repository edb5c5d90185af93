"""The import surface of ``wandb_workspaces.expr``."""

from __future__ import annotations

import wandb_workspaces.expr as expr


def test_all_is_pinned() -> None:
    assert sorted(expr.__all__) == sorted(
        ["Config", "Metric", "Summary", "Tags", "Ordering", "FilterExpr", "Or", "And"]
    )


def test_keysinfo_and_basemetric_are_attributes_but_not_exported() -> None:
    assert expr.KeysInfo("k").section == "keys_info"
    assert issubclass(expr.Metric, expr.BaseMetric)
    assert "KeysInfo" not in expr.__all__


def test_internal_helpers_are_importable() -> None:
    from wandb_workspaces.expr import (  # noqa: F401
        amount_unit_to_seconds,
        filters_to_string,
        groupby_from_key,
        groupby_to_key,
        is_filter_v2,
        legacy_tree_to_v2,
        seconds_to_amount_unit,
        string_to_v2,
        v2_to_string,
    )


def test_package_attribute_access() -> None:
    import wandb_workspaces

    assert wandb_workspaces.expr is expr
