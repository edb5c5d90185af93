"""Run files and logged media for the viewer: content types, caching, ranges, bounds, paths."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from panelbank.demo import create_demo_project
from panelbank.history import HistoryStore
from panelbank.ingest.synthetic_media import AUDIO_KEY, IMAGE_KEY
from panelbank.server.api_media import IMMUTABLE, MAX_MEDIA_RUNS, REVALIDATE, content_type
from panelbank.server.media_values import class_labels, media_items
from panelbank.store import Store
from panelbank.store.models import RunRecord

from .conftest import ENTITY

PROJECT = "media"
BASE = f"/api/v1/{ENTITY}/{PROJECT}"


@pytest.fixture
def runs(app: Starlette, store: Store) -> list[RunRecord]:
    history = app.state.history
    assert isinstance(history, HistoryStore)
    files = app.state.settings.home / "files"
    return create_demo_project(
        store, history, entity=ENTITY, project=PROJECT, runs=3, steps=40, files_root=files
    )


def media(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post(f"{BASE}/media", json=body)


def test_media_gives_steps_and_values_with_file_urls(
    client: httpx.Client, runs: list[RunRecord]
) -> None:
    names = [run.name for run in runs]
    answer = media(client, runs=[*names, "nope"], key=IMAGE_KEY, limit=2)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["missing"] == ["nope"]
    first = body["runs"][0]
    assert first["run"] == names[0]
    assert first["steps"] == [0, 10, 20, 29, 39]
    assert [entry["step"] for entry in first["media"]] == [0, 10]
    assert first["more"] is True
    item = first["media"][0]["items"][0]
    assert item["type"] == "image"
    assert item["width"] == item["height"] == 64
    assert item["url"].startswith(f"{BASE}/runs/{names[0]}/files/media/images/")
    assert "?sha256=" in item["url"]
    (mask,) = item["masks"]
    assert mask["classLabels"] == {"0": "background", "1": "cat", "2": "dog"}
    (boxes,) = item["boxes"]
    assert [box["class_id"] for box in boxes["boxData"]] == [1, 2]
    assert first["summary"][0]["type"] == "image"


def test_media_pages_by_step_range(client: httpx.Client, runs: list[RunRecord]) -> None:
    body = media(
        client, runs=[runs[0].name], key=IMAGE_KEY, minStep=10, maxStep=30, withSteps=False
    ).json()
    (one,) = body["runs"]
    assert "steps" not in one
    assert [entry["step"] for entry in one["media"]] == [10, 20, 29]
    assert one["more"] is False


def test_audio_media(client: httpx.Client, runs: list[RunRecord]) -> None:
    body = media(client, runs=[runs[0].name], key=AUDIO_KEY).json()
    (audio,) = body["runs"]
    assert audio["media"][0]["items"][0]["type"] == "audio"
    numbers = media(client, runs=[runs[0].name], key="train/loss").json()["runs"][0]
    assert numbers["media"] == [] and numbers["steps"] == []  # no media under that key
    url = audio["media"][0]["items"][0]["url"]
    answer = client.get(url)
    assert answer.headers["content-type"] == "audio/wav"
    assert answer.content[:4] == b"RIFF"


def test_file_served_with_type_and_immutable_cache(
    client: httpx.Client, runs: list[RunRecord]
) -> None:
    body = media(client, runs=[runs[0].name], key=IMAGE_KEY, limit=1).json()
    item = body["runs"][0]["media"][0]["items"][0]
    answer = client.get(item["url"])
    assert answer.status_code == 200
    assert answer.content[:8] == b"\x89PNG\r\n\x1a\n"
    sha = hashlib.sha256(answer.content).hexdigest()
    assert answer.headers["content-type"] == "image/png"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == IMMUTABLE
    assert answer.headers["etag"] == f'"{sha}"'
    assert "sandbox" in answer.headers["content-security-policy"]
    again = client.get(item["url"], headers={"If-None-Match": f'"{sha}"'})
    assert again.status_code == 304


def test_file_without_digest_is_revalidated(client: httpx.Client, runs: list[RunRecord]) -> None:
    body = media(client, runs=[runs[0].name], key=IMAGE_KEY, limit=1).json()
    url = body["runs"][0]["media"][0]["items"][0]["url"].split("?")[0]
    plain = client.get(url)
    assert plain.headers["cache-control"] == REVALIDATE
    wrong = client.get(url + "?sha256=" + "0" * 64)
    assert wrong.headers["cache-control"] == REVALIDATE


def test_range_request(client: httpx.Client, runs: list[RunRecord]) -> None:
    body = media(client, runs=[runs[0].name], key=AUDIO_KEY, limit=1).json()
    url = body["runs"][0]["media"][0]["items"][0]["url"]
    answer = client.get(url, headers={"Range": "bytes=0-3"})
    assert answer.status_code == 206
    assert answer.content == b"RIFF"


def write_file(app: Starlette, run: RunRecord, name: str, data: bytes) -> None:
    path = Path(app.state.settings.home, "files", ENTITY, PROJECT, run.name, *name.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_html_is_sandboxed_and_unknown_types_download(
    app: Starlette, client: httpx.Client, runs: list[RunRecord]
) -> None:
    write_file(app, runs[0], "media/html/page.html", b"<script>alert(1)</script>")
    write_file(app, runs[0], "media/x/model.obj", b"<html>not html</html>")
    page = client.get(f"{BASE}/runs/{runs[0].name}/files/media/html/page.html")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"].startswith("sandbox allow-scripts;")
    other = client.get(f"{BASE}/runs/{runs[0].name}/files/media/x/model.obj")
    assert other.headers["content-type"] == "application/octet-stream"
    assert other.headers["content-disposition"].startswith("attachment")
    assert other.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("media/%2e%2e/%2e%2e/%2e%2e/secrets", id="dot-dot"),
        pytest.param("media/..%2f..%2fsecrets", id="encoded-slash"),
        pytest.param("a%5cb", id="backslash"),
        pytest.param("media//x.png", id="empty-part"),
    ],
)
def test_path_traversal_refused(client: httpx.Client, runs: list[RunRecord], path: str) -> None:
    answer = client.get(f"{BASE}/runs/{runs[0].name}/files/{path}")
    assert answer.status_code == 400, answer.text
    assert "plain relative path" in answer.json()["error"]["message"]


def test_missing_file_and_run(client: httpx.Client, runs: list[RunRecord]) -> None:
    answer = client.get(f"{BASE}/runs/{runs[0].name}/files/media/none.png")
    assert answer.status_code == 404
    assert "has no file" in answer.json()["error"]["message"]
    answer = client.get(f"{BASE}/runs/nope/files/media/none.png")
    assert answer.status_code == 404
    assert "No run 'nope'" in answer.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param([], "Send", id="not-object"),
        pytest.param({"key": "k"}, "non-empty list", id="no-runs"),
        pytest.param({"runs": ["a"] * (MAX_MEDIA_RUNS + 1), "key": "k"}, "at most", id="runs"),
        pytest.param({"runs": ["a"], "key": ""}, "media key", id="key"),
        pytest.param({"runs": ["a"], "key": "k", "limit": 0}, "limit", id="limit"),
        pytest.param({"runs": ["a"], "key": "k", "limit": 101}, "limit", id="limit-high"),
        pytest.param({"runs": ["a"], "key": "k", "minStep": "x"}, "minStep", id="min"),
        pytest.param({"runs": ["a"], "key": "k", "withSteps": 1}, "withSteps", id="with-steps"),
        pytest.param({"runs": ["a"], "key": "k", "latest": "yes"}, "latest", id="latest"),
        pytest.param({"runs": ["a"], "key": "k", "inlineBytes": 10**6}, "inlineBytes", id="inline"),
    ],
)
def test_media_request_bounds(
    client: httpx.Client, runs: list[RunRecord], body: Any, message: str
) -> None:
    answer = client.post(f"{BASE}/media", json=body)
    assert answer.status_code == 400
    assert message in answer.json()["error"]["message"]


def test_content_types_by_extension_only() -> None:
    assert content_type("media/images/a.PNG") == "image/png"
    assert content_type("media/videos/v.mp4") == "video/mp4"
    assert content_type("media/readme") == "application/octet-stream"
    assert content_type("dir.html/file") == "application/octet-stream"


def url(path: str, sha: str | None) -> str:
    return f"/f/{path}"


def test_media_items_shapes() -> None:
    separated = {
        "_type": "images/separated",
        "filenames": ["media/images/a.png", "media/images/b.png"],
        "captions": ["a", "b"],
        "width": 4,
        "height": 4,
        "format": "png",
        "all_masks": [{"m": {"_type": "mask", "path": "media/images/mask/a.png"}}, None],
    }
    items = media_items(separated, "k", url, {"mask": {"k_wandb_delimeter_m": {"1": "x"}}})
    assert [(i["url"], i["caption"]) for i in items] == [
        ("/f/media/images/a.png", "a"),
        ("/f/media/images/b.png", "b"),
    ]
    assert items[0]["masks"][0]["classLabels"] == {"1": "x"}
    assert "masks" not in items[1]
    audio = {"_type": "audio", "audio": [{"_type": "audio-file", "path": "media/audio/a.wav"}]}
    assert media_items(audio, "k", url, {})[0]["type"] == "audio"
    molecule = {"_type": "molecule", "filenames": ["media/molecule/m.pdb"]}
    assert media_items(molecule, "k", url, {})[0]["type"] == "molecule"
    objects = {"_type": "object3D", "objects": [{"_type": "object3D-file", "path": "m.pts.json"}]}
    assert media_items(objects, "k", url, {})[0]["type"] == "object3D"
    assert media_items(1.5, "k", url, {}) == []
    assert media_items({"_type": "table-file", "path": "t.json"}, "k", url, {}) == []
    assert media_items({"_type": "image-file"}, "k", url, {}) == []


def test_class_labels_from_config() -> None:
    config = {
        "_wandb": {
            "value": {
                "mask/class_labels": {"k_wandb_delimeter_m": {"value": {1: "cat"}}},
                "bounding_box/class_labels": {"k_wandb_delimeter_b": {"value": {"2": "dog"}}},
            }
        }
    }
    assert class_labels(config) == {
        "mask": {"k_wandb_delimeter_m": {"1": "cat"}},
        "boxes": {"k_wandb_delimeter_b": {"2": "dog"}},
    }
    assert class_labels({}) == {"mask": {}, "boxes": {}}
    assert class_labels({"_wandb": {"value": {"mask/class_labels": [1]}}})["mask"] == {}


def test_media_latest_steps(client: httpx.Client, runs: list[RunRecord]) -> None:
    body = media(client, runs=[runs[0].name], key=IMAGE_KEY, limit=2, latest=True).json()
    (one,) = body["runs"]
    assert [entry["step"] for entry in one["media"]] == [29, 39]
    assert one["more"] is True
    body = media(
        client, runs=[runs[0].name], key=IMAGE_KEY, limit=1, latest=True, maxStep=15
    ).json()
    assert [entry["step"] for entry in body["runs"][0]["media"]] == [10]


def test_media_inlines_small_images(client: httpx.Client, runs: list[RunRecord]) -> None:
    body = media(client, runs=[runs[0].name], key=IMAGE_KEY, limit=1, inlineBytes=4096).json()
    item = body["runs"][0]["media"][0]["items"][0]
    assert item["src"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert item["masks"][0]["src"].startswith("data:image/png;base64,")
    small = media(client, runs=[runs[0].name], key=IMAGE_KEY, limit=1, inlineBytes=10).json()
    assert "src" not in small["runs"][0]["media"][0]["items"][0]
    audio = media(client, runs=[runs[0].name], key=AUDIO_KEY, limit=1, inlineBytes=65536).json()
    assert "src" not in audio["runs"][0]["media"][0]["items"][0]


def test_paths_in_history_values_never_leave_the_run(
    app: Starlette, client: httpx.Client, store: Store
) -> None:
    history = app.state.history
    run, _ = store.upsert_run(ENTITY, PROJECT, "odd", username=ENTITY)
    value = {
        "_type": "image-file",
        "path": "../../../../etc/passwd",
        "width": 4,
        "height": 4,
        "masks": {"m": {"_type": "mask", "path": "/etc/passwd"}},
        "boxes": {"b": {"_type": "boxes2D", "path": "../secrets.json"}},
    }
    history.append(run.history_key, [{"_step": 0, "odd": value}], offset=0)
    answer = media(client, runs=["odd"], key="odd", inlineBytes=65536)
    assert answer.status_code == 200, answer.text
    (item,) = answer.json()["runs"][0]["media"][0]["items"]
    assert "src" not in item and "boxData" not in item["boxes"][0]
    assert client.get(item["url"]).status_code in (400, 404)
