"""Wire-level helpers of the workspace view spec (for tools built on the library).

These functions convert between the user classes and pieces of the spec JSON; most
code only needs ``Workspace.to_spec()`` / ``Workspace.from_spec()``.
"""

from __future__ import annotations

from .._spec_schema import spec_json_schema
from ._pins import decode_gid, encode_pin
from ._run_color_groups import decode_key, encode_key
from ._runset import runset_from_wire, runset_to_wire
from ._settings import (
    layout_from_wire,
    layout_to_wire,
    local_settings_from_wire,
    local_settings_to_wire,
    settings_from_wire,
    settings_to_wire,
)
from ._workspace import CLIENT_SPEC_VERSION

__all__ = [
    "CLIENT_SPEC_VERSION",
    "decode_gid",
    "decode_key",
    "encode_key",
    "encode_pin",
    "layout_from_wire",
    "layout_to_wire",
    "local_settings_from_wire",
    "local_settings_to_wire",
    "runset_from_wire",
    "runset_to_wire",
    "settings_from_wire",
    "settings_to_wire",
    "spec_json_schema",
]
