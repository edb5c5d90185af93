"""The repository's golden report records: what the official library writes for each case.

``scripts/make-goldens`` runs every declaration of ``tests/compat/report_cases.py``
through the official wandb-workspaces 0.4.13 (``report_runner.py`` in its own venv) and
writes one record per case to ``tests/golden/reports/<name>.json``, in the form of the
shared report vectors (``name``, ``source``, ``displayName``, ``description``, ``spec``)
with random ids as placeholders (``normalise_report_ids``) and each run set's
``project.id`` as the runner's answer. A plain clone then checks our report wire format
offline (``tests/reports/test_report_goldens.py``); ``test_report_official.py`` checks
that the records are current whenever the official library is at hand.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.vectors import REPORT_GOLDEN_DIR, normalise_report_ids

from . import _harness
from .report_cases import REPORT_CASES

__all__ = ["REPORT_RUNNER", "golden_record", "main", "run_official_reports"]

REPORT_RUNNER = Path(__file__).with_name("report_runner.py")


def run_official_reports(python: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run ``items`` (declarations or specs, see report_runner.py) in one official process."""
    with tempfile.TemporaryDirectory() as cwd:  # keep the repo's src/ off sys.path
        proc = subprocess.run(
            [python, str(REPORT_RUNNER)],
            input=json.dumps(items),
            capture_output=True,
            text=True,
            cwd=cwd,
            env=_harness.official_env(),
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"report_runner.py failed ({proc.returncode}):\n{proc.stderr}")
    results: list[dict[str, Any]] = json.loads(proc.stdout)
    return results


def golden_record(name: str, source: str, result: dict[str, Any]) -> dict[str, Any]:
    if result["error"] is not None:
        raise RuntimeError(f"the official library failed on case {name!r}: {result['error']}")
    return {
        "name": name,
        "source": source,
        "displayName": result["displayName"],
        "description": result["description"],
        "spec": normalise_report_ids(result["spec"]),
    }


def records(python: str) -> list[dict[str, Any]]:
    items = [{"name": case["name"], "source": case["source"]} for case in REPORT_CASES]
    results = run_official_reports(python, items)
    return [
        golden_record(item["name"], item["source"], result)
        for item, result in zip(items, results, strict=True)
    ]


def main(out_dir: Path = REPORT_GOLDEN_DIR) -> int:
    found = records(_harness.ensure_official_python())
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.json"):
        stale.unlink()
    for record in found:
        text = json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (out_dir / f"{record['name']}.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(found)} golden report records to {out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
