"""Media values as the SDK logs them, shaped into what the viewer draws.

A history row (or the summary) holds a reference per media key, never the bytes; the files
arrive as run file uploads under ``media/``. The shapes (wandb's ``sdk/data_types``):

* one file: ``{"_type": "image-file" | "audio-file" | "video-file" | "html-file" |
  "object3D-file" | "molecule-file", "path", "sha256", "size", "caption"?, ...}``; an
  image also has ``width``, ``height``, ``format``, ``masks: {name: {"_type": "mask",
  "path", ...}}`` and ``boxes: {name: {"_type": "boxes2D", "path", ...}}`` (the boxes
  themselves are a JSON file);
* a list logged under one key: ``{"_type": "images/separated", "filenames": [...],
  "captions"?, "all_masks"?, "all_boxes"?, "width", "height", "format"}``, or
  ``{"_type": "audio" | "videos" | "html" | "object3D" | "molecule", "<list>": [files],
  "captions"?}``.

Mask and box class labels are not in the row: the SDK keeps them once in the run's config,
``_wandb.value["mask/class_labels"]["<key>_wandb_delimeter_<mask name>"]["value"]`` (and
``bounding_box/class_labels``). :func:`media_items` turns any of these into a flat list
of items with ``url`` (made by the caller's ``url_for(path, sha256)``).

>>> media_items({"_type": "image-file", "path": "media/images/a.png", "sha256": "ab"},
...             "samples", lambda path, sha: f"/f/{path}", {})[0]["url"]
'/f/media/images/a.png'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["MAX_ITEMS_PER_VALUE", "class_labels", "media_items", "media_kind"]

#: items taken from one logged value (a list of images under one key)
MAX_ITEMS_PER_VALUE = 64

UrlFor = Callable[[str, str | None], str]

_FILE_KINDS = {
    "image-file": "image",
    "audio-file": "audio",
    "video-file": "video",
    "html-file": "html",
    "object3D-file": "object3D",
    "molecule-file": "molecule",
}
#: a list type and the key holding its files
_LISTS = {
    "audio": "audio",
    "videos": "videos",
    "html": "html",
    "object3D": "objects",
    "molecule": "filenames",
}
_LIST_KINDS = {"audio": "audio", "videos": "video", "html": "html"}
_LIST_FILE_KINDS = {"object3D": "object3D", "molecule": "molecule"}


def media_kind(value: Any) -> str | None:
    """What a logged value shows as (``image``, ``audio``...), or None if it is no media."""
    if not isinstance(value, Mapping):
        return None
    kind = value.get("_type")
    if kind in _FILE_KINDS:
        return _FILE_KINDS[kind]
    if kind == "images/separated":
        return "image"
    if kind in _LIST_KINDS:
        return _LIST_KINDS[kind]
    return _LIST_FILE_KINDS.get(kind) if isinstance(kind, str) else None


def class_labels(config: Mapping[str, Any]) -> dict[str, dict[str, dict[str, str]]]:
    """The mask and box class labels a run's config holds: ``{"mask" | "boxes": {"<key>
    _wandb_delimeter_<name>": {"1": "cat"}}}`` (ids as strings, as JSON has them)."""
    entry = config.get("_wandb")
    wandb = entry.get("value", entry) if isinstance(entry, Mapping) else None
    out: dict[str, dict[str, dict[str, str]]] = {"mask": {}, "boxes": {}}
    if not isinstance(wandb, Mapping):
        return out
    for source, target in (("mask/class_labels", "mask"), ("bounding_box/class_labels", "boxes")):
        labels = wandb.get(source)
        if not isinstance(labels, Mapping):
            continue
        for name, item in labels.items():
            value = item.get("value") if isinstance(item, Mapping) else None
            if isinstance(value, Mapping):
                out[target][str(name)] = {str(k): str(v) for k, v in value.items()}
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _overlays(
    value: Any, kind: str, key: str, url_for: UrlFor, labels: Mapping[str, Any]
) -> list[dict[str, Any]]:
    if not isinstance(value, Mapping):
        return []
    out = []
    for name, item in list(value.items())[:16]:
        path = item.get("path") if isinstance(item, Mapping) else None
        if not isinstance(path, str):
            continue
        sha = _text(item.get("sha256"))
        out.append(
            {
                "name": str(name),
                "path": path,
                "url": url_for(path, sha),
                "classLabels": labels.get(f"{key}_wandb_delimeter_{name}", {}),
            }
        )
    return out


def _file_item(
    value: Mapping[str, Any],
    kind: str,
    key: str,
    url_for: UrlFor,
    labels: Mapping[str, Mapping[str, Any]],
    caption: Any = None,
) -> dict[str, Any] | None:
    path = value.get("path")
    if not isinstance(path, str):
        return None
    item: dict[str, Any] = {
        "type": kind,
        "path": path,
        "url": url_for(path, _text(value.get("sha256"))),
    }
    for field in ("caption", "format"):
        text = _text(value.get(field))
        if text is not None:
            item[field] = text
    if "caption" not in item and isinstance(caption, (str, int, float)):
        item["caption"] = str(caption)
    for field in ("width", "height", "size"):
        number = _number(value.get(field))
        if number is not None:
            item[field] = number
    if kind == "image":
        masks = _overlays(value.get("masks"), "mask", key, url_for, labels.get("mask", {}))
        boxes = _overlays(value.get("boxes"), "boxes", key, url_for, labels.get("boxes", {}))
        if masks:
            item["masks"] = masks
        if boxes:
            item["boxes"] = boxes
    return item


def _at(values: Any, index: int) -> Any:
    return values[index] if isinstance(values, list) and index < len(values) else None


def media_items(
    value: Any,
    key: str,
    url_for: UrlFor,
    labels: Mapping[str, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The media a logged value shows, at most :data:`MAX_ITEMS_PER_VALUE`; ``[]`` for a
    value that is not media (a number, a table, an unknown ``_type``)."""
    kind = media_kind(value)
    if kind is None or not isinstance(value, Mapping):
        return []
    tag = value.get("_type")
    if tag in _FILE_KINDS:
        item = _file_item(value, kind, key, url_for, labels)
        return [item] if item else []
    items: list[dict[str, Any]] = []
    captions = value.get("captions")
    if tag == "images/separated":
        names = value.get("filenames")
        for index, path in enumerate(names if isinstance(names, list) else []):
            if len(items) >= MAX_ITEMS_PER_VALUE:
                break
            masks, boxes = _at(value.get("all_masks"), index), _at(value.get("all_boxes"), index)
            one = {
                "_type": "image-file",
                "path": path,
                "width": value.get("width"),
                "height": value.get("height"),
                "format": value.get("format"),
                "masks": masks,
                "boxes": boxes,
            }
            item = _file_item(one, "image", key, url_for, labels, _at(captions, index))
            if item:
                items.append(item)
        return items
    files = value.get(_LISTS.get(str(tag), ""))
    for index, entry in enumerate(files if isinstance(files, list) else []):
        if len(items) >= MAX_ITEMS_PER_VALUE:
            break
        if isinstance(entry, str):  # a molecule list names its files
            entry = {"path": entry}
        if isinstance(entry, Mapping):
            item = _file_item(entry, kind, key, url_for, labels, _at(captions, index))
            if item:
                items.append(item)
    return items
