"""What a filter or sort key names, and its value on one run.

A key is ``(section, name)`` as in view specs: section ``run`` (attributes such as
``state``, ``createdAt``, ``displayName``, ``tags``), ``config`` (``lr`` or ``lr.value``),
``summary`` (``acc``, ``nested.key``), ``keys_info`` (a history key's info) or ``tags``
(``name`` a tag; the value is whether the run has it). A value a run does not have is
:data:`MISSING`, which is not ``None`` (a stored null).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from typing import Any, Final

from ..store.models import RunRecord
from .errors import FilterError, suggest

__all__ = [
    "MISSING",
    "SECTIONS",
    "Key",
    "KeysInfo",
    "Missing",
    "canonical_run_field",
    "key_from_path",
    "value_of",
]

SECTIONS = ("run", "config", "summary", "keys_info", "tags")


class Missing(enum.Enum):
    """The value of a key a run does not have (a stored ``null`` is ``None``)."""

    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing.MISSING

# history key name -> what the history store knows about it (W&B's keys_info.keys.<k>)
KeysInfo = Callable[[RunRecord], Mapping[str, Any]]


@dataclasses.dataclass(frozen=True)
class Key:
    section: str
    name: str

    def __str__(self) -> str:
        return f"{self.section}:{self.name}"


def _duration(run: RunRecord) -> Any:
    runtime = run.summary.get("_runtime")
    if isinstance(runtime, (int, float)) and not isinstance(runtime, bool):
        return runtime
    return (run.heartbeat_at - run.created_at).total_seconds()


_RUN_FIELDS: dict[str, Callable[[RunRecord], Any]] = {
    "name": lambda run: run.name,
    "displayName": lambda run: run.display_name,
    "state": lambda run: run.state,
    "createdAt": lambda run: run.created_at,
    "updatedAt": lambda run: run.updated_at,
    "heartbeatAt": lambda run: run.heartbeat_at,
    "duration": _duration,
    "username": lambda run: run.username,
    "sweep": lambda run: run.sweep,
    "group": lambda run: run.group,
    "jobType": lambda run: run.job_type,
    "host": lambda run: run.host,
    "program": lambda run: run.program,
    "commit": lambda run: run.commit,
    "notes": lambda run: run.notes,
    "description": lambda run: run.description,
    "exitcode": lambda run: run.exitcode,
    "tags": lambda run: list(run.tags),
    "historyLineCount": lambda run: run.history_line_count,
}

# other spellings: the public API's snake_case columns, and the FE names of the W&B app
_RUN_ALIASES = {
    "id": "name",
    "ID": "name",
    "display_name": "displayName",
    "Name": "displayName",
    "State": "state",
    "created_at": "createdAt",
    "CreatedTimestamp": "createdAt",
    "updated_at": "updatedAt",
    "heartbeat_at": "heartbeatAt",
    "runtime": "duration",
    "Runtime": "duration",
    "user": "username",
    "User": "username",
    "sweepName": "sweep",
    "sweep_name": "sweep",
    "Sweep": "sweep",
    "Group": "group",
    "job_type": "jobType",
    "JobType": "jobType",
    "hostname": "host",
    "Hostname": "host",
    "Tags": "tags",
    "exit_code": "exitcode",
    "history_line_count": "historyLineCount",
}


def canonical_run_field(name: str) -> str | None:
    """The attribute a run-section name means (``created_at`` -> ``createdAt``), or None."""
    name = _RUN_ALIASES.get(name, name)
    return name if name in _RUN_FIELDS else None


def check_run_field(name: str, where: str) -> str:
    """The canonical run attribute ``name`` means; raises :class:`FilterError` if none."""
    field = canonical_run_field(name)
    if field is None:
        known = sorted(set(_RUN_FIELDS) | set(_RUN_ALIASES))
        raise FilterError(
            where,
            f'"{name}" is not a run attribute{suggest(name, known)}; use config.<key>, '
            f"summary_metrics.<key>, tags, or one of: {', '.join(sorted(_RUN_FIELDS))}",
        )
    return field


def key_from_path(path: str) -> Key:
    """The key of a public-API path: ``config.lr.value``, ``summary_metrics.acc``,
    ``keys_info.keys.loss``, ``tags.<tag>``, else a run attribute (``state``)."""
    for prefix, section in (
        ("config.", "config"),
        ("summary_metrics.", "summary"),
        ("keys_info.keys.", "keys_info"),
        ("tags.", "tags"),
    ):
        if path.startswith(prefix) and len(path) > len(prefix):
            return Key(section, path[len(prefix) :])
    return Key("run", path)


def _walk(value: Any, parts: list[str], *, unwrap: bool) -> Any:
    """Follow ``parts`` into nested dicts; keys may themselves contain dots, so the
    longest matching run of parts wins. With ``unwrap`` (config), a W&B wrapper
    ``{"value": v, "desc": ..}`` is entered when the next part is not ``value``."""
    if not parts:
        return value
    if not isinstance(value, Mapping):
        return MISSING
    for cut in range(len(parts), 0, -1):
        name = ".".join(parts[:cut])
        if name in value:
            found = value[name]
            rest = parts[cut:]
            if unwrap and isinstance(found, Mapping) and "value" in found:
                if not rest or rest[0] != "value":
                    found = found["value"]
                else:
                    rest = rest[1:]
                    found = found["value"]
            result = _walk(found, rest, unwrap=False)
            if result is not MISSING:
                return result
    return MISSING


def value_of(run: RunRecord, key: Key, keys_info: KeysInfo | None = None) -> Any:
    """The value of ``key`` on ``run`` (:data:`MISSING` if it has none)."""
    if key.section == "run":
        field = canonical_run_field(key.name)
        return MISSING if field is None else _RUN_FIELDS[field](run)
    if key.section == "config":
        return _walk(run.config, key.name.split("."), unwrap=True)
    if key.section == "summary":
        return _walk(run.summary, key.name.split("."), unwrap=False)
    if key.section == "tags":
        return key.name in run.tags
    if key.section == "keys_info":
        if keys_info is None:
            return MISSING
        info = keys_info(run).get(key.name, MISSING)
        return info
    return MISSING
