"""Reports as code with the library's ``wr.Report`` and the embedded store's report
methods: plan, apply, drift, export (typed) and views history, end to end. Skipped in a
build without them."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
from panelbank.store.backend import LocalBackend
from panelbank.workflow.report_diff import without_report_ids
from tests.backends.conftest import LiveServer, live_server  # noqa: F401 (the fixture)
from wandb_workspaces.backends import ReportBackend

from .test_plan_apply import write
from .test_report_groundwork import NAMES, REPORTS

pytestmark = pytest.mark.skipif(
    not hasattr(wr, "Report") or not all(hasattr(LocalBackend, m) for m in ("load_report",)),
    reason="this build has no wr.Report or no report methods in the embedded store",
)

REPORT = """
import wandb_workspaces.reports.v2 as wr

report = wr.Report(
    entity="e", project="p", title="Sweep notes", description="What we learned",
    blocks=[
        wr.H1("Optimisers"),
        wr.P("Adam beats SGD at every learning rate."),
        wr.PanelGrid(
            runsets=[wr.Runset(entity="e", project="p", name="All runs")],
            panels=[wr.LinePlot(title="Loss", y=["loss"])],
        ),
        wr.CodeBlock(["import wandb", "wandb.init()"], language="python"),
    ],
)
"""


def test_the_store_is_a_report_backend() -> None:
    assert isinstance(LocalBackend(), ReportBackend)


def test_plan_apply_drift_export_history(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "notes.py", REPORT)
    planned = run("plan", path)
    assert planned.code == 2, planned.err
    assert planned.out.startswith('+ e/p "Sweep notes" (new report)\n    + H1 "Optimisers"\n')
    applied = run("apply", path)
    assert applied.code == 0, applied.err
    url = applied.out.split(": ", 1)[1].splitlines()[0]
    assert "/e/p/reports/Sweep-notes--" in url
    assert run("plan", path).code == 0
    write(path, REPORT.replace("every learning rate", "most learning rates"))
    changed = run("plan", path)
    assert '        ~ text: "Adam beats SGD at every learning rate." → ' in changed.out
    assert run("apply", path).code == 0

    exported = tmp_path / "exported" / "notes.py"
    exported.parent.mkdir()
    done = run("export", url, "--url", "-o", exported)
    assert done.code == 0, done.err
    text = exported.read_text()
    assert "report = wr.Report(" in text and "wr.H1(" in text and "from_spec" not in text
    again = runpy.run_path(str(exported))["report"]
    declared = runpy.run_path(str(path))["report"]
    assert without_report_ids(again.to_spec()) == without_report_ids(declared.to_spec())
    assert run("plan", exported).out.startswith('  e/p "Sweep notes" (report; no changes)')

    history = run("views", "history", url, "--diff")
    assert history.code == 0, history.err
    assert history.out.splitlines()[1].endswith("\tSweep notes\t1 change")

    backend: Any = LocalBackend()  # an edit made elsewhere: the width
    try:
        report_id = url.rsplit("--", 1)[1]
        now = backend.load_report(report_id)
        spec = {**json.loads(now.spec), "width": "fixed"}
        backend.upsert_report(
            id=report_id,
            entity="e",
            project="p",
            name=now.name,
            display_name=now.display_name,
            description=now.description,
            spec=json.dumps(spec),
        )
    finally:
        backend.close()
    drift = run("plan", path)
    assert drift.code == 2
    assert "(report; no changes in code; changed elsewhere)" in drift.out
    assert '        ~ width: "readable" → "fixed"' in drift.out


@pytest.mark.skipif(not NAMES, reason=f"no shared report vectors in {REPORTS}")
@pytest.mark.parametrize("name", NAMES)
def test_every_report_vector_exports_as_typed_code(name: str, tmp_path: Path) -> None:
    from panelbank.workflow.report_io import export_report
    from wandb_workspaces.backends import StoredReport

    vector = json.loads((REPORTS / f"{name}.json").read_text())
    stored = StoredReport(
        id="Vmlldzox",
        name="r",
        entity="ent",
        project="proj",
        display_name=vector["displayName"],
        description=vector["description"],
        spec=json.dumps(vector["spec"]),
    )
    text = export_report(stored)
    assert "report = wr.Report(" in text
    script = write(tmp_path / "r.py", text)
    again = runpy.run_path(str(script))["report"]
    assert without_report_ids(again.to_spec()) == without_report_ids(vector["spec"])


def test_a_report_on_a_server(
    run: Any,
    tmp_path: Path,
    live_server: LiveServer,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WANDB_API_KEY", live_server.api_key)
    server = ["--base-url", live_server.url]
    path = write(tmp_path / "notes.py", REPORT)
    applied = run("apply", path, *server)
    assert applied.code == 0, applied.err
    assert f"{live_server.url}/e/p/reports/Sweep-notes--" in applied.out
    assert run("plan", path, *server).code == 0
    write(path, REPORT.replace('wr.H1("Optimisers"),', 'wr.H1("Optimisers"), wr.P("New"),'))
    planned = run("plan", "--json", path, *server)
    [view] = json.loads(planned.out)["views"]
    assert (view["kind"], view["action"], view["backend"]) == ("report", "update", live_server.url)
    assert {"depth": 1, "op": "+", "text": 'P "New"'} in view["changes"]
    assert run("apply", path, *server).code == 0
    history = run("views", "history", view["url"], *server)
    assert history.code == 0, history.err
    assert len(history.out.splitlines()) == 2
