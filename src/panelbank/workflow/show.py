"""The human plan: each view's header, its changes (apart: changed in code, changed
elsewhere since the last apply), conflicts and notes, then the pruned views."""

from __future__ import annotations

import click

from .diff import Line, render_lines
from .plan import Planned, count
from .prune import Pruned

__all__ = ["plan_text", "summary"]


def _header(planned: Planned) -> str:
    target = planned.target
    w = target.workspace
    label = f'{w.entity}/{w.project} "{w.name}"'
    if planned.action == "create":
        return click.style(f"+ {label} (new view)", fg="green")
    if planned.action == "none" and planned.drift_only:
        return click.style(f"  {label} (no changes in code; changed elsewhere)", fg="yellow")
    if planned.action == "none":
        return f"  {label} (no changes)"
    return click.style(f"~ {label} ({target.url})", fg="yellow")


def _since(planned: Planned) -> str:
    stored, last = planned.target.stored, planned.last
    if stored is None or last is None or stored.marker == last.marker:
        return ""
    return f" ({last.marker} → {stored.marker})"


def _body(planned: Planned) -> list[str]:
    sep = planned.separated
    out: list[str] = []
    if sep is None or not sep.drifted or planned.action == "create":
        return [render_lines(planned.lines, color=True)] if planned.lines else []
    if planned.action == "update" and not sep.code_changed:  # apply --force reverts it
        out.append(render_lines(planned.lines, color=True))
    if sep.code:
        out += ["    changed in code:", render_lines(sep.code, color=True)]
    out.append(f"    changed elsewhere since the last apply{_since(planned)}:")
    drift = sep.drift or [Line(2, "~", "(the same content, saved again)")]
    out.append(render_lines(drift, color=True))
    return out


def plan_text(planned: list[Planned], pruned: list[Pruned], notes: list[str]) -> list[str]:
    """The lines of the human plan (coloured; ``click.echo`` drops colour off a terminal)."""
    out: list[str] = []
    for item in planned:
        out.append(_header(item))
        out += _body(item)
        if item.stale and item.action != "none":
            message = f"    ! {item.conflict}; apply needs --force to overwrite it"
            out.append(click.style(message, fg="red"))
        out += [click.style(f"    note: {note}", fg="cyan") for note in item.notes]
    for gone in pruned:
        where = gone.url if gone.stored else "already deleted elsewhere"
        out.append(click.style(f"- {gone.label} (pruned: {where})", fg="red"))
        if gone.conflict:
            message = f"    ! {gone.conflict}; apply needs --force to delete it"
            out.append(click.style(message, fg="red"))
    out += [click.style(f"note: {note}", fg="cyan") for note in notes]
    return out


def summary(planned: list[Planned], pruned: list[Pruned], prune: bool) -> str:
    """``Plan: 0 to create, 1 to change, 0 unchanged[, 1 changed elsewhere][, 1 to delete].``"""
    counts = count(planned)
    drift = sum(1 for item in planned if item.stale)
    elsewhere = f", {drift} changed elsewhere" if drift else ""
    deleted = f", {len(pruned)} to delete" if prune else ""
    return (
        f"Plan: {counts['create']} to create, {counts['update']} to change, "
        f"{counts['none']} unchanged{elsewhere}{deleted}."
    )
