"""Two ``save()``s of one loaded view racing each other: exactly one wins, none is lost.

Each round loads the same view twice, edits each copy differently, releases both
``save()`` calls from a barrier on two threads and checks that one succeeded, the other
raised ``ConflictError``, and the stored spec is the winner's. Many rounds, so an
implementation that checks and then writes in two steps is caught in at least one.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from panelbank.store.backend import LocalBackend
from tests.backends.conftest import LiveServer
from wandb_workspaces.errors import ConflictError

ROUNDS = 25


@dataclasses.dataclass
class Outcome:
    saved: bool
    error: ConflictError | None = None


def _base() -> ws.Workspace:
    return ws.Workspace(
        entity="ent",
        project="proj",
        name="Shared",
        sections=[ws.Section(name="S", panels=[wr.LinePlot(x="Step", y=["val_loss"])])],
    )


def _race(*saves: Callable[[], object]) -> list[Outcome]:
    """Run the saves on one thread each, released together by a barrier."""
    barrier = threading.Barrier(len(saves))

    def run(save: Callable[[], object]) -> Outcome:
        barrier.wait()
        try:
            save()
        except ConflictError as exc:
            return Outcome(saved=False, error=exc)
        return Outcome(saved=True)

    with ThreadPoolExecutor(len(saves)) as pool:
        return list(pool.map(run, saves))


def _check_rounds() -> None:
    url = _base().save().url
    for round in range(ROUNDS):
        copies = [ws.Workspace.from_url(url), ws.Workspace.from_url(url)]
        for side, copy in zip("AB", copies, strict=True):
            copy.name = f"Shared {side}{round}"
            copy.sections.append(ws.Section(name=f"{side}{round}"))
        outcomes = _race(copies[0].save, copies[1].save)
        assert [o.saved for o in outcomes].count(True) == 1, f"round {round}: {outcomes}"
        winner = copies[[o.saved for o in outcomes].index(True)]
        (loser,) = [o.error for o in outcomes if not o.saved]
        assert loser is not None
        assert f"{winner._internal_name!r} in ent/proj" in str(loser)
        assert "save(force=True)" in str(loser)
        stored = ws.Workspace.from_url(url)
        assert stored.to_spec() == winner.to_spec(), f"round {round}: the winner's edit was lost"
        assert stored.name == winner.name


def test_two_concurrent_saves_against_the_server(live_server: LiveServer) -> None:
    ws.configure(base_url=live_server.url, api_key=live_server.api_key)
    _check_rounds()


@pytest.mark.usefixtures("isolated")
def test_two_concurrent_saves_in_the_embedded_store() -> None:
    ws.configure(local=True)
    _check_rounds()


def test_two_embedded_stores_on_one_file(isolated: Path) -> None:
    # Two handles on one SQLite file, like two processes: no shared lock, only the
    # database's own (BEGIN IMMEDIATE) keeps the compare and the write together.
    home = isolated / "shared-home"
    backends = [LocalBackend(home), LocalBackend(home)]
    try:
        spec = json.dumps(_base().to_spec())
        saved = backends[0].upsert_view(
            id=None, entity="ent", project="proj", name="nw-shared-v", display_name="S", spec=spec
        )
        for round in range(ROUNDS):
            stored = [backend.load_view("ent", "proj", saved.name) for backend in backends]
            outcomes = [
                outcome.saved
                for outcome in _race(
                    *(
                        functools.partial(
                            backend.upsert_view,
                            id=saved.id,
                            entity="ent",
                            project="proj",
                            name=saved.name,
                            display_name=f"{side}-{round}",
                            spec=spec,
                            expected_marker=loaded.marker,
                        )
                        for side, (backend, loaded) in enumerate(zip(backends, stored, strict=True))
                    )
                )
            ]
            assert outcomes.count(True) == 1, f"round {round}: {outcomes}"
            now = backends[0].load_view("ent", "proj", saved.name)
            assert now.display_name == f"{outcomes.index(True)}-{round}"
            assert now.marker == 2 + round
    finally:
        for backend in backends:
            backend.close()
