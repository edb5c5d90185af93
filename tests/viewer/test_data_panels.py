"""The data panels in the browser (issue 16): histograms over steps, summary tables,
custom charts (presets and a stored Vega spec), the code comparer and an artifact panel.
Each test checks what the panel was given (``window.__panelbank``) and saves a screenshot."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.blobs import open_blob_store
from panelbank.settings import load_settings
from panelbank.store import artifact_writes as sa

from .conftest import Server, start_server
from .workspace import ENTITY, PROJECT

RUNS = ["run000", "run001", "run002"]
SHOWN = RUNS[::-1]  # newest first
TABLE = "media/tables/predictions_5_abc.table.json"
MATRIX = "media/tables/cm_5_abc.table.json"
CLASSES = ["cat", "dog", "frog"]
STORED_VEGA = {
    "$schema": "https://vega.github.io/schema/vega/v5.json",
    "width": 200,
    "height": 120,
    "data": [{"name": "wandb"}],
    "scales": [
        {
            "name": "x",
            "type": "band",
            "domain": {"data": "wandb", "field": "${field:label}"},
            "range": "width",
        },
        {
            "name": "y",
            "type": "linear",
            "domain": {"data": "wandb", "field": "${field:value}"},
            "range": "height",
            "zero": True,
        },
    ],
    "marks": [
        {
            "type": "rect",
            "from": {"data": "wandb"},
            "encode": {
                "enter": {
                    "x": {"scale": "x", "field": "${field:label}"},
                    "width": {"scale": "x", "band": 1},
                    "y": {"scale": "y", "field": "${field:value}"},
                    "y2": {"scale": "y", "value": 0},
                    "fill": {"signal": "datum.${field:value} > 0.5 ? 'seagreen' : 'tomato'"},
                }
            },
        }
    ],
    "title": "${string:title}",
}


def workspace() -> ws.Workspace:
    chart = {"summaryTable": {"tableKey": "cm"}}
    return ws.Workspace(
        name="Data panels",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Data",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=3, rows=3),
                panels=[
                    wr.LinePlot(title="weights", y=["weights"]),
                    wr.CustomChart(
                        query=chart,
                        chart_name="wandb/confusion_matrix/v1",
                        chart_fields={
                            "Actual": "Actual",
                            "Predicted": "Predicted",
                            "nPredictions": "nPredictions",
                        },
                        chart_strings={"title": "CM"},
                    ),
                    wr.CustomChart(
                        query={"summaryTable": {"tableKey": "predictions"}},
                        chart_name="wandb/scatter/v0",
                        chart_fields={"x": "id", "y": "confidence"},
                        chart_strings={"title": "Confidence"},
                    ),
                    wr.CustomChart(
                        query={"summaryTable": {"tableKey": "predictions"}},
                        chart_name="me/bars/v1",
                        chart_fields={"label": "label", "value": "confidence"},
                        chart_strings={"title": "Stored spec"},
                    ),
                    wr.WeavePanelSummaryTable(table_name="predictions"),
                    wr.CodeComparer(diff="split"),
                    wr.WeavePanelArtifact(artifact="eval", tab="metadata"),
                    wr.WeavePanelArtifactVersionedFile(
                        artifact="eval", version="v0", file="scores.txt"
                    ),
                    wr.WeavePanelArtifactVersionedFile(
                        artifact="eval", version="v0", file="scores.table.json"
                    ),
                ],
            )
        ],
    )


def seed(server: Server, home: Path) -> None:
    for i, run in enumerate(RUNS):
        record = server.store.get_run(ENTITY, PROJECT, run)
        assert record is not None
        start = server.history.line_count(record.history_key)
        steps = [start + s for s in range(5)]
        rows = [
            {
                "_step": s,
                "weights": {
                    "_type": "histogram",
                    "values": [1 + k, 5, 1 + s % 3],
                    "bins": [-1.0, -0.2 + i / 10, 0.3, 1.0],
                },
            }
            for k, s in enumerate(steps)
        ]
        server.history.append(record.history_key, rows, offset=start)
        predictions = [
            [
                n,
                CLASSES[n % 3],
                CLASSES[(n + i) % 3],
                round(0.3 + 0.07 * n + 0.02 * i, 2),
                {"_type": "image-file", "path": f"media/images/p{n}.png"},
            ]
            for n in range(10)
        ]
        matrix = [[a, p, (10 if a == p else i + 1)] for a in CLASSES for p in CLASSES]
        files = {
            TABLE: {
                "columns": ["id", "label", "prediction", "confidence", "image"],
                "data": predictions,
            },
            MATRIX: {"columns": ["Actual", "Predicted", "nPredictions"], "data": matrix},
        }
        blobs: dict[str, bytes] = {k: json.dumps(v).encode() for k, v in files.items()}
        blobs["code/train.py"] = f"import wandb\nLR = {0.1 * (i + 1):.1f}\nrun()\n".encode()
        for name, data in blobs.items():
            path = home / "files" / ENTITY / PROJECT / run / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            server.store.add_run_file(ENTITY, PROJECT, run, name, len(data))
        summary = {
            **record.summary,
            "weights": rows[-1]["weights"],
            "predictions": {"_type": "table-file", "path": TABLE, "nrows": 10, "ncols": 5},
            "cm": {"_type": "table-file", "path": MATRIX, "nrows": 9, "ncols": 3},
        }
        server.store.update_run(ENTITY, PROJECT, run, summary=summary, history_line_count=start + 5)
    store_of_blobs = open_blob_store(load_settings(home=home))
    scores = home / "scores.table.json"
    scores.write_text(
        json.dumps({"columns": ["class", "f1"], "data": [["cat", 0.5], ["dog", 0.7]]})
    )
    scores_md5 = store_of_blobs.put_file(scores)
    manifest = home / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "version": 1,
                "contents": {
                    "scores.txt": {"digest": "XrY7u+Ae7tCTyyK7j1rNww==", "size": 11},
                    "scores.table.json": {
                        "digest": base64.b64encode(bytes.fromhex(scores_md5)).decode(),
                        "size": scores.stat().st_size,
                    },
                },
            }
        )
    )
    md5 = store_of_blobs.put_file(manifest)
    new = sa.NewArtifact(
        entity=ENTITY,
        project=PROJECT,
        type="dataset",
        collection="eval",
        digest="d1",
        run=RUNS[0],
        metadata=json.dumps({"rows": 10}),
    )
    artifact = server.store.artifacts_write(sa.create_artifact, new)
    server.store.artifacts_write(sa.set_manifest, artifact.id, manifest_md5=md5)
    server.store.artifacts_write(sa.commit_artifact, artifact.id, size=11, file_count=1)


@pytest.fixture
def server(tmp_path: Path, browser: Any) -> Iterator[Server]:
    for server in start_server(tmp_path, runs=3, steps=20, workspace=workspace()):
        seed(server, tmp_path)
        spec = server.view_spec()
        for panel in spec["section"]["panelBankConfig"]["sections"][0]["panels"]:
            if panel["config"].get("panelDefId") == "me/bars/v1":
                panel["config"]["customPanelDef"] = {"spec": json.dumps(STORED_VEGA)}
        server.save_spec(spec)
        yield server


def open_panels(page: Any, server: Server) -> dict[str, dict[str, Any]]:
    page.goto(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    page.wait_for_function(
        "() => { const d = window.__panelbank; return d && d.expected === 9 &&"
        " Object.keys(d.panels).length === 9 &&"
        " Object.values(d.panels).every(p => p.state !== 'loading'); }",
        timeout=30000,
    )
    panels = page.evaluate("window.__panelbank.panels")
    return {p["title"] or p["type"]: p for p in panels.values()}


def shot(page: Any, title: str, artifacts: Path, name: str) -> None:
    by_type = page.locator(f"[data-testid=panel][data-panel-type='{title}']")
    by_title = page.locator("[data-testid=panel]", has=page.locator(f"[title='{title}']"))
    panel = by_type if by_type.count() == 1 else by_title
    panel.screenshot(path=str(artifacts / f"{name}.png"))


def test_data_panels_get_their_data(page: Any, server: Server, artifacts: Path) -> None:
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    panels = open_panels(page, server)
    assert {t: p["state"] for t, p in panels.items()} == dict.fromkeys(panels, "ready"), [
        (t, p.get("message")) for t, p in panels.items()
    ]

    weights = panels["weights"]["data"]
    assert weights["mode"] == "heatmap"
    assert [r["run"] for r in weights["runs"]] == SHOWN
    assert all(
        len(r["steps"]) == 5 and r["edges"][0] == -1 and r["edges"][-1] == 1
        for r in weights["runs"]
    )

    cm = panels["CM"]["data"]
    assert (cm["chart"], cm["mode"], cm["rows"]) == ("wandb/confusion_matrix/v1", "preset", 27)
    assert cm["spec"]["transform"] == [{"filter": {"field": "id", "equal": "run002"}}]
    assert page.locator("[data-testid=vega-chart] canvas").count() == 3

    # hovering a cell of the matrix names it (the chart's title text: no tooltip stylesheet)
    matrix = page.locator("[data-testid=panel]", has=page.locator("[title='CM']"))
    chart = matrix.locator("[data-testid=vega-chart]")
    chart.locator("canvas").hover()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=vega-chart]')]"
        ".some(c => (c.title || '').includes('Actual'))"
    )
    tip = chart.get_attribute("title") or ""
    assert "Actual: dog" in tip and "Predicted: dog" in tip, tip

    scatter = panels["Confidence"]["data"]
    assert scatter["spec"]["encoding"]["x"] == {"field": "id", "type": "quantitative"}
    assert scatter["spec"]["encoding"]["color"]["field"] == "name"  # one colour per run

    stored = panels["Stored spec"]["data"]
    assert stored["mode"] == "custom"
    assert stored["spec"]["marks"][0]["encode"]["enter"]["x"]["field"] == "label"
    assert stored["spec"]["title"] == "Stored spec"

    table = panels["predictions"]["data"]
    assert (table["total"], table["rows"], table["runs"]) == (30, 20, SHOWN)
    assert table["columns"] == ["id", "label", "prediction", "confidence", "image"]
    image = predictions(page, "[data-testid=table-image]").first
    assert image.get_attribute("data-src") == (
        f"/api/v1/{ENTITY}/{PROJECT}/runs/run002/files/media/images/p0.png"
    )

    code = panels["Code Comparer"]["data"]
    assert (code["runs"], code["files"], code["mode"]) == (SHOWN[:2], ["code/train.py"], "split")
    assert code["stats"] == {"added": 1, "removed": 1}

    artifact = panels["eval"]["data"]
    assert (artifact["version"], artifact["tab"], artifact["metadata"]) == (
        "v0",
        "metadata",
        {"rows": 10},
    )
    version_file = panels["eval:v0/scores.txt"]["data"]
    assert (version_file["file"], version_file["files"]) == ("scores.txt", ["scores.txt"])
    scores = panels["eval:v0/scores.table.json"]["data"]
    assert (scores["artifact"], scores["columns"], scores["total"]) == (
        "eval:v0",
        ["class", "f1"],
        2,
    )
    assert not violations, violations

    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / "data-panels.png"), full_page=True)
    for title, name in [
        ("weights", "histogram-heatmap"),
        ("CM", "confusion-matrix"),
        ("Confidence", "scatter-preset"),
        ("Stored spec", "stored-vega"),
        ("predictions", "summary-table"),
        ("Code Comparer", "code-comparer"),
        ("eval", "artifact"),
    ]:
        shot(page, title, artifacts, name)


def predictions(page: Any, selector: str) -> Any:
    """``selector`` within the predictions table's panel."""
    panel = page.locator("[data-testid=panel]", has=page.locator("[title='predictions']"))
    return panel.locator(selector)


def test_table_sorts_filters_and_pages(page: Any, server: Server, artifacts: Path) -> None:
    open_panels(page, server)
    first_cells = "[data-testid=table-row] td:nth-child(5)"

    def table() -> dict[str, Any]:
        data = page.evaluate(
            "Object.values(window.__panelbank.panels).find(p => p.title === 'predictions').data"
        )
        return dict(data)

    draws = page.evaluate(
        "Object.values(window.__panelbank.panels).find(p => p.title === 'predictions').draws"
    )

    def wait_drawn() -> None:
        nonlocal draws
        page.wait_for_function(
            "n => Object.values(window.__panelbank.panels)"
            ".find(p => p.title === 'predictions').draws > n",
            arg=draws,
        )
        draws += 1

    predictions(page, "[data-testid=table-header][data-column=confidence]").click()
    wait_drawn()
    predictions(page, "[data-testid=table-header][data-column=confidence]").click()
    wait_drawn()
    assert table()["query"]["sort"] == "confidence" and table()["query"]["desc"] is True
    assert predictions(page, first_cells).first.inner_text() == "0.97"
    predictions(page, "[data-testid=table-next]").click()
    wait_drawn()
    assert table()["query"]["offset"] == 20
    assert (
        predictions(page, "[data-testid=table-page]").inner_text() == "21\u201330 of 30"
    )  # an en dash
    predictions(page, "[data-testid=table-filter]").fill("frog")
    wait_drawn()
    assert (table()["total"], table()["query"]["offset"]) == (16, 0)  # label or prediction
    shot(page, "predictions", artifacts, "summary-table-filtered")


def test_histogram_toggles_to_the_last_step(page: Any, server: Server, artifacts: Path) -> None:
    open_panels(page, server)
    page.locator("[data-testid=histogram-toggle]").click()
    page.wait_for_selector("[data-testid=histogram-bars]")
    data = page.evaluate(
        "Object.values(window.__panelbank.panels).find(p => p.title === 'weights').data"
    )
    assert data["mode"] == "bars"
    assert data["runs"][0]["bins"] == [-1.0, 0.0, 0.3, 1.0]  # run002, newest first
    assert data["runs"][0]["values"] == [5, 5, 1]  # the last of five steps: k = 4, step 24
    shot(page, "weights", artifacts, "histogram-bars")


def test_a_table_keeps_its_sort_and_filter_when_the_runs_log_more(
    page: Any, server: Server
) -> None:
    open_panels(page, server)
    predictions(page, "[data-testid=table-header][data-column=confidence]").click()
    predictions(page, "[data-testid=table-filter]").fill("dog")
    page.wait_for_function(
        "() => { const p = Object.values(window.__panelbank.panels)"
        ".find(p => p.title === 'predictions'); return p.state === 'ready' &&"
        " p.data.query.filter === 'dog' && p.data.query.sort === 'confidence'; }"
    )
    updates = page.evaluate("window.__panelbank.panelUpdates ?? 0")
    record = server.store.get_run(ENTITY, PROJECT, SHOWN[0])
    assert record is not None
    summary = {**record.summary, "acc": 0.99}
    server.store.update_run(ENTITY, PROJECT, SHOWN[0], summary=summary, state="crashed")
    page.wait_for_function(
        f"() => (window.__panelbank.panelUpdates ?? 0) > {updates} &&"
        " Object.values(window.__panelbank.panels).every(p => p.state !== 'loading')",
        timeout=30000,
    )
    data = page.evaluate(
        "Object.values(window.__panelbank.panels).find(p => p.title === 'predictions').data"
    )
    assert (data["query"]["filter"], data["query"]["sort"]) == ("dog", "confidence")
    assert predictions(page, "[data-testid=table-filter]").input_value() == "dog"


def test_vega_is_loaded_only_when_a_custom_chart_is_shown(browser: Any, tmp_path: Path) -> None:
    def scripts_of(url: str) -> list[str]:
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        page = context.new_page()
        loaded: list[str] = []
        page.on("request", lambda r: loaded.append(r.url) if r.url.endswith(".js") else None)
        page.goto(url)
        page.wait_for_function(
            "() => { const d = window.__panelbank; return d && d.expected > 0 &&"
            " Object.keys(d.panels).length === d.expected &&"
            " Object.values(d.panels).every(p => p.state !== 'loading'); }",
            timeout=30000,
        )
        context.close()
        return [u.rsplit("/", 1)[-1] for u in loaded]

    for server in start_server(tmp_path / "plain", runs=2, steps=5, no_auth=True):
        plain = scripts_of(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    for server in start_server(
        tmp_path / "charts", runs=3, steps=20, workspace=workspace(), no_auth=True
    ):
        seed(server, tmp_path / "charts")
        charts = scripts_of(f"{server.url}/{ENTITY}/{PROJECT}?nw=testview")
    assert not [s for s in plain if s.startswith(("embed-", "vega-"))], plain
    assert [s for s in charts if s.startswith("embed-")], charts
