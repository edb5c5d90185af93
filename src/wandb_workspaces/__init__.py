"""Workspaces as code for W&B-compatible experiment tracking.

A drop-in implementation of the ``wandb_workspaces`` API::

    import wandb_workspaces.workspaces as ws
    import wandb_workspaces.reports.v2 as wr
    import wandb_workspaces.expr as expr

Submodules are imported on first use. Beyond the official API: ``backends`` (where
workspaces are saved, and how a backend plugs in) and ``wire`` (the stored JSON form,
for tools built on the library).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["backends", "expr", "reports", "utils", "wire", "workspaces"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
