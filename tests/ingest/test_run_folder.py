"""Folding records into a run: config, summary, history, system metrics, output, exit."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from panelbank.ingest import RunData, WandbFile, fold_run, history_rows

from .conftest import FIXTURE_EXPECTED, FIXTURE_LOG, flatten, load_expected, same


def _merge(target: dict[str, Any], row: dict[str, Any]) -> None:
    for key, value in row.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)  # never alias the script's rows


def check_against_script(run: RunData, expected: dict[str, Any]) -> None:
    """The folded run holds, value for value, what ``_train.py`` logged."""
    assert run.run_id == expected["run_id"]
    config = dict(run.config)
    assert config.pop("_wandb") == {}
    assert config == expected["config"]
    assert len(run.history) == len(expected["rows"])
    for row, logged in zip(run.history, expected["rows"], strict=True):
        assert isinstance(row.pop("_runtime"), float)
        assert isinstance(row.pop("_timestamp"), float)
        assert same(row, flatten(logged)), (row, logged)
    last_logged: dict[str, Any] = {}
    for logged in expected["rows"]:  # the SDK updates the summary leaf by leaf
        _merge(last_logged, logged)
    for key, value in {**last_logged, **expected["summary_set"]}.items():
        assert same(run.summary[key], value), key
    assert run.history_count == len(expected["rows"])


def test_fixture_folds_to_what_the_script_logged(schema: Any) -> None:
    run = fold_run(WandbFile.open(FIXTURE_LOG).records())
    check_against_script(run, load_expected(FIXTURE_EXPECTED))
    assert (run.entity, run.project, run.display_name) == ("ent", "proj", "train-finish")
    assert run.tags == ["ingest", "finish"]
    assert (run.group, run.job_type) == ("fixtures", "train")
    assert run.notes == "logged by tests/ingest/_train.py"
    assert (run.exit_code, run.state) == (0, "finished")
    assert run.producer is not None and run.producer.startswith("0.31.0+")
    assert run.program is not None and run.program.endswith("_train.py")
    assert run.environment["python"].startswith("CPython 3.")
    assert run.start_time is not None and run.start_time > 1.7e9


def test_fixture_special_values(schema: Any) -> None:
    run = fold_run(WandbFile.open(FIXTURE_LOG).records())
    weird = [row["weird"] for row in run.history[:6]]
    assert math.isnan(weird[2])
    assert weird[3] == math.inf
    assert run.history[4]["nested.b.c"] == 8
    assert run.history[1]["flag"] is False
    assert run.config["ключ"] == "значение"
    assert run.summary["nested"] == {"a": 5, "b": {"c": 10}}


def test_fixture_console_and_system_metrics(schema: Any) -> None:
    run = fold_run(WandbFile.open(FIXTURE_LOG).records())
    streams = [(line.stream, line.text) for line in run.output]
    assert ("stdout", "epoch done") in streams
    assert ("stderr", "warning line") in streams
    lines = run.console_lines()
    assert [line.split(" ", 1)[1] for line in lines] == ["epoch done", "warning line"]
    assert lines[0][:4] == "2026" and lines[0][10] == "T"
    assert run.system_metrics
    sample = run.system_metrics[0]
    assert "system.memory_percent" in sample
    assert sample["_runtime"] >= 0
    assert all(key.startswith(("system.", "_")) for key in sample)


def test_history_rows_streams_the_same_rows(schema: Any) -> None:
    run = fold_run(WandbFile.open(FIXTURE_LOG).records())
    streamed = list(history_rows(WandbFile.open(FIXTURE_LOG).records()))
    assert same(streamed, run.history)
    counted = fold_run(WandbFile.open(FIXTURE_LOG).records(), keep_history=False)
    assert counted.history == []
    assert counted.history_count == len(run.history)


# -- hand-made records -----------------------------------------------------------------------
def _item(pb: Any, kind: str, path: str, value_json: str) -> Any:
    cls = getattr(pb, kind)
    parts = path.split(".")
    if len(parts) > 1:
        return cls(nested_key=parts, value_json=value_json)
    return cls(key=path, value_json=value_json)


def test_config_updates_and_removes(schema: Any) -> None:
    pb = schema
    config = pb.ConfigRecord
    records = [
        pb.Record(
            run=pb.RunRecord(
                run_id="r1",
                config=config(
                    update=[
                        _item(pb, "ConfigItem", "a", "1"),
                        _item(pb, "ConfigItem", "opt", '{"name": "adam", "betas": [0.9, 0.99]}'),
                    ]
                ),
            )
        ),
        pb.Record(
            config=config(
                update=[
                    _item(pb, "ConfigItem", "opt.name", '"sgd"'),
                    _item(pb, "ConfigItem", "new.deep.key", "true"),
                ],
                remove=[_item(pb, "ConfigItem", "a", "")],
            )
        ),
        pb.Record(
            config=config(
                remove=[
                    _item(pb, "ConfigItem", "opt.betas", ""),
                    _item(pb, "ConfigItem", "missing.path", ""),
                ]
            )
        ),
    ]
    run = fold_run(records)
    assert run.config == {"opt": {"name": "sgd"}, "new": {"deep": {"key": True}}}


def test_summary_updates_and_removes(schema: Any) -> None:
    pb = schema
    records = [
        pb.Record(
            summary=pb.SummaryRecord(
                update=[
                    _item(pb, "SummaryItem", "loss", "0.5"),
                    _item(pb, "SummaryItem", "loss_min.min", "0.2"),
                    _item(pb, "SummaryItem", "gone", '"x"'),
                ]
            )
        ),
        pb.Record(
            summary=pb.SummaryRecord(
                update=[_item(pb, "SummaryItem", "loss", "Infinity")],
                remove=[_item(pb, "SummaryItem", "gone", "")],
            )
        ),
    ]
    assert fold_run(records).summary == {"loss": math.inf, "loss_min": {"min": 0.2}}


def test_history_step_from_step_num_and_keys(schema: Any) -> None:
    pb = schema
    history = pb.HistoryRecord(
        item=[
            _item(pb, "HistoryItem", "loss", "NaN"),
            _item(pb, "HistoryItem", "a.b", "-Infinity"),
        ],
        step=pb.HistoryStep(num=41),
    )
    (row,) = fold_run([pb.Record(history=history)]).history
    assert row["_step"] == 41
    assert math.isnan(row["loss"])
    assert row["a.b"] == -math.inf


@pytest.mark.parametrize(
    ("exit_code", "state"),
    [
        pytest.param(0, "finished", id="zero"),
        pytest.param(1, "crashed", id="one"),
        pytest.param(137, "crashed", id="killed"),
        pytest.param(None, "crashed", id="no-exit-record"),
    ],
)
def test_state_from_exit(schema: Any, exit_code: int | None, state: str) -> None:
    pb = schema
    records = [pb.Record(run=pb.RunRecord(run_id="r1"))]
    if exit_code is not None:
        records.append(pb.Record(exit=pb.RunExitRecord(exit_code=exit_code, runtime=12)))
    run = fold_run(records)
    assert (run.exit_code, run.state) == (exit_code, state)
    assert run.runtime == (12.0 if exit_code is not None else None)


def test_later_run_record_overrides_what_it_sets(schema: Any) -> None:
    pb = schema
    records = [
        pb.Record(run=pb.RunRecord(run_id="r1", display_name="first", tags=["a"], notes="n")),
        pb.Record(run=pb.RunRecord(run_id="r1", display_name="renamed")),
    ]
    run = fold_run(records)
    assert (run.display_name, run.tags, run.notes) == ("renamed", ["a"], "n")
