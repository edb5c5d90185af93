"""Two ``save()``s of one loaded view racing each other: exactly one wins, none is lost.

Each round loads the same view twice, edits each copy differently, releases both
``save()`` calls from a barrier on two threads and checks that one succeeded, the other
raised ``ConflictError``, and the stored spec is the winner's. Many rounds, so an
implementation that checks and then writes in two steps is caught in at least one.
"""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
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


def _race(first: ws.Workspace, second: ws.Workspace) -> list[Outcome]:
    barrier = threading.Barrier(2)

    def save(workspace: ws.Workspace) -> Outcome:
        barrier.wait()
        try:
            workspace.save()
        except ConflictError as exc:
            return Outcome(saved=False, error=exc)
        return Outcome(saved=True)

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(save, [first, second]))


def _check_rounds() -> None:
    url = _base().save().url
    for round in range(ROUNDS):
        copies = [ws.Workspace.from_url(url), ws.Workspace.from_url(url)]
        for side, copy in zip("AB", copies, strict=True):
            copy.name = f"Shared {side}{round}"
            copy.sections.append(ws.Section(name=f"{side}{round}"))
        outcomes = _race(*copies)
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
