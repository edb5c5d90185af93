"""A demo project of realistic sample runs, for trying the viewer without any training.

>>> from panelbank.demo import create_demo_project
>>> runs = create_demo_project(store, history, entity="demo")  # doctest: +SKIP
>>> len(runs), sorted({run.state for run in runs})  # doctest: +SKIP
(24, ['crashed', 'finished'])
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .ingest.synthetic import synthetic_runs
from .ingest.synthetic_charts import write_chart_run
from .ingest.synthetic_media import add_sample_media, record_media_files

if TYPE_CHECKING:
    from .history import HistoryStore
    from .store import Store
    from .store.models import RunRecord

__all__ = ["DEMO_PROJECT", "create_demo_project"]

DEMO_PROJECT = "image-classification"


def create_demo_project(
    store: Store,
    history: HistoryStore,
    *,
    entity: str = "demo",
    project: str = DEMO_PROJECT,
    runs: int = 24,
    steps: int = 500,
    val_every: int = 50,
    seed: int = 0,
    username: str = "",
    files_root: Path | None = None,
) -> list[RunRecord]:
    """Write ``runs`` synthetic runs (see :mod:`panelbank.ingest.synthetic`) into
    ``entity/project``; the stored runs, in creation order.

    Deterministic for a ``seed``; calling it again with the same arguments updates the
    same runs (same ids) instead of adding new ones. Each run also logs a weights
    histogram, a predictions table, a confusion matrix and its code
    (:mod:`panelbank.ingest.synthetic_charts`); ``files_root`` (``$PANELBANK_HOME/files``)
    writes each run's files (``output.log``, the tables, the code).
    """
    data = synthetic_runs(runs=runs, steps=steps, val_every=val_every, seed=seed)
    media = add_sample_media(data)  # images with masks and boxes, audio, in the rows
    records = [
        write_chart_run(
            *(store, history, run),
            entity=entity,
            project=project,
            username=username,
            files_root=files_root,
        )
        for run in data
    ]
    if files_root is not None:
        record_media_files(store, files_root, entity, project, media)
    return records
