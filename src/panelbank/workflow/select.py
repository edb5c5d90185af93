"""``--target VIEW``: plan or apply some views only, named by URL or display name."""

from __future__ import annotations

from wandb_workspaces.backends import parse_workspace_url

from .errors import WorkflowError
from .plan import Planned
from .prune import Pruned

__all__ = ["select"]


def _is_url(target: str) -> bool:
    return "://" in target or "?nw=" in target


def _matches(target: str, place: tuple[str, str, str], name: str | None) -> bool:
    """``place`` is (entity, project, display name); ``name`` the internal name, if any."""
    if _is_url(target):
        entity, project, internal = parse_workspace_url(target)
        return name is not None and (entity, project, internal) == (*place[:2], name)
    return target in (place[2], "/".join(place))


def select(
    targets: tuple[str, ...], planned: list[Planned], pruned: list[Pruned]
) -> tuple[list[Planned], list[Pruned]]:
    """The planned and pruned views the targets name (all when there are none); a target
    that names none is an error listing the views there are."""
    if not targets:
        return planned, pruned
    out_planned: list[Planned] = []
    out_pruned: list[Pruned] = []
    for target in targets:
        found_planned = [
            item
            for item in planned
            if _matches(
                target,
                (
                    item.target.workspace.entity,
                    item.target.workspace.project,
                    item.target.workspace.name,
                ),
                item.target.stored.name if item.target.stored else None,
            )
        ]
        found_pruned = [
            item
            for item in pruned
            if _matches(
                target,
                (item.entry.entity, item.entry.project, item.entry.display_name),
                item.entry.name,
            )
        ]
        if not found_planned and not found_pruned:
            names = sorted({item.target.workspace.name for item in planned})
            names += sorted({item.entry.display_name for item in pruned})
            raise WorkflowError(
                f"--target {target!r} names none of the views planned; give a view's URL, "
                f"display name or ENTITY/PROJECT/NAME (views: {', '.join(map(repr, names))})"
            )
        out_planned += [item for item in found_planned if item not in out_planned]
        out_pruned += [item for item in found_pruned if item not in out_pruned]
    return out_planned, out_pruned
