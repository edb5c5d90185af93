"""``panelbank state list|mv|rm``: read and edit ``.panelbank-state.json`` (Terraform's
``state`` commands), offline: they touch the state file only, never a view.

``state mv OLD NEW`` is how a view is renamed in a file that names it by its display
name (no ``url =``): rename the declaration, ``state mv`` its address, and the next plan
shows the rename as a change of the same view (its id, panels and history kept), not as
a new view and, with ``--prune``, the old one deleted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..workflow.errors import WorkflowError
from ..workflow.state import STATE_FILE, UNKNOWN_BACKEND, StateFile
from ._common import user_errors

__all__ = ["state_group"]


def _state(path: Path) -> StateFile:
    folder = path.parent if path.name == STATE_FILE or path.suffix == ".json" else path
    if path.suffix == ".json" and path.name != STATE_FILE:
        raise WorkflowError(f"{path}: the state file is named {STATE_FILE}; give it or its folder")
    if not folder.is_dir():
        raise WorkflowError(f"{folder} is not a folder; give the folder of the workspace files")
    state = StateFile(folder)
    if not state.path.is_file():
        raise WorkflowError(
            f"no {STATE_FILE} in {folder}; `--state DIR` names the folder of the workspace "
            "files (apply writes it there)"
        )
    return state


def _place(state: StateFile, address: str) -> tuple[str, str, str]:
    """``ENTITY/PROJECT/NAME`` (the name may contain ``/``), or a display name the state
    records once."""
    entity, _, rest = address.partition("/")
    project, _, name = rest.partition("/")
    if entity and project and name:
        return (entity, project, name)
    found = sorted({entry.place for entry in state.entries if entry.display_name == address})
    if len(found) == 1:
        return found[0]
    where = ", ".join("/".join(place) for place in found)
    raise WorkflowError(
        f"{address!r}: give ENTITY/PROJECT/NAME"
        + (f" (the state records {where})" if found else "")
    )


def _state_option(command: Any) -> Any:
    return click.option(
        "--state",
        "path",
        type=click.Path(path_type=Path),
        default=Path("."),
        show_default=True,
        help=f"The folder of the workspace files (or its {STATE_FILE}).",
    )(command)


@click.group("state")
def state_group() -> None:
    """Show and edit the state file that apply writes (renames, forgetting a view)."""


@state_group.command("list")
@_state_option
def state_list(path: Path) -> None:
    """List the views the state file records: ENTITY/PROJECT/NAME, file, backend, id."""
    with user_errors():
        state = _state(path)
    for entry in sorted(state.entries, key=lambda e: (e.place, e.backend)):
        backend = entry.backend if entry.backend != UNKNOWN_BACKEND else "unknown backend"
        click.echo(
            f"{'/'.join(entry.place)}\t{entry.file or '-'}\t{backend}\t{entry.id}\t{entry.marker}"
        )


@state_group.command("mv")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@_state_option
def state_mv(old: str, new: str, path: Path) -> None:
    """Move the view recorded at OLD to NEW (ENTITY/PROJECT/NAME, or a display name):
    rename the declaration in its file to NEW, and the next plan renames the same view
    instead of creating another. Touches the state file only."""
    with user_errors():
        state = _state(path)
        source = _place(state, old)
        entity, project, _ = source
        target = new.split("/", 2) if new.count("/") >= 2 else [entity, project, new]
        moved = state.move(source, (target[0], target[1], target[2]))
    click.echo(
        f'moved {entity}/{project} "{source[2]}" to "{target[2]}" in {state.path} '
        f"({len(moved)} entr{'y' if len(moved) == 1 else 'ies'}); `panelbank plan` shows "
        "the rename"
    )


@state_group.command("rm")
@click.argument("address", metavar="VIEW")
@_state_option
def state_rm(address: str, path: Path) -> None:
    """Forget the view recorded at VIEW (ENTITY/PROJECT/NAME, or a display name): the view
    is left as it is; apply no longer manages it (nor --prune deletes it)."""
    with user_errors():
        state = _state(path)
        place = _place(state, address)
        state.remove(place)
    click.echo(f'forgot {place[0]}/{place[1]} "{place[2]}" in {state.path}; the view is kept')
