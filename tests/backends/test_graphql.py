"""GraphQLBackend against a fake W&B GraphQL server (httpx.MockTransport).

Like the official package's tests, these assert the exact documents, operation names and
variables sent.
"""

from __future__ import annotations

import base64
import json
import logging

import httpx
import pytest
from graphql import parse, print_ast

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.backends.conftest import API_KEY, FAKE_HOST, FakeWandb
from tests.server.documents import SERVER_FEATURES_QUERY
from wandb_workspaces._backends import GraphQLBackend
from wandb_workspaces._backends._graphql import UPSERT_VIEW2, VIEW
from wandb_workspaces.backends import VIEW_VERSION_FEATURE
from wandb_workspaces.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RequestError,
    ServerError,
)

# The official wandb-workspaces 0.4.x documents (workspaces/internal.py), byte for byte.
OFFICIAL_UPSERT_VIEW2 = (
    "\n        mutation UpsertView2($id: ID, $entityName: String, $projectName: String, "
    "$type: String, $name: String, $displayName: String, $description: String, $spec: String) {\n"
    "        upsertView(\n"
    "            input: {id: $id, entityName: $entityName, projectName: $projectName, name: $name, "
    "displayName: $displayName, description: $description, type: $type, spec: $spec, "
    "createdUsing: WANDB_SDK}\n"
    "        ) {\n"
    "            view {\n"
    "                id\n"
    "                name\n"
    "            }\n"
    "            inserted\n"
    "        }\n"
    "        }\n"
    "        "
)
OFFICIAL_VIEW = (
    '\n        query View($entityName: String, $name: String, $viewType: String = "runs", '
    "$userName: String, $viewName: String) {\n"
    "            project(name: $name, entityName: $entityName) {\n"
    "                allViews(viewType: $viewType, viewName: $viewName, userName: $userName) {\n"
    "                    edges {\n"
    "                        node {\n"
    "                            id\n"
    "                            displayName\n"
    "                            spec\n"
    "                        }\n"
    "                    }\n"
    "                }\n"
    "            }\n"
    "        }\n"
    "        "
)


def workspace() -> ws.Workspace:
    return ws.Workspace(
        entity="ent",
        project="proj",
        name="W",
        sections=[ws.Section(name="S", panels=[wr.LinePlot(x="Step", y=["val_loss"])])],
    )


def test_documents_are_the_official_ones() -> None:
    assert UPSERT_VIEW2 == OFFICIAL_UPSERT_VIEW2
    assert VIEW == OFFICIAL_VIEW


def test_save_save_save_as_new_view_sends_no_id_then_id_then_no_id(
    fake: FakeWandb, fake_backend: GraphQLBackend
) -> None:
    w = workspace()
    w.save()
    first_name, first_id = w._internal_name, w._internal_id
    w.save()
    w.save_as_new_view()

    upserts = fake.operations("UpsertView2")
    assert [sent.query for sent in upserts] == [OFFICIAL_UPSERT_VIEW2] * 3
    spec = json.dumps(w.to_spec(), separators=(",", ":"), ensure_ascii=False)
    expected = {
        "entityName": "ent",
        "projectName": "proj",
        "name": first_name,
        "displayName": "W",
        "type": "project-view",
        "description": "",
        "spec": spec,
        "locked": False,
    }
    assert upserts[0].variables == expected
    assert upserts[1].variables == {**expected, "id": first_id}
    assert upserts[2].variables == {**expected, "name": w._internal_name}
    assert w._internal_name != first_name
    basic = "Basic " + base64.b64encode(f"api:{API_KEY}".encode()).decode()
    assert {sent.authorization for sent in fake.sent} == {basic}


def test_saved_name_and_id_come_from_the_answer(
    fake: FakeWandb, fake_backend: GraphQLBackend
) -> None:
    w = workspace().save()
    assert w._internal_id == "Vmlldzox"
    assert w._internal_name.startswith("nw-") and w._internal_name.endswith("-v")
    assert len(w._internal_name) == len("nw-") + 11 + len("-v")
    assert w.url == f"https://{FAKE_HOST}/ent/proj?nw={w._internal_name[3:-2]}"


def test_from_url_sends_the_official_view_query(
    fake: FakeWandb, fake_backend: GraphQLBackend
) -> None:
    saved = workspace().save()
    loaded = ws.Workspace.from_url(saved.url)

    (view,) = fake.operations("View")
    assert view.query == OFFICIAL_VIEW
    assert view.variables == {
        "viewType": "project-view",
        "entityName": "ent",
        "projectName": "proj",
        "name": "proj",
        "viewName": saved._internal_name,
    }
    assert loaded.name == "W"
    assert loaded._internal_id == saved._internal_id
    assert loaded.to_spec() == saved.to_spec()


def test_cloud_api_urls_point_at_the_app() -> None:
    backend = GraphQLBackend("https://api.wandb.ai", API_KEY)
    ws.configure(backend=backend)
    w = workspace()
    w._internal_name = "nw-abc123-v"
    assert w.url == "https://wandb.ai/ent/proj?nw=abc123"
    # Only the leading nw- and trailing -v go (the official strips every occurrence).
    w._internal_name = "nw-ab-vnw-cd-v"
    assert w.url == "https://wandb.ai/ent/proj?nw=ab-vnw-cd"


def test_app_url_keeps_scheme_host_and_port_only() -> None:
    backend = GraphQLBackend("http://127.0.0.1:8123/prefix/", API_KEY)
    assert backend.app_url == "http://127.0.0.1:8123"
    assert GraphQLBackend("http://h", API_KEY, app_url="https://app.h/").app_url == "https://app.h"


def test_unknown_project_and_view_are_named(fake: FakeWandb, fake_backend: GraphQLBackend) -> None:
    with pytest.raises(NotFoundError, match="Project ent/nope not found"):
        ws.Workspace.from_url("https://wandb.ai/ent/nope?nw=abc")
    workspace().save()
    with pytest.raises(NotFoundError, match="'nw-abc-v' not found in project ent/proj"):
        ws.Workspace.from_url("https://wandb.ai/ent/proj?nw=abc")


def test_retries_503_then_succeeds(fake: FakeWandb, fake_backend: GraphQLBackend) -> None:
    fake.script = [httpx.Response(503, text="busy"), httpx.Response(503, text="busy")]
    workspace().save()
    assert [sent.operation for sent in fake.sent[:4]] == ["ServerFeaturesQuery"] + [
        "UpsertView2"
    ] * 3
    assert fake.sleeps == [1.0, 2.0]


def test_retries_connection_errors_and_429_with_retry_after(fake: FakeWandb) -> None:
    backend = fake.backend()
    fake.script = [
        httpx.ConnectError("refused"),
        httpx.Response(429, headers={"Retry-After": "7"}),
    ]
    ws.configure(backend=backend)
    workspace().save()
    assert fake.sleeps == [1.0, 7.0]


def test_gives_up_after_the_retries(fake: FakeWandb) -> None:
    backend = fake.backend(retries=2)
    fake.script = [httpx.ConnectError("refused")] * 3
    with pytest.raises(RequestError, match=rf"could not reach https://{FAKE_HOST}/graphql after 3"):
        backend.upsert_view(
            id=None, entity="e", project="p", name="nw-x-v", display_name="W", spec="{}"
        )
    assert fake.sleeps == [1.0, 2.0]


def test_5xx_after_the_retries_is_a_server_error(fake: FakeWandb) -> None:
    backend = fake.backend(retries=1)
    fake.script = [httpx.Response(502, text="bad gateway")] * 2
    with pytest.raises(ServerError, match="answered HTTP 502 to ProjectViews: bad gateway"):
        backend.list_views("e", "p")


def test_no_retry_on_400(fake: FakeWandb, fake_backend: GraphQLBackend) -> None:
    fake.script = [httpx.Response(400, json={"errors": [{"message": "Cannot query field 'x'"}]})]
    with pytest.raises(ServerError, match="refused UpsertView2: Cannot query field 'x'"):
        workspace().save()
    assert len(fake.operations("UpsertView2")) == 1
    assert fake.sleeps == []


def test_graphql_errors_carry_the_server_message(
    fake: FakeWandb, fake_backend: GraphQLBackend
) -> None:
    fake.script = [
        httpx.Response(200, json={"data": None, "errors": [{"message": "permission denied"}]})
    ]
    with pytest.raises(ServerError, match=f"{FAKE_HOST} refused UpsertView2: permission denied"):
        workspace().save()


def test_401_says_which_key_to_check(fake: FakeWandb) -> None:
    ws.configure(backend=fake.backend(api_key="local-" + "x" * 40))
    with pytest.raises(
        AuthenticationError,
        match=rf"the API key was rejected by {FAKE_HOST}; check WANDB_API_KEY or ~/.netrc",
    ):
        workspace().save()
    assert len(fake.sent) == 1


def test_no_key_fails_before_sending(fake: FakeWandb) -> None:
    backend = fake.backend(api_key=None)
    with pytest.raises(AuthenticationError, match=f"no API key for {FAKE_HOST}; set WANDB_API_KEY"):
        backend.list_views("e", "p")
    assert fake.sent == []


def test_conflict_when_the_view_changed_since_loading(
    fake: FakeWandb, fake_backend: GraphQLBackend
) -> None:
    saved = workspace().save()
    mine = ws.Workspace.from_url(saved.url)
    theirs = ws.Workspace.from_url(saved.url)
    theirs.name = "Theirs"
    theirs.save()
    mine.name = "Mine"
    with pytest.raises(ConflictError, match=r"save\(force=True\) overwrites that change"):
        mine.save()
    assert fake.views[saved._internal_id].display_name == "Theirs"
    mine.save(force=True)
    assert fake.views[saved._internal_id].display_name == "Mine"
    mine.save()  # the marker was refreshed by the forced save


def test_save_checks_updated_at_before_updating(
    fake: FakeWandb, fake_backend: GraphQLBackend
) -> None:
    w = workspace().save()
    fake.sent.clear()
    w.save()
    assert [sent.operation for sent in fake.sent] == [
        "ViewUpdatedAt",
        "UpsertView2",
        "ViewUpdatedAt",
    ]
    assert fake.sent[0].variables == {"id": w._internal_id}


def test_list_and_delete(fake: FakeWandb, fake_backend: GraphQLBackend) -> None:
    first = workspace().save()
    second = workspace()
    second.name = "Second"
    second.save()
    views = ws.Workspace.list("ent", "proj")
    assert [(v.display_name, v.url) for v in views] == [("Second", second.url), ("W", first.url)]
    assert views[0].updated_at is not None
    (listed,) = fake.operations("ProjectViews")
    assert listed.variables == {"entityName": "ent", "name": "proj"}
    assert 'allViews(viewType: "project-view")' in listed.query

    first.delete()
    (deleted,) = fake.operations("DeleteView")
    assert deleted.variables == {"id": "Vmlldzox"}
    assert "deleteView(input: {id: $id})" in deleted.query
    assert [v.display_name for v in ws.Workspace.list("ent", "proj")] == ["Second"]
    with pytest.raises(AttributeError, match="save workspace"):
        _ = first.url


def test_save_logs_the_url(
    fake: FakeWandb, fake_backend: GraphQLBackend, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="wandb_workspaces"):
        w = workspace().save()
    assert caplog.messages == [f"View saved: {w.url}"]


def _documents_sent(fake: FakeWandb) -> str:
    """Every document sent and the names of its variables (not their values)."""
    return "\n".join(sent.query + " ".join(sent.variables) for sent in fake.sent)


@pytest.mark.parametrize(
    "features",
    [
        pytest.param(None, id="old-wandb-server-without-features"),
        pytest.param([{"name": "LARGE_FILENAMES", "isEnabled": True}], id="wandb-cloud"),
        pytest.param(
            [{"name": VIEW_VERSION_FEATURE, "isEnabled": False}], id="feature-switched-off"
        ),
    ],
)
def test_without_the_version_feature_the_check_stays_best_effort(
    fake: FakeWandb, fake_backend: GraphQLBackend, features: list[dict[str, object]] | None
) -> None:
    fake.features = features
    saved = workspace().save()
    mine = ws.Workspace.from_url(saved.url)
    theirs = ws.Workspace.from_url(saved.url)
    theirs.name = "Theirs"
    theirs.save()
    with pytest.raises(ConflictError, match=r"updated at .* save\(force=True\)"):
        mine.save()

    assert not fake_backend.checks_versions
    assert [sent.operation for sent in fake.sent] == [
        "ServerFeaturesQuery",  # asked once, then remembered by the backend
        "UpsertView2",
        "ViewUpdatedAt",
        *["View", "ViewUpdatedAt"] * 2,
        *["ViewUpdatedAt", "UpsertView2", "ViewUpdatedAt"],
        "ViewUpdatedAt",
    ]
    assert {s.query for s in fake.operations("UpsertView2")} == {OFFICIAL_UPSERT_VIEW2}
    assert {s.query for s in fake.operations("View")} == {OFFICIAL_VIEW}
    # nothing W&B's schema lacks: no version field, no expectedVersion
    assert "ersion" not in _documents_sent(fake)


def test_the_feature_query_is_the_one_the_wandb_sdk_sends(fake: FakeWandb) -> None:
    backend = fake.backend()
    assert not backend.checks_versions
    (asked,) = fake.sent
    assert asked.variables == {}
    assert print_ast(parse(asked.query)) == print_ast(parse(SERVER_FEATURES_QUERY))
    assert not fake.backend().checks_versions  # each backend asks its own server once
    assert len(fake.operations("ServerFeaturesQuery")) == 2


def test_a_wrong_key_fails_the_feature_query_like_any_other(fake: FakeWandb) -> None:
    backend = fake.backend(api_key="local-" + "x" * 40)
    with pytest.raises(AuthenticationError, match="the API key was rejected"):
        _ = backend.checks_versions
    assert backend._features is None  # not remembered: asked again with the next call
