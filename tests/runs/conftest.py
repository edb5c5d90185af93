"""Run records for the filter tests, built directly (no store)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from panelbank.store.models import RunRecord

T0 = datetime(2024, 1, 1)


def make_run(name: str = "r1", index: int = 0, **fields: Any) -> RunRecord:
    """A run with defaults; ``config`` is given unwrapped and stored W&B-style."""
    config = {k: {"value": v, "desc": None} for k, v in fields.pop("config", {}).items()}
    created = fields.pop("created_at", T0 + timedelta(hours=index))
    values: dict[str, Any] = {
        "pk": index + 1,
        "entity": "ent",
        "project": "proj",
        "name": name,
        "display_name": fields.pop("display_name", name),
        "state": "finished",
        "config": config,
        "summary": {},
        "system_metrics": {},
        "tags": (),
        "group": None,
        "job_type": None,
        "notes": None,
        "description": None,
        "host": None,
        "program": None,
        "commit": None,
        "sweep": None,
        "exitcode": 0,
        "history_line_count": 0,
        "created_at": created,
        "updated_at": created,
        "heartbeat_at": created + timedelta(minutes=5),
        "username": "ent",
    }
    values.update(fields)
    return RunRecord(**values)
