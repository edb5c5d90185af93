"""``panelbank import --url``: a log replayed into our own server, compared with the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from panelbank.cli import main
from panelbank.history import HistoryStore
from panelbank.ingest import import_log
from panelbank.ingest.http_replay import Replayer
from panelbank.server import create_app
from panelbank.settings import load_settings
from panelbank.store import Store

from .conftest import FIXTURE_LOG, same
from .test_import import RUN_ID, stored_rows


class InProcess(httpx.BaseTransport):
    """The ASGI app driven from a synchronous client, as tests/server does."""

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return anyio.run(run)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Store, HistoryStore, str, Any]]:
    settings = load_settings(home=tmp_path / "server")
    store = Store.open(settings.database_url)
    history = HistoryStore(settings.home / "history")
    key = store.create_api_key("ent", "tests")
    yield store, history, key, create_app(settings, store=store, history=history)
    history.close()
    store.close()


def test_replay_into_our_server_matches_the_embedded_import(
    schema: Any, server: tuple[Store, HistoryStore, str, Any], stores: tuple[Store, HistoryStore]
) -> None:
    store, history, key, app = server
    client = httpx.Client(transport=InProcess(app), auth=("api", key))
    replayer = Replayer("http://localhost", key, client=client)
    for _ in range(2):  # twice: the second replay overwrites the same lines
        result = replayer.import_log(FIXTURE_LOG)
    replayer.close()
    assert result.report.complete
    (run,) = store.list_runs("ent", "proj")
    local_store, local_history = stores
    import_log(local_store, local_history, FIXTURE_LOG)
    local = local_store.get_run("ent", "proj", RUN_ID)
    assert local is not None
    assert run.name == RUN_ID
    assert (run.state, run.exitcode) == (local.state, local.exitcode) == ("finished", 0)
    assert run.config == local.config
    assert same(run.summary, local.summary)
    assert (run.tags, run.group, run.job_type) == (local.tags, local.group, local.job_type)
    assert run.history_line_count == local.history_line_count == 7
    assert same(
        stored_rows(history, run.history_key), stored_rows(local_history, local.history_key)
    )


def test_cli_import_url_over_a_socket(
    schema: Any,
    server: tuple[Store, HistoryStore, str, Any],
    wandb_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.server.conftest import LiveServer

    store, history, key, app = server
    live = LiveServer(app)
    live.start()
    try:
        code = main(["import", str(wandb_dir), "--url", live.url, "--api-key", key])
    finally:
        live.stop()
    out = capsys.readouterr().out
    assert code == 0
    assert (
        out.splitlines()
        == [f"imported ent/proj/{RUN_ID} 'train-finish': 7 history rows, state finished (exit 0)"]
        * 2
    )
    (run,) = store.list_runs("ent", "proj")
    assert history.line_count(run.history_key) == run.history_line_count == 7


def test_cli_import_url_wrong_key(
    schema: Any, server: tuple[Store, HistoryStore, str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.server.conftest import LiveServer

    live = LiveServer(server[3])
    live.start()
    try:
        code = main(["import", str(FIXTURE_LOG), "--url", live.url, "--api-key", "x" * 40])
    finally:
        live.stop()
    err = capsys.readouterr().err
    assert code == 1
    assert f"panelbank import: skipped {FIXTURE_LOG}: {live.url}/graphql answered 401" in err
