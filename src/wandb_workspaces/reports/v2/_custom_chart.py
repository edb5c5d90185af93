"""``CustomChart``: a Vega chart over a query of run data (``Vega2``)."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from ..._roundtrip import copy_json
from ..._validation import model
from ...errors import SpecValidationError
from ._panel import JSONDict, Panel, register_panel
from ._shared import dig

__all__ = ["CustomChart"]

_QUERY_LIMIT = 500.0  # rows per run set; the wire type is a float
_RUNSET_KEYS = ("runSets", "limit")


def _query_value(value: Any, path: str) -> Any:
    """A leaf value as the wire types it (list, float or str): numbers become floats."""
    if isinstance(value, (bool, int, float)):
        return float(value)
    if isinstance(value, (str, list)):
        return copy_json(value)
    if isinstance(value, tuple):
        return copy_json(list(value))
    raise SpecValidationError(
        "invalid CustomChart: 1 problem",
        [(path, f"a query value must be a str, a number or a list (got {value!r})")],
    )


def _query_to_fields(query: dict[str, Any], path: str) -> list[JSONDict]:
    fields: list[JSONDict] = []
    for key, value in query.items():
        if key in _RUNSET_KEYS:
            continue
        where = f"{path}[{key!r}]"
        if isinstance(value, dict) and value:
            fields.append({"name": key, "args": _query_to_fields(value, where), "fields": []})
        elif value is None or value == {}:
            fields.append({"name": key, "fields": []})
        else:
            fields.append({"name": key, "value": _query_value(value, where)})
    return fields


def _fields_to_query(fields: Any) -> dict[str, Any]:
    query: dict[str, Any] = {}
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            continue
        if isinstance(field.get("args"), list):
            query[field["name"]] = _fields_to_query(field["args"])
        else:
            query[field["name"]] = copy_json(field.get("value"))
    return query


@register_panel("Vega2")
@model
class CustomChart(Panel):
    """A custom (Vega) chart fed by a query over the run sets.

    Example::

        wr.CustomChart(query={"summaryTable": {"tableKey": "predictions"}},
                       chart_name="wandb/line/v0", chart_fields={"x": "step", "y": "loss"})

    ``query`` nests dicts as the query's fields and arguments; ``id`` and ``name`` of the
    runs are always requested.
    """

    query: dict[Any, Any] = Field(default_factory=dict)
    chart_name: str = ""
    chart_fields: dict[Any, Any] = Field(default_factory=dict)
    chart_strings: dict[Any, Any] = Field(default_factory=dict)

    VIEW_TYPE = "Vega2"

    @classmethod
    def from_table(
        cls,
        table_name: str,
        chart_fields: Optional[dict[Any, Any]] = None,
        chart_strings: Optional[dict[Any, Any]] = None,
    ) -> CustomChart:
        """A chart over the logged table ``table_name`` (in each run's summary).

        Example::

            wr.CustomChart.from_table("predictions", chart_fields={"x": "step"})
        """
        return cls(
            query={"summaryTable": {"tableKey": table_name}},
            chart_fields=chart_fields if chart_fields is not None else {},
            chart_strings=chart_strings if chart_strings is not None else {},
        )

    def _config(self) -> JSONDict:
        query = dict(self.query)  # the caller's dict is not changed
        query.setdefault("id", [])
        query.setdefault("name", [])
        runset_args = [
            {"name": "runSets", "value": "${runSets}"},
            {"name": "limit", "value": _QUERY_LIMIT},
        ]
        fields = _query_to_fields(query, "CustomChart.query")
        return {
            "transform": {"name": "tableWithLeafColNames"},
            "userQuery": {
                "queryFields": [{"name": "runSets", "args": runset_args, "fields": fields}]
            },
            "panelDefId": self.chart_name,
            "fieldSettings": copy_json(self.chart_fields),
            "stringSettings": copy_json(self.chart_strings),
        }

    @classmethod
    def _fields_from_config(cls, config: JSONDict) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        query_fields = dig(config, "userQuery", "queryFields")
        if isinstance(query_fields, list) and query_fields and isinstance(query_fields[0], dict):
            runsets = query_fields[0]
            query = {"runSets": None, **_fields_to_query(runsets.get("args"))}
            query["runSets"] = None  # a placeholder the app fills in, not a query value
            query.update(_fields_to_query(runsets.get("fields")))
            fields["query"] = query
        for key, name in (
            ("panelDefId", "chart_name"),
            ("fieldSettings", "chart_fields"),
            ("stringSettings", "chart_strings"),
        ):
            if config.get(key) is not None:
                fields[name] = config[key]
        return fields
