"""The report API's public names: where the official package has them, the same objects."""

from __future__ import annotations

import subprocess
import sys

import pytest

import wandb_workspaces.reports.v2 as wr

# Reachable only as wr.interface.X in the official package (vectors README); ours has both.
INTERFACE_ONLY = ["GalleryURL", "GalleryReport", "Spotify", "SoundCloud", "Twitter"]


@pytest.mark.parametrize("name", [*wr.interface.__all__])
def test_interface_names_are_the_package_names(name: str) -> None:
    value = getattr(wr.interface, name)
    if name in wr.__all__:
        assert getattr(wr, name) is value


def test_interface_only_names_are_in_both_places() -> None:
    for name in INTERFACE_ONLY:
        assert getattr(wr, name) is getattr(wr.interface, name)


@pytest.mark.parametrize(
    "statement",
    [
        "import wandb_workspaces.workspaces",
        "import wandb_workspaces.reports.v2",
        "from wandb_workspaces.reports.v2 import interface",
        "import wandb_workspaces.workspaces._runset",
    ],
)
def test_either_package_may_be_imported_first(statement: str) -> None:
    """The report run sets use the workspace run set functions, whose package uses panels."""
    subprocess.run([sys.executable, "-c", statement], check=True)


def test_the_official_submodules_name_the_same_objects() -> None:
    for module in (wr.blocks, wr.panels, wr.metrics):
        for name in module.__all__:
            assert getattr(module, name) is getattr(wr, name)
