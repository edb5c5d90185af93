"""A spec whose stored run colours are CSS beyond a colour is refused at the boundary."""

from __future__ import annotations

import json

from .conftest import ENTITY, GraphQL
from .documents import SPEC, UPSERT_VIEW2


def test_upsert_view_refuses_a_hostile_colour(gql: GraphQL) -> None:
    spec = json.loads(SPEC)
    spec["section"]["customRunColors"] = {"run1": "#ff0000", "run2": "url(//evil.example/x)"}
    variables = {
        "entityName": ENTITY,
        "projectName": "p",
        "name": "nw-colors-v",
        "type": "project-view",
        "spec": json.dumps(spec),
    }
    response = gql(UPSERT_VIEW2, variables)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_SPEC"
    assert (
        "section.customRunColors['run2']: 'url(//evil.example/x)' is not a colour"
        in (error["message"])
    )
    spec["section"]["customRunColors"]["run2"] = "rgb(83, 135, 221)"
    variables["spec"] = json.dumps(spec)
    assert gql(UPSERT_VIEW2, variables).json()["data"]["upsertView"]["inserted"] is True
