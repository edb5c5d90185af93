"""Weave panels (``Weave``): a raw Weave expression, or one of three ready-made ones.

* :class:`WeavePanel` holds any Weave panel config as a dict.
* :class:`WeavePanelSummaryTable` shows a table logged in the runs' summaries.
* :class:`WeavePanelArtifactVersionedFile` shows one file of an artifact version.
* :class:`WeavePanelArtifact` shows an artifact, opened on one tab.

The three specialised panels write their ``panel2Config`` from the templates below. On
load, a ``Weave`` (or ``Weave Trace``) panel whose expression has the shape of one of
them becomes that class; any other becomes a :class:`WeavePanel`. Unlike the official
package, the loaded layout and the whole stored config are kept.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, get_args

from pydantic import Field

from ..._roundtrip import copy_json
from ..._validation import model
from ._panel import JSONDict, Layout, Panel, register_panel, register_parser
from ._shared import dig

__all__ = [
    "WeavePanel",
    "WeavePanelArtifact",
    "WeavePanelArtifactVersionedFile",
    "WeavePanelSummaryTable",
]

ArtifactTab = Literal["overview", "metadata", "usage", "files", "lineage"]


# -- Weave type and node templates (each call builds fresh dicts) ---------------------
def _typed_dict(**properties: Any) -> JSONDict:
    return {"type": "typedDict", "propertyTypes": properties}


def _tagged(tag: Any, value: Any) -> JSONDict:
    return {"type": "tagged", "tag": tag, "value": value}


def _entity_project() -> JSONDict:
    return _typed_dict(entityName="string", projectName="string")


def _project_tagged(value: Any, **properties: Any) -> JSONDict:
    """``value`` tagged with its entity, project and the given properties."""
    return _tagged(_tagged(_entity_project(), _typed_dict(**properties)), value)


def _runs_list(object_type: Any) -> JSONDict:
    return {"type": "list", "objectType": object_type, "maxLength": 50}


def _table_file() -> JSONDict:
    return {
        "type": "file",
        "extension": "json",
        "wbObjectType": {"type": "table", "columnTypes": {}},
    }


def _const(text: str) -> JSONDict:
    return {"nodeType": "const", "type": "string", "val": text}


def _var(node_type: Any, name: str) -> JSONDict:
    return {"nodeType": "var", "type": node_type, "varName": name}


def _output(node_type: Any, op: str, inputs: JSONDict) -> JSONDict:
    return {"nodeType": "output", "type": node_type, "fromOp": {"name": op, "inputs": inputs}}


def _user_input(node: JSONDict) -> JSONDict:
    node["__userInput"] = True
    return node


def _summary_table_exp(table_name: str) -> JSONDict:
    def runs_type(object_type: Any) -> JSONDict:
        return _project_tagged(
            _runs_list(object_type), project="project", filter="string", order="string"
        )

    def by_run(value: Any) -> JSONDict:
        return _tagged(_typed_dict(run="run"), value)

    def runtime() -> JSONDict:
        return _typed_dict(runtime="number")

    summary_type = {
        "type": "union",
        "members": [
            _typed_dict(_wandb=runtime()),
            _typed_dict(
                _step="number",
                table=_table_file(),
                _wandb=runtime(),
                _runtime="number",
                _timestamp="number",
            ),
        ],
    }
    summaries = _output(
        runs_type(by_run(summary_type)),
        "run-summary",
        {"run": _var(runs_type("run"), "runs")},
    )
    picked_type = runs_type(by_run({"type": "union", "members": [_table_file(), "none"]}))
    return _user_input(_output(picked_type, "pick", {"obj": summaries, "key": _const(table_name)}))


def _project_var() -> JSONDict:
    return _var(_tagged(_entity_project(), "project"), "project")


def _artifact_file_exp(artifact: str, version: str, file: str) -> JSONDict:
    def version_tagged(value: Any) -> JSONDict:
        return _project_tagged(
            value, project="project", artifactName="string", artifactVersionAlias="string"
        )

    artifact_version = _output(
        version_tagged("artifactVersion"),
        "project-artifactVersion",
        {
            "project": _project_var(),
            "artifactName": _const(artifact),
            "artifactVersionAlias": _const(version),
        },
    )
    return _user_input(
        _output(
            version_tagged(_table_file()),
            "artifactVersion-file",
            {"artifactVersion": artifact_version, "path": _const(file)},
        )
    )


def _artifact_type() -> JSONDict:
    return _project_tagged("artifact", project="project", artifactName="string")


def _artifact_exp(artifact: str) -> JSONDict:
    inputs = {"project": _project_var(), "artifactName": _const(artifact)}
    return _user_input(_output(_artifact_type(), "project-artifact", inputs))


def _string_at(data: Any, *keys: str) -> Optional[str]:
    value = dig(data, *keys)
    return value if isinstance(value, str) else None


# -- panels ----------------------------------------------------------------------------
@register_panel()  # loaded through _parse_weave below, which picks the class
@model
class WeavePanel(Panel):
    """A Weave panel given by its raw config.

    Example::

        wr.WeavePanel(config={"panel2Config": {...}})
    """

    config: dict[Any, Any] = Field(default_factory=dict)

    VIEW_TYPE = "Weave"

    def _config(self) -> JSONDict:
        return copy_json(self.config)

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        return {"config": copy_json(config)}


@register_panel()
@model
class WeavePanelSummaryTable(Panel):
    """The table logged as ``table_name`` in the summary of each run.

    Example::

        wr.WeavePanelSummaryTable(table_name="predictions")
    """

    table_name: str = Field(kw_only=True)

    VIEW_TYPE = "Weave"

    def _config(self) -> JSONDict:
        return {"panel2Config": {"exp": _summary_table_exp(self.table_name)}}

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        name = _string_at(config, "panel2Config", "exp", "fromOp", "inputs", "key", "val")
        if name is None:
            raise ValueError("not a summary table expression")
        return {"table_name": name}


@register_panel()
@model
class WeavePanelArtifactVersionedFile(Panel):
    """One file of one version of an artifact.

    Example::

        wr.WeavePanelArtifactVersionedFile(artifact="eval", version="v3", file="scores.table.json")
    """

    artifact: str = Field(kw_only=True)
    version: str = Field(kw_only=True)
    file: str = Field(kw_only=True)

    VIEW_TYPE = "Weave"

    def _config(self) -> JSONDict:
        exp = _artifact_file_exp(self.artifact, self.version, self.file)
        return {"panel2Config": {"exp": exp}}

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        inputs = dig(config, "panel2Config", "exp", "fromOp", "inputs")
        version_inputs = dig(inputs, "artifactVersion", "fromOp", "inputs")
        fields = {
            "artifact": _string_at(version_inputs, "artifactName", "val"),
            "version": _string_at(version_inputs, "artifactVersionAlias", "val"),
            "file": _string_at(inputs, "path", "val"),
        }
        if None in fields.values():
            raise ValueError("not an artifact file expression")
        return fields


@register_panel()
@model
class WeavePanelArtifact(WeavePanel):
    """An artifact, opened on ``tab``. (``config`` is inherited and not written.)

    Example::

        wr.WeavePanelArtifact(artifact="eval", tab="files")
    """

    # Required yet after the defaulted ``config``, as in the official field order.
    artifact: str = Field()  # type: ignore[misc]
    tab: ArtifactTab = "overview"

    def _config(self) -> JSONDict:
        return {
            "panel2Config": {
                "exp": _artifact_exp(self.artifact),
                "panelInputType": _artifact_type(),
                "panelConfig": {"tabConfigs": {"overview": {"selectedTab": self.tab}}},
            }
        }

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        panel2 = dig(config, "panel2Config")
        artifact = _string_at(panel2, "exp", "fromOp", "inputs", "artifactName", "val")
        overview = dig(panel2, "panelConfig", "tabConfigs", "overview")
        if artifact is None or not isinstance(overview, dict):
            raise ValueError("not an artifact expression")
        tab = overview.get("selectedTab", "overview")
        if tab not in get_args(ArtifactTab):
            raise ValueError(f"unknown artifact tab {tab!r}")
        return {"artifact": artifact, "tab": tab}


_SPECIALISED: tuple[type[Panel], ...] = (
    WeavePanelSummaryTable,
    WeavePanelArtifactVersionedFile,
    WeavePanelArtifact,
)


def _parse_weave(data: JSONDict) -> Panel:
    """The most specific Weave class whose expression shape the config has."""
    config = data.get("config")
    if isinstance(config, dict):
        for cls in _SPECIALISED:
            try:
                fields = cls._fields_from_config(config)
            except ValueError:
                continue
            return cls(layout=Layout.from_spec(data.get("layout")), **fields)
    return WeavePanel._parse(data)


register_parser("Weave", _parse_weave)
register_parser("Weave Trace", _parse_weave)
