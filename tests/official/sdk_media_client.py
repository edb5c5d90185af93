"""Log media with the OFFICIAL wandb SDK against ``WANDB_BASE_URL``.

Run by tests/official/test_media_official.py with the python of a venv layered over the
official SDK's (plus Pillow and numpy, which ``wandb.Image`` needs); entity, project and
run id in ``argv[1:4]``. Logs, at steps 0, 1 and 2, a ``wandb.Image`` with a mask and
boxes, a ``wandb.Audio`` from a WAV file, and at step 2 a list of two images; prints
``RESULT <json>`` with what it logged (sizes, class labels, the files' sha256).
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import sys
import wave
from pathlib import Path
from typing import Any

import numpy as np
import wandb

WIDTH, HEIGHT = 48, 32
MASK_LABELS = {0: "background", 1: "cat"}
BOX_LABELS = {1: "cat", 2: "dog"}


def write_wav(path: Path, pitch: int) -> None:
    frames = b"".join(
        struct.pack("<h", int(12000 * math.sin(2 * math.pi * pitch * i / 8000)))
        for i in range(1600)
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(frames)


def image(step: int) -> Any:
    pixels = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    pixels[..., 0] = 40 * step
    pixels[8:20, 10:30] = (250, 120, 60)
    mask = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
    mask[8:20, 10:30] = 1
    boxes = [
        {
            "position": {"minX": 10, "maxX": 30, "minY": 8, "maxY": 20},
            "domain": "pixel",
            "class_id": 1,
            "box_caption": "cat",
            "scores": {"confidence": 0.5 + step / 10},
        }
    ]
    return wandb.Image(
        pixels,
        caption=f"step {step}",
        masks={"prediction": {"mask_data": mask, "class_labels": MASK_LABELS}},
        boxes={"prediction": {"box_data": boxes, "class_labels": BOX_LABELS}},
    )


def main() -> None:
    entity, project, run_id = sys.argv[1:4]
    run = wandb.init(entity=entity, project=project, id=run_id)
    for step in range(3):
        wav = Path(f"tone{step}.wav")
        write_wav(wav, 220 * (step + 1))
        row: dict[str, Any] = {
            "predictions": image(step),
            "sound": wandb.Audio(str(wav), caption=f"{220 * (step + 1)} Hz"),
            "loss": 1 / (step + 1),
        }
        if step == 2:
            row["examples"] = [wandb.Image(np.full((8, 8, 3), v, np.uint8)) for v in (0, 255)]
        run.log(row, step=step)
    wavs = {str(s): hashlib.sha256(Path(f"tone{s}.wav").read_bytes()).hexdigest() for s in range(3)}
    run.finish()
    print("RESULT " + json.dumps({"wav_sha256": wavs}), flush=True)


if __name__ == "__main__":
    main()
