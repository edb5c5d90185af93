"""The .wandb reader: header, 32 KiB block framing, CRC, and damage reported, not raised."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from panelbank.ingest import Damage, NotAWandbFileError, WandbFile, read_wandb_file
from panelbank.ingest.wandb_file import BLOCK_SIZE, HEADER

from ._logs import FIRST, FULL, LAST, MIDDLE, chunk, frame
from .conftest import FIXTURE_LOG

FIXTURE_TYPES = {"header", "run", "environment", "files", "telemetry", "stats", "config"}


def payloads_of(path: Path) -> list[tuple[int, bytes]]:
    log = WandbFile.open(path)
    found = list(log.payloads())
    assert log.report.complete, log.report.describe()
    return found


def write(tmp_path: Path, data: bytes, name: str = "run-test.wandb") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- header ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "match"),
    [
        pytest.param(b"", "an empty file", id="empty"),
        pytest.param(b":W&B", "is not a .wandb transaction log", id="short"),
        pytest.param(b"PK\x03\x04zip-file", "found 504b0304", id="zip"),
        pytest.param(b":W&B" + struct.pack("<HB", 0xBEE1, 1), "version 1", id="version"),
        pytest.param(b":W&B" + struct.pack("<HB", 0xBEEF, 0), "magic 0xbeef", id="magic"),
    ],
)
def test_bad_header_raises_with_what_was_found(tmp_path: Path, data: bytes, match: str) -> None:
    with pytest.raises(NotAWandbFileError, match=match):
        WandbFile.open(write(tmp_path, data))


def test_header_only_is_an_empty_complete_log(tmp_path: Path) -> None:
    log = WandbFile.open(write(tmp_path, HEADER))
    assert list(log.payloads()) == []
    assert log.report.complete
    assert log.report.records == 0


# -- the committed SDK log -----------------------------------------------------------------
def test_fixture_reads_completely(schema: Any) -> None:
    records, report = read_wandb_file(FIXTURE_LOG)
    kinds = [record.WhichOneof("record_type") for record in records]
    assert kinds[:2] == ["header", "run"]
    assert FIXTURE_TYPES | {"summary", "history", "output_raw", "exit"} == set(kinds)
    assert kinds[-1] == "exit"
    assert kinds.count("history") == 7
    assert records[0].header.version_info.producer.startswith("0.31.0+")
    assert report.complete
    assert report.records == len(records) == 40
    assert report.describe().endswith("40 complete records of 4932 bytes, no damage")


def test_fixture_is_small_and_single_block() -> None:
    assert FIXTURE_LOG.stat().st_size < 8 * 1024
    offsets = [offset for offset, _ in payloads_of(FIXTURE_LOG)]
    assert offsets[0] == len(HEADER)
    assert offsets == sorted(offsets)


# -- truncation ------------------------------------------------------------------------------
def _boundaries(path: Path) -> list[int]:
    """Where each record of an intact log ends (the start of the next, or the file end)."""
    offsets = [offset for offset, _ in payloads_of(path)]
    return [*offsets[1:], path.stat().st_size]


def test_truncated_at_every_offset_yields_every_complete_record(tmp_path: Path) -> None:
    data = FIXTURE_LOG.read_bytes()
    ends = _boundaries(FIXTURE_LOG)
    intact = payloads_of(FIXTURE_LOG)
    for cut in range(len(HEADER), len(data)):
        path = write(tmp_path, data[:cut])
        log = WandbFile.open(path)
        found = list(log.payloads())
        complete = sum(end <= cut for end in ends)
        assert found == intact[:complete], cut
        report = log.report
        assert report.records == complete
        if cut in (len(HEADER), *ends):
            assert report.complete, (cut, report.describe())
            continue
        stop = report.stopped_at
        assert stop is not None, cut
        assert stop.offset == intact[complete][0]  # the record that was cut
        assert stop.block == 0
        assert "the file ends inside a chunk" in stop.reason


def test_truncated_report_says_where(tmp_path: Path) -> None:
    data = FIXTURE_LOG.read_bytes()
    log = WandbFile.open(write(tmp_path, data[:1000]))
    assert len(list(log.payloads())) == 4
    assert log.report.describe().endswith(
        "4 complete records of 1000 bytes; stopped at byte 758 (block 0): "
        "the file ends inside a chunk (235 of 401 bytes present)"
    )


def test_cut_inside_a_chunk_header(tmp_path: Path) -> None:
    data = FIXTURE_LOG.read_bytes()
    second = _boundaries(FIXTURE_LOG)[0]
    log = WandbFile.open(write(tmp_path, data[: second + 3]))
    assert len(list(log.payloads())) == 1
    assert log.report.stopped_at == Damage(
        second, 0, "the file ends inside a chunk header (3 of 7 bytes)", None
    )


# -- corruption ----------------------------------------------------------------------------
def test_corrupt_crc_in_the_middle_stops_there_without_recovery(tmp_path: Path) -> None:
    data = bytearray(FIXTURE_LOG.read_bytes())
    data[1500] ^= 0xFF
    log = WandbFile.open(write(tmp_path, bytes(data)), recover=False)
    found = list(log.payloads())
    intact = payloads_of(FIXTURE_LOG)
    assert found == intact[: len(found)]
    stop = log.report.stopped_at
    assert stop is not None
    assert stop.offset == intact[len(found)][0] <= 1500
    assert stop.reason.startswith("checksum mismatch in a chunk of type 1")


def test_corrupt_crc_in_an_earlier_block_skips_to_the_next(tmp_path: Path) -> None:
    payloads = [bytes([n]) * 5000 for n in range(20)]  # 100 kB: four blocks
    data = bytearray(frame(payloads))
    data[20_000] ^= 0x01  # inside the fourth payload, block 0
    path = write(tmp_path, bytes(data))
    log = WandbFile.open(path)
    found = [payload for _, payload in log.payloads()]
    (damage,) = log.report.damage
    assert damage.block == 0
    assert damage.resumed_at == BLOCK_SIZE
    assert str(damage).startswith(f"skipped byte {damage.offset} (block 0) to byte 32768")
    # the damaged record and the one spanning into block 1 are lost; all others survive
    assert found == payloads[:3] + payloads[7:]
    assert log.report.records == len(found)
    assert not log.report.complete
    assert log.report.stopped_at is None


def test_recover_false_stops_at_the_same_place(tmp_path: Path) -> None:
    payloads = [bytes([n]) * 5000 for n in range(20)]
    data = bytearray(frame(payloads))
    data[20_000] ^= 0x01
    log = WandbFile.open(write(tmp_path, bytes(data)), recover=False)
    assert [payload for _, payload in log.payloads()] == payloads[:3]
    assert log.report.stopped_at is not None
    assert log.report.stopped_at.resumed_at is None


# -- framing ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sizes",
    [
        pytest.param([10, 20, 30], id="small"),
        pytest.param([BLOCK_SIZE - 14], id="exactly-fills-block-0"),
        pytest.param([BLOCK_SIZE - 18, 5], id="padding-at-block-end"),
        pytest.param([200_000], id="first-middle-last"),
        pytest.param([0, 1, 70_000, 0], id="empty-records"),
    ],
)
def test_framing_round_trip(tmp_path: Path, sizes: list[int]) -> None:
    payloads = [bytes([index + 1]) * size for index, size in enumerate(sizes)]
    log = WandbFile.open(write(tmp_path, frame(payloads)))
    assert [payload for _, payload in log.payloads()] == payloads
    assert log.report.complete, log.report.describe()


def test_zero_fill_ends_a_block(tmp_path: Path) -> None:
    data = HEADER + chunk(FULL, b"one") + b"\0" * 100
    data += b"\0" * (BLOCK_SIZE - len(data)) + chunk(FULL, b"two")
    log = WandbFile.open(write(tmp_path, data))
    assert [payload for _, payload in log.payloads()] == [b"one", b"two"]
    assert log.report.complete


@pytest.mark.parametrize(
    ("chunks", "expected", "reason"),
    [
        pytest.param(
            [chunk(FIRST, b"a"), chunk(FULL, b"b")],
            [b"b"],
            "a record that started at byte 7 has no LAST chunk",
            id="first-without-last",
        ),
        pytest.param(
            [chunk(MIDDLE, b"a"), chunk(LAST, b"b"), chunk(FULL, b"c")],
            [b"c"],
            "a MIDDLE chunk with no FIRST chunk before it",
            id="middle-without-first",
        ),
        pytest.param(
            [chunk(FULL, b"a"), chunk(9, b"b"), chunk(FULL, b"c")],
            [b"a"],
            "unknown chunk type 9 (expected 1 to 4)",
            id="unknown-type",
        ),
        pytest.param(
            [chunk(FULL, b"a"), chunk(FIRST, b"b")],
            [b"a"],
            "the file ends inside a record (its FIRST chunk is at byte 15, no LAST chunk follows)",
            id="ends-inside-record",
        ),
        pytest.param(
            [chunk(FULL, b"a"), struct.pack("<IHB", 0, 40_000, FULL)],
            [b"a"],
            "a chunk of 40000 bytes runs past the end of its 32 KiB block",
            id="past-block-end",
        ),
    ],
)
def test_bad_chunk_sequences_are_reported(
    tmp_path: Path, chunks: list[bytes], expected: list[bytes], reason: str
) -> None:
    log = WandbFile.open(write(tmp_path, HEADER + b"".join(chunks)))
    assert [payload for _, payload in log.payloads()] == expected
    assert [damage.reason for damage in log.report.damage] == [reason]


def test_payload_that_is_not_a_record_is_skipped(tmp_path: Path, schema: Any) -> None:
    good = schema.Record(exit=schema.RunExitRecord(exit_code=2)).SerializeToString()
    log = WandbFile.open(write(tmp_path, frame([b"\xff\xff\xff", good])))
    records = list(log.records())
    assert [record.exit.exit_code for record in records] == [2]
    (damage,) = log.report.damage
    assert damage.offset == len(HEADER)
    assert "a record of 3 bytes is not a protobuf Record" in damage.reason
    assert log.report.records == 1
