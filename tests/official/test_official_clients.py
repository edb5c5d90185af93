"""The official W&B clients as real clients of `panelbank serve`, and our library beside them.

wandb 0.31.0 + wandb-workspaces 0.4.13 (own venv) save, load, edit and copy workspaces on
our server; our library loads each of those views and must see the same spec; a view our
library saves must load in the official client with the same spec again.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from ._harness import (
    OFFICIAL_ENTITY,
    OFFICIAL_PROJECT,
    OURS_ENTITY,
    OURS_PROJECT,
    RENAMED,
    Server,
    internal_name,
    json_differences,
)

pytestmark = pytest.mark.official


def ok(result: dict[str, Any], what: str) -> dict[str, Any]:
    """The step's result, or a failure that shows the client's own error and traceback."""
    error = result.get("error")
    if error:
        pytest.fail(
            f"{what} raised {error['type']}: {error['message']}\n{error.get('traceback', '')}",
            pytrace=False,
        )
    return result


def stored_spec(node: dict[str, Any], what: str) -> dict[str, Any]:
    ok(node, f"reading back {what} with the View query")
    spec: dict[str, Any] = json.loads(node["spec"])
    return spec


def assert_same_spec(left: dict[str, Any], right: dict[str, Any], what: str) -> None:
    differences = json_differences(left, right)
    assert not differences, f"{what}: specs differ at\n  " + "\n  ".join(differences)


def url_pattern(server: Server, entity: str, project: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(server.url)}/{entity}/{project}\?nw=[0-9a-z]+")


# ---- the official SDK alone ----------------------------------------------------------------


def test_official_api_logs_in_with_a_key_from_keys_create(
    official_run: dict[str, Any], panelbank_server: Server
) -> None:
    api = ok(official_run["api"], "wandb.Api()")
    assert api["baseUrl"] == panelbank_server.url


def test_official_api_refuses_a_wrong_key_with_its_own_error(
    official_run: dict[str, Any], panelbank_server: Server
) -> None:
    error = official_run["wrong_key"].get("error")
    assert error is not None, "wandb.Api(api_key=<unknown key>) succeeded against our server"
    assert error["type"] == "wandb.errors.errors.AuthenticationError", error
    assert f"Failed to verify credentials with {panelbank_server.url}" in error["message"]
    # The server's 401 message reaches the user: it must say how to get a key.
    assert "keys create" in error["message"], error["message"]


def test_official_save_returns_a_url_on_our_server(
    official_run: dict[str, Any], panelbank_server: Server
) -> None:
    saved = ok(official_run["scenario"], "the official scenario")["saved"]
    assert url_pattern(panelbank_server, OFFICIAL_ENTITY, OFFICIAL_PROJECT).fullmatch(saved["url"])
    assert saved["internalName"] == internal_name(saved["url"])
    assert saved["internalId"], "the server answered upsertView without a view id"


def test_official_from_url_gives_back_what_it_saved(official_run: dict[str, Any]) -> None:
    scenario = ok(official_run["scenario"], "the official scenario")
    saved, loaded = scenario["saved"], scenario["loaded"]
    assert (loaded["internalId"], loaded["internalName"]) == (
        saved["internalId"],
        saved["internalName"],
    )
    assert loaded["displayName"] == saved["displayName"]
    assert loaded["sectionNames"] == ["Losses", "Accuracy", "Notes"]
    assert_same_spec(json.loads(loaded["specText"]), json.loads(saved["specText"]), "official")


def test_official_save_after_edit_updates_the_same_view(official_run: dict[str, Any]) -> None:
    scenario = ok(official_run["scenario"], "the official scenario")
    saved, edited, reloaded = scenario["saved"], scenario["edited"], scenario["reloaded"]
    assert edited["url"] == saved["url"]
    assert edited["internalId"] == saved["internalId"]
    assert reloaded["displayName"] == "Official client workspace (edited)"
    assert reloaded["sectionNames"][-1] == "Added after load"
    assert_same_spec(
        json.loads(reloaded["specText"]), json.loads(edited["specText"]), "edited view reloaded"
    )


def test_official_save_as_new_view_makes_a_second_view(official_run: dict[str, Any]) -> None:
    scenario = ok(official_run["scenario"], "the official scenario")
    edited, copy = scenario["edited"], scenario["copy"]
    assert copy["url"] != edited["url"]
    assert copy["internalId"] != edited["internalId"]
    assert copy["internalName"] == internal_name(copy["url"])
    assert copy["specText"] == edited["specText"]


@pytest.mark.parametrize(
    ("view", "state"),
    [
        pytest.param("saved", "edited", id="saved-then-edited"),
        pytest.param("copy", "copy", id="copy"),
    ],
)
def test_server_returns_the_official_spec_byte_for_byte(
    official_run: dict[str, Any], view: str, state: str
) -> None:
    scenario = ok(official_run["scenario"], "the official scenario")
    node = ok(official_run["stored"][view], f"the {view} view")
    assert node["spec"] == scenario[state]["specText"]
    assert node["displayName"] == scenario[state]["displayName"]
    assert node["id"] == scenario[state]["internalId"]
    assert "version" not in json.loads(node["spec"])


# ---- our library against views the official client wrote ----------------------------------


@pytest.mark.parametrize("view", [pytest.param("saved", id="saved-then-edited"), "copy"])
def test_ours_loads_the_official_views_with_the_same_spec(
    official_run: dict[str, Any], ours_run: dict[str, Any], view: str
) -> None:
    url = official_run["scenario"][view]["url"]
    loaded = ok(ours_run["load"], "our from_url step")["views"][url]
    ok(loaded, f"our Workspace.from_url({url!r})")
    spec = stored_spec(official_run["stored"][view], f"the official {view} view")
    assert_same_spec(loaded["spec"], spec, f"ours.to_spec() vs the stored official {view} view")
    assert loaded["url"] == url
    assert (loaded["entity"], loaded["project"]) == (OFFICIAL_ENTITY, OFFICIAL_PROJECT)
    assert loaded["displayName"] == "Official client workspace (edited)"


# ---- the official client against views our library wrote ----------------------------------


def test_official_loads_a_view_that_ours_saved(
    ours_run: dict[str, Any], official_reload: dict[str, Any], panelbank_server: Server
) -> None:
    declared = ok(ours_run["declared"], "our Workspace(...).save()")
    assert url_pattern(panelbank_server, OURS_ENTITY, OURS_PROJECT).fullmatch(declared["url"])
    spec = stored_spec(ours_run["stored"]["declared"], "the view our library saved")
    assert_same_spec(declared["spec"], spec, "ours.to_spec() vs what the server stored")
    theirs = ok(official_reload["declared"], "official Workspace.from_url(<our view>)")
    assert theirs["displayName"] == "Saved by panelbank"
    assert theirs["sectionNames"] == ["Training", "Evaluation"]
    assert_same_spec(json.loads(theirs["specText"]), spec, "official load of our view")


def test_ours_edits_an_official_view_in_place_and_official_loads_it(
    official_run: dict[str, Any], ours_run: dict[str, Any], official_reload: dict[str, Any]
) -> None:
    copy = official_run["scenario"]["copy"]
    edited = ok(ours_run["edited"], "our from_url → edit → save() of the official copy")
    assert edited["url"] == copy["url"]
    node = ok(ours_run["stored"]["edited"], "the copy after our save")
    assert node["id"] == copy["internalId"], "our save() of a loaded view inserted a new view"
    assert node["displayName"] == RENAMED
    assert_same_spec(edited["spec"], json.loads(node["spec"]), "ours.to_spec() vs stored")
    theirs = ok(official_reload["edited"], "official Workspace.from_url(<view edited by ours>)")
    assert theirs["displayName"] == RENAMED
    assert theirs["sectionNames"][-1] == "Added by panelbank"
    assert_same_spec(json.loads(theirs["specText"]), json.loads(node["spec"]), "official load")
