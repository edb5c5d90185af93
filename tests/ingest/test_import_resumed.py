"""A resumed run writes one log per session (``wandb.init(resume=...)``); ``panelbank
import`` merges them into one run: history continues at the step the second session
started from, config and summary are updated, system metrics and console lines follow the
first session's. Importing the same logs again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from panelbank.cli import main
from panelbank.history import HistoryStore
from panelbank.store import Store

from ._logs import frame

RUN_ID = "resum001"


def _record(schema: Any, **fields: Any) -> bytes:
    return bytes(schema.Record(**fields).SerializeToString())


def _session(
    schema: Any, *, steps: range, config: dict[str, Any], exit_code: int, second: bool
) -> list[bytes]:
    run = schema.RunRecord(
        run_id=RUN_ID,
        entity="ent",
        project="proj",
        display_name="resumed",
        resumed=second,
        starting_step=steps.start if second else 0,
    )
    records = [_record(schema, run=run)]
    update = [schema.ConfigItem(key=k, value_json=json.dumps(v)) for k, v in config.items()]
    records.append(_record(schema, config=schema.ConfigRecord(update=update)))
    start = 1_800_000_000 + steps.start * 10
    for step in steps:
        items = [
            schema.HistoryItem(key="_step", value_json=str(step)),
            schema.HistoryItem(key="loss", value_json=json.dumps(1.0 / (step + 1))),
        ]
        records.append(_record(schema, history=schema.HistoryRecord(item=items)))
        stats = schema.StatsRecord(
            stats_type=0,
            item=[schema.StatsItem(key="cpu", value_json=str(step))],
        )
        stats.timestamp.seconds = start + step
        records.append(_record(schema, stats=stats))
        output = schema.OutputRawRecord(output_type=1, line=f"step {step}\n")
        output.timestamp.seconds = start + step
        records.append(_record(schema, output_raw=output))
    summary = [
        schema.SummaryItem(key="loss", value_json=json.dumps(1.0 / steps.stop)),
        schema.SummaryItem(key="first" if not second else "second", value_json="1"),
    ]
    records.append(_record(schema, summary=schema.SummaryRecord(update=summary)))
    records.append(_record(schema, exit=schema.RunExitRecord(exit_code=exit_code)))
    return records


def _wandb_dir(schema: Any, tmp_path: Path) -> Path:
    root = tmp_path / "wandb"
    sessions = {
        # the crashed first session, then the resumed one (folders sort by start time)
        "run-20261201_100000-resum001": _session(
            schema, steps=range(0, 3), config={"lr": 0.1}, exit_code=1, second=False
        ),
        "run-20261201_110000-resum001": _session(
            schema, steps=range(3, 5), config={"batch": 32}, exit_code=0, second=True
        ),
    }
    for name, records in sessions.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / f"run-{RUN_ID}.wandb").write_bytes(frame(records))
    return root


def _stored(home: Path) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]], str]:
    with Store.open(home=home) as store:
        run = store.get_run("ent", "proj", RUN_ID)
    assert run is not None
    history = HistoryStore(home / "history")
    try:
        rows = list(history.rows(run.history_key))
        events = list(history.rows(f"{run.history_key}/events"))
    finally:
        history.close()
    output = (home / "files" / "ent" / "proj" / RUN_ID / "output.log").read_text()
    return run, rows, events, output


def test_the_logs_of_a_resumed_run_import_as_one_run(schema: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    wandb_dir = _wandb_dir(schema, tmp_path)
    assert main(["import", str(wandb_dir), "--home", str(home)]) == 0
    run, rows, events, output = _stored(home)
    assert [row["_step"] for row in rows] == [0, 1, 2, 3, 4]
    assert run.history_line_count == 5
    assert (run.state, run.exitcode) == ("finished", 0)
    assert {key: value["value"] for key, value in run.config.items()} == {"lr": 0.1, "batch": 32}
    assert run.summary == {"loss": 0.2, "first": 1, "second": 1}
    assert [event["system.cpu"] for event in events] == [0, 1, 2, 3, 4]
    assert [line.split(" ", 1)[1] for line in output.splitlines()] == [
        f"step {step}" for step in range(5)
    ]

    # importing again (both logs, or only the second) leaves the same run
    assert main(["import", str(wandb_dir), "--home", str(home)]) == 0
    second = sorted(wandb_dir.iterdir())[1]
    assert main(["import", str(second), "--home", str(home)]) == 0
    again = _stored(home)
    assert (again[1], again[2], again[3]) == (rows, events, output)
    assert again[0].summary == run.summary and again[0].config == run.config
