"""YAML reading and writing in one place (PyYAML's safe loader and dumper)."""

from __future__ import annotations

from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the test tools

__all__ = ["YAMLError", "dump_yaml", "load_yaml"]

YAMLError = yaml.YAMLError


def dump_yaml(data: Any) -> str:
    """Block-style YAML, keys in the given order, Unicode kept."""
    text: str = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return text


def load_yaml(text: str) -> Any:
    return yaml.safe_load(text)
