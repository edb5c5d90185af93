"""A wandb.Table, wandb.Histogram values and wandb.plot.confusion_matrix logged INTO
`panelbank serve` by the unmodified official wandb SDK, read back through the viewer's
panel-data routes (tables, histograms)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from . import _harness
from ._harness import HarnessError, Server

pytestmark = pytest.mark.official

ENTITY = "charts-ent"
PROJECT = "charts-proj"
RUN = "chrt0001"
SDK_CLIENT = Path(__file__).with_name("sdk_charts_client.py")


@pytest.fixture(scope="module")
def logged(official_sdk_python: str, panelbank_server: Server, client_scratch: Path) -> Any:
    scratch = client_scratch / "sdk-charts"
    scratch.mkdir(exist_ok=True)
    env = _harness.client_env(panelbank_server, scratch)
    args = [official_sdk_python, str(SDK_CLIENT), ENTITY, PROJECT, RUN]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=scratch, timeout=120)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise HarnessError(
            f"{SDK_CLIENT.name} exited with {proc.returncode}:\n"
            f"{_harness._tail(proc.stdout + proc.stderr)}\n\nserver log:\n"
            f"{_harness._tail(panelbank_server.log())}"
        )
    return json.loads(lines[-1].removeprefix("RESULT "))


def post(server: Server, route: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/{ENTITY}/{PROJECT}/{route}",
        json=body,
        headers=_harness.auth_header(server.key),
        timeout=30,
    )


def test_the_logged_table_reads_back_in_pages(logged: Any, panelbank_server: Server) -> None:
    page = post(panelbank_server, "tables", {"runs": [RUN], "key": "predictions", "limit": 5})
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["columns"] == logged["columns"]
    assert body["total"] == len(logged["data"])
    assert [row["cells"] for row in body["rows"]] == logged["data"][:5]
    last = post(
        panelbank_server,
        "tables",
        {"runs": [RUN], "key": "predictions", "offset": 10, "sort": "score", "desc": True},
    ).json()
    assert [row["cells"][2] for row in last["rows"]] == [0.1, 0.0]


def test_histograms_per_step(logged: Any, panelbank_server: Server) -> None:
    response = post(panelbank_server, "histograms", {"runs": [RUN], "key": "weights"})
    assert response.status_code == 200, response.text
    (run,) = response.json()["runs"]
    assert len(run["histograms"]) == len(logged["histograms"]) == 3
    for histogram, values in zip(run["histograms"], logged["histograms"], strict=True):
        assert len(histogram["values"]) == 8 and len(histogram["bins"]) == 9
        assert sum(histogram["values"]) == len(values)
        assert histogram["bins"][0] == pytest.approx(min(values))
        assert histogram["bins"][-1] == pytest.approx(max(values))


def test_the_confusion_matrix_table(logged: Any, panelbank_server: Server) -> None:
    body = post(panelbank_server, "tables", {"runs": [RUN], "key": "cm_table"}).json()
    assert body["columns"] == ["Actual", "Predicted", "nPredictions"]
    counts = {(a, p): n for a, p, n in (row["cells"] for row in body["rows"])}
    assert counts[("cat", "cat")] == 2 and counts[("dog", "frog")] == 0
    assert counts[("frog", "dog")] == 1
    assert sum(counts.values()) == 7
