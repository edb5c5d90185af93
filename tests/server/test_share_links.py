"""A report's share link: ``?accessToken=`` reads its report and the runs of the projects
it grants, without a key, and nothing else; revoking it closes it at once."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from panelbank.server.auth import RedactAccessTokens, share_link_allows
from panelbank.store import AccessToken, Store, View

from .conftest import ENTITY

SPEC = '{"version":5,"blocks":[]}'


@pytest.fixture
def shared(store: Store) -> dict[str, Any]:
    """A report in ENTITY/proj with a token granting proj, a second report, a run."""
    report, _ = store.upsert_view(
        entity=ENTITY, project="proj", name="", display_name="R", type="runs", spec=SPEC
    )
    other, _ = store.upsert_view(
        entity=ENTITY, project="proj", name="", display_name="O", type="runs", spec=SPEC
    )
    store.upsert_run(ENTITY, "proj", "run1", config={"lr": {"value": 0.1}})
    store.upsert_run(ENTITY, "secret", "run2")
    token = store.create_access_token(report.id, [(ENTITY, "proj")]).token
    return {"report": report, "other": other, "token": token}


def get(client: httpx.Client, path: str, token: str, **params: str) -> httpx.Response:
    return client.get(path, params={**params, "accessToken": token})


def post(client: httpx.Client, path: str, token: str, body: Any) -> httpx.Response:
    return client.post(path, params={"accessToken": token}, json=body)


def test_the_token_reads_its_report(anonymous: httpx.Client, shared: dict[str, Any]) -> None:
    report: View = shared["report"]
    response = get(anonymous, f"/api/v1/views/{report.id}", shared["token"])
    assert response.status_code == 200, response.text
    assert response.json()["spec"] == SPEC


def test_the_token_reads_the_granted_projects_runs(
    anonymous: httpx.Client, shared: dict[str, Any]
) -> None:
    token = shared["token"]
    runs = get(anonymous, f"/api/v1/{ENTITY}/proj/runs", token)
    assert runs.status_code == 200, runs.text
    assert [run["name"] for run in runs.json()["runs"]] == ["run1"]
    queried = post(anonymous, f"/api/v1/{ENTITY}/proj/runs", token, {"runSet": {}})
    assert queried.status_code == 200, queried.text
    keys = get(anonymous, f"/api/v1/{ENTITY}/proj/runs/run1/keys", token)
    assert keys.status_code == 200, keys.text
    body = {"runs": ["run1"], "metrics": ["loss"]}
    history = post(anonymous, f"/api/v1/{ENTITY}/proj/history", token, body)
    assert history.status_code == 200, history.text
    own_view = get(anonymous, f"/api/v1/{ENTITY}/proj/runs", token, view=shared["report"].id)
    assert own_view.status_code == 200, own_view.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("GET", "/api/v1/views/{other}", id="another-view"),
        pytest.param("GET", "/api/v1/views/{report}/history", id="view-history"),
        pytest.param("POST", "/api/v1/views/{report}/restore", id="restore"),
        pytest.param("GET", "/api/v1/entities", id="entities"),
        pytest.param("GET", f"/api/v1/{ENTITY}/projects", id="projects"),
        pytest.param("GET", f"/api/v1/{ENTITY}/proj/views", id="views-of-the-project"),
        pytest.param("GET", f"/api/v1/{ENTITY}/secret/runs", id="another-project"),
        pytest.param("POST", f"/api/v1/{ENTITY}/secret/history", id="another-history"),
        pytest.param("GET", f"/api/v1/{ENTITY}/proj/runs/run1", id="run-page-data"),
        pytest.param("GET", f"/api/v1/{ENTITY}/proj/runs?view={{other}}", id="other-run-set"),
        pytest.param("POST", "/graphql", id="graphql"),
        pytest.param("GET", f"/{ENTITY}/proj/reports/O--{{other}}", id="another-report-page"),
        pytest.param("GET", f"/{ENTITY}/proj", id="project-page"),
        pytest.param("PUT", "/api/v1/views/{report}", id="write"),
    ],
)
def test_the_token_opens_nothing_else(
    anonymous: httpx.Client, shared: dict[str, Any], method: str, path: str
) -> None:
    url = path.format(report=shared["report"].id, other=shared["other"].id)
    separator = "&" if "?" in url else "?"
    response = anonymous.request(
        method, f"{url}{separator}accessToken={shared['token']}", json={"query": "{viewer{id}}"}
    )
    assert response.status_code == 403, response.text
    assert "share link opens only its report" in response.text
    assert shared["token"] not in response.text


def test_the_report_page_is_let_through(anonymous: httpx.Client, shared: dict[str, Any]) -> None:
    report: View = shared["report"]
    page = f"/{ENTITY}/proj/reports/R--{report.id}"
    with_token, without = get(anonymous, page, shared["token"]), anonymous.get(page)
    assert with_token.status_code not in (401, 403), with_token.text
    assert without.status_code == 401


def test_a_revoked_token_stops_at_once(
    anonymous: httpx.Client, shared: dict[str, Any], store: Store
) -> None:
    path = f"/api/v1/views/{shared['report'].id}"
    assert get(anonymous, path, shared["token"]).status_code == 200
    store.revoke_access_token(shared["token"])
    response = get(anonymous, path, shared["token"])
    assert response.status_code == 401
    assert "access token is not valid (revoked, or never made)" in response.text
    assert shared["token"] not in response.text


def test_a_revoked_link_in_a_browser_is_a_page_saying_so(
    anonymous: httpx.Client, shared: dict[str, Any], store: Store
) -> None:
    page = f"/{ENTITY}/proj/reports/R--{shared['report'].id}"
    html = {"Accept": "text/html"}
    elsewhere = anonymous.get(f"/{ENTITY}/proj?accessToken={shared['token']}", headers=html)
    assert elsewhere.status_code == 303 and elsewhere.headers["location"].startswith("/login")
    store.revoke_access_token(shared["token"])
    response = anonymous.get(f"{page}?accessToken={shared['token']}", headers=html)
    assert response.status_code == 401
    assert "share link is not valid" in response.text and shared["token"] not in response.text
    # no Basic challenge: a browser would ask for a password over the report
    assert "www-authenticate" not in response.headers
    api = get(anonymous, f"/api/v1/views/{shared['report'].id}", shared["token"])
    assert api.status_code == 401 and "www-authenticate" not in api.headers


def test_an_unknown_token_is_401(anonymous: httpx.Client, shared: dict[str, Any]) -> None:
    response = get(anonymous, f"/api/v1/views/{shared['report'].id}", "guessed-" + "a" * 40)
    assert response.status_code == 401
    assert "not valid" in response.json()["error"]["message"]


def test_a_key_wins_over_a_token(client: httpx.Client, shared: dict[str, Any]) -> None:
    # with an API key the token is ignored: everything the key may do, it does
    assert get(client, "/api/v1/entities", "not-a-token").status_code == 200


def test_deleting_the_report_closes_its_link(
    anonymous: httpx.Client, shared: dict[str, Any], store: Store
) -> None:
    store.delete_view(shared["report"].id)
    response = get(anonymous, f"/api/v1/{ENTITY}/proj/runs", shared["token"])
    assert response.status_code == 401


def _token(projects: tuple[tuple[str, str], ...] = (("e", "p"),)) -> AccessToken:
    return AccessToken(
        token="t",
        view_pk=7,
        type="PUBLIC",
        projects=projects,
        created_at=datetime.now(timezone.utc),
        created_by="",
        revoked_at=None,
    )


VIEW_7 = "Vmlldzo3"  # base64 of View:7


@pytest.mark.parametrize(
    ("method", "path", "query", "allowed"),
    [
        ("GET", f"/api/v1/views/{VIEW_7}", {}, True),
        ("HEAD", f"/api/v1/views/{VIEW_7}", {}, True),
        ("POST", f"/api/v1/views/{VIEW_7}", {}, False),
        ("GET", "/api/v1/views/Vmlldzo4", {}, False),
        ("GET", f"/e/p/reports/A-title--{VIEW_7}", {}, True),
        ("GET", f"/e/p/reports/A--b--{VIEW_7}", {}, True),
        ("GET", "/e/p/reports/A-title--Vmlldzo4", {}, False),
        ("POST", f"/e/p/reports/A-title--{VIEW_7}", {}, False),
        ("GET", f"/api/v1/reports/x--{VIEW_7}", {}, False),
        ("GET", "/api/v1/e/p/runs", {}, True),
        ("GET", "/api/v1/e/p/runs", {"view": VIEW_7}, True),
        ("GET", "/api/v1/e/p/runs", {"view": "Vmlldzo4"}, False),
        ("POST", "/api/v1/e/p/runs", {}, True),
        ("DELETE", "/api/v1/e/p/runs", {}, False),
        ("GET", "/api/v1/e/p/runs/r/keys", {}, True),
        ("POST", "/api/v1/e/p/runs/r/keys", {}, False),
        ("POST", "/api/v1/e/p/history", {}, True),
        ("GET", "/api/v1/e/p/views", {}, False),
        ("GET", "/api/v1/e/q/runs", {}, False),
        ("GET", "/api/v1/e/p/runs/r", {}, False),
        ("GET", "/api/v1/e/p/runs/r/keys/more", {}, False),
        ("GET", "/graphql", {}, False),
        ("GET", "/e/p", {}, False),
    ],
)
def test_share_link_allows(method: str, path: str, query: dict[str, str], allowed: bool) -> None:
    assert share_link_allows(_token(), method, path, query) is allowed


def test_access_log_lines_never_hold_a_token() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/e/p/reports/R--x?a=1&accessToken=SECRET&b=2", "1.1", 200),
        None,
    )
    assert RedactAccessTokens().filter(record)
    assert "SECRET" not in record.getMessage()
    assert "accessToken=<redacted>&b=2" in record.getMessage()


def test_create_app_installs_the_redaction(app: object) -> None:
    filters = logging.getLogger("uvicorn.access").filters
    assert any(isinstance(f, RedactAccessTokens) for f in filters)
