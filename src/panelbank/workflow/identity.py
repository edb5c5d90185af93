"""Ids in a view spec: what the client or server fills in, not what a user declares.

Panel and section ``__id__`` are random per save and the first run set's ``id`` is given
at save (it also prefixes run-colour group keys in ``customRunColors``). Files do not
carry them: comparisons ignore them (:func:`without_ids`) and ``apply`` keeps the
stored view's ids for the sections and panels it still has (:func:`adopt_ids`), so an
apply that changes nothing writes nothing and an edit does not renumber every panel.

Panels are matched by identity (:func:`pair_panels`, shared with the diff): type and
title first, then the rest of one type in order; so a reordered panel keeps its id and
shows as a move.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from wandb_workspaces.wire import copy_json

__all__ = ["adopt_ids", "moved", "pair_panels", "runset_id", "without_ids"]

JSONDict = dict[str, Any]
_COLOR_GROUP = "run-color-group:"
_SAFE = "-_.!~*'()"  # as the library encodes group keys


def _sections(spec: JSONDict) -> list[Any]:
    section = spec.get("section")
    bank = section.get("panelBankConfig") if isinstance(section, dict) else None
    sections = bank.get("sections") if isinstance(bank, dict) else None
    return sections if isinstance(sections, list) else []


def _runsets(spec: JSONDict) -> list[Any]:
    section = spec.get("section")
    runsets = section.get("runSets") if isinstance(section, dict) else None
    return runsets if isinstance(runsets, list) else []


def runset_id(spec: JSONDict) -> str:
    """The first run set's id, or ``""``."""
    runsets = _runsets(spec)
    first = runsets[0] if runsets and isinstance(runsets[0], dict) else {}
    value = first.get("id")
    return value if isinstance(value, str) else ""


def _drop_panel_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _drop_panel_ids(item) for key, item in value.items() if key != "__id__"}
    if isinstance(value, list):
        return [_drop_panel_ids(item) for item in value]
    return value


def _rekey_colors(spec: JSONDict, old: str, new: str) -> None:
    section = spec.get("section")
    if not old or not isinstance(section, dict):
        return
    colors = section.get("customRunColors")
    if not isinstance(colors, dict):
        return
    before = f"{_COLOR_GROUP}{quote(json.dumps(old), safe=_SAFE)}:"
    after = f"{_COLOR_GROUP}{quote(json.dumps(new), safe=_SAFE)}:"
    section["customRunColors"] = {
        (after + key[len(before) :] if key.startswith(before) else key): value
        for key, value in colors.items()
    }


def _set_runset_id(spec: JSONDict, value: str) -> None:
    old = runset_id(spec)
    runsets = _runsets(spec)
    if runsets and isinstance(runsets[0], dict) and "id" in runsets[0]:
        runsets[0]["id"] = value
        _rekey_colors(spec, old, value)


def without_ids(spec: JSONDict) -> JSONDict:
    """A copy without ``__id__`` keys and with the first run set's id blanked."""
    out: JSONDict = _drop_panel_ids(spec)
    _set_runset_id(out, "")
    return out


def adopt_ids(spec: JSONDict, stored: JSONDict) -> JSONDict:
    """``spec`` with the ids of ``stored`` where they still fit.

    Sections are matched by name (in order among equal names), panels by position and
    ``viewType`` within a matched section; the rest keep the ids they were given.
    """
    out = copy_json(spec)
    old_sections: dict[str, list[JSONDict]] = {}
    for item in _sections(stored):
        if isinstance(item, dict):
            old_sections.setdefault(str(item.get("name")), []).append(item)
    for item in _sections(out):
        if not isinstance(item, dict):
            continue
        candidates = old_sections.get(str(item.get("name")))
        if not candidates:
            continue
        old = candidates.pop(0)
        if isinstance(old.get("__id__"), str):
            item["__id__"] = old["__id__"]
        _adopt_panels(item.get("panels"), old.get("panels"))
    stored_id = runset_id(stored)
    if stored_id:
        _set_runset_id(out, stored_id)
    return out


PanelKey = tuple[str, str]  # (type, title); an empty title matches by position only


def pair_panels(old: list[PanelKey], new: list[PanelKey]) -> dict[int, int]:
    """``{new index: old index}``: same type and title first (in order among equals),
    then the panels left of one type in order (a retitled or untitled panel)."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for exact in (True, False):
        for j, (kind, title) in enumerate(new):
            if j in pairs or (exact and not title):
                continue
            for i, (was_kind, was_title) in enumerate(old):
                if i in taken or was_kind != kind or (exact and was_title != title):
                    continue
                pairs[j] = i
                taken.add(i)
                break
    return pairs


def moved(pairs: dict[int, int]) -> set[int]:
    """The new indexes of paired panels that changed place: those outside the longest
    run of pairs that kept their relative order."""
    order = sorted(pairs)
    best: list[list[int]] = []  # best[k]: the longest increasing run ending at order[k]
    for k, j in enumerate(order):
        chain = max((best[m] for m in range(k) if pairs[order[m]] < pairs[j]), key=len, default=[])
        best.append([*chain, j])
    longest: list[int] = max(best, key=len) if best else []
    kept = set(longest)
    return {j for j in order if j not in kept}


def _title(panel: JSONDict) -> str:
    config = panel.get("config")
    title = config.get("chartTitle") or config.get("title") if isinstance(config, dict) else ""
    return title if isinstance(title, str) else ""


def _keys(panels: list[Any]) -> list[PanelKey]:
    return [
        (str(p.get("viewType")), _title(p)) if isinstance(p, dict) else ("", "") for p in panels
    ]


def _adopt_panels(new: Any, old: Any) -> None:
    if not isinstance(new, list) or not isinstance(old, list):
        return
    for j, i in pair_panels(_keys(old), _keys(new)).items():
        panel, previous = new[j], old[i]
        if isinstance(panel, dict) and isinstance(previous, dict) and "__id__" in previous:
            panel["__id__"] = previous["__id__"]
