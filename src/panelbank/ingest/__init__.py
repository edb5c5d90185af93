"""Getting runs in from outside: ``.wandb`` transaction logs and synthetic demo runs.

``wandb_file`` reads a log into records (damage reported, never raised), ``run_folder``
folds records into a :class:`RunData`, ``importer`` finds logs on disk and writes runs
into the store, ``synthetic`` makes realistic sample runs. Decoding records needs the
``wandb`` package's protobuf schema (``pip install 'panelbank[import]'``), imported only
when first used::

    from panelbank.ingest import WandbFile, fold_run

    log = WandbFile.open("wandb/offline-run-20261129_170619-9l9ykq91/run-9l9ykq91.wandb")
    run = fold_run(log.records())
    print(run.config, run.summary, run.state, log.report.describe())
"""

from __future__ import annotations

from .errors import IngestError, NotAWandbFileError, SchemaMissingError
from .importer import ImportResult, find_run_logs, import_log, read_run, write_run
from .run_folder import OutputLine, RunData, fold_run, history_rows
from .wandb_file import Damage, ReadReport, WandbFile, read_wandb_file

__all__ = [
    "Damage",
    "ImportResult",
    "IngestError",
    "NotAWandbFileError",
    "OutputLine",
    "ReadReport",
    "RunData",
    "SchemaMissingError",
    "WandbFile",
    "find_run_logs",
    "fold_run",
    "history_rows",
    "import_log",
    "read_run",
    "read_wandb_file",
    "write_run",
]
