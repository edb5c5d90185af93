"""The viewer's copy of the view spec's JSON Schema (``viewer/schema/spec.schema.json``).

The library describes the spec it writes (``spec_json_schema``); the viewer's build
generates its TypeScript types and value lists from this file (``viewer/scripts/gen-spec.mjs``,
run by ``npm run build`` and ``npm test``). After changing a model, write it again::

    scripts/gen-spec-schema            # or: python -m panelbank.pages.spec_schema PATH

``--check`` only compares, and exits 1 when the file is not current (the test suite does
the same).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from wandb_workspaces.workspaces.internal import spec_json_schema

__all__ = ["DEFAULT_PATH", "main", "render"]

#: where the schema lives, from the repository's root
DEFAULT_PATH = Path("viewer/schema/spec.schema.json")


def render() -> str:
    """The schema file's text: the library's schema as indented JSON."""
    return json.dumps(spec_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gen-spec-schema", description="Write the view spec's JSON Schema for the viewer."
    )
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    text = render()
    path: Path = args.path
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if args.check:
        if current == text:
            return 0
        state = "is missing" if current is None else "is not current"
        print(f"{path} {state}: run scripts/gen-spec-schema and commit it", file=sys.stderr)
        return 1
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
