"""The protobuf schema of ``.wandb`` records, imported lazily from the official package.

The ``wandb`` package ships the generated classes (``wandb.proto.wandb_internal_pb2``);
panelbank does not depend on it by default, so the import happens on first use and a
missing package becomes one actionable error. ``wandb`` does not pull in the official
``wandb-workspaces`` (which would shadow our library), so the extra is safe to install.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any, cast

from .errors import SchemaMissingError

INSTALL_HINT = "panelbank import needs the wandb protobuf schema: pip install 'panelbank[import]'"


@functools.cache
def record_module() -> Any:
    """``wandb.proto.wandb_internal_pb2``, or :class:`SchemaMissingError` with the fix."""
    # import_module (not an import statement): typing must not depend on the optional extra.
    try:
        return importlib.import_module("wandb.proto.wandb_internal_pb2")
    except ImportError as exc:
        raise SchemaMissingError(f"{INSTALL_HINT} ({exc})") from None


def decode_error() -> type[Exception]:
    """The exception protobuf raises for bytes that are not a valid message."""
    return cast("type[Exception]", importlib.import_module("google.protobuf.message").DecodeError)


def message_to_dict(message: Any) -> dict[str, Any]:
    """A protobuf message as a dict with the .proto field names."""
    json_format = importlib.import_module("google.protobuf.json_format")
    return cast(
        "dict[str, Any]", json_format.MessageToDict(message, preserving_proto_field_name=True)
    )


def parse_record(payload: bytes) -> Any:
    """One ``Record`` message from its bytes (raises protobuf's ``DecodeError``)."""
    record = record_module().Record()
    record.ParseFromString(payload)
    return record
