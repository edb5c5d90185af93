"""A report's page, ``/<entity>/<project>/reports/<Title>--<id>``: the viewer's shell with
the report Content-Security-Policy (images and video over https, iframes from the embed
hosts only), and the embed hosts read from the one list the viewer uses too."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from panelbank import pages
from panelbank.pages import CSP, EMBED_HOSTS, REPORT_CSP

from .conftest import basic, in_process


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A built viewer's index.html, whatever the checkout has built."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><div id=app></div>", "utf-8")
    monkeypatch.setattr(pages, "STATIC_DIR", static)


def directives(csp: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in csp.split(";"))


def get(app: Starlette, path: str, api_key: str) -> httpx.Response:
    headers = {"Accept": "text/html", **basic(api_key)}
    with in_process(app, headers) as client:
        return client.get(path)


def test_a_report_page_has_the_report_csp(built: None, app: Starlette, api_key: str) -> None:
    response = get(app, "/alice/vision/reports/My-report--Vmlldzox", api_key)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == REPORT_CSP
    # a workspace page keeps the strict one
    assert get(app, "/alice/vision", api_key).headers["content-security-policy"] == CSP


def test_the_report_csp_adds_only_https_media_and_the_embed_hosts() -> None:
    strict, report = directives(CSP), directives(REPORT_CSP)
    assert report["frame-src"] == " ".join(f"https://{host}" for host in EMBED_HOSTS)
    assert report["img-src"] == "'self' data: https:" and report["media-src"] == "'self' https:"
    changed = {key for key in report if report[key] != strict.get(key)}
    assert changed == {"frame-src", "img-src", "media-src"}
    assert "unsafe-inline" not in REPORT_CSP and "unsafe-eval" not in REPORT_CSP


def test_the_embed_hosts_are_the_file_the_viewer_reads() -> None:
    listed = json.loads((Path(pages.__file__).parent / "embed_hosts.json").read_text("utf-8"))
    assert tuple(listed["frame"]) == EMBED_HOSTS
    assert all(host and "/" not in host and "*" not in host for host in EMBED_HOSTS)


def test_reserved_first_segments_are_not_report_pages(
    built: None, app: Starlette, api_key: str
) -> None:
    response = get(app, "/static/x/reports/T--Vmlldzox", api_key)
    assert response.status_code == 404
