"""Logs with records whose checksum is fine but whose values are not (issue 11, item 4).

A ``value_json`` that is not JSON, or nests 100,000 levels deep, used to abort
``panelbank import`` with a raw ``JSONDecodeError``/``RecursionError`` (exit 1), leaving
the run ``running`` with no rows although good rows came before. Such a record is now
skipped with a warning that names it (its number, its byte offset, the file, what was
wrong); the rest of the run is imported and it ends as its log says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from panelbank.cli import main
from panelbank.history import MAX_DEPTH, HistoryStore
from panelbank.ingest import WandbFile, import_log
from panelbank.store import Store

from ._logs import frame

RUN_ID = "hostile1"


def _item(schema: Any, key: str, value_json: str) -> Any:
    return schema.HistoryItem(key=key, value_json=value_json)


def _history(schema: Any, step: int, **values: str) -> bytes:
    items = [_item(schema, "_step", str(step))]
    items += [_item(schema, key, text) for key, text in values.items()]
    return bytes(schema.Record(history=schema.HistoryRecord(item=items)).SerializeToString())


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _log(schema: Any, tmp_path: Path) -> Path:
    """A finished run: rows 0-1, four bad records, rows 2-3 and a summary, then exit 0."""
    run = schema.RunRecord(run_id=RUN_ID, entity="ent", project="proj", display_name="hostile")
    bad_summary = schema.SummaryRecord(update=[schema.SummaryItem(key="acc", value_json="{")])
    summary = schema.SummaryRecord(update=[schema.SummaryItem(key="loss", value_json="0.25")])
    records = [
        bytes(schema.Record(run=run).SerializeToString()),
        _history(schema, 0, loss="1.0"),
        _history(schema, 1, loss="NaN"),
        _history(schema, 2, loss="0.5}"),  # record 4
        _history(schema, 2, deep=_deep(100_000)),  # record 5
        _history(schema, 2, nested=_deep(MAX_DEPTH + 1)),  # record 6: valid, too deep to keep
        bytes(schema.Record(summary=bad_summary).SerializeToString()),  # record 7
        _history(schema, 2, loss="0.5", fine=_deep(MAX_DEPTH)),
        _history(schema, 3, loss="0.25"),
        bytes(schema.Record(summary=summary).SerializeToString()),
        bytes(schema.Record(exit=schema.RunExitRecord(exit_code=0)).SerializeToString()),
    ]
    path = tmp_path / "run-hostile1.wandb"
    path.write_bytes(frame(records))
    return path


REASONS = [
    "record 4 (a history record): the value_json of 'loss' is not valid JSON (Extra data: "
    "line 1 column 4 (char 3))",
    "record 5 (a history record): the value_json of 'deep' nests lists or objects too "
    "deeply to read",
    f"record 6 (a history record): the value_json of 'nested' nests lists or objects more "
    f"than {MAX_DEPTH} levels deep",
    "record 7 (a summary record): the value_json of 'acc' is not valid JSON (Expecting "
    "property name enclosed in double quotes: line 1 column 2 (char 1))",
]


def test_bad_values_are_skipped_and_reported(schema: Any, tmp_path: Path) -> None:
    log = WandbFile.open(_log(schema, tmp_path))
    kinds = [record.WhichOneof("record_type") for record in log.records()]
    assert kinds == ["run", "history", "history", "history", "history", "summary", "exit"]
    assert [damage.reason for damage in log.report.damage] == REASONS
    assert log.report.records == 7


def test_import_keeps_the_good_rows_and_ends_the_run(
    schema: Any, tmp_path: Path, stores: tuple[Store, HistoryStore]
) -> None:
    store, history = stores
    result = import_log(store, history, _log(schema, tmp_path))
    run = store.get_run("ent", "proj", RUN_ID)
    assert run is not None
    assert (run.state, run.exitcode, run.history_line_count) == ("finished", 0, 4)
    assert result.history_rows == 4
    rows = list(history.rows(run.history_key))
    assert [row["_step"] for row in rows] == [0, 1, 2, 3]
    assert rows[2]["fine"] == json.loads(_deep(MAX_DEPTH))
    assert run.summary == {"loss": 0.25}


def test_cli_warns_naming_each_skipped_record(
    schema: Any, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log(schema, tmp_path)
    assert main(["import", str(path), "--home", str(home)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"imported ent/proj/{RUN_ID} 'hostile': 4 history rows, state finished (exit 0)"
    ]
    [warning] = [line for line in err.splitlines() if line.startswith("  warning: ")]
    assert warning.startswith(f"  warning: {path}: 7 complete records of ")
    for reason in REASONS:
        assert f": {reason}" in warning
    assert "Traceback" not in out + err
