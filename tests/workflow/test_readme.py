"""The README's workspaces-as-code section matches the commands (issue 14, defect 12:
it called preview both done and not available)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Workspaces as code: export")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_no_command_is_both_done_and_not_available() -> None:
    text = README.read_text(encoding="utf-8")
    assert not re.search(r"not (available|implemented) yet", section())
    status = text[text.index("## Status") :]
    assert "preview" in status[: status.index("\n## ")]


def test_every_command_the_section_shows_exists(run: Any) -> None:
    shown = set(re.findall(r"^panelbank (views [a-z]+|[a-z]+)", section(), re.M))
    assert {"plan", "apply", "preview", "views history", "spec"} <= shown
    for command in shown:
        result = run(*command.split(), "--help")
        assert result.code == 0, command
    assert "--json" in run("plan", "--help").out
