"""Synthetic runs and the demo project: shape, realism checks, determinism."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from panelbank.demo import DEMO_PROJECT, create_demo_project
from panelbank.history import HistoryStore
from panelbank.ingest.synthetic import synthetic_runs
from panelbank.store import Store

from .conftest import same


@pytest.fixture(scope="module")
def runs() -> list[Any]:
    return synthetic_runs()


def test_project_shape(runs: list[Any]) -> None:
    assert len(runs) == 24
    assert len({run.run_id for run in runs}) == 24
    assert len({run.display_name for run in runs}) == 24
    configs = [run.config for run in runs]
    assert Counter(c["optimizer"] for c in configs) == {"adam": 12, "sgd": 12}
    assert Counter(c["model_size"] for c in configs) == {"small": 8, "medium": 8, "large": 8}
    assert {c["schedule"] for c in configs} == {"cosine", "step", "warmup_cosine"}
    assert len({c["lr"] for c in configs}) == 8
    assert len({run.group for run in runs}) == 6
    assert {run.job_type for run in runs} == {"train"}
    assert all({"adam", "sgd"} & set(run.tags) for run in runs)
    assert all(run.config["model"]["layers"] in (4, 8, 12) for run in runs)


def test_crashed_runs(runs: list[Any]) -> None:
    crashed = [run for run in runs if run.state == "crashed"]
    assert len(crashed) == 3
    for run in crashed:
        assert run.exit_code == 1
        assert 2 <= len(run.history) < 500
        assert run.console_lines()[-1].split(" ", 1)[1].startswith(("torch.", "RuntimeError"))
    diverged = [run for run in crashed if math.isnan(run.history[-1]["train/loss"])]
    assert len(diverged) == 1
    finished = [run for run in runs if run.state == "finished"]
    assert all(run.exit_code == 0 and len(run.history) == 500 for run in finished)


def test_curves_look_like_training(runs: list[Any]) -> None:
    for run in runs:
        history = run.history
        assert [row["_step"] for row in history] == list(range(len(history)))
        if run.state != "finished":
            continue
        early = sum(row["train/loss"] for row in history[:20]) / 20
        late = sum(row["train/loss"] for row in history[-20:]) / 20
        assert late < early / 2, run.display_name
        assert history[-1]["train/acc"] > history[0]["train/acc"] + 0.3
        assert 0 <= min(row["train/acc"] for row in history) <= 1
        val = [row for row in history if "val/loss" in row]
        assert [row["_step"] for row in val] == [*range(49, 500, 50)]
        assert run.summary["val/acc"] == val[-1]["val/acc"]
        assert run.summary["best/val_acc"] == max(row["val/acc"] for row in val)
    spikes = sum(
        1
        for run in runs
        for before, row in zip(run.history, run.history[1:], strict=False)
        if row["train/loss"] > 1.5 * before["train/loss"]
    )
    assert spikes >= 10  # occasional, but there


@pytest.mark.parametrize(
    ("schedule", "check"),
    [
        pytest.param("cosine", lambda lrs, lr: lrs[0] == lr and lrs[-1] < lr * 1e-3, id="cosine"),
        pytest.param(
            "step",
            lambda lrs, lr: sorted(set(lrs)) == pytest.approx([lr / 100, lr / 10, lr]),
            id="step",
        ),
        pytest.param(
            "warmup_cosine",
            lambda lrs, lr: lrs[0] < lr / 10 and max(lrs) == pytest.approx(lr),
            id="warmup",
        ),
    ],
)
def test_learning_rate_schedules(runs: list[Any], schedule: str, check: Any) -> None:
    chosen = [r for r in runs if r.config["schedule"] == schedule and r.state == "finished"]
    assert chosen
    for run in chosen:
        lrs = [row["lr"] for row in run.history]
        assert check(lrs, run.config["lr"]), (run.display_name, lrs[:3], lrs[-3:])


def test_system_metrics_and_timing(runs: list[Any]) -> None:
    for run in runs:
        assert len(run.system_metrics) >= 2
        assert all("system.gpu.0.gpu" in sample for sample in run.system_metrics)
        times = [row["_timestamp"] for row in run.history]
        assert times == sorted(times)
    starts = [run.start_time for run in runs]
    assert starts == sorted(starts)


def test_deterministic_for_a_seed() -> None:
    one = synthetic_runs(runs=5, steps=60, seed=7)
    two = synthetic_runs(runs=5, steps=60, seed=7)
    other = synthetic_runs(runs=5, steps=60, seed=8)
    for left, right in zip(one, two, strict=True):
        assert left.run_id == right.run_id
        assert same(left.history, right.history)
        assert left.config == right.config
        assert same(left.summary, right.summary)
        assert left.system_metrics == right.system_metrics
    assert [run.run_id for run in one] != [run.run_id for run in other]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="synthetic_runs needs runs >= 1"):
        synthetic_runs(runs=0)


def test_demo_project_in_the_store(tmp_path: Path) -> None:
    with Store.open(home=tmp_path) as store:
        history = HistoryStore(tmp_path / "history")
        try:
            created = create_demo_project(
                store, history, runs=6, steps=120, files_root=tmp_path / "files"
            )
            again = create_demo_project(store, history, runs=6, steps=120)
            listed = store.list_runs("demo", DEMO_PROJECT)
            assert len(created) == len(again) == len(listed) == 6
            assert [run.pk for run in created] == [run.pk for run in again]
            states = Counter(run.state for run in listed)
            assert states == {"finished": 5, "crashed": 1}
            for run in listed:
                assert run.history_line_count == history.line_count(run.history_key)
                assert run.config["optimizer"]["value"] in ("adam", "sgd")
                assert "train/loss" in history.keys(run.history_key)
            log = tmp_path / "files" / "demo" / DEMO_PROJECT / created[0].name / "output.log"
            assert "training small model" in log.read_text()
        finally:
            history.close()
