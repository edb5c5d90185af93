"""The ``ReportBackend`` contract, the same tests over every backend that implements it:

* ``local``: the embedded store (``LocalBackend``) on a temp home, no server;
* ``graphql``: the library's ``GraphQLBackend`` against ``panelbank serve`` on a free
  loopback port (the server lists the version feature: checked saves);
* ``graphql-wandb``: the same backend told the server has no optional features, so it
  sends only the official clients' documents, as it does against W&B.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from panelbank.store.backend import LocalBackend
from tests.backends.conftest import LiveServer
from wandb_workspaces._backends import GraphQLBackend
from wandb_workspaces.backends import ReportBackend, StoredReport
from wandb_workspaces.errors import ConflictError, NotFoundError, WorkspacesError

SPEC = '{"version":5,"width":"readable","blocks":[{"type":"paragraph","children":[{"text":""}]}]}'
EDITED = '{"version":5, "width":"fluid", "blocks":[]}'  # byte for byte, spaces and all


@pytest.fixture(params=["local", "graphql", "graphql-wandb"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReportBackend]:
    if request.param == "local":
        local = LocalBackend(home=tmp_path / "local", app_url="http://127.0.0.1:9")
        yield local
        local.close()
        return
    server: LiveServer = request.getfixturevalue("live_server")
    remote = GraphQLBackend(server.url, api_key=server.api_key, retries=0)
    if request.param == "graphql-wandb":
        remote._features = frozenset()  # as W&B answers: no version checks
    assert remote.checks_versions is (request.param == "graphql")
    yield remote
    remote.close()


def save(backend: ReportBackend, **changes: object) -> StoredReport:
    arguments: dict[str, object] = {
        "id": None,
        "entity": "ent",
        "project": "proj",
        "name": "abc123def456",
        "display_name": "My report",
        "description": "What we found",
        "spec": SPEC,
    }
    arguments.update(changes)
    return backend.upsert_report(**arguments)  # type: ignore[arg-type]


def test_it_is_a_report_backend(backend: ReportBackend) -> None:
    assert isinstance(backend, ReportBackend)


def test_ensure_project_and_its_internal_id(backend: ReportBackend) -> None:
    assert backend.project_internal_id("ent", "fresh") is None
    backend.ensure_project("ent", "fresh")
    backend.ensure_project("ent", "fresh")  # twice is fine
    internal = backend.project_internal_id("ent", "fresh")
    assert internal is not None and internal.isdigit()


def test_save_and_load_byte_for_byte(backend: ReportBackend) -> None:
    backend.ensure_project("ent", "proj")
    saved = save(backend)
    assert (saved.entity, saved.project, saved.display_name, saved.description) == (
        "ent",
        "proj",
        "My report",
        "What we found",
    )
    assert (saved.spec, saved.draft) == (SPEC, False)
    loaded = backend.load_report(saved.id)
    assert (loaded.id, loaded.spec, loaded.display_name, loaded.description, loaded.draft) == (
        saved.id,
        SPEC,
        "My report",
        "What we found",
        False,
    )
    assert loaded.marker is not None and loaded.updated_at is not None


def test_update_by_id_keeps_the_id(backend: ReportBackend) -> None:
    saved = save(backend)
    # the official client sends a fresh name with every save
    again = save(backend, id=saved.id, name="zzz999yyy888", spec=EDITED, display_name="Renamed")
    assert again.id == saved.id
    loaded = backend.load_report(saved.id)
    assert (loaded.spec, loaded.display_name) == (EDITED, "Renamed")


def test_a_stale_marker_is_a_conflict(backend: ReportBackend) -> None:
    saved = save(backend)
    mine, theirs = backend.load_report(saved.id), backend.load_report(saved.id)
    save(backend, id=saved.id, spec=EDITED, expected_marker=theirs.marker)
    with pytest.raises(ConflictError, match=r"My report.*changed"):
        save(backend, id=saved.id, spec=SPEC, expected_marker=mine.marker)
    assert backend.load_report(saved.id).spec == EDITED


def test_a_draft_leaves_the_published_report_alone(backend: ReportBackend) -> None:
    published = save(backend)
    draft = save(backend, id=published.id, spec=EDITED, draft=True)
    assert draft.draft and draft.id != published.id
    assert backend.load_report(published.id).spec == SPEC
    assert backend.load_report(draft.id).spec == EDITED
    assert [r.id for r in backend.list_reports("ent", "proj")] == [published.id]


def test_list_reports_newest_first(backend: ReportBackend) -> None:
    first = save(backend, name="first000000a")
    second = save(backend, name="second00000b")
    save(backend, id=first.id, spec=EDITED)
    assert [r.id for r in backend.list_reports("ent", "proj")] == [first.id, second.id]


def test_delete(backend: ReportBackend) -> None:
    published = save(backend)
    draft = save(backend, id=published.id, draft=True)
    assert backend.delete_report(published.id)
    for gone in (published.id, draft.id):
        with pytest.raises(NotFoundError, match=r"no report with id"):
            backend.load_report(gone)
    assert not backend.delete_report(published.id)


def test_share_tokens(backend: ReportBackend) -> None:
    report = save(backend)
    assert backend.share_tokens(report.id) == []
    token = backend.create_share_token(report.id, [("ent", "proj"), ("ent", "other")])
    assert len(token) >= 40
    (listed,) = backend.share_tokens(report.id)
    assert (listed.token, set(listed.projects)) == (token, {("ent", "proj"), ("ent", "other")})
    backend.update_share_token_projects(token, [("ent", "proj")])
    assert backend.share_tokens(report.id)[0].projects == (("ent", "proj"),)
    backend.revoke_share_token(token)
    assert backend.share_tokens(report.id) == []
    with pytest.raises(WorkspacesError, match=r"revoked|no active"):
        backend.update_share_token_projects(token, [("ent", "proj")])
    with pytest.raises(WorkspacesError, match=r"no such"):
        backend.revoke_share_token("not-a-token")


def test_sharing_needs_a_saved_report(backend: ReportBackend) -> None:
    with pytest.raises(WorkspacesError, match=r"no report with id"):
        backend.create_share_token("VmlldzozMzMz", [("ent", "proj")])


def test_unknown_report(backend: ReportBackend) -> None:
    with pytest.raises(NotFoundError, match=r"no report with id 'VmlldzozMzMz'"):
        backend.load_report("VmlldzozMzMz")
