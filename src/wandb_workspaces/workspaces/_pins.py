"""Run references for the baseline and pinned runs, and their wire form (run GIDs).

On the wire a run is ``base64("Run:v1:{slug}:{project}:{entity}")`` (project before
entity). Users write a bare slug (this workspace's project), ``"entity/project/slug"``, a
:class:`RunRef`, or an already encoded GID.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from typing import Optional, Union

__all__ = ["RunRef", "canonical", "decode_gid", "encode_pin", "pin_from_wire"]


@dataclasses.dataclass(frozen=True)
class RunRef:
    """A run by id (slug), optionally in another entity/project.

    ``entity``/``project`` None means "the workspace's own".

    >>> RunRef("1mbku38n", entity="team", project="other")
    RunRef(slug='1mbku38n', entity='team', project='other')
    """

    slug: str
    entity: Optional[str] = None
    project: Optional[str] = None


PinInput = Union[str, RunRef]


def decode_gid(value: str) -> tuple[str, str, str] | None:
    """``(slug, entity, project)`` if ``value`` is a v1 run GID, else None."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    parts = text.split(":")
    if len(parts) < 5 or parts[0] not in ("Run", "BucketType") or parts[1] != "v1":
        return None
    return ":".join(parts[2:-2]), parts[-1], parts[-2]


def _encode(slug: str, entity: str, project: str) -> str:
    return base64.b64encode(f"Run:v1:{slug}:{project}:{entity}".encode()).decode("ascii")


def _resolve(pin: object, entity: str, project: str) -> tuple[str, str, str] | str:
    """(slug, entity, project), or a GID string to pass through unchanged."""
    if isinstance(pin, RunRef):
        return pin.slug, pin.entity or entity, pin.project or project
    if not isinstance(pin, str):
        raise TypeError(f"Run reference must be str or RunRef, got {type(pin).__name__}: {pin!r}")
    if decode_gid(pin) is not None:
        return pin
    if "/" in pin:
        parts = pin.split("/")
        if len(parts) != 3 or not all(parts):
            raise ValueError(
                f"Cross-project run reference {pin!r} must be of the form "
                "'entity/project/slug' with three non-empty parts."
            )
        return parts[2], parts[0], parts[1]
    return pin, entity, project


def encode_pin(pin: object, entity: str, project: str) -> str:
    resolved = _resolve(pin, entity, project)
    return resolved if isinstance(resolved, str) else _encode(*resolved)


def canonical(pin: object) -> tuple[str, Optional[str], Optional[str]]:
    """A comparable form, used to avoid pinning the baseline twice."""
    if isinstance(pin, RunRef):
        return pin.slug, pin.entity, pin.project
    if isinstance(pin, str):
        decoded = decode_gid(pin)
        if decoded is not None:
            return decoded
        parts = pin.split("/")
        if len(parts) == 3 and all(parts):
            return parts[2], parts[0], parts[1]
        return pin, None, None
    return repr(pin), None, None


def pin_from_wire(value: object, entity: str, project: str) -> PinInput:
    """A GID in this workspace's project reads as the bare slug, another as a RunRef."""
    if not isinstance(value, str):
        return str(value)
    decoded = decode_gid(value)
    if decoded is None:
        return value
    slug, run_entity, run_project = decoded
    if run_entity == entity and run_project == project:
        return slug
    return RunRef(slug, run_entity, run_project)
