"""Runset grouping keys (``runSets[0].grouping``).

Grouping keys differ from filter keys in one way: a config key names the ``value``
envelope W&B wraps around each config entry, so ``Config("model")`` groups by
``config/model.value`` and ``Config("a.b")`` by ``config/a.value.b`` (a nested dict is
assumed). A path that already has a ``value`` segment is used as written.
"""

from __future__ import annotations

from typing import Any

from .._names import to_backend_name
from ._metrics import BaseMetric, Config

__all__ = ["groupby_from_key", "groupby_to_key"]


def groupby_to_key(metric: BaseMetric) -> dict[str, str]:
    """``Config("model")`` -> ``{"section": "config", "name": "model.value"}``."""
    key = metric.to_key()
    # The official library goes through a "section.name" string and splits it again,
    # so a run metric with a dot (Metric("a.b")) lands in section "a". Kept as is.
    text = key["name"] if key["section"] == "run" else f"{key['section']}.{key['name']}"
    section, _, name = text.partition(".") if "." in text else ("run", "", text)
    name = to_backend_name(name)
    if section == "config":
        segments = name.split(".")
        if "value" not in segments:
            name = ".".join([segments[0], "value", *segments[1:]])
    return {"section": section, "name": name}


def groupby_from_key(key: dict[str, Any]) -> BaseMetric:
    """The metric for a stored grouping key; ``run/group`` -> ``Metric("Group")``.

    A config key becomes ``Config(<path without value segments>)`` when that writes
    back the identical key, otherwise ``Config(<raw name>)``.
    """
    if key.get("section") == "config":
        name = str(key.get("name", ""))
        candidate = Config(".".join(part for part in name.split(".") if part != "value"))
        written = groupby_to_key(candidate)
        if written == {"section": "config", "name": name}:
            return candidate
    return BaseMetric.from_key(key)
