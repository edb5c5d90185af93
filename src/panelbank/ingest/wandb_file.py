"""Reading ``.wandb`` transaction logs: header, 32 KiB LevelDB-log blocks, records.

The format (``../shared/spec/protocol.md`` §5): a 7-byte header (``:W&B``, uint16 LE
``0xBEE1``, uint8 version 0), then blocks of 32 KiB (the header counts toward block 0).
A block holds chunks ``uint32 crc, uint16 length, uint8 type`` + ``length`` bytes; a
record is one FULL chunk or FIRST, MIDDLE..., LAST; fewer than 7 bytes left in a block
are zero padding. Each record is a protobuf ``wandb_internal_pb2.Record``.

Damage never raises. A truncated or corrupt file yields every complete record, and
:attr:`WandbFile.report` says where reading stopped (byte offset, block, reason) or, with
``recover=True`` (the default), which stretches were skipped before reading resumed at
the next block::

    log = WandbFile.open("wandb/offline-run-20261129_170619-9l9ykq91/run-9l9ykq91.wandb")
    for record in log.records():
        print(record.WhichOneof("record_type"))
    if not log.report.complete:
        print(log.report.describe())
"""

from __future__ import annotations

import dataclasses
import os
import struct
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from . import _schema
from .errors import NotAWandbFileError
from .run_folder import value_problem

__all__ = [
    "BLOCK_SIZE",
    "HEADER",
    "Damage",
    "ReadReport",
    "WandbFile",
    "read_wandb_file",
]

MAGIC = b":W&B"
HEADER = MAGIC + struct.pack("<HB", 0xBEE1, 0)
BLOCK_SIZE = 32 * 1024
_CHUNK = struct.Struct("<IHB")  # crc, length, type
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
_TYPE_NAMES = {FULL: "FULL", FIRST: "FIRST", MIDDLE: "MIDDLE", LAST: "LAST"}


@dataclasses.dataclass(frozen=True)
class Damage:
    """One damaged stretch of a log: where it starts, what was wrong, what happened next.

    ``resumed_at`` is the byte offset where reading went on (the next block), or None
    if reading stopped there.
    """

    offset: int
    block: int
    reason: str
    resumed_at: int | None

    def __str__(self) -> str:
        where = f"byte {self.offset} (block {self.block})"
        if self.resumed_at is None:
            return f"stopped at {where}: {self.reason}"
        return f"skipped {where} to byte {self.resumed_at}: {self.reason}"


@dataclasses.dataclass
class ReadReport:
    """What reading one log found: complete records, and any damage in file order."""

    path: str
    size: int
    records: int = 0
    damage: list[Damage] = dataclasses.field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when the whole file was read without damage."""
        return not self.damage

    @property
    def stopped_at(self) -> Damage | None:
        """The damage that ended reading early, if any."""
        last = self.damage[-1] if self.damage else None
        return last if last is not None and last.resumed_at is None else None

    def describe(self) -> str:
        """One line per finding, e.g. ``run.wandb: 31 records; stopped at byte 3400 ...``."""
        head = f"{self.path}: {self.records} complete records of {self.size} bytes"
        if self.complete:
            return f"{head}, no damage"
        return "; ".join([head, *(str(damage) for damage in self.damage)])


def _check_header(path: Path, head: bytes) -> None:
    if len(head) < len(HEADER) or head[:4] != MAGIC:
        shown = head[:7].hex() or "an empty file"
        raise NotAWandbFileError(
            f"{path} is not a .wandb transaction log: it should start with the 7-byte header "
            f"{HEADER.hex()} (':W&B', 0xBEE1, version 0), found {shown}"
        )
    magic, version = struct.unpack("<HB", head[4:7])
    if magic != 0xBEE1 or version != 0:
        raise NotAWandbFileError(
            f"{path}: unsupported .wandb header (magic {magic:#06x}, version {version}); "
            "this reader knows magic 0xbee1 version 0 (wandb 0.12 to 0.31)"
        )


class WandbFile:
    """A ``.wandb`` log, read lazily as a stream of records; see the module docstring."""

    def __init__(self, path: Path, size: int, *, recover: bool) -> None:
        self.path = path
        self.recover = recover
        self.report = ReadReport(path=str(path), size=size)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, recover: bool = True) -> WandbFile:
        """Check the header (:class:`NotAWandbFileError` if wrong); records come later.

        ``recover``: after a damaged chunk, go on at the next block (True) or stop (False).
        """
        path = Path(path)
        with path.open("rb") as file:
            _check_header(path, file.read(len(HEADER)))
        return cls(path, path.stat().st_size, recover=recover)

    def records(self) -> Iterator[Any]:
        """Each complete record as a ``wandb_internal_pb2.Record``, in file order.

        A chunk sequence that is not a valid protobuf message, or a record whose values
        are not JSON a run can hold (:func:`~panelbank.ingest.run_folder.value_problem`),
        is reported and skipped. Raises
        :class:`~panelbank.ingest.errors.SchemaMissingError` without the schema.
        """
        _schema.record_module()  # fail before reading anything if the schema is missing
        decode_error = _schema.decode_error()
        for number, (offset, end, payload) in enumerate(self._scan(), start=1):
            try:
                record = _schema.parse_record(payload)
            except decode_error as exc:
                reason = f"a record of {len(payload)} bytes is not a protobuf Record ({exc})"
                self._skip(offset, end, reason)
                continue
            problem = value_problem(record)
            if problem is not None:
                kind = record.WhichOneof("record_type")
                self._skip(offset, end, f"record {number} (a {kind} record): {problem}")
                continue
            yield record

    def _skip(self, offset: int, end: int, reason: str) -> None:
        self.report.records -= 1
        self.report.damage.append(Damage(offset, offset // BLOCK_SIZE, reason, end))

    def payloads(self) -> Iterator[tuple[int, bytes]]:
        """Each complete record's bytes with the offset of its first chunk."""
        for offset, _end, payload in self._scan():
            yield offset, payload

    def _scan(self) -> Iterator[tuple[int, int, bytes]]:
        self.report.records = 0
        self.report.damage.clear()
        with self.path.open("rb") as file:
            yield from _Scanner(file, self.report, self.recover).run()


class _Scanner:
    """The block and chunk state machine behind :meth:`WandbFile.payloads`."""

    def __init__(self, file: Any, report: ReadReport, recover: bool) -> None:
        self.file = file
        self.report = report
        self.recover = recover
        self.parts: list[bytes] = []
        self.record_start = 0
        self.skipping = False  # after damage: drop MIDDLE/LAST until a FULL or FIRST

    def damage(self, offset: int, reason: str, *, fatal: bool = False) -> bool:
        """Record damage at ``offset``; True if reading goes on at the next block."""
        block = offset // BLOCK_SIZE
        resume = (block + 1) * BLOCK_SIZE
        go_on = self.recover and not fatal and resume < self.report.size
        if self.parts and self.record_start != offset:
            reason += f", losing the record that started at byte {self.record_start}"
        self.report.damage.append(Damage(offset, block, reason, resume if go_on else None))
        self.parts = []
        self.skipping = True
        return go_on

    def run(self) -> Iterator[tuple[int, int, bytes]]:
        block_no = 0
        self.file.seek(0)
        while block := self.file.read(BLOCK_SIZE):
            start = len(HEADER) if block_no == 0 else 0
            result = yield from self.block(block, block_no * BLOCK_SIZE, start)
            if not result:
                return
            block_no += 1
        if self.parts:
            self.damage(
                self.record_start,
                f"the file ends inside a record (its FIRST chunk is at byte {self.record_start}"
                ", no LAST chunk follows)",
                fatal=True,
            )

    def block(
        self, block: bytes, base: int, pos: int
    ) -> Generator[tuple[int, int, bytes], None, bool]:
        """Chunks of one block; returns False when reading must stop."""
        while BLOCK_SIZE - pos >= _CHUNK.size and pos < len(block):
            offset = base + pos
            if len(block) - pos < _CHUNK.size:
                reason = f"the file ends inside a chunk header ({len(block) - pos} of 7 bytes)"
                return self.damage(offset, reason, fatal=True)
            crc, length, ctype = _CHUNK.unpack_from(block, pos)
            if crc == length == ctype == 0:
                break  # zero fill (a preallocated or padded block): nothing more in it
            end = pos + _CHUNK.size + length
            if end > BLOCK_SIZE:
                reason = f"a chunk of {length} bytes runs past the end of its 32 KiB block"
                return self.damage(offset, reason)
            if end > len(block):
                present = len(block) - pos - _CHUNK.size
                reason = f"the file ends inside a chunk ({present} of {length} bytes present)"
                return self.damage(offset, reason, fatal=True)
            data = block[pos + _CHUNK.size : end]
            pos = end
            if zlib.crc32(data, zlib.crc32(bytes([ctype]))) != crc:
                reason = f"checksum mismatch in a chunk of type {ctype} and {length} bytes"
                return self.damage(offset, reason)
            if ctype not in _TYPE_NAMES:
                return self.damage(offset, f"unknown chunk type {ctype} (expected 1 to 4)")
            payload = self.chunk(offset, ctype, data)
            if payload is not None:
                self.report.records += 1
                yield self.record_start, base + pos, payload
        return True

    def chunk(self, offset: int, ctype: int, data: bytes) -> bytes | None:
        """Assemble records from chunks; the complete record's bytes, if this ends one."""
        if ctype in (FULL, FIRST):
            if self.parts:
                reason = f"a record that started at byte {self.record_start} has no LAST chunk"
                self.report.damage.append(
                    Damage(self.record_start, self.record_start // BLOCK_SIZE, reason, offset)
                )
            self.skipping = False
            self.record_start = offset
            self.parts = [data]
            if ctype == FIRST:
                return None
        elif self.skipping:
            return None  # the rest of a record already reported as damaged
        elif not self.parts:
            name = _TYPE_NAMES[ctype]
            reason = f"a {name} chunk with no FIRST chunk before it"
            self.report.damage.append(Damage(offset, offset // BLOCK_SIZE, reason, offset))
            self.skipping = True
            return None
        else:
            self.parts.append(data)
            if ctype == MIDDLE:
                return None
        payload = b"".join(self.parts)
        self.parts = []
        return payload


def read_wandb_file(
    path: str | os.PathLike[str], *, recover: bool = True
) -> tuple[list[Any], ReadReport]:
    """All complete records of a log and the report of what was read (small files)."""
    log = WandbFile.open(path, recover=recover)
    return list(log.records()), log.report
