"""Benchmark: build a large workspace, serialize it, parse it back; ours vs the official.

Both libraries are timed in ONE run on the same declaration source: ours in this
process, the official wandb-workspaces 0.4.13 in a subprocess with the interpreter of
its own venv (``scripts/official-venv``; the two packages share the import name
``wandb_workspaces`` and never live in one environment). This file is also the worker
the subprocess runs, so it imports only the standard library at module level.

Phases, each library on its real save/load path (ours | official):

* construct: exec the declaration | the same.
* to_spec: ``workspace.to_spec()``, a dict | ``workspace._to_model()``, the internal View.
* dumps: ``wandb_workspaces._json.dumps(spec)`` (orjson, compact) |
  ``view.spec.model_dump_json(by_alias=True, exclude_none=True)``, what ``save()`` sends.
* loads: ``wandb_workspaces._json.loads(text)`` |
  ``internal.WorkspaceViewspec.model_validate_json(text)``, what loading a view does.
* parse: ``Workspace._from_data(spec, entity=, project=)``, what ``from_spec(text)`` and
  ``from_url`` do with the dict ``loads`` gave them |
  ``Workspace._from_model(internal.View(...))``.

Before timing, the bench checks that both produce the same spec (panel/section
``__id__`` and the run set ``id`` compared by shape), so both measure the same work.

Then the same for a report of 30 blocks and 3 panel grids (``bench/_report_bench.py``:
the declaration and each library's steps), with its own ratio (``--skip-report`` leaves
it out, ``--blocks`` sizes it).

Usage::

    python bench/spec_roundtrip.py                    # 25 sections x 12 panels, 5 repeats
    python bench/spec_roundtrip.py --repeat 20 --sections 50 --panels 20
    python bench/spec_roundtrip.py --check            # exit 1 if ours is < 3x faster
    python bench/spec_roundtrip.py --blocks 60        # a report of 60 blocks, 6 grids
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _report_bench  # beside this file (bench/), also in the official worker

PHASES = ("construct", "to_spec", "dumps", "loads", "parse")
ENTITY, PROJECT = "bench-entity", "bench-project"
REPO_ROOT = Path(__file__).resolve().parents[1]

# ---- the declaration, shared by both libraries ---------------------------------------

_DECLARATION_BODY = """
def _panel(s, j):
    kind = j % 7
    tag = f"{s}_{j}"
    if kind == 0:
        return wr.LinePlot(
            title=f"loss {tag}", x="Step", y=[f"train/loss_{tag}", f"val/loss_{tag}"],
            range_y=(0.0, 2.0), log_y=True, smoothing_factor=0.6, smoothing_type="exponential",
            groupby="Group", groupby_aggfunc="mean", groupby_rangefunc="stddev",
            legend_position="north", font_size="small", max_runs_to_show=20,
            line_colors={f"run0001:train/loss_{tag}": "#ff0000"},
            line_marks={f"run0001:val/loss_{tag}": "dashed"},
            layout=wr.Layout(x=(j % 3) * 8, y=(j // 3) * 6, w=8, h=6))
    if kind == 1:
        return wr.LinePlot(
            title=f"acc {tag}", x="Runtime", y=[wr.SummaryMetric(f"acc_{tag}")],
            metric_regex=f"acc_{s}.*", plot_type="stacked-area",
            point_visualization_method="sampling", legend_template="${run:displayName}")
    if kind == 2:
        return wr.BarPlot(title=f"bar {tag}", metrics=[f"bar_{tag}", f"bar2_{tag}"],
                          orientation="v", groupby_aggfunc="max", max_bars_to_show=10)
    if kind == 3:
        return wr.ScalarChart(title=f"scalar {tag}", metric=f"scalar_{tag}",
                              groupby_aggfunc="mean", font_size="large")
    if kind == 4:
        return wr.ScatterPlot(
            title=f"scatter {tag}", x=wr.Config("lr"), y=wr.SummaryMetric(f"acc_{tag}"),
            log_x=True, regression=True,
            gradient=[wr.GradientPoint(color="#0000ff", offset=0),
                      wr.GradientPoint(color="#ff0000", offset=100)])
    if kind == 5:
        return wr.MarkdownPanel(markdown=f"## Notes {tag}\\n\\nSome *markdown* text.")
    return wr.ParallelCoordinatesPlot(columns=[
        wr.ParallelCoordinatesPlotColumn(metric=wr.Config("lr"), log=True),
        wr.ParallelCoordinatesPlotColumn(metric=wr.SummaryMetric(f"acc_{tag}"))])


def _filter(i):
    kind = i % 5
    if kind == 0:
        return ws.Config(f"param_{i}") == i
    if kind == 1:
        return ws.Summary(f"metric_{i}") >= i / 10
    if kind == 2:
        return ws.Config(f"choice_{i}").isin(["a", "b", f"c{i}"])
    if kind == 3:
        return ws.Config(f"other_{i}") != f"x{i}"
    return ws.Summary(f"bad_{i}").notin([0, 1])


_PALETTE = ["#e6194b", "red", "rgb(60, 180, 75)", "#4363d8", "orange"]
_filters = [_filter(i) for i in range(FILTERS)]
workspace = ws.Workspace(
    entity=ENTITY, project=PROJECT, name="Benchmark workspace",
    sections=[
        ws.Section(
            name=f"Section {s}", is_open=(s % 2 == 0),
            layout_settings=ws.SectionLayoutSettings(columns=3 + s % 2, rows=2),
            panel_settings=ws.SectionPanelSettings(smoothing_weight=s % 4),
            panels=[_panel(s, j) for j in range(PANELS)])
        for s in range(SECTIONS)],
    settings=ws.WorkspaceSettings(x_axis="Step", smoothing_type="exponential",
                                  smoothing_weight=2, max_runs=50,
                                  tooltip_number_of_runs="all_runs"),
    runset_settings=ws.RunsetSettings(
        query="bench", filters=expr.And(*_filters[:-2], expr.Or(*_filters[-2:])),
        groupby=[ws.Config("model"), ws.Metric("Group")],
        order=[ws.Ordering(ws.Summary("val_loss"), ascending=True)],
        pinned_columns=["summary:val_loss", "config:lr"],
        run_settings={
            f"run{i:04d}": ws.RunSettings(color=_PALETTE[i % len(_PALETTE)],
                                          disabled=(i % 7 == 0))
            for i in range(RUNS)}))
"""


def declaration_source(sections: int, panels: int, filters: int, runs: int) -> str:
    """Python source binding ``workspace`` (``ws``, ``wr``, ``expr`` pre-imported)."""
    header = (
        f"SECTIONS, PANELS, FILTERS, RUNS = {sections}, {panels}, {filters}, {runs}\n"
        f"ENTITY, PROJECT = {ENTITY!r}, {PROJECT!r}\n"
    )
    return header + _DECLARATION_BODY


# ---- one library's round trip ----------------------------------------------------------

Steps = dict[str, Callable[[Any], Any]]


def _namespace() -> dict[str, Any]:
    import wandb_workspaces.expr as expr
    import wandb_workspaces.reports.v2 as wr
    import wandb_workspaces.workspaces as ws

    return {"ws": ws, "wr": wr, "expr": expr, "__name__": "__bench__"}


def _ours_steps(source: str) -> Steps:
    import wandb_workspaces.workspaces as ws
    from wandb_workspaces import _json

    code = compile(source, "<declaration>", "exec")

    def construct(_: Any) -> Any:
        namespace = _namespace()
        exec(code, namespace)
        return namespace["workspace"]

    return {
        "construct": construct,
        "to_spec": lambda workspace: workspace.to_spec(),
        # The library's own spec JSON (orjson), which its backends send and read.
        "dumps": _json.dumps,
        "loads": _json.loads,
        # What from_spec(text) and from_url do with the dict parsed from the text (which
        # they own, so unlike from_spec(dict) they do not copy it first).
        "parse": lambda spec: ws.Workspace._from_data(spec, entity=ENTITY, project=PROJECT),
    }


def _official_steps(source: str) -> Steps:
    # Runs in the official venv only; mypy sees our package, which has no `internal`.
    internal: Any = importlib.import_module("wandb_workspaces.workspaces.internal")
    workspace_cls: Any = importlib.import_module("wandb_workspaces.workspaces").Workspace

    code = compile(source, "<declaration>", "exec")

    def construct(_: Any) -> Any:
        namespace = _namespace()
        exec(code, namespace)
        return namespace["workspace"]

    def parse(viewspec: Any) -> Any:
        view = internal.View(
            entity=ENTITY,
            project=PROJECT,
            display_name="Benchmark workspace",
            name="",
            id="",
            spec=viewspec,
        )
        return workspace_cls._from_model(view)

    return {
        "construct": construct,
        "to_spec": lambda workspace: workspace._to_model(),
        "dumps": lambda view: view.spec.model_dump_json(by_alias=True, exclude_none=True),
        "loads": internal.WorkspaceViewspec.model_validate_json,
        "parse": parse,
    }


def _spec_of(side: str, workspace: Any) -> dict[str, Any]:
    """The spec as JSON data, outside the timed path (for the equality check)."""
    if side == "ours":
        spec: dict[str, Any] = json.loads(json.dumps(workspace.to_spec()))
        return spec
    text = workspace._to_model().spec.model_dump_json(by_alias=True, exclude_none=True)
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def run_side(
    side: str, source: str, repeat: int, warmup: int, kind: str = "workspace"
) -> dict[str, Any]:
    """Time ``repeat`` round trips (after ``warmup``); also return the spec and reparse check."""
    import warnings

    warnings.simplefilter("ignore")  # the declaration is warning-free; keep the bench quiet
    if kind == "report":
        ours, official = _report_bench.ours_steps, _report_bench.official_steps
        spec_of, normalize = _report_bench.spec_of, _report_bench.normalize_ids
    else:
        ours, official, spec_of, normalize = _ours_steps, _official_steps, _spec_of, normalize_ids
    steps = ours(source) if side == "ours" else official(source)
    times: list[dict[str, float]] = []
    total = warmup + repeat
    for i in range(total):
        gc.collect()
        value: Any = None
        timing: dict[str, float] = {}
        for phase in PHASES:
            start = time.perf_counter()
            value = steps[phase](value)
            timing[phase] = time.perf_counter() - start
        label = "warm-up" if i < warmup else f"{i - warmup + 1}/{repeat}"
        print(f"  {side:8s} {label:>7s}  {sum(timing.values()) * 1e3:9.1f} ms", file=sys.stderr)
        if i >= warmup:
            times.append(timing)
    spec = spec_of(side, steps["construct"](None))  # fresh panel ids: compare by shape
    reparsed = spec_of(side, value)  # what the last parsed-back object writes
    same = not first_differences(normalize(reparsed), normalize(spec))
    return {"times": times, "spec": spec, "reparse_equal": same}


# ---- comparison (ids by shape, as tests/compat does) -----------------------------------


def normalize_ids(value: Any, runset_id: str | None = None) -> Any:
    if runset_id is None and isinstance(value, dict):
        run_sets = value.get("section", {}).get("runSets") or [{}]
        runset_id = run_sets[0].get("id") or ""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            key = k.replace(f"%22{runset_id}%22", "%22<rs>%22") if runset_id else k
            if k == "__id__" and isinstance(v, str) and v:
                out[key] = "<id>"
            elif k == "id" and runset_id and v == runset_id:
                out[key] = "<rs>"
            else:
                out[key] = normalize_ids(v, runset_id)
        return out
    if isinstance(value, list):
        return [normalize_ids(v, runset_id) for v in value]
    return value


def first_differences(a: Any, b: Any, path: str = "$", limit: int = 10) -> list[str]:
    """Up to ``limit`` paths where JSON values differ (bool never equals a number)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'official' if key in b else 'ours'}")
            else:
                out += first_differences(a[key], b[key], f"{path}.{key}", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += first_differences(x, y, f"{path}[{i}]", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    same = a == b and (isinstance(a, bool) == isinstance(b, bool))
    return [] if same else [f"{path}: ours={json.dumps(a)[:80]} official={json.dumps(b)[:80]}"]


# ---- orchestration -------------------------------------------------------------------


def official_python(explicit: str | None) -> str:
    if explicit:  # absolute (the worker runs elsewhere), symlinks kept (a venv's python is one)
        return os.path.abspath(explicit)
    print("resolving the official venv (scripts/official-venv)...", file=sys.stderr)
    proc = subprocess.run(
        ["bash", str(REPO_ROOT / "scripts" / "official-venv")],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit("could not create the official venv; see the messages above")
    return proc.stdout.strip().splitlines()[-1]


def run_official_worker(
    python: str, args: argparse.Namespace, kind: str = "workspace"
) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env.update(WANDB_SILENT="true", WANDB_MODE="disabled")
    cmd = [
        python, str(Path(__file__).resolve()), "--worker",
        "--repeat", str(args.repeat), "--warmup", str(args.warmup),
        "--sections", str(args.sections), "--panels", str(args.panels),
        "--filters", str(args.filters), "--runs", str(args.runs),
        "--kind", kind, "--blocks", str(args.blocks),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as cwd:  # keep our src/ off the official sys.path
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=cwd, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"official worker failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _stats(times: list[dict[str, float]], phase: str | None) -> tuple[float, float]:
    values = [sum(t.values()) if phase is None else t[phase] for t in times]
    return min(values), statistics.median(values)


def print_table(ours: dict[str, Any], theirs: dict[str, Any] | None) -> float | None:
    header = f"{'phase':<10} {'ours best':>10} {'ours med':>10}"
    if theirs:
        header += f" {'off. best':>10} {'off. med':>10} {'off/ours':>9}"
    print(header + "   (ms per iteration)")
    print("-" * len(header))
    ratio = None
    for phase in (*PHASES, None):
        ob, om = _stats(ours["times"], phase)
        row = f"{phase or 'TOTAL':<10} {ob * 1e3:10.2f} {om * 1e3:10.2f}"
        if theirs:
            tb, tm = _stats(theirs["times"], phase)
            row += f" {tb * 1e3:10.2f} {tm * 1e3:10.2f} {tm / om:8.2f}x"
            if phase is None:
                ratio = tm / om
        print(row)
    return ratio


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--repeat", type=int, default=5, help="timed iterations per library (5)")
    p.add_argument("--warmup", type=int, default=1, help="untimed iterations first (1)")
    p.add_argument("--sections", type=int, default=25, help="sections (25)")
    p.add_argument("--panels", type=int, default=12, help="panels per section (12)")
    p.add_argument("--filters", type=int, default=50, help="runset filters (50)")
    p.add_argument("--runs", type=int, default=100, help="run_settings entries (100)")
    p.add_argument("--official-python", help="interpreter with wandb-workspaces 0.4.13 installed")
    p.add_argument("--skip-official", action="store_true", help="time ours only")
    p.add_argument("--target", type=float, default=3.0, help="wanted official/ours ratio (3.0)")
    p.add_argument(
        "--check", action="store_true", help="exit 1 when below --target or specs differ"
    )
    p.add_argument("--json", type=Path, help="also write the raw timings to this file")
    p.add_argument("--blocks", type=int, default=30, help="report blocks, 1 in 10 a grid (30)")
    p.add_argument("--skip-report", action="store_true", help="time the workspace only")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--kind", default="workspace", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    source = declaration_source(args.sections, args.panels, args.filters, args.runs)
    if args.worker:  # running inside the official venv
        if args.kind == "report":
            source = _report_bench.report_source(args.blocks)
        result = run_side("official", source, args.repeat, args.warmup, args.kind)
        json.dump(result, sys.stdout)
        return 0

    size = (f"{args.sections} sections x {args.panels} panels, {args.filters} filters, "
            f"{args.runs} run settings; best/median of {args.repeat}")  # fmt: skip
    print(f"spec round trip: {size}", file=sys.stderr)
    ours = run_side("ours", source, args.repeat, args.warmup)
    theirs = None
    if not args.skip_official:
        theirs = run_official_worker(official_python(args.official_python), args)

    ok = True
    print(f"\nspec round trip: {size}")
    print(f"spec size: {len(json.dumps(ours['spec'], separators=(',', ':')))} bytes (ours)")
    print(f"parse back reproduces the spec: ours={ours['reparse_equal']}", end="")
    print(f" official={theirs['reparse_equal']}" if theirs else "")
    if theirs:
        diff = first_differences(normalize_ids(ours["spec"]), normalize_ids(theirs["spec"]))
        if diff:
            ok = False
            print("SPECS DIFFER (the timings do not compare the same work):")
            print("\n".join(f"  {d}" for d in diff))
        else:
            print("specs equal (ids compared by shape): yes")
    print()
    ratio = print_table(ours, theirs)
    if ratio is not None:
        verdict = "meets" if ratio >= args.target else "BELOW"
        print(
            f"\nofficial / ours (median total): {ratio:.2f}x  ({verdict} the {args.target}x target)"
        )
        ok = ok and ratio >= args.target
    report = None if args.skip_report else run_report(args)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"ours": ours["times"], "official": theirs and theirs["times"], "report": report}
            )
        )
    return 0 if ok or not args.check else 1


def run_report(args: argparse.Namespace) -> dict[str, Any]:
    """The report round trip, ours vs the official, printed like the workspace figures."""
    source = _report_bench.report_source(args.blocks)
    grids = (args.blocks + 4) // 10
    size = f"{args.blocks} blocks, {grids} panel grids; best/median of {args.repeat}"
    print(f"\nreport round trip: {size}", file=sys.stderr)
    ours = run_side("ours", source, args.repeat, args.warmup, "report")
    theirs = None
    if not args.skip_official:
        theirs = run_official_worker(official_python(args.official_python), args, "report")
    print(f"\nreport round trip: {size}")
    print(f"parse back reproduces the spec: ours={ours['reparse_equal']}", end="")
    print(f" official={theirs['reparse_equal']}" if theirs else "")
    if theirs:
        diff = first_differences(
            _report_bench.normalize_ids(ours["spec"]), _report_bench.normalize_ids(theirs["spec"])
        )
        print("SPECS DIFFER:\n" + "\n".join(diff) if diff else "specs equal (ids by shape): yes")
    print()
    ratio = print_table(ours, theirs)
    if ratio is not None:
        print(f"\nreport, official / ours (median total): {ratio:.2f}x")
    return {"ours": ours["times"], "official": theirs and theirs["times"]}


if __name__ == "__main__":
    sys.exit(main())
