"""Writing ``.wandb`` logs in tests: LevelDB-log framing of given payloads, and records."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import Any

from panelbank.ingest.wandb_file import BLOCK_SIZE, HEADER

FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4


def chunk(ctype: int, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(bytes([ctype])))
    return struct.pack("<IHB", crc, len(data), ctype) + data


def frame(payloads: Iterable[bytes]) -> bytes:
    """A log as the SDK writes it: header, then each payload split over 32 KiB blocks."""
    out = bytearray(HEADER)
    for payload in payloads:
        rest, first = payload, True
        while True:
            room = BLOCK_SIZE - len(out) % BLOCK_SIZE
            if room < 7:
                out += b"\0" * room
                room = BLOCK_SIZE
            piece, rest = rest[: room - 7], rest[room - 7 :]
            last = not rest
            ctype = FULL if first and last else FIRST if first else LAST if last else MIDDLE
            out += chunk(ctype, piece)
            first = False
            if last:
                break
    return bytes(out)


def record_bytes(**fields: Any) -> bytes:
    """A serialized ``Record`` built with keyword fields (``history=...``, ``exit=...``)."""
    from wandb.proto import wandb_internal_pb2 as pb

    # protobuf's generated classes are made at import time: mypy does not see them
    return bytes(pb.Record(**fields).SerializeToString())  # type: ignore[attr-defined]


def items(pb_type: Any, **values: Any) -> list[Any]:
    """``key``/``value_json`` items; a key with dots becomes a ``nested_key`` path."""
    import json

    out = []
    for key, value in values.items():
        path = key.split("__")
        if len(path) > 1:
            out.append(pb_type(nested_key=path, value_json=json.dumps(value)))
        else:
            out.append(pb_type(key=key, value_json=json.dumps(value)))
    return out
