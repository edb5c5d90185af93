"""Arbitrary JSON, names and query strings sent to the panel-data routes: never a 5xx."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.test_hostile import INTERNAL, JSON, SEGMENT, world

__all__ = ["world"]  # the module-scoped server of test_hostile, used here too

ROUTES = [
    ("POST", "/api/v1/{a}/{b}/tables"),
    ("POST", "/api/v1/ent/p/tables"),
    ("POST", "/api/v1/{a}/{b}/histograms"),
    ("POST", "/api/v1/ent/p/histograms"),
    ("GET", "/api/v1/{a}/{b}/runs/{a}/code"),
    ("GET", "/api/v1/ent/p/runs/r1/code"),
    ("GET", "/api/v1/{a}/{b}/artifacts/{a}"),
    ("GET", "/api/v1/ent/p/artifacts/{a}"),
]
FIELDS = ["runs", "key", "path", "offset", "limit", "sort", "desc", "filter", "filterColumn"]
RUNS = st.lists(st.sampled_from(["r1", "nope", ""]) | st.text(max_size=8), max_size=4)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    a=SEGMENT,
    b=SEGMENT,
    body=st.dictionaries(st.sampled_from([*FIELDS, "steps"]), JSON | RUNS, max_size=6) | JSON,
    query=st.dictionaries(st.sampled_from(["file", "x"]), SEGMENT),
)
def test_arbitrary_input_to_the_panel_data_routes_is_never_5xx(
    world: tuple[httpx.Client, str],
    route: tuple[str, str],
    a: str,
    b: str,
    body: Any,
    query: dict[str, str],
) -> None:
    client, _ = world
    method, template = route
    path = template.format(a=quote(a, safe=""), b=quote(b, safe=""))
    response = client.request(method, path, params=query, json=body)
    assert response.status_code < 500, (method, path, body, response.text[:500])
    assert INTERNAL not in response.text, (method, path, body, response.text[:500])
