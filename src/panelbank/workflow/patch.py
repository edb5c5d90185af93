"""The part of a spec no class models, as a patch on the spec the classes write.

An exported workspace whose spec the classes cannot write in full (a legacy filter tree,
a disabled filter item, a second run set, keys only the app writes) is still exported
as typed code: the ``ws.Workspace(...)`` the classes can say, then the smallest patch
that turns its spec into the stored one. The patch is a list of JSON Patch operations
(RFC 6902: ``add``, ``replace``, ``remove``, paths as JSON Pointers, RFC 6901); a script
writes them as assignments on ``workspace.to_spec()``, a YAML/JSON document as
``spec_patch:``. :func:`spec_patch` computes one, :func:`apply_patch` applies one.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

__all__ = ["PatchError", "Step", "apply_patch", "as_json_patch", "pointer", "spec_patch", "tokens"]

Op = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Step:
    """One operation with its path as keys and list indices (what a script subscripts)."""

    op: str  # "add" | "replace" | "remove"
    path: tuple[str | int, ...]
    value: Any = None


class PatchError(ValueError):
    """A ``spec_patch`` operation that does not apply (says which and why)."""


def _same(a: Any, b: Any) -> bool:
    """Equal JSON, telling ``true`` from ``1`` and ``1.0`` from ``1``; key order aside."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def pointer(path: list[str | int]) -> str:
    """The JSON Pointer of ``path`` (``["section", "runSets", 1]`` → ``/section/runSets/1``)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def tokens(text: str) -> list[str]:
    """The reference tokens of a JSON Pointer (``~1`` is ``/``, ``~0`` is ``~``)."""
    if not text.startswith("/"):
        raise PatchError(f"path {text!r}: a JSON Pointer starts with '/' (/section/runSets/1)")
    return [part.replace("~1", "/").replace("~0", "~") for part in text[1:].split("/")]


def _mostly_changed(changed: int, total: int) -> bool:
    """Replace a whole object or list when most of it differs: one readable value
    instead of many small operations."""
    return total > 1 and changed * 2 > total


def _diff(a: Any, b: Any, path: tuple[str | int, ...], out: list[Step]) -> None:
    if _same(a, b):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        keys = [*a, *(key for key in b if key not in a)]
        changed = [key for key in keys if key not in a or key not in b or not _same(a[key], b[key])]
        if _mostly_changed(len(changed), len(keys)):
            out.append(Step("replace", path, b))
            return
        for key in changed:
            if key not in b:
                out.append(Step("remove", (*path, key)))
            elif key not in a:
                out.append(Step("add", (*path, key), b[key]))
            else:
                _diff(a[key], b[key], (*path, key), out)
        return
    if isinstance(a, list) and isinstance(b, list):
        common = min(len(a), len(b))
        differ = sum(1 for i in range(common) if not _same(a[i], b[i]))
        if _mostly_changed(differ + abs(len(a) - len(b)), max(len(a), len(b))):
            out.append(Step("replace", path, b))
            return
        for i in range(common):
            _diff(a[i], b[i], (*path, i), out)
        for i in range(common, len(b)):
            out.append(Step("add", (*path, i), b[i]))
        for i in reversed(range(common, len(a))):
            out.append(Step("remove", (*path, i)))
        return
    out.append(Step("replace", path, b))


def spec_patch(written: dict[str, Any], stored: dict[str, Any]) -> list[Step]:
    """The steps that turn ``written`` (what the classes write) into ``stored``."""
    out: list[Step] = []
    _diff(written, stored, (), out)
    return out


def as_json_patch(steps: list[Step] | tuple[Step, ...]) -> list[Op]:
    """The steps as JSON Patch operations (``spec_patch:`` in a document)."""
    return [
        {"op": step.op, "path": pointer(list(step.path))}
        if step.op == "remove"
        else {"op": step.op, "path": pointer(list(step.path)), "value": step.value}
        for step in steps
    ]


def _parent(doc: Any, parts: list[str], where: str) -> tuple[Any, str]:
    node = doc
    for part in parts[:-1]:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise PatchError(f"{where}: {part!r} is not in the spec")
    return node, parts[-1]


def apply_patch(spec: dict[str, Any], ops: list[Any]) -> dict[str, Any]:
    """``spec`` with ``ops`` applied (a copy); :class:`PatchError` names the operation
    (by its index) that does not apply."""
    out = copy.deepcopy(spec)
    for index, op in enumerate(ops):
        where = f"spec_patch[{index}]"
        if not isinstance(op, dict) or op.get("op") not in ("add", "replace", "remove"):
            raise PatchError(
                f"{where}: an operation is {{op: add|replace|remove, path: /..., value: ...}}"
            )
        if op["op"] != "remove" and "value" not in op:
            raise PatchError(f"{where}: {op['op']} needs a value")
        text = str(op.get("path", ""))
        parts = tokens(text) if text else []
        if not parts:
            if op["op"] == "remove" or not isinstance(op["value"], dict):
                raise PatchError(f"{where}: the whole spec is replaced by an object only")
            out = copy.deepcopy(op["value"])
            continue
        parent, last = _parent(out, parts, where)
        if isinstance(parent, list):
            size = len(parent) + (1 if op["op"] == "add" else 0)
            if not last.isdigit() or int(last) >= size:
                raise PatchError(f"{where}: index {last!r} is outside the list ({len(parent)})")
            if op["op"] == "remove":
                del parent[int(last)]
            elif op["op"] == "add":
                parent.insert(int(last), copy.deepcopy(op["value"]))
            else:
                parent[int(last)] = copy.deepcopy(op["value"])
        elif isinstance(parent, dict):
            if op["op"] != "add" and last not in parent:
                raise PatchError(f"{where}: {op['path']!r} is not in the spec")
            if op["op"] == "remove":
                del parent[last]
            else:
                parent[last] = copy.deepcopy(op["value"])
        else:
            raise PatchError(f"{where}: {op['path']!r} is inside a value, not an object")
    return out
