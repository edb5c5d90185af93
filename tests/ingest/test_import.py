"""Importing logs into the store and history store, with the library and the CLI."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from panelbank.cli import main
from panelbank.history import HistoryStore
from panelbank.ingest import IngestError, find_run_logs, import_log
from panelbank.ingest.http_replay import Replayer
from panelbank.store import Store

from .conftest import FIXTURE_EXPECTED, FIXTURE_LOG, flatten, load_expected, same

RUN_ID = "ua7xd36v"


def stored_rows(history: HistoryStore, key: str) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k not in ("_runtime", "_timestamp")}
        for row in history.rows(key)
    ]


# -- finding logs ----------------------------------------------------------------------------
def test_find_run_logs_in_every_shape(wandb_dir: Path) -> None:
    offline, online = sorted(wandb_dir.glob("*run-*/run-*.wandb"))
    expected = [offline.resolve(), online.resolve()]
    assert find_run_logs([wandb_dir]) == expected
    assert find_run_logs([wandb_dir.parent]) == expected  # the folder holding wandb/
    assert find_run_logs([offline.parent, offline, wandb_dir]) == expected  # each once
    assert find_run_logs([online]) == [online.resolve()]


@pytest.mark.parametrize(
    ("name", "match"),
    [
        pytest.param("missing", "no such file or folder", id="missing"),
        pytest.param("empty", "no .wandb run logs found", id="empty-folder"),
    ],
)
def test_find_run_logs_errors(tmp_path: Path, name: str, match: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(IngestError, match=match):
        find_run_logs([tmp_path / name])


# -- the store -------------------------------------------------------------------------------
def test_import_writes_run_history_and_files(
    schema: Any, stores: tuple[Store, HistoryStore], home: Path
) -> None:
    store, history = stores
    result = import_log(store, history, FIXTURE_LOG, files_root=home / "files")
    assert (result.entity, result.project, result.history_rows) == ("ent", "proj", 7)
    assert result.report.complete
    run = store.get_run("ent", "proj", RUN_ID)
    assert run is not None
    expected = load_expected(FIXTURE_EXPECTED)
    assert (run.state, run.exitcode, run.display_name) == ("finished", 0, "train-finish")
    assert run.config["lr"] == {"value": 0.01}
    assert run.config["model"] == {"value": {"layers": 4}}
    assert run.tags == ("ingest", "finish")
    assert (run.group, run.job_type) == ("fixtures", "train")
    assert run.summary["best"] == 0.9
    assert run.history_line_count == 7
    assert "system.memory_percent" in run.system_metrics
    rows = stored_rows(history, run.history_key)
    assert same(rows, [flatten(row) for row in expected["rows"]])
    assert history.line_count(f"{run.history_key}/events") >= 1
    output = home / "files" / "ent" / "proj" / RUN_ID / "output.log"
    assert output.read_text().splitlines()[0].endswith(" epoch done")
    assert [f.name for f in store.list_run_files("ent", "proj", RUN_ID)] == ["output.log"]


def test_import_twice_updates_never_duplicates(
    schema: Any, stores: tuple[Store, HistoryStore]
) -> None:
    store, history = stores
    first = import_log(store, history, FIXTURE_LOG)
    before = stored_rows(history, f"run-{store.get_run('ent', 'proj', RUN_ID).pk}")  # type: ignore[union-attr]
    second = import_log(store, history, FIXTURE_LOG)
    (run,) = store.list_runs("ent", "proj")
    assert first.history_rows == second.history_rows == run.history_line_count == 7
    assert history.line_count(run.history_key) == 7
    assert same(stored_rows(history, run.history_key), before)


def test_reimport_of_a_shorter_log_drops_the_extra_lines(
    schema: Any, stores: tuple[Store, HistoryStore], tmp_path: Path
) -> None:
    store, history = stores
    import_log(store, history, FIXTURE_LOG)
    cut = tmp_path / FIXTURE_LOG.name
    cut.write_bytes(FIXTURE_LOG.read_bytes()[:2600])
    result = import_log(store, history, cut)
    run = store.get_run("ent", "proj", RUN_ID)
    assert run is not None
    assert result.report.stopped_at is not None
    assert 0 < result.history_rows < 7
    assert history.line_count(run.history_key) == run.history_line_count == result.history_rows
    # the exit record was cut off; update_run keeps the stored exit code (None = keep)
    assert run.state == "crashed"


def test_entity_and_project_overrides(schema: Any, stores: tuple[Store, HistoryStore]) -> None:
    store, history = stores
    import_log(store, history, FIXTURE_LOG, entity="other", project="elsewhere")
    assert store.get_run("other", "elsewhere", RUN_ID) is not None
    assert store.get_run("ent", "proj", RUN_ID) is None


# -- the command line ------------------------------------------------------------------------
def test_cli_imports_a_wandb_folder(
    schema: Any, wandb_dir: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(wandb_dir), "--home", str(home)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert (
        lines
        == [f"imported ent/proj/{RUN_ID} 'train-finish': 7 history rows, state finished (exit 0)"]
        * 2
    )
    assert "importing runs" in err  # the progress bar, on stderr
    with Store.open(home=home) as store:
        (run,) = store.list_runs("ent", "proj")
    assert run.history_line_count == 7


def test_cli_reports_damage_and_bad_files(
    schema: Any, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "a" / "run-ua7xd36v.wandb"
    damaged.parent.mkdir()
    damaged.write_bytes(FIXTURE_LOG.read_bytes()[:1000])
    junk = tmp_path / "b" / "run-junk.wandb"
    junk.parent.mkdir()
    junk.write_bytes(b"not a log")
    assert main(["import", str(damaged), str(junk), "--home", str(home)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"imported ent/proj/{RUN_ID} 'train-finish': 0 history rows")
    assert "state crashed (no exit record)" in out
    assert (
        "  warning: " + str(damaged) + ": 4 complete records of 1000 bytes; "
        "stopped at byte 758 (block 0): the file ends inside a chunk (235 of 401 bytes present)"
    ) in err.splitlines()
    assert f"panelbank import: skipped {junk}: {junk} is not a .wandb transaction log" in err
    assert "panelbank import: 1 of 2 logs could not be imported" in err
    assert "Traceback" not in out + err


def test_cli_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nope"), "--home", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"panelbank: error: {tmp_path / 'nope'}: no such file or folder\n"


def test_cli_entity_project_options(
    schema: Any, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / FIXTURE_LOG.name
    shutil.copy(FIXTURE_LOG, log)
    args = ["import", str(log), "--home", str(home), "--entity", "me", "--project", "p2"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith(f"imported me/p2/{RUN_ID} ")


# -- over HTTP -------------------------------------------------------------------------------
def test_http_replay_sends_what_the_sdk_would(schema: Any) -> None:
    requests: list[tuple[str, dict[str, Any]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        requests.append((request.url.path, body))
        assert request.headers["authorization"].startswith("Basic ")
        if request.url.path == "/graphql":
            return httpx.Response(200, json={"data": {"upsertBucket": {"inserted": True}}})
        return httpx.Response(200, json={})

    client = httpx.Client(transport=httpx.MockTransport(handler), auth=("api", "k" * 40))
    replayer = Replayer("http://panelbank.test/", "k" * 40, client=client)
    result = replayer.import_log(FIXTURE_LOG, project="replayed")
    replayer.close()
    assert (result.entity, result.project, result.history_rows) == ("ent", "replayed", 7)
    (path, upsert), (stream_path, history), (_, final) = requests
    assert path == "/graphql"
    variables = upsert["variables"]
    assert (variables["name"], variables["entity"], variables["project"]) == (
        RUN_ID,
        "ent",
        "replayed",
    )
    assert json.loads(variables["config"])["batch"] == {"value": 32}
    assert stream_path == f"/files/ent/replayed/{RUN_ID}/file_stream"
    lines = history["files"]["wandb-history.jsonl"]
    assert lines["offset"] == 0
    rows = [json.loads(line) for line in lines["content"]]
    assert math.isnan(rows[2]["weird"])
    assert final["complete"] is True
    assert final["exitcode"] == 0
    assert json.loads(final["files"]["wandb-summary.json"]["content"][0])["best"] == 0.9
    assert final["files"]["output.log"]["content"][0].endswith(" epoch done")
    events = json.loads(final["files"]["wandb-events.jsonl"]["content"][0])
    assert events["_wandb"] is True


def test_http_replay_errors_are_ingest_errors(schema: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"errors": [{"message": "bad key"}]})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    replayer = Replayer("http://panelbank.test", "k", client=client)
    with pytest.raises(IngestError, match=r"http://panelbank.test/graphql answered 401"):
        replayer.import_log(FIXTURE_LOG)
