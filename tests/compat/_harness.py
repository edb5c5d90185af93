"""Helpers of the differential tests: run declarations on both sides, compare specs."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.vectors import shared_vectors

REPO_ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_VENV_SCRIPT = REPO_ROOT / "scripts" / "official-venv"
RUNNER = Path(__file__).with_name("official_runner.py")

ID_PLACEHOLDER = "<id>"
RUNSET_ID_PLACEHOLDER = "<runset-id>"


@dataclass
class Outcome:
    """What one side produced for one declaration."""

    spec: dict[str, Any] | None = None
    display_name: str | None = None
    entity: str | None = None
    project: str | None = None
    warnings: list[dict[str, str]] = field(default_factory=list)
    error: dict[str, str] | None = None

    @classmethod
    def from_runner(cls, raw: dict[str, Any]) -> Outcome:
        return cls(
            spec=raw.get("spec"),
            display_name=raw.get("displayName"),
            entity=raw.get("entity"),
            project=raw.get("project"),
            warnings=list(raw.get("warnings", [])),
            error=raw.get("error"),
        )


# ---- official side -------------------------------------------------------------------


def official_env() -> dict[str, str]:
    """Environment for the official interpreter: nothing that could put our src on its path."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env.update(WANDB_SILENT="true", WANDB_MODE="disabled", PYTHONIOENCODING="utf-8")
    return env


def ensure_official_python() -> str:
    """Create or reuse the official venv; return its python. Raises RuntimeError on failure."""
    proc = subprocess.run(
        ["bash", str(OFFICIAL_VENV_SCRIPT)],
        capture_output=True,
        text=True,
        env=official_env(),
        check=False,
    )
    python = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0 or not python:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(
            f"{OFFICIAL_VENV_SCRIPT} exited with {proc.returncode}.\n{tail}\n"
            "The differential tests need the official wandb-workspaces 0.4.13 in its own venv "
            "(network access to the package index, or a pip cache). "
            "Set PANELBANK_SKIP_OFFICIAL=1 to skip these tests deliberately."
        )
    return python


def run_official(python: str, items: list[dict[str, str]]) -> list[Outcome]:
    """Run ``items`` ({"name", "source"}) through official_runner.py in one process."""
    with tempfile.TemporaryDirectory() as cwd:  # keep the repo's src/ off sys.path
        proc = subprocess.run(
            [python, str(RUNNER)],
            input=json.dumps(items),
            capture_output=True,
            text=True,
            cwd=cwd,
            env=official_env(),
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"official_runner.py failed ({proc.returncode}):\n{proc.stderr}")
    return [Outcome.from_runner(raw) for raw in json.loads(proc.stdout)]


# ---- our side ------------------------------------------------------------------------


def declaration_namespace() -> dict[str, Any]:
    import wandb_workspaces.expr as expr
    import wandb_workspaces.reports.v2 as wr
    import wandb_workspaces.workspaces as ws

    return {"ws": ws, "wr": wr, "expr": expr, "__name__": "__declaration__"}


def run_ours(source: str) -> Outcome:
    """Execute a declaration with our library, as official_runner.py does with theirs."""
    out = Outcome()
    stage = "declare"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            namespace = declaration_namespace()
            exec(compile(source, "<declaration>", "exec"), namespace)
            workspace = namespace["workspace"]
            out.entity, out.project = workspace.entity, workspace.project
            out.display_name = workspace.name
            stage = "serialize"
            # Through JSON text, as a save sends it: tuples become lists, keys strings.
            out.spec = json.loads(json.dumps(workspace.to_spec()))
        except Exception as exc:  # the test decides whether an error was expected
            out.error = {"type": type(exc).__name__, "message": str(exc), "stage": stage}
    out.warnings = [{"category": w.category.__name__, "message": str(w.message)} for w in caught]
    return out


def round_trip_ours(spec: dict[str, Any], *, entity: str, project: str, name: str) -> Any:
    """Load ``spec`` with our library and serialize it again (through JSON text)."""
    import wandb_workspaces.workspaces as ws

    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # loading may warn (e.g. unsupported panel); not tested here
        workspace = ws.Workspace.from_spec(spec, entity=entity, project=project, name=name)
        return json.loads(json.dumps(workspace.to_spec()))


# ---- vectors -------------------------------------------------------------------------


def load_vectors() -> list[dict[str, Any]]:
    """The shared vectors (none in a plain clone: tests/vectors.py)."""
    return list(shared_vectors())


# ---- comparison ----------------------------------------------------------------------


def normalize_ids(spec: Any) -> Any:
    """Replace random ids by placeholders so that only their shape is compared.

    Panel and section ``__id__`` and the run set ``id`` are random per save (vectors
    README). A non-empty string becomes a placeholder; anything else (``""``, a number,
    None) is kept so a wrong shape still shows. The run set id is also embedded in the
    ``run-color-group:`` keys of ``customRunColors``; it is replaced there too.
    """
    spec = _replace_dunder_ids(spec)
    section = spec.get("section") if isinstance(spec, dict) else None
    if not isinstance(section, dict) or not isinstance(section.get("runSets"), list):
        return spec
    run_sets = section["runSets"]
    for run_set in run_sets:
        rid = run_set.get("id") if isinstance(run_set, dict) else None
        if not (isinstance(rid, str) and rid):
            continue
        run_set["id"] = RUNSET_ID_PLACEHOLDER
        colors = section.get("customRunColors")
        if isinstance(colors, dict):
            encoded = f"%22{rid}%22"  # JSON string, URI-encoded (wire_format §2)
            section["customRunColors"] = {
                k.replace(encoded, f"%22{RUNSET_ID_PLACEHOLDER}%22"): v for k, v in colors.items()
            }
    return spec


def _replace_dunder_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                ID_PLACEHOLDER
                if k == "__id__" and isinstance(v, str) and v
                else _replace_dunder_ids(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_replace_dunder_ids(v) for v in value]
    return value


def json_diff(
    ours: Any, theirs: Any, path: str = "$", *, strict_numbers: bool = False
) -> list[str]:
    """Differences between two JSON values, one line each: ``path: ours=.. theirs=..``.

    Key order is ignored. ``true`` never equals ``1``. With ``strict_numbers`` an int
    never equals a float (``0`` vs ``0.0``, which differ in the JSON text); otherwise
    numbers compare by value, as JavaScript reads them.
    """
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out: list[str] = []
        for key in sorted(set(ours) | set(theirs), key=str):
            sub = f"{path}.{key}"
            if key not in ours:
                out.append(f"{sub}: missing in ours; theirs={_short(theirs[key])}")
            elif key not in theirs:
                out.append(f"{sub}: extra in ours={_short(ours[key])}; absent in theirs")
            else:
                out.extend(json_diff(ours[key], theirs[key], sub, strict_numbers=strict_numbers))
        return out
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [
                f"{path}: list length ours={len(ours)} theirs={len(theirs)}; "
                f"ours={_short(ours)} theirs={_short(theirs)}"
            ]
        out = []
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            out.extend(json_diff(a, b, f"{path}[{i}]", strict_numbers=strict_numbers))
        return out
    if _scalar_equal(ours, theirs, strict_numbers):
        return []
    return [f"{path}: ours={_short(ours)} theirs={_short(theirs)}"]


def _scalar_equal(a: Any, b: Any, strict_numbers: bool) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b and (not strict_numbers or type(a) is type(b))
    return type(a) is type(b) and a == b


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def distinct_messages(items: list[dict[str, str]], ignore: tuple[str, ...] = ()) -> list[str]:
    """``category: message`` of each distinct warning, minus messages starting with ``ignore``."""
    seen: dict[str, None] = {}
    for item in items:
        if not item["message"].startswith(ignore):
            seen.setdefault(f"{item['category']}: {item['message']}", None)
    return list(seen)
