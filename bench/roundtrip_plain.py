"""The plainest spec round trip, each library in its own process: ours against the official.

An independent check of ``bench/spec_roundtrip.py``: no internal entry points, no orjson,
no phases. The workload (``WORKLOAD`` below) is one code text, run unchanged by both
libraries; only the import of ``ws``/``wr`` and of the two spec functions differs:

* ours (``src/`` of this checkout): ``to_spec(w) = w.to_spec()``,
  ``from_spec(d) = ws.Workspace.from_spec(d, entity=..., project=...)``;
* the official wandb-workspaces 0.4.13 (``scripts/official-venv``), which has no public
  spec methods: ``to_spec(w) = w._to_model().spec.model_dump(by_alias=True,
  exclude_none=True)`` and ``from_spec(d)`` = ``Workspace._from_model`` of the
  ``internal.View`` holding ``WorkspaceViewspec.model_validate(d)``, what saving and
  loading a view do.

One round trip builds 25 sections x 12 line plots with 50 config filters and 100 run
settings, then ``to_spec``, ``json.dumps``, ``json.loads``, ``from_spec``. Each process
runs one warm-up and then five timed round trips and reports their median; the driver
runs the two processes one after the other and prints both medians and their ratio.
Elapsed time is measured by default; ``--clock cpu`` measures each process's CPU time,
which other work on a busy shared machine disturbs less.

Usage::

    python bench/roundtrip_plain.py               # one measure
    python bench/roundtrip_plain.py --runs 3      # three, each in fresh processes
    python bench/roundtrip_plain.py --runs 3 --clock cpu
    python bench/roundtrip_plain.py --official-python .venvs/official/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# The same text for both libraries. ``ws``, ``wr``, ``to_spec`` and ``from_spec`` come
# from the import block of each side (IMPORTS).
WORKLOAD = """
import json
import statistics
import time


def build():
    return ws.Workspace(
        entity="bench-entity", project="bench-project", name="Plain round trip",
        sections=[
            ws.Section(name=f"Section {s}", panels=[
                wr.LinePlot(title=f"loss {s}.{j}", x="Step",
                            y=[f"train/loss_{s}_{j}", f"val/loss_{s}_{j}"],
                            smoothing_factor=0.5)
                for j in range(12)])
            for s in range(25)],
        runset_settings=ws.RunsetSettings(
            filters=[ws.Config(f"param_{i}") == i for i in range(50)],
            run_settings={f"run{i:04d}": ws.RunSettings(color="#ff0000", disabled=i % 3 == 0)
                          for i in range(100)}))


def round_trip():
    text = json.dumps(to_spec(build()))
    return from_spec(json.loads(text))


clock = time.process_time if CLOCK == "cpu" else time.perf_counter
times = []
for i in range(6):
    start = clock()
    round_trip()
    if i:  # the first is the warm-up
        times.append(clock() - start)
print(statistics.median(times))
"""

IMPORTS = {
    "ours": """
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws


def to_spec(workspace):
    return workspace.to_spec()


def from_spec(data):
    return ws.Workspace.from_spec(data, entity="bench-entity", project="bench-project")
""",
    "official": """
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from wandb_workspaces.workspaces import internal


def to_spec(workspace):
    return workspace._to_model().spec.model_dump(by_alias=True, exclude_none=True)


def from_spec(data):
    view = internal.View(entity="bench-entity", project="bench-project",
                         display_name="Plain round trip", name="", id="",
                         spec=internal.WorkspaceViewspec.model_validate(data))
    return ws.Workspace._from_model(view)
""",
}


def official_python(explicit: str | None) -> str:
    if explicit:  # absolute (the workers run elsewhere), symlinks kept (a venv's python is one)
        return os.path.abspath(explicit)
    proc = subprocess.run(
        ["bash", str(REPO_ROOT / "scripts" / "official-venv")],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit("could not create the official venv; see the messages above")
    return proc.stdout.strip().splitlines()[-1]


def median_of(side: str, python: str, clock: str) -> float:
    """Run the workload in a fresh interpreter; the median round trip in seconds."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env.update(WANDB_SILENT="true", WANDB_MODE="disabled", PYTHONWARNINGS="ignore")
    if side == "ours":
        env["PYTHONPATH"] = str(REPO_ROOT / "src")
    code = f"CLOCK = {clock!r}\n" + IMPORTS[side] + WORKLOAD
    # An empty working directory: the official side must not see our src/ on its path.
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run(
            [python, "-c", code], stdout=subprocess.PIPE, text=True, cwd=cwd, env=env, check=False
        )
    if proc.returncode != 0:
        raise SystemExit(f"{side} worker failed with exit code {proc.returncode}")
    return float(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", type=int, default=1, help="measures, each in fresh processes (1)")
    p.add_argument("--official-python", help="interpreter with wandb-workspaces 0.4.13 installed")
    p.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: elapsed time (the default); cpu: the process's CPU time, steadier on a "
        "busy shared machine",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)
    official = official_python(args.official_python)
    ratios = []
    for _ in range(args.runs):
        ours = median_of("ours", sys.executable, args.clock)
        theirs = median_of("official", official, args.clock)
        ratios.append(theirs / ours)
        if args.json:
            print(json.dumps({"ours_ms": ours * 1e3, "official_ms": theirs * 1e3}))
        else:
            print(
                f"ours {ours * 1e3:7.2f} ms   official {theirs * 1e3:7.2f} ms   "
                f"official/ours {theirs / ours:5.2f}x"
            )
    if args.runs > 1 and not args.json:
        print(f"ratio median of {args.runs}: {statistics.median(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
