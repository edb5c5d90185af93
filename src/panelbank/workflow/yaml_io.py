"""YAML reading and writing in one place (PyYAML's safe loader and dumper)."""

from __future__ import annotations

from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the test tools

__all__ = ["YAMLError", "dump_yaml", "load_yaml", "yaml_lines"]

YAMLError = yaml.YAMLError


def dump_yaml(data: Any) -> str:
    """Block-style YAML, keys in the given order, Unicode kept."""
    text: str = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return text


def load_yaml(text: str) -> Any:
    return yaml.safe_load(text)


def yaml_lines(text: str) -> dict[str, int]:
    """The 1-based line of every key and list item of a (valid) YAML document, by its
    path in the document's spelling: ``settings.smoothing_type``, ``sections[0].panels[1]``."""
    lines: dict[str, int] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = f"{path}[{index}]"
                lines[child] = item.start_mark.line + 1
                walk(item, child)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        lines[""] = root.start_mark.line + 1
        walk(root, "")
    return lines
