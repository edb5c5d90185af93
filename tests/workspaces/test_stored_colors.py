"""Stored run colours (``customRunColors``): every colour the W&B app writes loads and is
written back unchanged; a value that is CSS beyond a colour (``url(...)``, ``;``) is refused
with the key and what colours look like."""

from __future__ import annotations

from typing import Any

import pytest

import wandb_workspaces.workspaces as ws
from wandb_workspaces._colors import check_stored_color
from wandb_workspaces.errors import SpecValidationError


def spec_with(colors: dict[str, Any]) -> dict[str, Any]:
    spec = ws.Workspace(entity="e", project="p", name="W").to_spec()
    spec["section"]["customRunColors"] = colors
    return spec


@pytest.mark.parametrize(
    "color",
    [
        "#ff0000",
        "#F0a",
        "#11223344",
        "rgb(83, 135, 221)",
        "rgba(83,135,221,0.5)",
        "rgb(100% 0% 0% / 50%)",
        "hsl(210, 65%, 60%)",
        "hsla(210 65% 60% / .4)",
        "oklch(70% 0.1 250)",
        "color(display-p3 1 0 0)",
        "red",
        "RebeccaPurple",
        "transparent",
        "currentColor",
        "",
    ],
)
def test_colours_the_app_writes_load_and_save_unchanged(color: str) -> None:
    assert check_stored_color(color) is None
    spec = spec_with({"run1": color, "ref": {"type": "run-colors", "id": "abc"}})
    loaded = ws.Workspace.from_spec(spec, entity="e", project="p", name="W")
    assert loaded.to_spec()["section"]["customRunColors"] == spec["section"]["customRunColors"]


@pytest.mark.parametrize(
    "color",
    [
        "url(http://127.0.0.1:9/pixel)",
        "red;background-image:url(//evil.example/x)",
        "red; background: red",
        "rgb(1,2,3) url(x)",
        "rgb(url(x))",
        "image-set('x.png' 1x)",
        'red" onmouseover="x',
        "var(--x)",
        "expression(alert(1))",
        "red}body{background:red",
        "\\75 rl(x)",
        "red/*",
        "#" + "f" * 100,
    ],
)
def test_css_beyond_a_colour_is_refused(color: str) -> None:
    assert check_stored_color(color) is not None
    with pytest.raises(
        SpecValidationError, match=r"section\.customRunColors\['run1'\]: .* is not a colour"
    ):
        ws.Workspace.from_spec(spec_with({"run1": color}), entity="e", project="p", name="W")


def test_group_colour_keys_are_checked_too() -> None:
    key = "run-color-group:abc:" + "x" * 8
    with pytest.raises(
        SpecValidationError, match=r"url\(\), quotes, ';' and other CSS are refused"
    ):
        ws.Workspace.from_spec(
            spec_with({key: "url(//evil.example/x)"}), entity="e", project="p", name="W"
        )
