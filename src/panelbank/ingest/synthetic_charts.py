"""What the demo's runs log besides scalars: a histogram of weights per step, a table of
sample predictions (with an image column when the run's rows hold logged images) and a
confusion matrix (a ``wandb.plot.confusion_matrix`` table), and the code each run saved,
in the forms the wandb SDK leaves them.

The histogram goes into the history rows (``{"_type": "histogram", "values", "bins"}``
every :data:`HISTOGRAM_EVERY` steps) and the summary; the tables are run files
(``media/tables/<key>_<step>_<hash>.table.json``) that the summary references as
``{"_type": "table-file", "path", "sha256", "size", "ncols", "nrows"}``; the code is
``code/train.py`` with ``wandb-metadata.json`` naming it. Deterministic for a run: the
numbers come from ``random.Random`` seeded by the run id.

>>> run = with_charts(synthetic_runs(runs=1, steps=50)[0])  # doctest: +SKIP
>>> run.summary["weights"]["_type"]  # doctest: +SKIP
'histogram'
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import random
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .importer import write_run, write_run_file
from .run_folder import RunData

if TYPE_CHECKING:
    from ..history import HistoryStore
    from ..store import Store
    from ..store.models import RunRecord

__all__ = [
    "CLASSES",
    "CONFUSION_KEY",
    "HISTOGRAM_KEY",
    "PREDICTIONS_KEY",
    "with_charts",
    "write_chart_run",
]

HISTOGRAM_KEY = "weights"
PREDICTIONS_KEY = "sample_predictions"
CONFUSION_KEY = "confusion_matrix_table"
HISTOGRAM_EVERY = 10
BINS = 32
CLASSES = "airplane automobile bird cat deer dog frog horse ship truck".split()  # CIFAR-10's labels
PREDICTION_ROWS = 60
MATRIX_SAMPLES = 1000


def _histogram(rng: random.Random, spread: float, shift: float) -> dict[str, Any]:
    """A histogram of 10,000 weights drawn from a normal of ``spread`` around ``shift``."""
    low, high = -1.0, 1.0
    edges = [low + (high - low) * i / BINS for i in range(BINS + 1)]

    def cdf(x: float) -> float:
        return 0.5 * (1 + math.erf((x - shift) / (spread * math.sqrt(2))))

    counts = [
        max(0, round(10_000 * (cdf(b) - cdf(a)) * rng.uniform(0.9, 1.1)))
        for a, b in itertools.pairwise(edges)
    ]
    return {"_type": "histogram", "values": counts, "bins": [round(e, 6) for e in edges]}


def _accuracy(run: RunData) -> float:
    acc = run.summary.get("best/val_acc", run.summary.get("val_acc", 0.5))
    return float(acc) if isinstance(acc, (int, float)) and math.isfinite(acc) else 0.5


def _predictions(rng: random.Random, accuracy: float) -> tuple[list[list[Any]], list[list[Any]]]:
    """(sample prediction rows, confusion matrix rows) for a model of this accuracy."""

    def predict(truth: int) -> tuple[int, float]:
        if rng.random() < accuracy:
            return truth, rng.uniform(0.55, 0.99)
        near = (truth + rng.choice((1, 2, 5, 9))) % len(CLASSES)  # cat↔dog-like confusions
        return near, rng.uniform(0.3, 0.8)

    samples = []
    for i in range(PREDICTION_ROWS):
        truth = rng.randrange(len(CLASSES))
        guess, confidence = predict(truth)
        samples.append([i, CLASSES[truth], CLASSES[guess], round(confidence, 3), guess == truth])
    matrix = [[0] * len(CLASSES) for _ in CLASSES]
    for _ in range(MATRIX_SAMPLES):
        truth = rng.randrange(len(CLASSES))
        matrix[truth][predict(truth)[0]] += 1
    cells = [
        [CLASSES[a], CLASSES[p], matrix[a][p]]
        for a in range(len(CLASSES))
        for p in range(len(CLASSES))
    ]
    return samples, cells


def _images(run: RunData) -> list[dict[str, Any]]:
    """The image references the run's rows hold (sample media logged beside), as a table
    cell gives them: type, path and sizes, without masks or boxes."""
    keep = ("_type", "path", "sha256", "size", "width", "height", "format")
    return [
        {k: value[k] for k in keep if k in value}
        for row in run.history
        for value in row.values()
        if isinstance(value, dict) and value.get("_type") == "image-file" and "path" in value
    ]


def _table(key: str, step: int, columns: list[str], data: list[list[Any]]) -> tuple[str, bytes]:
    body = json.dumps({"columns": columns, "data": data}).encode()
    digest = hashlib.sha256(body).hexdigest()
    return f"media/tables/{key}_{step}_{digest[:20]}.table.json", body


def _reference(path: str, body: bytes, columns: list[str], rows: int) -> dict[str, Any]:
    return {
        "_type": "table-file",
        "path": path,
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
        "ncols": len(columns),
        "nrows": rows,
    }


def _code(run: RunData) -> str:
    config = run.config
    return (
        '"""Train an image classifier on CIFAR-10."""\n'
        "import wandb\n\n"
        f"LR = {config.get('lr')!r}\n"
        f"OPTIMIZER = {config.get('optimizer')!r}\n"
        f"SCHEDULE = {config.get('schedule')!r}\n"
        f"MODEL_SIZE = {config.get('model_size')!r}\n\n\n"
        "def main() -> None:\n"
        '    run = wandb.init(project="image-classification", save_code=True)\n'
        "    model = build_model(MODEL_SIZE)\n"
        "    for step, batch in enumerate(loader()):\n"
        "        loss = model.train_step(batch, lr=schedule(LR, step, SCHEDULE))\n"
        '        run.log({"loss": loss})\n'
        "    run.finish()\n"
    )


@dataclasses.dataclass(frozen=True)
class ChartRun:
    """A run with its chart data: the run to write and the files it saved."""

    run: RunData
    files: dict[str, bytes]


def with_charts(run: RunData) -> ChartRun:
    """``run`` with a weights histogram every few steps, the predictions and confusion
    matrix tables in its summary, and its code."""
    rng = random.Random(zlib.crc32(run.run_id.encode()))
    steps = max((row.get("_step", 0) for row in run.history), default=0) or 1
    history = []
    last: dict[str, Any] | None = None
    for row in run.history:
        step = row.get("_step", 0)
        if step % HISTOGRAM_EVERY == 0:
            progress = step / steps
            last = _histogram(rng, 0.08 + 0.25 * progress, 0.05 * math.sin(3 * progress))
            row = {**row, HISTOGRAM_KEY: last}
        history.append(row)
    samples, cells = _predictions(rng, _accuracy(run))
    sample_columns = ["id", "label", "prediction", "confidence", "correct"]
    images = _images(run)
    if images:  # the run logged images too: the table shows some of them
        sample_columns.append("image")
        samples = [[*row, images[i % len(images)]] for i, row in enumerate(samples)]
    matrix_columns = ["Actual", "Predicted", "nPredictions"]
    predictions_path, predictions = _table(PREDICTIONS_KEY, steps, sample_columns, samples)
    matrix_path, matrix = _table(CONFUSION_KEY, steps, matrix_columns, cells)
    summary = {
        **run.summary,
        PREDICTIONS_KEY: _reference(predictions_path, predictions, sample_columns, len(samples)),
        CONFUSION_KEY: _reference(matrix_path, matrix, matrix_columns, len(cells)),
    }
    if last is not None:
        summary[HISTOGRAM_KEY] = last
    metadata = {
        "program": "train.py",
        "codePath": "train.py",
        "git": {"remote": "https://example.com/vision.git", "commit": run.commit or ""},
    }
    files = {
        predictions_path: predictions,
        matrix_path: matrix,
        "code/train.py": _code(run).encode(),
        "wandb-metadata.json": json.dumps(metadata).encode(),
    }
    return ChartRun(dataclasses.replace(run, history=history, summary=summary), files)


def write_chart_run(
    store: Store,
    history: HistoryStore,
    run: RunData,
    *,
    entity: str,
    project: str,
    username: str = "",
    files_root: Path | None = None,
) -> RunRecord:
    """:func:`~panelbank.ingest.importer.write_run` for ``with_charts(run)``, its files
    written under ``files_root`` (``$PANELBANK_HOME/files``) when given."""
    charted = with_charts(run)
    record = write_run(
        store,
        history,
        charted.run,
        entity=entity,
        project=project,
        username=username,
        files_root=files_root,
    )
    if files_root is not None:
        for name, data in charted.files.items():
            write_run_file(store, files_root, entity, project, run.run_id, name, data)
    return record
