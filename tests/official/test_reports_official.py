"""The official wandb-workspaces 0.4.13 reports API, unchanged, against `panelbank serve`.

``official_report_client.py`` (in the official venv) creates the project, saves a report
(heading, text, a panel grid with a run set, a code block), loads it by URL, edits and
saves it, clones it, saves a draft, turns its share link on and off, and deletes it; one
client process per stage, and after each stage the test reads what the server's store
holds: the spec byte for byte as the client sent it. Every GraphQL operation the clients
send is logged, and each must have been answered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelbank.store import Store, View
from wandb_workspaces.backends import parse_report_url

from . import _harness
from ._harness import HarnessError, Server

pytestmark = pytest.mark.official

ENTITY = "report-ent"
PROJECT = "report-proj"
CLIENT = Path(__file__).with_name("official_report_client.py")

# Every operation the official clients sent in this scenario (checked below, so a new
# one in a later client release shows up here as a failure to look at).
EXPECTED_OPERATIONS = {
    "CreateProject",
    "GetProjects",
    "ProjectInternalId",
    "SpecificReport",
    "ViewAccessTokens",
    "createAccessToken",
    "deleteView",
    "revokeAccessToken",
    "upsertView",
}


def _run(python: str, server: Server, scratch: Path, steps: list[dict[str, Any]]) -> list[Any]:
    env = _harness.client_env(server, scratch)
    try:
        return _harness.run_client(python, CLIENT, steps, env, scratch.parent)
    except HarnessError as exc:
        message = f"the official report client failed: {exc}"
    pytest.fail(message, pytrace=False)


def _view(store: Store, url: str) -> View | None:
    return store.get_view(parse_report_url(url)[2])


@pytest.fixture(scope="module")
def stages(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> Iterator[dict[str, Any]]:
    """Each stage's client results and what the store held right after it."""
    where = {"entity": ENTITY, "project": PROJECT}
    out: dict[str, Any] = {}
    store = Store.open(home=panelbank_server.home)
    try:

        def run(stage: str, steps: list[dict[str, Any]]) -> list[Any]:
            results = _run(official_sdk_python, panelbank_server, client_scratch / stage, steps)
            out[stage] = results
            return results

        _created, saved = run("save", [{"do": "create_project", **where}, {"do": "save", **where}])
        if "error" in saved:
            pytest.fail(f"save() failed: {saved['error']}", pytrace=False)
        out["after_save"] = _view(store, saved["url"])
        out["project"] = store.get_project(ENTITY, PROJECT)

        (edit,) = run("edit", [{"do": "edit", "url": saved["url"]}])
        if "error" not in edit:
            out["after_edit"] = {
                which: _view(store, edit[which]["url"]) for which in ("edited", "clone", "draft")
            }
            out["after_edit"]["report"] = _view(store, saved["url"])

        (share,) = run("share", [{"do": "share", "url": saved["url"]}])
        out["tokens"] = store.access_tokens(parse_report_url(saved["url"])[2])

        (delete,) = run("delete", [{"do": "delete", "url": saved["url"]}])
        out["after_delete"] = _view(store, saved["url"])
        if "error" not in edit:
            out["draft_after_delete"] = _view(store, edit["draft"]["url"])
            out["clone_after_delete"] = _view(store, edit["clone"]["url"])
        out["results"] = {"save": saved, "edit": edit, "share": share, "delete": delete}
        yield out
    finally:
        store.close()


def ok(result: dict[str, Any], what: str) -> dict[str, Any]:
    error = result.get("error")
    if error:
        pytest.fail(
            f"{what} raised {error['type']}: {error['message']}\n{error.get('traceback', '')}"
            f"\noperations: {result.get('operations')}",
            pytrace=False,
        )
    return result


def test_save_stores_the_spec_as_sent(stages: dict[str, Any], panelbank_server: Server) -> None:
    saved = ok(stages["results"]["save"], "Report.save()")
    assert saved["url"].startswith(f"{panelbank_server.url}/{ENTITY}/{PROJECT}/reports/")
    assert saved["url"].endswith(f"Official-report--{saved['id']}")
    stored: View = stages["after_save"]
    assert stored is not None, "the saved report is not in the store"
    assert (stored.type, stored.display_name, stored.description) == (
        "runs",
        "Official report",
        "Saved by the official client",
    )
    assert stored.spec == saved["specSent"]
    assert stages["project"] is not None  # made by create_project (upsertModel)


def test_from_url_edit_and_save(stages: dict[str, Any]) -> None:
    saved = stages["results"]["save"]
    edit = ok(stages["results"]["edit"], "from_url / edit / save")
    loaded = edit["loaded"]
    assert (loaded["id"], loaded["title"]) == (saved["id"], "Official report")
    assert loaded["blockTypes"] == ["H1", "P", "PanelGrid", "CodeBlock"]
    assert loaded["specText"] == saved["specSent"]  # loads back to what was sent
    edited = edit["edited"]
    assert edited["id"] == saved["id"]
    stored: View = stages["after_edit"]["edited"]
    assert (stored.spec, stored.display_name) == (edited["specSent"], "Official report, edited")


def test_clone_makes_a_second_report(stages: dict[str, Any]) -> None:
    edit = ok(stages["results"]["edit"], "save(clone=True)")
    clone = edit["clone"]
    assert clone["id"] != edit["edited"]["id"]
    stored: View = stages["after_edit"]["clone"]
    assert stored is not None and stored.type == "runs"
    assert stored.spec == edit["edited"]["specSent"]


def test_draft_leaves_the_report_published(stages: dict[str, Any]) -> None:
    edit = ok(stages["results"]["edit"], "save(draft=True)")
    draft: View = stages["after_edit"]["draft"]
    report: View = stages["after_edit"]["report"]
    assert draft.type == "runs/draft" and draft.parent_pk == report.pk
    assert draft.spec == edit["draft"]["specSent"]
    assert (report.type, report.description) == ("runs", "Saved by the official client")


def test_share_link_on_and_off(stages: dict[str, Any]) -> None:
    share = ok(stages["results"]["share"], "enable/disable_share_link")
    saved = stages["results"]["save"]
    assert share["before"] is None
    # the title was edited since, so the link names the new one
    assert f"--{saved['id']}?accessToken=" in share["enabled"]
    assert share["enabledAgain"] == share["enabled"] == share["shareUrl"]
    assert share["readWithLink"] == 200
    assert (share["disabled"], share["after"], share["disabledAgain"]) == (True, None, False)
    assert share["readAfterDisable"] == 401
    (token,) = stages["tokens"]
    assert not token.active and (ENTITY, PROJECT) in token.projects


def test_delete_removes_the_report_and_its_drafts(stages: dict[str, Any]) -> None:
    delete = ok(stages["results"]["delete"], "Report.delete()")
    assert delete["deleted"] is True
    assert delete["reload"] != "loaded"
    assert stages["after_delete"] is None
    assert stages["draft_after_delete"] is None
    assert stages["clone_after_delete"] is not None  # a clone is a report of its own


def test_every_operation_sent_was_answered(stages: dict[str, Any]) -> None:
    sent = [
        (stage, name, status)
        for stage in ("save", "edit", "share", "delete")
        for result in stages[stage]
        for name, status in result.get("operations", [])
    ]
    # from_url after delete too: the server answers view: null, the client then gives up
    assert [entry for entry in sent if entry[2] != "ok"] == []
    assert {name for _stage, name, _status in sent} == EXPECTED_OPERATIONS


def test_operations_log(stages: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """Print the operations per stage (``pytest -s``), for the record."""
    with capsys.disabled():
        for stage in ("save", "edit", "share", "delete"):
            names = [name for result in stages[stage] for name, _ in result["operations"]]
            print(f"\n  {stage}: {' '.join(names)}", end="")


_PRINT_DOCUMENTS = """
import json
import wandb_workspaces.reports.v2.gql as reports
from wandb.apis._generated import operations
print(json.dumps({
    "SPECIFIC_REPORT": reports.view_report,
    "UPSERT_REPORT": reports.upsert_view,
    "DELETE_REPORT": reports.delete_view,
    "PROJECT_INTERNAL_ID": reports.projectInternalId,
    "VIEW_ACCESS_TOKENS": reports.view_access_tokens,
    "CREATE_ACCESS_TOKEN": reports.create_access_token,
    "UPDATE_ACCESS_TOKEN_PROJECTS": reports.update_access_token_projects,
    "REVOKE_ACCESS_TOKEN": reports.revoke_access_token,
    "GET_PROJECTS": operations.GET_PROJECTS_GQL,
    "CREATE_PROJECT": operations.CREATE_PROJECT_GQL,
}))
"""


def test_our_documents_are_the_official_clients(
    official_sdk_python: str, client_scratch: Path
) -> None:
    """GraphQLBackend sends the official clients' report documents byte for byte."""
    import subprocess

    from wandb_workspaces._backends import _report_documents

    proc = subprocess.run(
        [official_sdk_python, "-c", _PRINT_DOCUMENTS],
        capture_output=True,
        text=True,
        cwd=client_scratch,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    official = json.loads(proc.stdout.strip().splitlines()[-1])
    for name, document in official.items():
        assert getattr(_report_documents, name) == document, name
