"""Weave blocks: a value logged to W&B shown as a block (a summary table, an artifact, a file).

Each writes a Weave expression over ``root-project`` (the block's entity and project);
loading recognises the three shapes below, and any other ``weave-panel`` block is kept
as an ``UnknownBlock``.
"""

from __future__ import annotations

from typing import Any

from ..._validation import model
from ._blocks import Block, JSONDict, register
from ._shared import dig
from ._weave import (  # the Weave type and node templates, shared with the panels
    ArtifactTab,
    _const,
    _entity_project,
    _output,
    _project_tagged,
    _table_file,
    _tagged,
    _typed_dict,
    _user_input,
)

__all__ = [
    "WeaveBlock",
    "WeaveBlockArtifact",
    "WeaveBlockArtifactVersionedFile",
    "WeaveBlockSummaryTable",
]


def _root_project(entity: str, project: str) -> JSONDict:
    return _output(
        _tagged(_entity_project(), "project"),
        "root-project",
        {"entityName": _const(entity), "projectName": _const(project)},
    )


def _block(config: JSONDict) -> JSONDict:
    return {"type": "weave-panel", "children": [{"text": ""}], "config": config}


@model
class WeaveBlock(Block):
    """Base of the Weave blocks."""


@model
class WeaveBlockSummaryTable(WeaveBlock):
    """A table (or another value) in the runs' summaries: ``project(...).runs.summary[name]``."""

    entity: str
    project: str
    table_name: str

    def _wire(self) -> JSONDict:
        def by_run(value: Any) -> JSONDict:
            return _tagged(_typed_dict(run="run"), value)

        def runs_of(value: Any) -> JSONDict:
            return _project_tagged({"type": "list", "objectType": value}, project="project")

        runtime = _typed_dict(runtime="number")
        summary = {
            "type": "union",
            "members": [
                _typed_dict(_wandb=runtime),
                _typed_dict(
                    _step="number",
                    table=_table_file(),
                    _wandb=_typed_dict(runtime="number"),
                    _runtime="number",
                    _timestamp="number",
                ),
                _typed_dict(),
            ],
        }
        runs = _output(
            runs_of("run"), "project-runs", {"project": _root_project(self.entity, self.project)}
        )
        summaries = _output(runs_of(by_run(summary)), "run-summary", {"run": runs})
        picked = runs_of(by_run({"type": "union", "members": [_table_file(), "none"]}))
        exp = _output(picked, "pick", {"obj": summaries, "key": _const(self.table_name)})
        return _block({"panelConfig": {"exp": _user_input(exp)}})


@model
class WeaveBlockArtifact(WeaveBlock):
    """An artifact, opened on a tab: ``wr.WeaveBlockArtifact(entity, project, "dataset")``."""

    entity: str
    project: str
    artifact: str
    tab: ArtifactTab = "overview"

    def _wire(self) -> JSONDict:
        def artifact_type() -> JSONDict:
            return _project_tagged("artifact", project="project", artifactName="string")

        exp = _output(
            artifact_type(),
            "project-artifact",
            {
                "project": _root_project(self.entity, self.project),
                "artifactName": _const(self.artifact),
            },
        )
        config = {
            "exp": _user_input(exp),
            "panelInputType": artifact_type(),
            "panelConfig": {"tabConfigs": {"overview": {"selectedTab": self.tab}}},
        }
        return _block({"panelConfig": config})


@model
class WeaveBlockArtifactVersionedFile(WeaveBlock):
    """One file of an artifact version: ``(entity, project, artifact, version, file)``."""

    entity: str
    project: str
    artifact: str
    version: str
    file: str

    def _wire(self) -> JSONDict:
        properties = {
            "project": "project",
            "artifactName": "string",
            "artifactVersionAlias": "string",
        }
        version = _output(
            _project_tagged("artifactVersion", **properties),
            "project-artifactVersion",
            {
                "project": _root_project(self.entity, self.project),
                "artifactName": _const(self.artifact),
                "artifactVersionAlias": _const(self.version),
            },
        )
        exp = _output(
            _project_tagged(_table_file(), **properties),
            "artifactVersion-file",
            {"artifactVersion": version, "path": _const(self.file)},
        )
        return _block({"panelConfig": {"exp": _user_input(exp)}})


def _project_of(node: Any) -> tuple[str, str]:
    inputs = dig(node, "fromOp", "inputs")
    return dig(inputs, "entityName", "val"), dig(inputs, "projectName", "val")


def _text(node: Any) -> str:
    value = dig(node, "val")
    if not isinstance(value, str):
        raise ValueError("not a string constant")
    return value


@register("weave-panel")
def _load_weave(data: JSONDict) -> Block | None:
    exp = dig(data, "config", "panelConfig", "exp")
    op = dig(exp, "fromOp", "name")
    inputs = dig(exp, "fromOp", "inputs")
    if op == "pick":
        runs = dig(inputs, "obj", "fromOp", "inputs", "run", "fromOp", "inputs", "project")
        entity, project = _project_of(runs)
        return WeaveBlockSummaryTable(entity, project, _text(dig(inputs, "key")))
    if op == "project-artifact":
        entity, project = _project_of(dig(inputs, "project"))
        tab = dig(data, "config", "panelConfig", "panelConfig", "tabConfigs", "overview")
        selected = tab.get("selectedTab", "overview") if isinstance(tab, dict) else "overview"
        block = WeaveBlockArtifact(entity, project, _text(dig(inputs, "artifactName")))
        block.__dict__["tab"] = selected  # a stored tab is kept as it is
        return block
    if op == "artifactVersion-file":
        version = dig(inputs, "artifactVersion", "fromOp", "inputs")
        entity, project = _project_of(dig(version, "project"))
        return WeaveBlockArtifactVersionedFile(
            entity,
            project,
            _text(dig(version, "artifactName")),
            _text(dig(version, "artifactVersionAlias")),
            _text(dig(inputs, "path")),
        )
    return None
