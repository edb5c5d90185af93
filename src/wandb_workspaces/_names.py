"""Metric names as users write them (front end) and as the spec stores them (back end).

The W&B app shows ``Step`` where the spec stores ``_step``. The map is a bijection;
a name that is not in it passes through unchanged in both directions.
"""

from __future__ import annotations

__all__ = ["BE_TO_FE", "FE_TO_BE", "to_backend_name", "to_frontend_name"]

FE_TO_BE: dict[str, str] = {
    "ID": "name",
    "Name": "displayName",
    "Tags": "tags",
    "State": "state",
    "CreatedTimestamp": "createdAt",
    "Runtime": "duration",
    "User": "username",
    "Sweep": "sweep",
    "Group": "group",
    "JobType": "jobType",
    "Hostname": "host",
    "UsingArtifact": "inputArtifacts",
    "OutputtingArtifact": "outputArtifacts",
    "Step": "_step",
    "RelativeTime(Wall)": "_absolute_runtime",
    "RelativeTime(Process)": "_runtime",
    "WallTime": "_timestamp",
}
BE_TO_FE: dict[str, str] = {be: fe for fe, be in FE_TO_BE.items()}


def to_backend_name(name: str) -> str:
    """``Step`` -> ``_step``; unknown names unchanged."""
    return FE_TO_BE.get(name, name)


def to_frontend_name(name: str) -> str:
    """``_step`` -> ``Step``; unknown names unchanged."""
    return BE_TO_FE.get(name, name)
