"""Log a table, histograms and a confusion matrix with the OFFICIAL wandb SDK against
``WANDB_BASE_URL`` (run by tests/official/test_charts_official.py with the python of the
official venv; entity/project/run id in ``argv[1:4]``). Prints ``RESULT <json>`` with
what it logged.

``wandb.Histogram(values)`` and ``wandb.plot.confusion_matrix`` need numpy, which the
official venv may not have: without it the histogram is given as ``np_histogram=(counts,
edges)`` and the confusion matrix as the ``wandb.plot_table`` call that
``confusion_matrix`` makes once numpy has counted (same table, preset and fields)."""

from __future__ import annotations

import json
import sys
from typing import Any

import wandb

try:
    import numpy  # noqa: F401  (only whether it is there)

    HAS_NUMPY = True
except ImportError:
    HAS_NUMPY = False

COLUMNS: list[str | int] = ["id", "label", "score"]
DATA = [[i, ["cat", "dog", "frog"][i % 3], round(0.1 * i, 2)] for i in range(12)]
ACTUAL = [0, 1, 2, 2, 1, 0, 0]
PREDICTED = [0, 1, 1, 2, 1, 2, 0]
CLASSES = ["cat", "dog", "frog"]
MATRIX_COLUMNS: list[str | int] = ["Actual", "Predicted", "nPredictions"]


def histogram(values: list[float], bins: int) -> wandb.Histogram:
    if HAS_NUMPY:
        return wandb.Histogram(values, num_bins=bins)
    low, high = min(values), max(values)
    edges = [low + (high - low) * i / bins for i in range(bins + 1)]
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - low) / (high - low) * bins))] += 1
    pair: Any = (counts, edges)  # what np.histogram gives, as lists
    return wandb.Histogram(np_histogram=pair)


def confusion_matrix() -> object:
    if HAS_NUMPY:
        return wandb.plot.confusion_matrix(
            y_true=ACTUAL, preds=PREDICTED, class_names=CLASSES, title="CM"
        )
    counts = {(a, p): 0.0 for a in range(3) for p in range(3)}
    for a, p in zip(ACTUAL, PREDICTED, strict=True):
        counts[a, p] += 1
    table = wandb.Table(
        columns=MATRIX_COLUMNS,
        data=[[CLASSES[a], CLASSES[p], n] for (a, p), n in counts.items()],
    )
    fields = {"Actual": "Actual", "Predicted": "Predicted", "nPredictions": "nPredictions"}
    return wandb.plot_table("wandb/confusion_matrix/v1", table, fields, {"title": "CM"})


def main() -> None:
    entity, project, run_id = sys.argv[1:4]
    run = wandb.init(entity=entity, project=project, id=run_id, save_code=False)
    histograms = []
    for step in range(3):
        values = [step * 0.1 + k * 0.01 for k in range(50)]
        histograms.append(values)
        run.log({"weights": histogram(values, 8), "loss": 1.0 / (step + 1)})
    run.log({"predictions": wandb.Table(columns=COLUMNS, data=DATA)})
    run.log({"cm": confusion_matrix()})
    run.finish()
    result = {"columns": COLUMNS, "data": DATA, "histograms": histograms}
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
