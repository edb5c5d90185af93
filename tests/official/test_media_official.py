"""Media logged INTO `panelbank serve` by the unmodified official wandb SDK: ``wandb.Image``
with a mask and boxes, ``wandb.Audio`` and a list of images are stored, served with their
content types and reachable from history (``POST /api/v1/{entity}/{project}/media``).

``wandb.Image`` needs Pillow and numpy, which the official SDK venv does not hold: the
client runs in a venv layered over it (its site-packages on the path through a ``.pth``,
plus those two from the package index), ``.venvs/official-media`` in this checkout
(``PANELBANK_MEDIA_SDK_VENV`` to put it elsewhere). The official venv is only read.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from . import _harness
from ._harness import HarnessError, Server

pytestmark = pytest.mark.official

ENTITY, PROJECT, RUN = "media-ent", "media-proj", "media001"
CLIENT = Path(__file__).with_name("sdk_media_client.py")
CHECK = "import wandb, PIL, numpy"


def _run(args: list[str], what: str) -> str:
    proc = subprocess.run(args, capture_output=True, text=True, check=False, timeout=600)
    if proc.returncode != 0:
        raise HarnessError(f"{what} exited with {proc.returncode}:\n{_harness._tail(proc.stderr)}")
    return proc.stdout


def media_sdk_python(official: str) -> str:
    """The python of the layered venv (made once, reused while it imports all three)."""
    root = Path(__file__).resolve().parents[2]
    venv = Path(os.environ.get("PANELBANK_MEDIA_SDK_VENV") or root / ".venvs" / "official-media")
    python = venv / "bin" / "python"
    site = _run([official, "-c", "import site; print(site.getsitepackages()[0])"], "site")
    if python.exists() and subprocess.run([python, "-c", CHECK], check=False).returncode == 0:
        return str(python)
    _run([official, "-m", "venv", "--clear", str(venv)], "python -m venv")
    own = _run([str(python), "-c", "import site; print(site.getsitepackages()[0])"], "site")
    Path(own.strip(), "zz-official-sdk.pth").write_text(site.strip() + "\n", encoding="utf-8")
    _run([str(python), "-m", "pip", "install", "-q", "pillow>=10", "numpy>=1.24"], "pip install")
    _run([str(python), "-c", CHECK], "the layered venv")
    return str(python)


@pytest.fixture(scope="module")
def logged(
    official_sdk_python: str, panelbank_server: Server, client_scratch: Path
) -> dict[str, Any]:
    try:
        python = media_sdk_python(official_sdk_python)
    except HarnessError as exc:
        pytest.fail(f"cannot make the media client's venv: {exc}", pytrace=False)
    scratch = client_scratch / "media"
    env = _harness.client_env(panelbank_server, scratch)
    proc = subprocess.run(
        [python, str(CLIENT), ENTITY, PROJECT, RUN],
        capture_output=True,
        text=True,
        env=env,
        cwd=scratch,
        timeout=180,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        pytest.fail(
            f"{CLIENT.name} exited with {proc.returncode}:\n"
            f"{_harness._tail(proc.stdout + proc.stderr)}",
            pytrace=False,
        )
    import json

    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return result


def api(server: Server) -> httpx.Client:
    return httpx.Client(
        base_url=f"{server.url}/api/v1/{ENTITY}/{PROJECT}",
        headers=_harness.auth_header(server.key),
        timeout=30,
    )


def test_images_with_masks_and_boxes_reachable_from_history(
    logged: dict[str, Any], panelbank_server: Server
) -> None:
    with api(panelbank_server) as client:
        body = client.post("/media", json={"runs": [RUN], "key": "predictions", "limit": 10})
        assert body.status_code == 200, body.text
        (run,) = body.json()["runs"]
        assert run["steps"] == [0, 1, 2]
        assert [entry["step"] for entry in run["media"]] == [0, 1, 2]
        item = run["media"][2]["items"][0]
        assert (item["type"], item["width"], item["height"]) == ("image", 48, 32)
        assert item["caption"] == "step 2"
        (mask,) = item["masks"]
        assert mask["name"] == "prediction"
        assert mask["classLabels"] == {"0": "background", "1": "cat"}
        (boxes,) = item["boxes"]
        assert boxes["classLabels"] == {"1": "cat", "2": "dog"}
        (box,) = boxes["boxData"]
        assert box["position"] == {"minX": 10, "maxX": 30, "minY": 8, "maxY": 20}
        assert run["summary"][0]["path"] == item["path"]

        picture = client.get(item["url"].removeprefix(f"/api/v1/{ENTITY}/{PROJECT}"))
        assert picture.status_code == 200
        assert picture.headers["content-type"] == "image/png"
        assert picture.headers["cache-control"].endswith("immutable")
        assert picture.content[:8] == b"\x89PNG\r\n\x1a\n"
        sha = item["url"].split("sha256=")[1]
        assert hashlib.sha256(picture.content).hexdigest() == sha
        mask_png = client.get(mask["url"].removeprefix(f"/api/v1/{ENTITY}/{PROJECT}"))
        assert mask_png.headers["content-type"] == "image/png"


def test_audio_is_served_as_logged(logged: dict[str, Any], panelbank_server: Server) -> None:
    with api(panelbank_server) as client:
        body = client.post("/media", json={"runs": [RUN], "key": "sound", "limit": 10}).json()
        (run,) = body["runs"]
        for entry in run["media"]:
            (item,) = entry["items"]
            assert item["type"] == "audio"
            wav = client.get(item["url"].removeprefix(f"/api/v1/{ENTITY}/{PROJECT}"))
            assert wav.headers["content-type"] == "audio/wav"
            assert (
                hashlib.sha256(wav.content).hexdigest() == logged["wav_sha256"][str(entry["step"])]
            )
        assert [e["items"][0]["caption"] for e in run["media"]] == ["220 Hz", "440 Hz", "660 Hz"]


def test_a_list_of_images(logged: dict[str, Any], panelbank_server: Server) -> None:
    with api(panelbank_server) as client:
        body = client.post("/media", json={"runs": [RUN], "key": "examples"}).json()
        (run,) = body["runs"]
        (entry,) = run["media"]
        assert entry["step"] == 2
        assert [item["type"] for item in entry["items"]] == ["image", "image"]
        for item in entry["items"]:
            answer = client.get(item["url"].removeprefix(f"/api/v1/{ENTITY}/{PROJECT}"))
            assert answer.status_code == 200, answer.text
