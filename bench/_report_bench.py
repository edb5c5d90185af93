"""The report half of ``bench/spec_roundtrip.py``: a report of 30 blocks and 3 panel grids.

Imported by the bench in both interpreters (ours, and the official venv's worker), so
only the standard library is imported at module level. Phases, each library on its real
path (ours | official):

* construct: exec the declaration | the same.
* to_spec: ``report.to_spec()`` | ``report._to_model()`` (which asks a server for each run
  set's project id: answered locally, :func:`_patch_official`).
* dumps / loads: ``wandb_workspaces._json`` | ``spec.model_dump_json(by_alias=True,
  exclude_none=True)`` and ``internal.Spec.model_validate_json``.
* parse: ``Report._from_data(spec, ...)``, what ``from_spec(text)`` and ``from_url`` do
  with the dict ``loads`` gave them | ``Report._from_model(internal.ReportViewspec)``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

ENTITY, PROJECT = "bench-entity", "bench-project"
PROJECT_ID = "UHJvamVjdDpiZW5jaA=="

_BODY = """
def _text(i):
    return ["Paragraph ", wr.InlineCode(f"code_{i}"), " with ",
            wr.Link(f"a link {i}", url=f"https://example.com/{i}"), " and ",
            wr.InlineLatex("e^{i\\\\pi}"), " text."]


def _grid(g):
    runsets = [
        wr.Runset(entity=ENTITY, project=PROJECT, name=f"Grid {g} set {k}", query=f"q{k}",
                  filters=f"Config('lr') >= 0.00{k + 1} and Summary('acc') >= 0.{g + 5}",
                  groupby=["config.optimizer"], order=[wr.OrderBy(wr.SummaryMetric("acc"))],
                  run_settings={f"run{r:03d}": wr.RunSettings(color="#ff0000", disabled=r % 3 == 0)
                                for r in range(10)},
                  pinned_columns=["summary:acc"], column_widths={"summary:acc": 120})
        for k in range(2)]
    panels = []
    for j in range(8):
        kind = j % 4
        if kind == 0:
            panels.append(wr.LinePlot(title=f"loss {g}.{j}", x="Step", y=[f"loss_{j}", f"val_{j}"],
                                      smoothing_factor=0.6, groupby_aggfunc="mean"))
        elif kind == 1:
            panels.append(wr.BarPlot(title=f"bar {g}.{j}", metrics=[f"bar_{j}"], orientation="v"))
        elif kind == 2:
            panels.append(wr.ScalarChart(title=f"scalar {g}.{j}", metric=f"acc_{j}"))
        else:
            panels.append(wr.ScatterPlot(x=wr.Config("lr"), y=wr.SummaryMetric(f"acc_{j}")))
    return wr.PanelGrid(runsets=runsets, panels=panels)


def _block(i):
    if i % 10 == 5:
        return _grid(i // 10)
    kind = i % 6
    if kind == 0:
        return wr.H2(f"Section {i}")
    if kind == 1:
        return wr.P(_text(i))
    if kind == 2:
        return wr.UnorderedList([f"item {i}.{k}" for k in range(4)])
    if kind == 3:
        return wr.CodeBlock([f"x_{i} = {i}", "print(x)"], language="python")
    if kind == 4:
        return wr.MarkdownBlock(f"## Notes {i}\\n\\n* **bold** and _italic_")
    return wr.CalloutBlock(f"Callout {i}")


report = wr.Report(project=PROJECT, entity=ENTITY, title="Benchmark report",
                   description="30 blocks, 3 panel grids",
                   blocks=[_block(i) for i in range(BLOCKS)])
"""


def report_source(blocks: int = 30) -> str:
    """Python source binding ``report`` (``wr``, ``expr`` pre-imported)."""
    return f"BLOCKS = {blocks}\nENTITY, PROJECT = {ENTITY!r}, {PROJECT!r}\n" + _BODY


Steps = dict[str, Callable[[Any], Any]]


def _namespace() -> dict[str, Any]:
    return {
        "wr": importlib.import_module("wandb_workspaces.reports.v2"),
        "expr": importlib.import_module("wandb_workspaces.expr"),
        "__name__": "__bench__",
    }


def _construct(source: str) -> Callable[[Any], Any]:
    code = compile(source, "<report declaration>", "exec")

    def construct(_: Any) -> Any:
        namespace = _namespace()
        exec(code, namespace)
        return namespace["report"]

    return construct


def ours_steps(source: str) -> Steps:
    json_lib: Any = importlib.import_module("wandb_workspaces._json")
    report_cls: Any = importlib.import_module("wandb_workspaces.reports.v2").Report
    return {
        "construct": _construct(source),
        "to_spec": lambda report: report.to_spec(),
        "dumps": json_lib.dumps,
        "loads": json_lib.loads,
        # What from_spec(text) and from_url do with the dict parsed from the text (which
        # they own, so unlike from_spec(dict) they do not copy it first).
        "parse": lambda spec: report_cls._from_data(spec, entity=ENTITY, project=PROJECT),
    }


def _patch_official() -> None:
    """The official ``_to_model`` asks the server for each run set's project id: answer here."""
    interface: Any = importlib.import_module("wandb_workspaces.reports.v2.interface")

    class Api:
        default_entity = ENTITY

    def execute_graphql(api: Any, query: Any, variables: Any) -> dict[str, Any]:
        return {"project": {"internalId": PROJECT_ID}}

    interface.execute_graphql = execute_graphql
    interface._get_api = Api


def official_steps(source: str) -> Steps:
    _patch_official()
    interface: Any = importlib.import_module("wandb_workspaces.reports.v2.interface")
    internal: Any = importlib.import_module("wandb_workspaces.reports.v2.internal")

    def parse(spec: Any) -> Any:
        model = internal.ReportViewspec(
            display_name="Benchmark report",
            project=internal.Project(name=PROJECT, entity_name=ENTITY),
            spec=spec,
        )
        return interface.Report._from_model(model)

    return {
        "construct": _construct(source),
        "to_spec": lambda report: report._to_model(),
        "dumps": lambda model: model.spec.model_dump_json(by_alias=True, exclude_none=True),
        "loads": internal.Spec.model_validate_json,
        "parse": parse,
    }


def spec_of(side: str, report: Any) -> dict[str, Any]:
    """The spec as JSON data, outside the timed path (for the equality check)."""
    if side == "ours":
        spec: dict[str, Any] = json.loads(json.dumps(report.to_spec()))
        return spec
    text = report._to_model().spec.model_dump_json(by_alias=True, exclude_none=True)
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def normalize_ids(value: Any) -> Any:
    """Random ids by shape; a run set's ``project.id`` left out (ours fills it in on save)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "__id__" or (key == "id" and "runFeed" in value):
                out[key] = "<id>"
            elif key == "project" and "runFeed" in value and isinstance(item, dict):
                out[key] = {k: v for k, v in item.items() if k != "id"}
            else:
                out[key] = normalize_ids(item)
        return out
    if isinstance(value, list):
        return [normalize_ids(item) for item in value]
    return value
