"""The repository's own golden records: what the official library writes for each case.

``scripts/make-goldens`` runs every declaration of ``tests/compat/cases.py`` through the
official wandb-workspaces 0.4.13 (in its own venv) and writes one record per case to
``tests/golden/workspaces/<name>.json``::

    {"name": ..., "source": ..., "official": {"entity", "project", "displayName",
                                              "spec", "warnings", "error"}}

Panel, section and run-set ids are random per save, so they are stored as placeholders
(``_harness.normalize_ids``). The records let a plain clone (no ``../shared``, no official
venv) check our wire format offline (``test_goldens.py``); ``test_differential.py`` checks
that they are current whenever the official library is at hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tests.vectors import GOLDEN_DIR

from . import _harness
from .cases import CASES

__all__ = ["golden_record", "main"]


def golden_record(name: str, source: str, outcome: _harness.Outcome) -> dict[str, Any]:
    return {
        "name": name,
        "source": source,
        "official": {
            "entity": outcome.entity,
            "project": outcome.project,
            "displayName": outcome.display_name,
            # random per save: stored as placeholders, so a rerun only shows real changes
            "spec": None if outcome.spec is None else _harness.normalize_ids(outcome.spec),
            "warnings": outcome.warnings,
            "error": outcome.error,
        },
    }


def outcome_of(record: dict[str, Any]) -> _harness.Outcome:
    return _harness.Outcome.from_runner(record["official"])


def main(out_dir: Path = GOLDEN_DIR) -> int:
    python = _harness.ensure_official_python()
    items = [{"name": case["name"], "source": case["source"]} for case in CASES]
    outcomes = _harness.run_official(python, items)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.json"):
        stale.unlink()
    for item, outcome in zip(items, outcomes, strict=True):
        record = golden_record(item["name"], item["source"], outcome)
        text = json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (out_dir / f"{item['name']}.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(items)} golden records to {out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
