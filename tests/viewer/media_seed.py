"""Runs that logged images (with masks and boxes), HTML and a point cloud, for the Media
Browser's browser tests and ``bench/media_browser.py``: written through the store, the
history store and the run files folder, as the SDK's uploads leave them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from panelbank.history import HistoryStore
from panelbank.ingest.synthetic_media import CLASS_LABELS, sample_image
from panelbank.store import Store

KEY = "samples"
VARIANTS = 16  # distinct pictures; each (run, step) still has its own file and URL


def _ref(kind: str, path: str, data: bytes, **extra: Any) -> dict[str, Any]:
    sha = hashlib.sha256(data).hexdigest()
    return {"_type": kind, "path": path, "sha256": sha, "size": len(data), **extra}


def _write(folder: Path, path: str, data: bytes) -> None:
    target = folder.joinpath(*path.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def seed_media_runs(
    store: Store,
    history: HistoryStore,
    files_root: Path,
    entity: str,
    project: str,
    *,
    runs: int,
    steps: int,
    overlays: bool = True,
) -> list[str]:
    """``runs`` runs logging a 64x64 image under ``samples`` at every one of ``steps``
    steps (with a mask and boxes when ``overlays``); their names."""
    variants = [sample_image(seed, seed * 3, (seed % 4) / 3) for seed in range(VARIANTS)]
    labels = {f"{KEY}_wandb_delimeter_pred": {"type": "", "key": "", "value": dict(CLASS_LABELS)}}
    names = []
    for r in range(runs):
        name = f"media{r:03d}"
        config = {
            "lr": {"value": 0.01 * (r + 1)},
            "_wandb": {"value": {"mask/class_labels": labels}},
        }
        run, _ = store.upsert_run(entity, project, name, config=config, username=entity)
        folder = files_root / entity / project / name
        rows = []
        for step in range(steps):
            image, mask, boxes = variants[(r * 7 + step) % VARIANTS]
            value = _ref(
                "image-file",
                f"media/images/{KEY}_{step}_{r}.png",
                image,
                format="png",
                width=64,
                height=64,
                caption=f"run {r} step {step}",
            )
            _write(folder, value["path"], image)
            if overlays:
                mask_ref = _ref("mask", f"media/images/mask/{KEY}_{step}_{r}.png", mask)
                box_bytes = json.dumps(boxes).encode()
                box_path = f"media/metadata/boxes2D/{KEY}_{step}_{r}.json"
                box_ref = _ref("boxes2D", box_path, box_bytes)
                _write(folder, mask_ref["path"], mask)
                _write(folder, box_ref["path"], box_bytes)
                value["masks"] = {"pred": mask_ref}
                value["boxes"] = {"pred": box_ref}
            rows.append({"_step": step, "loss": 1 / (step + 1), KEY: value})
        lines = history.append(run.history_key, rows, offset=0)
        store.update_run(
            entity, project, name, summary={KEY: rows[-1][KEY]}, history_line_count=lines
        )
        names.append(name)
    return names


def seed_other_media(
    store: Store, history: HistoryStore, files_root: Path, entity: str, project: str
) -> str:
    """One run logging an HTML page, a video, a point cloud and a molecule: the types drawn
    as a sandboxed frame, a player and download links (the video's bytes are not a real
    video: the player is there, it has nothing to play)."""
    name = "othermedia"
    run, _ = store.upsert_run(entity, project, name, username=entity)
    folder = files_root / entity / project / name
    page = b"<!doctype html><body style='background:#fef3c7'><h3>Hello from a run</h3></body>"
    cloud = json.dumps([[0, 0, 0], [1, 1, 1]]).encode()
    molecule = b"ATOM      1  N   ALA A   1      11.104  13.207   2.100\n"
    clip = b"\x00\x00\x00\x18ftypmp42"
    refs = {
        "page": _ref("html-file", "media/html/page_0.html", page),
        "cloud": _ref("object3D-file", "media/object3D/cloud_0.pts.json", cloud),
        "molecule": _ref("molecule-file", "media/molecule/m_0.pdb", molecule),
        "clip": _ref("video-file", "media/videos/clip_0.mp4", clip, width=32, height=32),
    }
    for (_key, ref), data in zip(refs.items(), (page, cloud, molecule, clip), strict=True):
        _write(folder, ref["path"], data)
    lines = history.append(run.history_key, [{"_step": 0, **refs}], offset=0)
    store.update_run(entity, project, name, history_line_count=lines)
    return name
