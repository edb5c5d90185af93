"""The human plan: each view's header, its changes (apart: changed in code, changed
elsewhere since the last apply), conflicts and notes, then the pruned views."""

from __future__ import annotations

from collections.abc import Sequence

import click

from .diff import Line, render_lines
from .plan import Planned, count
from .prune import Pruned
from .report_plan import PlannedReport

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


def _report_header(item: PlannedReport) -> str:
    report = item.declared.report
    label = f'{report.entity}/{report.project} "{item.title}"'
    if item.action == "create":
        return click.style(f"+ {label} (new report)", fg="green")
    if item.action == "none" and item.drift:
        return click.style(
            f"  {label} (report; no changes in code; changed elsewhere)", fg="yellow"
        )
    if item.action == "none":
        return f"  {label} (report; no changes)"
    return click.style(f"~ {label} ({item.url})", fg="yellow")


def _report_text(item: PlannedReport) -> list[str]:
    out = [_report_header(item)]
    if not item.drift:
        out += [render_lines(item.lines, color=True)] if item.lines else []
    else:
        if item.action == "update" and not item.code:  # apply --force reverts it
            out.append(render_lines(item.lines, color=True))
        if item.code:
            out += ["    changed in code:", render_lines(_deeper(item.code), color=True)]
        out.append("    changed elsewhere since the last apply:")
        out.append(render_lines(_deeper(item.drift), color=True))
    if item.conflict:
        message = f"    ! {item.conflict}; apply needs --force to overwrite it"
        out.append(click.style(message, fg="red"))
    out += [click.style(f"    note: {note}", fg="cyan") for note in item.notes]
    return out


def _deeper(lines: list[Line]) -> list[Line]:
    return [Line(line.depth + 1, line.op, line.text) for line in lines]


def plan_text(
    planned: list[Planned],
    pruned: list[Pruned],
    notes: list[str],
    reports: Sequence[PlannedReport] = (),
) -> list[str]:
    """The lines of the human plan (coloured; ``click.echo`` drops colour off a terminal)."""
    out: list[str] = []
    for item in planned:
        out.append(_header(item))
        out += _body(item)
        if item.stale and item.action != "none":
            message = f"    ! {item.conflict}; apply needs --force to overwrite it"
            out.append(click.style(message, fg="red"))
        out += [click.style(f"    note: {note}", fg="cyan") for note in item.notes]
    for report in reports:  # in the order of plan --json: workspaces, reports, deletions
        out += _report_text(report)
    for gone in pruned:
        where = gone.url if gone.stored else "already deleted elsewhere"
        out.append(click.style(f"- {gone.label} (pruned: {where})", fg="red"))
        if gone.conflict:
            message = f"    ! {gone.conflict}; apply needs --force to delete it"
            out.append(click.style(message, fg="red"))
    out += [click.style(f"note: {note}", fg="cyan") for note in notes]
    return out


def summary(
    planned: list[Planned],
    pruned: list[Pruned],
    prune: bool,
    reports: Sequence[PlannedReport] = (),
) -> str:
    """``Plan: 0 to create, 1 to change, 0 unchanged[, 1 changed elsewhere][, 1 to delete].``"""
    counts = count(planned)
    for report in reports:
        counts[report.action] += 1
    drift = sum(1 for item in planned if item.stale) + sum(1 for r in reports if r.stale)
    elsewhere = f", {drift} changed elsewhere" if drift else ""
    deleted = f", {len(pruned)} to delete" if prune else ""
    return (
        f"Plan: {counts['create']} to create, {counts['update']} to change, "
        f"{counts['none']} unchanged{elsewhere}{deleted}."
    )
