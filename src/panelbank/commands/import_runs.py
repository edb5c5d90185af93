"""``panelbank import PATH...``: offline and online run folders into the store or a server.

Registered on the ``panelbank`` group by importing this module (the last import in
``panelbank/cli.py``). Each ``.wandb`` log is read (damage reported, every complete
record imported), folded into a run, and written into the embedded store under
``--home`` or, with ``--url``, replayed to a running server as the SDK would sync it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..ingest import ImportResult, IngestError, find_run_logs
from ..ingest._schema import record_module
from ._base import CliError, open_store, settings_from, store_options

__all__ = ["import_command"]


def _describe(result: ImportResult) -> str:
    run = result.run
    name = f" {run.display_name!r}" if run.display_name else ""
    exit_text = f"exit {run.exit_code}" if run.exit_code is not None else "no exit record"
    return (
        f"imported {result.entity}/{result.project}/{run.run_id}{name}: "
        f"{result.history_rows} history rows, state {run.state} ({exit_text})"
    )


def _embedded_importer(
    entity: str | None, project: str | None, options: dict[str, Any]
) -> tuple[Callable[[Path], ImportResult], Callable[[], None]]:
    from ..history import HistoryStore
    from ..ingest import import_log
    from ..settings import default_username

    settings = settings_from(**options)
    store = open_store(settings)
    history = HistoryStore(settings.home / "history")
    user = default_username()

    def run_one(path: Path) -> ImportResult:
        return import_log(
            *(store, history, path),
            entity=entity,
            project=project,
            default_entity=user,
            files_root=settings.home / "files",  # the console log, where the server keeps it
        )

    def close() -> None:
        history.close()
        store.close()

    return run_one, close


def _http_importer(
    url: str, api_key: str | None, entity: str | None, project: str | None
) -> tuple[Callable[[Path], ImportResult], Callable[[], None]]:
    from ..ingest.http_replay import Replayer

    if not api_key:
        raise CliError("--url needs --api-key (or WANDB_API_KEY)", exit_code=2)
    replayer = Replayer(url, api_key)

    def run_one(path: Path) -> ImportResult:
        return replayer.import_log(path, entity=entity, project=project)

    return run_one, replayer.close


def _run_all(logs: Sequence[Path], run_one: Callable[[Path], ImportResult]) -> list[str]:
    """Import each log; the lines to print afterwards, and the failures among them."""
    lines: list[str] = []
    failures = 0
    with click.progressbar(
        logs,
        label="importing runs",
        file=sys.stderr,
        hidden=len(logs) < 2,
        item_show_func=lambda path: path.parent.name if path else None,
    ) as bar:
        for path in bar:
            try:
                result = run_one(path)
            except IngestError as exc:
                failures += 1
                lines.append(f"panelbank import: skipped {path}: {exc}")
                continue
            lines.append(_describe(result))
            if not result.report.complete:
                lines.append(f"  warning: {result.report.describe()}")
    if failures:
        lines.append(f"panelbank import: {failures} of {len(logs)} logs could not be imported")
    return lines


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--entity", default=None, help="Import into this entity (default: the run's).")
@click.option("--project", default=None, help="Import into this project (default: the run's).")
@store_options
@click.option(
    "--url",
    default=None,
    metavar="URL",
    help="Send the runs to a running server instead (as `wandb sync` would).",
)
@click.option("--api-key", envvar="WANDB_API_KEY", default=None, help="API key for --url.")
@click.pass_context
def import_command(
    ctx: click.Context,
    /,
    paths: tuple[Path, ...],
    entity: str | None,
    project: str | None,
    url: str | None,
    api_key: str | None,
    **options: Any,
) -> None:
    """Import W&B runs from wandb/run-*/ and wandb/offline-run-*/ folders or .wandb files.

    PATH is a run folder, a wandb/ folder holding many, or a .wandb file. Importing a
    run again updates it. A damaged log imports every complete record and says where
    the damage is.
    """
    try:
        logs = find_run_logs(paths)
        record_module()  # one clear error up front when the schema is not installed
    except IngestError as exc:
        raise CliError(str(exc), exit_code=2) from None
    if url:
        run_one, close = _http_importer(url, api_key, entity, project)
    else:
        run_one, close = _embedded_importer(entity, project, options)
    try:
        lines = _run_all(logs, run_one)
    finally:
        close()
    for line in lines:
        click.echo(line, err=line.startswith("panelbank import:") or line.startswith("  "))
    if any(line.startswith("panelbank import:") for line in lines):
        ctx.exit(1)
