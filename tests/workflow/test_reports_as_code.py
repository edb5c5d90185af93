"""Reports as code through the CLI: plan, apply, drift, saved plans and --prune over report
files, with the workflow's own machinery (state by backend and view id, block-by-block
diff). ``wr.Report`` stands in as a stub that writes a shared vector's spec, and the
backend is the embedded store with report methods kept in memory (the
``ReportBackend`` protocol), so these test the workflow, not the library or a store."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

import panelbank.commands._common as common
import wandb_workspaces.reports.v2 as wr
from panelbank.store.backend import LocalBackend
from wandb_workspaces.backends import StoredReport, ViewSummary
from wandb_workspaces.errors import ConflictError, NotFoundError

from .test_plan_apply import SCRIPT, write
from .test_report_groundwork import NAMES, REPORTS

pytestmark = pytest.mark.skipif(not NAMES, reason=f"no shared report vectors in {REPORTS}")


def vector_spec(name: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((REPORTS / f"{name}.json").read_text())["spec"]
    return spec


class StubReport:
    """What the workflow uses of a wr.Report: where it goes and ``to_spec()``."""

    def __init__(self, *, entity: str, project: str, title: str, spec: Any, **kw: Any) -> None:
        self.entity, self.project, self.title = entity, project, title
        self.description = str(kw.get("description", ""))
        self.spec = spec

    def to_spec(self) -> dict[str, Any]:
        return copy.deepcopy(self.spec) if isinstance(self.spec, dict) else vector_spec(self.spec)

    @classmethod
    def from_spec(cls, spec: Any, *, entity: str, project: str, **kw: Any) -> StubReport:
        loaded = json.loads(spec) if isinstance(spec, str) else spec
        return cls(entity=entity, project=project, spec=loaded, **kw)


class ReportsInMemory(LocalBackend):
    """The embedded store for workspaces, and reports in memory (``ReportBackend``)."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: dict[str, StoredReport] = {}
        self.ids = itertools.count(1)

    def ensure_project(self, entity: str, project: str) -> None:
        """Projects are implicit here."""

    def project_internal_id(self, entity: str, project: str) -> str | None:
        return None

    def load_report(self, id: str) -> StoredReport:
        if id not in self.reports:
            raise NotFoundError(f"no report {id}")
        return self.reports[id]

    def upsert_report(self, *, id: str | None, expected_marker: Any = None, **kw: Any) -> Any:
        kw.pop("draft", None)
        if id is not None:
            was = self.load_report(id)
            if expected_marker is not None and expected_marker != was.marker:
                raise ConflictError(f"report {id} changed")
            saved = StoredReport(id=id, marker=int(was.marker or 0) + 1, **kw)
        else:
            saved = StoredReport(id=f"UmVwb3J0{next(self.ids)}", marker=1, **kw)
        self.reports[saved.id] = saved
        return saved

    def list_reports(self, entity: str, project: str) -> list[ViewSummary]:
        return [
            ViewSummary(r.id, r.name, r.display_name)
            for r in self.reports.values()
            if (r.entity, r.project) == (entity, project)
        ]

    def delete_report(self, id: str) -> bool:
        return self.reports.pop(id, None) is not None

    def share_tokens(self, report_id: str) -> list[Any]:
        return []

    def create_share_token(self, report_id: str, projects: Any) -> str:
        raise NotImplementedError

    def update_share_token_projects(self, token: str, projects: Any) -> None:
        raise NotImplementedError

    def revoke_share_token(self, token: str) -> None:
        raise NotImplementedError


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch, home: Path) -> Any:
    monkeypatch.setattr(wr, "Report", StubReport, raising=False)
    backend = ReportsInMemory()
    # the commands' backend (open_backend) is this one, kept across commands
    monkeypatch.setattr(common, "get_backend", lambda: backend)
    monkeypatch.setattr(common, "configure", lambda *a, **k: backend)
    yield backend
    backend.close()


def report_file(path: Path, spec: str | dict[str, Any], title: str = "Text") -> Path:
    return write(
        path,
        "import wandb_workspaces.reports.v2 as wr\n"
        f"report = wr.Report(entity='e', project='p', title={title!r}, spec={spec!r})\n",
    )


def edited(name: str) -> dict[str, Any]:
    spec = vector_spec(name)
    spec["blocks"][2]["children"][0]["text"] = "A changed paragraph."
    return spec


def test_plan_and_apply_a_report(run: Any, tmp_path: Path, reports: ReportsInMemory) -> None:
    path = report_file(tmp_path / "text.py", "report_headings_text")
    planned = run("plan", path)
    assert planned.code == 2, planned.err
    assert planned.out.splitlines()[:2] == ['+ e/p "Text" (new report)', '    + H1 "Introduction"']
    applied = run("apply", path)
    assert applied.code == 0, applied.err
    assert 'created e/p "Text": http://127.0.0.1:8080/e/p/reports/Text--UmVwb3J01' in applied.out
    [stored] = reports.reports.values()
    assert (stored.display_name, stored.marker) == ("Text", 1)
    assert run("plan", path).out.startswith('  e/p "Text" (report; no changes)')
    report_file(path, edited("report_headings_text"))
    changed = run("plan", path)
    assert changed.code == 2
    assert '    ~ P "A plain paragraph."' in changed.out
    assert '        ~ text: "A plain paragraph." → "A changed paragraph."' in changed.out
    assert run("apply", path).code == 0 and reports.reports[stored.id].marker == 2
    state = json.loads((tmp_path / ".panelbank-state.json").read_text())
    [entries] = state["backends"].values()
    assert entries[stored.id]["kind"] == "report" and entries[stored.id]["marker"] == 2


def test_report_drift_and_conflict(run: Any, tmp_path: Path, reports: ReportsInMemory) -> None:
    path = report_file(tmp_path / "text.py", "report_headings_text")
    assert run("apply", path).code == 0
    [stored] = reports.reports.values()
    elsewhere = vector_spec("report_headings_text")
    elsewhere["width"] = "fixed"
    reports.upsert_report(
        id=stored.id,
        entity="e",
        project="p",
        name=stored.name,
        display_name="Text",
        description="",
        spec=json.dumps(elsewhere),
    )
    drift = run("plan", path)
    assert drift.code == 2
    assert '  e/p "Text" (report; no changes in code; changed elsewhere)' in drift.out
    assert '        ~ width: "readable" → "fixed"' in drift.out
    assert run("apply", path).code == 0 and reports.reports[stored.id].marker == 2  # kept
    report_file(path, edited("report_headings_text"))
    both = run("plan", "--json", path)
    [view] = json.loads(both.out)["views"]
    assert view["kind"] == "report" and view["conflict"].startswith("edited elsewhere")
    assert view["code_changes"] and view["drift"]
    refused = run("apply", path)
    assert refused.code == 1 and "apply --force to overwrite it" in refused.err
    assert run("apply", path, "--force").code == 0 and reports.reports[stored.id].marker == 3


def test_a_saved_plan_with_a_report_and_a_workspace(
    run: Any, tmp_path: Path, reports: ReportsInMemory
) -> None:
    report = report_file(tmp_path / "text.py", "report_two_runsets", title="Runs")
    workspace = write(tmp_path / "training.py", SCRIPT)
    saved = tmp_path / "plan.json"
    planned = run("plan", report, workspace, "-out", saved)
    assert planned.code == 2, planned.err
    assert "Plan: 2 to create, 0 to change, 0 unchanged." in planned.out
    data = json.loads(saved.read_text())
    assert [view["kind"] for view in data["views"]] == ["workspace", "report"]
    applied = run("apply", saved)
    assert applied.code == 0, applied.err
    assert "Apply: 2 created, 0 changed, 0 unchanged." in applied.out
    assert [r.display_name for r in reports.reports.values()] == ["Runs"]
    assert run("plan", report, workspace).code == 0


def test_prune_deletes_a_report_whose_file_is_gone(
    run: Any, tmp_path: Path, reports: ReportsInMemory
) -> None:
    report = report_file(tmp_path / "text.py", "report_lists", title="Lists")
    workspace = write(tmp_path / "training.py", SCRIPT)
    assert run("apply", report, workspace).code == 0
    report.unlink()
    planned = run("plan", workspace, "--prune")
    assert '- e/p "Lists" (pruned: http://127.0.0.1:8080/e/p/reports/Lists--' in planned.out
    assert run("apply", workspace, "--prune", "--yes").code == 0
    assert reports.reports == {}


def test_report_plan_errors(run: Any, tmp_path: Path, reports: ReportsInMemory) -> None:
    path = report_file(tmp_path / "text.py", "report_lists", title="Lists")
    template = run("plan", path, "--project", "q")
    assert template.code == 2 and "reports are not" in template.err
    twice = report_file(tmp_path / "again.py", "report_lists", title="Lists")
    both = run("plan", path, twice)
    assert both.code == 1 and "both declare the report 'e/p/Lists'" in both.err
    elsewhere = write(
        tmp_path / "url.py",
        "import wandb_workspaces.reports.v2 as wr\n"
        "report = wr.Report(entity='e', project='p', title='X', spec='report_lists')\n"
        "url = 'http://h/e/other/reports/X--abc'\n",
    )
    wrong = run("plan", elsewhere)
    assert wrong.code == 1 and "`url` names a report in e/other" in wrong.err


def test_diff_and_export_of_reports(run: Any, tmp_path: Path, reports: ReportsInMemory) -> None:
    path = report_file(tmp_path / "text.py", "report_headings_text")
    assert run("apply", path).code == 0
    [stored] = reports.reports.values()
    url = f"http://127.0.0.1:8080/e/p/reports/Text--{stored.id}"
    other = report_file(tmp_path / "other.py", edited("report_headings_text"))
    differ = run("diff", url, other)
    assert differ.code == 2, differ.err
    assert differ.out.splitlines() == [
        '~ P "A plain paragraph."',
        '    ~ text: "A plain paragraph." → "A changed paragraph."',
    ]
    assert run("diff", path, url).out == "no differences\n"
    mixed = run("diff", path, write(tmp_path / "training.py", SCRIPT))
    assert mixed.code == 1 and "a report with a report" in mixed.err
    exported = tmp_path / "exported.py"
    done = run("export", url, "--url", "-o", exported)
    assert done.code == 0, done.err
    text = exported.read_text()
    assert "report = wr.Report.from_spec(\n" in text and text.endswith(
        f"url = {url!r}\n".replace("'", '"')
    )
    assert run("plan", exported).out.startswith('  e/p "Text" (report; no changes)')
    yaml = run("export", url, "--format", "yaml")
    assert yaml.code == 2 and "a report exports as a Python script" in yaml.err


def test_validate_checks_the_keys_of_panel_grids(
    run: Any, tmp_path: Path, reports: ReportsInMemory, home: Path
) -> None:
    from .test_validate_data import seed

    seed(home, "proj")  # in entity "e"; the vector's run sets show ent/proj
    spec = json.loads(json.dumps(vector_spec("report_panel_grid_basic")).replace('"ent"', '"e"'))
    ok = run("validate", report_file(tmp_path / "grid.py", spec))
    assert ok.code == 0, ok.out
    assert "valid, panel keys checked against the run sets' runs" in ok.out
    typo = json.loads(json.dumps(spec).replace('"loss"', '"los"'))
    path = report_file(tmp_path / "grid.py", typo)
    warned = run("validate", path)
    assert warned.code == 2, warned.out
    assert (
        f"    {path}:2: warning: PanelGrid (run sets: Run set) panels[0].y[0]: metric 'los' is "
        "in no run (did you mean 'loss'?)"
    ) in warned.out
    offline = run("validate", "--offline", path)
    assert offline.code == 0 and '"Text" (report): declaration valid' in offline.out


def test_views_history_of_a_report_in_the_store(run: Any, home: Path) -> None:
    from panelbank.store import Store

    home.mkdir(parents=True, exist_ok=True)
    first = vector_spec("report_headings_text")
    with Store.open(home=home) as store:
        view, _ = store.upsert_view(
            entity="e",
            project="p",
            name="r1",
            display_name="Text",
            type="runs",
            spec=json.dumps(first),
        )
        store.upsert_view(
            entity="e",
            project="p",
            name="r1",
            display_name="Text",
            type="runs",
            spec=json.dumps(edited("report_headings_text")),
            id=view.id,
        )
    url = f"http://127.0.0.1:8080/e/p/reports/Text--{view.id}"
    history = run("views", "history", url, "--diff")
    assert history.code == 0, history.err
    lines = history.out.splitlines()
    assert lines[0].startswith("v1\t") and lines[0].endswith("\tText\tcreated")
    assert lines[1].startswith("v2\t") and lines[1].endswith("\tText\t1 change")
    assert lines[2:] == [
        '    ~ P "A plain paragraph."',
        '        ~ text: "A plain paragraph." → "A changed paragraph."',
    ]
    missing = run("views", "history", "http://127.0.0.1:8080/e/p/reports/X--VmlldzoxMjM0NQ==")
    assert missing.code == 1 and "no saved report at" in missing.err


def test_export_a_project_writes_its_reports_too(
    run: Any, tmp_path: Path, reports: ReportsInMemory
) -> None:
    assert run("apply", report_file(tmp_path / "text.py", "report_lists", title="Lists")).code == 0
    assert run("apply", write(tmp_path / "training.py", SCRIPT)).code == 0
    folder = tmp_path / "exported"
    done = run("export", "e/p", folder, "--format", "yaml")
    assert done.code == 0, done.err
    assert sorted(path.name for path in folder.iterdir()) == ["lists.py", "training.yaml"]
    assert "exported 1 view(s) and 1 report(s) of e/p" in done.err
    assert "report = wr.Report.from_spec(" in (folder / "lists.py").read_text()
