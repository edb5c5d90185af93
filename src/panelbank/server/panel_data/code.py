"""``GET /api/v1/{entity}/{project}/runs/{name}/code``: the code a run saved.

What the SDK uploads for it: the files under ``code/`` (``save_code=True``, or
``run.log_code()``), the uncommitted changes as ``diff.patch``, and in
``wandb-metadata.json`` the program, its ``codePath`` and the git remote and commit::

    {"run": "abc", "program": "train.py", "codePath": "train.py",
     "git": {"remote": "...", "commit": "..."}, "files": [{"name": "code/train.py", "size": 812}]}

With ``?file=code/train.py``: ``{"name", "text", "truncated"}``, the file's text (UTF-8;
at most :data:`MAX_TEXT_BYTES` of it). Only the files listed can be read this way.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...store.models import RunRecord
from ..api import store_of
from ..api_runs import encoded_response
from ..errors import ApiError
from ._common import file_of, runs_named

__all__ = ["MAX_TEXT_BYTES", "code_route"]

MAX_TEXT_BYTES = 1024 * 1024
MAX_FILES = 1000
METADATA = "wandb-metadata.json"


def _is_code(name: str) -> bool:
    return name.startswith("code/") or name == "diff.patch"


def _metadata(request: Request, run: RunRecord) -> dict[str, Any]:
    path = file_of(request, run, METADATA)
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            return {}
        parsed = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _text(request: Request, run: RunRecord, name: str, names: set[str]) -> dict[str, Any]:
    if name not in names:
        raise ApiError(
            404,
            "not_found",
            f"Run {run.name!r} saved no code file {name!r}; GET this path without ?file= "
            "lists the ones it saved.",
        )
    try:
        with file_of(request, run, name).open("rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError:
        raise ApiError(
            404, "not_found", f"{name!r} of run {run.name!r} was not uploaded."
        ) from None
    truncated = len(data) > MAX_TEXT_BYTES
    try:
        text = data[:MAX_TEXT_BYTES].decode("utf-8", errors="strict" if not truncated else "ignore")
    except UnicodeDecodeError:
        raise ApiError(
            415, "not_text", f"{name!r} of run {run.name!r} is not UTF-8 text; download it instead."
        ) from None
    return {"name": name, "text": text, "truncated": truncated}


def _gather(request: Request) -> dict[str, Any]:
    entity, project = request.path_params["entity"], request.path_params["project"]
    (run,) = runs_named(store_of(request), entity, project, [request.path_params["name"]])
    files = [
        f for f in store_of(request).list_run_files(entity, project, run.name) if _is_code(f.name)
    ]
    files = files[:MAX_FILES]
    wanted = request.query_params.get("file")
    if wanted is not None:
        return _text(request, run, wanted, {f.name for f in files})
    meta = _metadata(request, run)
    raw = meta.get("git")
    git: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return {
        "run": run.name,
        "program": meta.get("program", run.program),
        "codePath": meta.get("codePath") or meta.get("codePathLocal"),
        "git": {"remote": git.get("remote"), "commit": git.get("commit", run.commit)},
        "files": [{"name": f.name, "size": f.size} for f in files],
    }


async def code_route(request: Request) -> Response:
    answer = await run_in_threadpool(_gather, request)
    return await run_in_threadpool(encoded_response, answer)
