"""``validate`` where the data is: keys checked against the runs of the embedded store or
of ``panelbank serve`` (GraphQL), templates against ``--project``, warnings pointing at
the file and line, exit codes 0 / 1 / 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from panelbank.history import HistoryStore
from panelbank.store import Store
from panelbank.workflow.keys import key_line
from tests.backends.conftest import LiveServer, live_server  # noqa: F401 (the fixture)
from tests.runs.seed import write_run

from .test_plan_apply import SCRIPT, write

ROWS = [{"_step": 0, "loss": 1.0, "val_loss": 2.0, "acc": 0.1}, {"_step": 1, "loss": 0.5}]

TEMPLATE_YAML = """\
entity: e
project: template
name: Curves
sections:
- name: Loss
  panels:
  - type: LinePlot
    title: Loss
    y:
    - loss
    - val_los
runset_settings:
  filters: Config('lr') = 0.01
"""


def seed(home: Path, project: str, *, config: dict[str, Any] | None = None) -> None:
    home.mkdir(parents=True, exist_ok=True)
    with Store.open(home=home) as store:
        history = HistoryStore(home / "history")
        try:
            write_run(
                store, history, "e", project, "run1", config=config or {"lr": 0.01}, rows=ROWS
            )
        finally:
            history.close()


def test_key_line_finds_where_the_file_names_a_key() -> None:
    source = 'title="loss curve"\ny=["val_loss", "loss"]\nfilters="Config(\'lr\') = 1"\n'
    assert key_line(source, "loss") == 2  # quoted first, not inside "loss curve"
    assert key_line(source, "lr") == 3
    assert key_line(source, "nowhere") is None
    assert key_line("  - val_los\n  - loss\n", "loss") == 2  # YAML: a word, not val_loss


def test_template_checked_against_target_projects(run: Any, tmp_path: Path, home: Path) -> None:
    seed(home, "exp-a")
    seed(home, "exp-b", config={"learning_rate": 0.01})
    path = write(tmp_path / "template.yaml", TEMPLATE_YAML)
    result = run("validate", path, "--project", "e/exp-a", "--project", "exp-b")
    assert result.code == 2, result.out
    out = result.out
    assert f'! {path}: e/exp-a "Curves": valid; keys checked against 1 runs' in out
    assert (
        f"    {path}:11: warning: section \"Loss\" panels[0].y[1]: metric 'val_los' is in no "
        "run (did you mean 'val_loss'?)"
    ) in out
    assert f"    {path}:13: warning: runset_settings.filters: config key 'lr' is in no run" in out
    assert out.endswith("valid; 3 warnings\n")  # val_los twice, lr in exp-b
    unchecked = run("validate", path)  # the template's own project has no runs
    assert unchecked.code == 0
    assert "keys not checked (no runs in the project)" in unchecked.out


def test_template_with_a_glob_and_a_clean_file(run: Any, tmp_path: Path, home: Path) -> None:
    seed(home, "exp-a")
    seed(home, "exp-b")
    clean = TEMPLATE_YAML.replace("val_los", "val_loss")
    path = write(tmp_path / "template.yaml", clean)
    result = run("validate", path, "--project", "exp-*")
    assert result.code == 0, result.out
    assert result.out.count("valid, keys checked against 1 runs") == 2
    bad = run("validate", path, "--project", "a/b/c")
    assert bad.code == 2 and "--project 'a/b/c': give ENTITY/PROJECT" in bad.err


def test_invalid_files_exit_1_before_warnings(run: Any, tmp_path: Path, home: Path) -> None:
    seed(home, "p")
    warned = write(tmp_path / "w.py", SCRIPT.replace('y=["loss"]', 'y=["los"]'))
    broken = write(tmp_path / "broken.yaml", "entity: e\nproject: p\nsettings: {bad: 1}\n")
    result = run("validate", warned, broken)
    assert result.code == 1
    assert f"{warned}:9: warning:" in result.out and f"✗ {broken}: 1 problem" in result.out
    assert result.out.endswith("1 problem found\n")


def test_keys_checked_against_a_server(
    run: Any,
    tmp_path: Path,
    live_server: LiveServer,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(live_server.home, "p")
    monkeypatch.setenv("WANDB_API_KEY", live_server.api_key)
    path = write(tmp_path / "w.py", SCRIPT.replace('y=["loss"]', 'y=["los"]'))
    result = run("validate", path, "--base-url", live_server.url)
    assert result.code == 2, result.out + result.err
    assert 'e/p "Training": valid; keys checked against 1 runs' in result.out
    assert (
        f"    {path}:9: warning: section \"Loss\" panels[0].y[0]: metric 'los' is in no run "
        "(did you mean 'loss'?)"
    ) in result.out
    fixed = write(tmp_path / "w.py", SCRIPT)
    ok = run("validate", fixed, "--base-url", live_server.url)
    assert ok.code == 0, ok.out
    assert "valid, keys checked against 1 runs" in ok.out
