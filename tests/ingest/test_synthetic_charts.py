"""The demo's chart data: histograms per step, the tables as run files the summary names,
the code, all deterministic; an image column when the run's rows hold images."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from panelbank.history import HistoryStore
from panelbank.ingest.synthetic import synthetic_runs
from panelbank.ingest.synthetic_charts import (
    CONFUSION_KEY,
    HISTOGRAM_EVERY,
    HISTOGRAM_KEY,
    PREDICTIONS_KEY,
    with_charts,
    write_chart_run,
)
from panelbank.store import Store


def test_histograms_tables_and_code_as_the_sdk_leaves_them() -> None:
    run = synthetic_runs(runs=1, steps=60, seed=3)[0]
    charted = with_charts(run)
    assert charted == with_charts(run)  # deterministic
    logged = [row for row in charted.run.history if HISTOGRAM_KEY in row]
    assert [row["_step"] for row in logged] == list(range(0, 60, HISTOGRAM_EVERY))
    histogram = logged[-1][HISTOGRAM_KEY]
    assert histogram["_type"] == "histogram"
    assert len(histogram["bins"]) == len(histogram["values"]) + 1
    assert charted.run.summary[HISTOGRAM_KEY] == histogram
    for key, columns in [
        (PREDICTIONS_KEY, ["id", "label", "prediction", "confidence", "correct"]),
        (CONFUSION_KEY, ["Actual", "Predicted", "nPredictions"]),
    ]:
        ref = charted.run.summary[key]
        body = charted.files[ref["path"]]
        table = json.loads(body)
        assert ref == {
            "_type": "table-file",
            "path": ref["path"],
            "sha256": hashlib.sha256(body).hexdigest(),
            "size": len(body),
            "ncols": len(columns),
            "nrows": len(table["data"]),
        }
        assert table["columns"] == columns
    matrix = json.loads(charted.files[charted.run.summary[CONFUSION_KEY]["path"]])["data"]
    assert sum(n for _, _, n in matrix) == 1000
    assert b"LR = " in charted.files["code/train.py"]
    assert json.loads(charted.files["wandb-metadata.json"])["codePath"] == "train.py"


def test_images_the_run_logged_fill_an_image_column() -> None:
    run = synthetic_runs(runs=1, steps=20, seed=1)[0]
    image: dict[str, Any] = {
        "_type": "image-file",
        "path": "media/images/a.png",
        "width": 8,
        "masks": {"m": {}},
    }
    rows = [*run.history[:-1], {**run.history[-1], "examples": image}]
    charted = with_charts(dataclasses.replace(run, history=rows))
    table = json.loads(charted.files[charted.run.summary[PREDICTIONS_KEY]["path"]])
    assert table["columns"][-1] == "image"
    assert table["data"][0][-1] == {"_type": "image-file", "path": "media/images/a.png", "width": 8}


def test_write_chart_run_records_the_files(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    history = HistoryStore(tmp_path / "history")
    try:
        run = synthetic_runs(runs=1, steps=20, seed=2)[0]
        record = write_chart_run(
            store, history, run, entity="e", project="p", files_root=tmp_path / "files"
        )
        names = {f.name for f in store.list_run_files("e", "p", record.name)}
        assert {"code/train.py", "wandb-metadata.json"} <= names
        table = record.summary[PREDICTIONS_KEY]["path"]
        assert table in names and (tmp_path / "files" / "e" / "p" / record.name / table).is_file()
    finally:
        history.close()
        store.close()
