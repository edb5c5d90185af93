"""Saving, loading, deleting and sharing reports through the ReportBackend seam."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.reports.report_memory import MemoryReportBackend
from wandb_workspaces.backends import report_url
from wandb_workspaces.errors import BackendNotConfiguredError, ConflictError, NotFoundError


@pytest.fixture
def backend() -> Iterator[MemoryReportBackend]:
    memory = MemoryReportBackend()
    for entity, project in (("other", "elsewhere"), ("third", "p3")):
        memory.ensure_project(entity, project)  # the projects the run sets show
    memory.calls.clear()
    ws.configure(backend=memory)  # type: ignore[arg-type]  # a report backend only
    yield memory
    ws.configure()


def grid(entity: str, project: str) -> wr.PanelGrid:
    return wr.PanelGrid(runsets=[wr.Runset(entity, project)], panels=[wr.LinePlot(y=["loss"])])


def sample() -> wr.Report:
    return wr.Report(
        project="proj",
        entity="ent",
        title="Weekly results",
        description="d",
        blocks=[
            wr.H1("Intro"),
            grid("ent", "proj"),
            wr.H2("More", collapsed_blocks=[grid("other", "elsewhere")]),
        ],
    )


def stored_spec(backend: MemoryReportBackend, report: wr.Report) -> dict[str, object]:
    spec: dict[str, object] = json.loads(backend.reports[report.id].spec)
    return spec


def test_save_creates_the_project_and_a_report(backend: MemoryReportBackend) -> None:
    report = sample().save()
    assert backend.methods()[:1] == ["ensure_project"]
    method, call = backend.calls[-1]
    assert method == "upsert_report" and call["id"] is None and call["draft"] is False
    assert str(call["name"]).startswith("nw-") and call["expected_marker"] is None
    assert report.id and report.url == report_url(
        backend.app_url, "ent", "proj", "Weekly results", report.id
    )
    assert report.url.endswith(f"/ent/proj/reports/Weekly-results--{report.id}")


def test_save_fills_in_each_run_sets_project_id(backend: MemoryReportBackend) -> None:
    report = sample().save()
    spec = stored_spec(backend, report)
    blocks = spec["blocks"]
    assert isinstance(blocks, list)
    project = blocks[2]["metadata"]["runSets"][0]["project"]
    assert project == {"name": "proj", "entityName": "ent", "id": backend.projects[("ent", "proj")]}
    nested = blocks[3]["collapsedChildren"][0]["metadata"]["runSets"][0]["project"]
    assert nested["id"] == backend.projects[("other", "elsewhere")]


def test_a_run_set_on_a_missing_project_is_refused(backend: MemoryReportBackend) -> None:
    report = sample()
    report.blocks.append(grid("nobody", "nothing"))
    with pytest.raises(NotFoundError, match="project nobody/nothing, which does not exist"):
        report.save()
    assert "upsert_report" not in backend.methods()


def test_save_again_updates_with_the_marker(backend: MemoryReportBackend) -> None:
    report = sample().save()
    first_id, name = report.id, backend.reports[report.id].name
    report.title = "Renamed"
    report.save()
    _, call = backend.calls[-1]
    assert call["id"] == first_id and call["name"] == name and call["expected_marker"] == 1
    assert report.id == first_id and backend.reports[first_id].display_name == "Renamed"


def test_a_save_over_someone_elses_change_is_refused(backend: MemoryReportBackend) -> None:
    mine = sample().save()
    theirs = wr.Report.from_url(mine.url)
    theirs.save()
    mine.description = "mine"
    with pytest.raises(ConflictError, match="changed"):
        mine.save()


def test_clone_saves_a_new_report(backend: MemoryReportBackend) -> None:
    report = sample().save()
    first_id = report.id
    report.save(clone=True)
    _, call = backend.calls[-1]
    assert call["id"] is None and report.id != first_id
    assert set(backend.reports) == {first_id, report.id}


def test_draft_saves_a_draft(backend: MemoryReportBackend) -> None:
    report = sample().save(draft=True)
    assert backend.calls[-1][1]["draft"] is True and backend.reports[report.id].draft


def test_from_url_loads_what_was_saved(backend: MemoryReportBackend) -> None:
    report = sample().save()
    loaded = wr.Report.from_url(f"https://elsewhere.example/ent/proj/reports/X--{report.id}")
    assert (loaded.title, loaded.description, loaded.id) == ("Weekly results", "d", report.id)
    assert (loaded.entity, loaded.project) == ("ent", "proj")
    assert loaded.to_spec() == stored_spec(backend, report)
    assert [type(block) for block in loaded.blocks] == [wr.H1, wr.PanelGrid, wr.H2]


def test_from_url_says_what_a_report_address_looks_like(backend: MemoryReportBackend) -> None:
    with pytest.raises(ValueError, match="not a report address"):
        wr.Report.from_url("https://wandb.ai/ent/proj?nw=abc")
    with pytest.raises(NotFoundError, match="no report"):
        wr.Report.from_url("https://wandb.ai/ent/proj/reports/T--Vmlldzo5")


def test_delete(backend: MemoryReportBackend) -> None:
    report = sample().save()
    report_id = report.id
    assert report.delete() is True
    assert report_id not in backend.reports and report.id == ""
    with pytest.raises(AttributeError, match="has not been saved"):
        report.delete()


def test_an_unsaved_report_has_no_url() -> None:
    with pytest.raises(AttributeError, match="save report"):
        _ = sample().url


def test_a_backend_without_report_methods_is_named(backend: MemoryReportBackend) -> None:
    class WorkspacesOnly:
        app_url = "https://app.example.test"

    ws.configure(backend=WorkspacesOnly())  # type: ignore[arg-type]
    with pytest.raises(BackendNotConfiguredError, match="has no ensure_project, project_internal"):
        sample().save()


def test_share_link_grants_every_run_sets_project(backend: MemoryReportBackend) -> None:
    report = sample().save()
    assert report.get_share_url() is None
    link = report.enable_share_link()
    assert link == f"{report.url}?accessToken=tok%2F1"
    _, call = backend.calls[-1]
    assert call["projects"] == [("ent", "proj"), ("other", "elsewhere")]
    assert report.get_share_url() == link


def test_enable_again_reuses_the_token_and_syncs_its_projects(
    backend: MemoryReportBackend,
) -> None:
    report = sample().save()
    link = report.enable_share_link()
    assert report.enable_share_link() == link
    assert "update_share_token_projects" not in backend.methods()
    report.blocks.append(grid("third", "p3"))
    assert report.enable_share_link() == link
    method, call = backend.calls[-1]
    assert method == "update_share_token_projects"
    assert call["projects"] == [("ent", "proj"), ("other", "elsewhere"), ("third", "p3")]
    assert backend.methods().count("create_share_token") == 1


def test_disable_revokes_every_link(backend: MemoryReportBackend) -> None:
    report = sample().save()
    assert report.disable_share_link() is False
    report.enable_share_link()
    backend.create_share_token(report.id, [])
    assert report.disable_share_link() is True
    assert report.get_share_url() is None


def test_sharing_needs_a_saved_report(backend: MemoryReportBackend) -> None:
    for action in (
        sample().enable_share_link,
        sample().disable_share_link,
        sample().get_share_url,
    ):
        with pytest.raises(ValueError, match=r"save the report before .*report\.save\(\)"):
            action()


def test_to_html_is_an_iframe_of_the_report(backend: MemoryReportBackend) -> None:
    report = sample()
    assert "once it is saved" in report.to_html()
    report.save()
    html = report._repr_html_()
    assert html.startswith(
        '<iframe src="https://app.example.test/ent/proj/reports/Weekly-results--'
    )
    assert "?jupyter=true" in html and "height:1024px" in html and "display:none" not in html
    assert "height:300px;display:none;" in report.to_html(height=300, hidden=True)


def test_id_can_be_set_to_name_a_saved_report(backend: MemoryReportBackend) -> None:
    saved = sample().save()
    other = sample()
    other.id = saved.id
    assert other.url == saved.url


def test_save_needs_an_entity(backend: MemoryReportBackend) -> None:
    with pytest.raises(ValueError, match=r"pass both, e\.g\. wr\.Report"):
        wr.Report(project="proj").save()
    assert backend.calls == []
