"""Hatch build hook: build the viewer (viewer/, TypeScript + Vite) into src/panelbank/pages/static.

Runs on ``pip install -e .`` and on wheel builds. Without Node.js/npm it prints how to
build and carries on: the server then answers its pages with instructions to build.
Set ``PANELBANK_SKIP_WEB_BUILD=1`` to skip it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ViewerBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        viewer = Path(self.root) / "viewer"
        if not (viewer / "package.json").is_file() or os.environ.get("PANELBANK_SKIP_WEB_BUILD"):
            return
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            self.app.display_warning(
                "panelbank: Node.js/npm not found, so the browser viewer was not built; "
                "the server will show how to build it (cd viewer && npm ci && npm run build)."
            )
            return
        try:
            if not (viewer / "node_modules").is_dir():
                subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=viewer, check=True)
            subprocess.run([npm, "run", "build"], cwd=viewer, check=True)
        except subprocess.CalledProcessError as exc:
            self.app.display_warning(
                f"panelbank: building the viewer failed ({exc}); the server will show how to "
                "build it (cd viewer && npm ci && npm run build)."
            )
