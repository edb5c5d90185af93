"""Sample media for synthetic runs: predicted images with segmentation masks and boxes, and
a short audio clip, as the wandb SDK logs them (files under ``media/``, references in the
history rows, class labels in the config's ``_wandb``).

Images are drawn pixel by pixel and written as PNG with :mod:`zlib` (a PNG is a signature
and three chunks; no imaging library needed for flat shapes), audio as WAV with
:mod:`wave`. Everything is deterministic for a run id, so the demo writes the same bytes
every time.

>>> png = encode_png(2, 1, bytes([255, 0, 0, 0, 0, 255]))
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import struct
import wave
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .importer import write_run_file
from .run_folder import RunData

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "AUDIO_KEY",
    "CLASS_LABELS",
    "IMAGE_KEY",
    "add_sample_media",
    "encode_png",
    "encode_wav",
    "record_media_files",
    "sample_image",
]

IMAGE_KEY = "predictions"
AUDIO_KEY = "samples/audio"
CLASS_LABELS = {0: "background", 1: "cat", 2: "dog"}
SIZE = 64
_COLORS = {1: (236, 112, 64), 2: (70, 110, 220)}


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def encode_png(width: int, height: int, pixels: bytes, *, channels: int = 3) -> bytes:
    """A PNG of 8-bit RGB (``channels=3``) or grey (``channels=1``) ``pixels``, rows top
    down without padding."""
    if len(pixels) != width * height * channels or channels not in (1, 3):
        raise ValueError(
            f"encode_png needs width*height*channels = {width * height * channels} bytes of "
            f"1 or 3 channels, got {len(pixels)} bytes for {channels} channel(s)"
        )
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))
    color_type = 2 if channels == 3 else 0
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def encode_wav(samples: Sequence[float], rate: int = 8000) -> bytes:
    """Mono 16-bit WAV of ``samples`` in [-1, 1]."""
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32767)) for s in samples)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def _shapes(seed: int, step: int) -> list[tuple[int, int, int, int]]:
    """(class, centre x, centre y, half size) of the objects in a sample."""
    a = (seed * 37 + step * 11) % 50
    b = (seed * 53 + step * 7) % 40
    return [(1, 16 + a // 3, 18 + b // 3, 9), (2, 44 - b // 4, 43 - a // 5, 8)]


def _inside(kind: int, x: int, y: int, cx: int, cy: int, r: int) -> bool:
    if kind == 1:
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return abs(x - cx) <= r and abs(y - cy) <= r


def sample_image(seed: int, step: int, progress: float) -> tuple[bytes, bytes, dict[str, Any]]:
    """The PNG, its predicted mask (class ids as grey levels) and its boxes (pixel domain)
    for one sample; ``progress`` (0..1 through training) makes the prediction better."""
    shapes = _shapes(seed, step)
    error = round((1 - progress) * 6)  # the prediction drifts off early in training
    rgb = bytearray()
    mask = bytearray()
    for y in range(SIZE):
        for x in range(SIZE):
            shade = 200 + (x + y + seed * 9) % 40
            pixel = (shade, shade - 10, shade - 25)
            label = 0
            for kind, cx, cy, r in shapes:
                if _inside(kind, x, y, cx, cy, r):
                    pixel = _COLORS[kind]
                if _inside(kind, x, y, cx + error, cy - error, r):
                    label = kind
            rgb.extend(pixel)
            mask.append(label)
    boxes = [
        {
            "position": {
                "minX": cx + error - r,
                "maxX": cx + error + r,
                "minY": cy - error - r,
                "maxY": cy - error + r,
            },
            "domain": "pixel",
            "class_id": kind,
            "box_caption": f"{CLASS_LABELS[kind]} {0.5 + progress * 0.45:.2f}",
            "scores": {"confidence": round(0.5 + progress * 0.45, 3)},
        }
        for kind, cx, cy, r in shapes
    ]
    box_file = {"box_data": boxes, "class_labels": {str(k): v for k, v in CLASS_LABELS.items()}}
    return (
        encode_png(SIZE, SIZE, bytes(rgb)),
        encode_png(SIZE, SIZE, bytes(mask), channels=1),
        box_file,
    )


def _ref(kind: str, path: str, data: bytes, **extra: Any) -> dict[str, Any]:
    return {
        "_type": kind,
        "path": path,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        **extra,
    }


def _image_value(
    files: dict[str, bytes], run_id: str, step: int, progress: float, seed: int
) -> dict[str, Any]:
    image, mask, boxes = sample_image(seed, step, progress)
    digest = hashlib.sha256(image).hexdigest()[:20]
    image_path = f"media/images/{IMAGE_KEY}_{step}_{digest}.png"
    mask_path = f"media/images/mask/{IMAGE_KEY}_{step}_{digest}.mask.png"
    box_bytes = json.dumps(boxes, separators=(",", ":")).encode()
    box_path = f"media/metadata/boxes2D/{IMAGE_KEY}_{step}_{digest}.boxes2D.json"
    files.update({image_path: image, mask_path: mask, box_path: box_bytes})
    return _ref(
        "image-file",
        image_path,
        image,
        format="png",
        width=SIZE,
        height=SIZE,
        caption=f"{run_id} step {step}",
        masks={"predictions": _ref("mask", mask_path, mask)},
        boxes={"predictions": _ref("boxes2D", box_path, box_bytes)},
    )


def _audio_value(files: dict[str, bytes], step: int, seed: int) -> dict[str, Any]:
    pitch = 220 + (seed % 5) * 55 + step // 10
    samples = [0.4 * math.sin(2 * math.pi * pitch * i / 8000) for i in range(2000)]
    data = encode_wav(samples)
    digest = hashlib.sha256(data).hexdigest()[:20]
    path = f"media/audio/{AUDIO_KEY.replace('/', '_')}_{step}_{digest}.wav"
    files[path] = data
    return _ref("audio-file", path, data, caption=f"{pitch} Hz", sample_rate=8000)


def _labels(key: str, name: str) -> dict[str, Any]:
    return {"type": "", "key": f"{key}_wandb_delimeter_{name}", "value": dict(CLASS_LABELS)}


def add_sample_media(
    runs: Sequence[RunData], *, media_runs: int = 24, samples: int = 5, audio_runs: int = 24
) -> dict[str, dict[str, bytes]]:
    """Log sample predictions (and, for ``audio_runs`` of them, audio) into the history of
    the first ``media_runs`` runs at ``samples`` evenly spread steps, as the SDK would:
    the references go into the rows, the summary and the config; the files are returned
    as ``{run_id: {path: bytes}}`` for :func:`record_media_files` to write."""
    out: dict[str, dict[str, bytes]] = {}
    for index, run in enumerate(runs[:media_runs]):
        files: dict[str, bytes] = {}
        rows = run.history
        count = len(rows)
        chosen = sorted({round(i * (count - 1) / max(samples - 1, 1)) for i in range(samples)})
        seed = int(hashlib.sha256(run.run_id.encode()).hexdigest()[:6], 16)
        for line in chosen:
            row = rows[line]
            step = int(row["_step"])
            value = _image_value(files, run.run_id, step, line / max(count - 1, 1), seed)
            row[IMAGE_KEY] = value
            run.summary[IMAGE_KEY] = value
            if index < audio_runs:
                row[AUDIO_KEY] = _audio_value(files, step, seed)
                run.summary[AUDIO_KEY] = row[AUDIO_KEY]
        wandb = run.config.setdefault("_wandb", {})
        wandb["mask/class_labels"] = {
            f"{IMAGE_KEY}_wandb_delimeter_predictions": _labels(IMAGE_KEY, "predictions")
        }
        wandb["bounding_box/class_labels"] = {
            f"{IMAGE_KEY}_wandb_delimeter_predictions": _labels(IMAGE_KEY, "predictions")
        }
        out[run.run_id] = files
    return out


def record_media_files(
    store: Store, files_root: Path, entity: str, project: str, files: dict[str, dict[str, bytes]]
) -> None:
    """Write the files :func:`add_sample_media` made into ``files_root`` (``$PANELBANK_HOME
    /files``, where uploads go) and record them as the runs' files."""
    for run_id, by_path in files.items():
        for path, data in by_path.items():
            write_run_file(store, files_root, entity, project, run_id, path, data)
