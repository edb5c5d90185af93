"""Workspace behaviour beyond the vectors: settings vocabularies, pins, colours, errors."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws
from tests.backends.memory import MemoryBackend
from wandb_workspaces import _colors
from wandb_workspaces.errors import (
    SpecValidationError,
    SpecVersionError,
)


def settings_of(workspace: ws.Workspace) -> dict[str, Any]:
    return workspace.to_spec()["section"]["settings"]  # type: ignore[no-any-return]


def runset_of(workspace: ws.Workspace) -> dict[str, Any]:
    return workspace.to_spec()["section"]["runSets"][0]  # type: ignore[no-any-return]


def gid(slug: str, project: str, entity: str) -> str:
    return base64.b64encode(f"Run:v1:{slug}:{project}:{entity}".encode()).decode()


@pytest.mark.parametrize(
    ("given", "wire", "extra"),
    [
        pytest.param("default", "default", None, id="default"),
        pytest.param("all", "all_runs", None, id="documented-all"),
        pytest.param("all_runs", "all_runs", None, id="app-all_runs"),
        pytest.param("single", "single", None, id="app-single"),
        pytest.param("none", "default", {"tooltipNumberOfRuns": "none"}, id="documented-none"),
    ],
)
def test_tooltip_vocabularies(given: str, wire: str, extra: dict[str, str] | None) -> None:
    workspace = ws.Workspace("e", "p", settings=ws.WorkspaceSettings(tooltip_number_of_runs=given))  # type: ignore[arg-type]
    settings = settings_of(workspace)
    assert settings["tooltipNumberOfRuns"] == wire
    assert settings.get("panelbank") == extra
    loaded = ws.Workspace.from_spec(workspace.to_spec(), entity="e", project="p")
    assert loaded.settings.tooltip_number_of_runs == ("all_runs" if given == "all" else given)


@pytest.mark.parametrize(
    ("given", "wire", "extra"),
    [
        pytest.param("bucketing", "bucketing-gorilla", None, id="bucketing"),
        pytest.param("downsampling", "sampling", None, id="downsampling"),
        pytest.param("line", "bucketing-gorilla", {"pointVisualizationMethod": "line"}, id="line"),
        pytest.param(
            "point", "bucketing-gorilla", {"pointVisualizationMethod": "point"}, id="point"
        ),
        pytest.param(
            "line_point", "bucketing-gorilla", {"pointVisualizationMethod": "line_point"}, id="both"
        ),
    ],
)
def test_point_visualization_vocabularies(
    given: str, wire: str, extra: dict[str, str] | None
) -> None:
    workspace = ws.Workspace(
        "e",
        "p",
        settings=ws.WorkspaceSettings(point_visualization_method=given),  # type: ignore[arg-type]
    )
    settings = settings_of(workspace)
    assert settings["pointVisualizationMethod"] == wire
    assert settings.get("panelbank") == extra
    loaded = ws.Workspace.from_spec(workspace.to_spec(), entity="e", project="p")
    assert loaded.settings.point_visualization_method == given


def test_custom_layout_writes_snap_to_columns_false() -> None:
    section = ws.Section(name="S", layout_settings=ws.SectionLayoutSettings(layout="custom"))
    assert section.to_spec()["flowConfig"]["snapToColumns"] is False
    assert ws.SectionLayoutSettings(2, 1).columns == 2


def test_positional_construction_follows_field_order() -> None:
    workspace = ws.Workspace("ent", "proj", "Name")
    assert (workspace.entity, workspace.project, workspace.name) == ("ent", "proj", "Name")


def test_auto_generate_panels_is_read_only() -> None:
    workspace = ws.Workspace("e", "p", auto_generate_panels=True)
    # a read-only property set beside the InitVar of the same name (type checkers see an
    # attribute, which mypy checks here without an ignore)
    assert workspace.auto_generate_panels is True
    assert settings_of(workspace)["shouldAutoGeneratePanels"] is True
    with pytest.raises(AttributeError, match="no setter"):
        workspace.auto_generate_panels = False


def test_pinned_columns_start_with_display_name() -> None:
    runset = ws.RunsetSettings(pinned_columns=["summary:acc", "run:displayName"])
    assert runset.pinned_columns == ["run:displayName", "summary:acc"]
    runset.pinned_columns = ["config:lr"]
    assert runset.pinned_columns == ["run:displayName", "config:lr"]


def test_baseline_is_pinned_once_across_forms() -> None:
    runset = ws.RunsetSettings(baseline_run=ws.RunRef("abc", "e2", "p2"), pinned_runs=["e2/p2/abc"])
    assert runset.pinned_runs == ["e2/p2/abc"]
    alone = ws.RunsetSettings(baseline_run="xyz")
    assert alone.pinned_runs == ["xyz"]


def test_pins_encode_and_decode() -> None:
    workspace = ws.Workspace(
        "ent",
        "proj",
        runset_settings=ws.RunsetSettings(
            baseline_run="abc", pinned_runs=["t/other/def", ws.RunRef("ghi", "t", "o2")]
        ),
    )
    runset = runset_of(workspace)
    assert runset["baselineRunId"] == gid("abc", "proj", "ent")
    assert runset["pinnedRunIds"] == [
        gid("def", "other", "t"),
        gid("ghi", "o2", "t"),
        gid("abc", "proj", "ent"),
    ]
    loaded = ws.Workspace.from_spec(workspace.to_spec(), entity="ent", project="proj")
    assert loaded.runset_settings.baseline_run == "abc"
    assert loaded.runset_settings.pinned_runs == [
        ws.RunRef("def", "t", "other"),
        ws.RunRef("ghi", "t", "o2"),
        "abc",
    ]


def test_pinned_gid_is_not_encoded_twice() -> None:
    encoded = gid("abc", "proj", "ent")
    workspace = ws.Workspace(
        "ent", "proj", runset_settings=ws.RunsetSettings(pinned_runs=[encoded])
    )
    assert runset_of(workspace)["pinnedRunIds"] == [encoded]


@pytest.mark.parametrize("bad", ["a/b", "a/b/c/d", "a//c"])
def test_bad_cross_project_reference(bad: str) -> None:
    workspace = ws.Workspace("e", "p", runset_settings=ws.RunsetSettings(pinned_runs=[bad]))
    with pytest.raises(ValueError, match="entity/project/slug"):
        workspace.to_spec()


def test_more_than_twenty_pins_warn() -> None:
    with pytest.warns(UserWarning, match="21 entries"):
        ws.RunsetSettings(pinned_runs=[f"run{i}" for i in range(21)])


def test_group_colors_are_encoded_and_read_back() -> None:
    workspace = ws.Workspace(
        "e",
        "p",
        runset_settings=ws.RunsetSettings(
            groupby=[ws.Metric("Group"), ws.Config("model")],
            group_colors={"sweep_a": "#ff0000", ws.GroupPath("sweep_b", "bert"): "#00ff00"},
        ),
    )
    spec = workspace.to_spec()
    runset_id = spec["section"]["runSets"][0]["id"]
    assert runset_id  # generated because group colours need it
    keys = list(spec["section"]["customRunColors"])
    assert all(key.startswith("run-color-group:%22" + runset_id + "%22:") for key in keys)
    assert "%22run%3Agroup%22" in keys[0] and "config%3Amodel.value" in keys[1]
    loaded = ws.Workspace.from_spec(spec, entity="e", project="p")
    assert loaded.runset_settings.group_colors == workspace.runset_settings.group_colors
    assert loaded.to_spec() == spec


def test_group_colors_without_groupby_warn() -> None:
    workspace = ws.Workspace("e", "p", runset_settings=ws.RunsetSettings(group_colors={"a": "red"}))
    with pytest.warns(UserWarning, match="groupby is empty"):
        colors = workspace.to_spec()["section"]["customRunColors"]
    assert colors == {}


def test_group_color_key_example_from_the_spec() -> None:
    from wandb_workspaces.workspaces.internal import encode_key

    key = encode_key("abc", [{"kind": "group", "key": "run:group", "value": "sweep_alpha"}])
    assert key == (
        "run-color-group:%22abc%22:%5B%7B%22kind%22%3A%22group%22%2C%22key%22%3A%22run%3Agroup"
        "%22%2C%22value%22%3A%22sweep_alpha%22%7D%5D"
    )


@pytest.mark.parametrize(
    ("build", "match"),
    [
        pytest.param(
            lambda: ws.WorkspaceSettings(smoothing_type="gausian"),  # type: ignore[arg-type]
            "did you mean 'gaussian'",
            id="smoothing",
        ),
        pytest.param(
            lambda: ws.SectionLayoutSettings(columns=-1), "columns", id="negative-columns"
        ),
        pytest.param(lambda: ws.RunSettings(color="reddish"), "not a colour", id="colour"),
        pytest.param(lambda: ws.Workspace("e", "p", name="Loss 🚀"), "emoji", id="emoji"),
        pytest.param(lambda: wr.LinePlot(titel="x"), "did you mean 'title'", id="unknown-field"),  # type: ignore[call-arg]
        pytest.param(
            lambda: ws.Section(name="S", panels=["not a panel"]),  # type: ignore[list-item]
            "panels",
            id="not-a-panel",
        ),
        pytest.param(lambda: ws.WorkspaceSettings(max_runs=0), "max_runs", id="max-runs"),
    ],
)
def test_bad_declarations_say_what_and_where(build: Any, match: str) -> None:
    with pytest.raises(SpecValidationError, match=match):
        build()


def test_error_names_field_value_and_choices() -> None:
    with pytest.raises(SpecValidationError, match="smoothing_type") as info:
        ws.WorkspaceSettings(smoothing_type="gausian")  # type: ignore[arg-type]
    message = str(info.value)
    assert "WorkspaceSettings.smoothing_type" in message
    assert "'gausian'" in message
    assert "'exponentialTimeWeighted'" in message


def test_assignment_is_validated() -> None:
    workspace = ws.Workspace("e", "p")
    with pytest.raises(SpecValidationError, match="emoji"):
        workspace.name = "🎉"
    assert workspace.name == "Untitled view"


def test_names_with_math_and_currency_are_fine() -> None:
    assert ws.Workspace("e", "p", name="A+B <= $5 | x^2").name == "A+B <= $5 | x^2"


def test_loading_keeps_a_stored_emoji_name() -> None:
    spec = ws.Workspace("e", "p").to_spec()
    assert ws.Workspace.from_spec(spec, entity="e", project="p", name="🚀 run").name == "🚀 run"


@pytest.mark.parametrize(
    ("spec", "error", "match"),
    [
        pytest.param("{not json", SpecValidationError, "not valid JSON", id="bad-json"),
        pytest.param("[]", SpecValidationError, "JSON object", id="not-object"),
        pytest.param({"foo": 1}, SpecValidationError, "'section' is missing", id="no-section"),
        pytest.param({"section": {}, "version": 5}, SpecVersionError, "upgrade", id="newer"),
        pytest.param({"section": {}, "version": -3}, SpecVersionError, "web app", id="older"),
    ],
)
def test_bad_specs(spec: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        ws.Workspace.from_spec(spec, entity="e", project="p")


def test_minimal_spec_loads_with_defaults() -> None:
    workspace = ws.Workspace.from_spec({"section": {}}, entity="e", project="p")
    assert workspace.sections == []
    assert workspace.to_spec() == {"section": {}}


def test_bad_stored_value_falls_back_and_is_kept() -> None:
    spec = ws.Workspace("e", "p").to_spec()
    spec["section"]["settings"]["tooltipNumberOfRuns"] = "everyone"
    with pytest.warns(UserWarning, match="tooltip_number_of_runs"):
        workspace = ws.Workspace.from_spec(spec, entity="e", project="p")
    assert workspace.settings.tooltip_number_of_runs == "default"
    assert workspace.to_spec() == spec


@pytest.fixture
def memory_backend() -> Iterator[MemoryBackend]:
    backend = MemoryBackend()
    ws.configure(backend=backend)
    yield backend
    ws.configure()


def test_url_needs_a_saved_workspace(memory_backend: MemoryBackend) -> None:
    with pytest.raises(AttributeError, match="save workspace"):
        _ = ws.Workspace("e", "p").url


def test_save_then_load_through_the_configured_backend(memory_backend: MemoryBackend) -> None:
    workspace = ws.Workspace("e", "p", name="W", sections=[ws.Section(name="S")])
    assert workspace.save() is workspace
    assert workspace.url.startswith("https://app.example.test/e/p?nw=")
    loaded = ws.Workspace.from_url(workspace.url)
    assert loaded.name == "W"
    assert loaded.to_spec() == workspace.to_spec()
    assert [call.method for call in memory_backend.calls] == ["upsert_view", "load_view"]


def test_from_url_with_unknown_view_names_it(memory_backend: MemoryBackend) -> None:
    with pytest.raises(ValueError, match="'nw-missing-v' not found in project e/p"):
        ws.Workspace.from_url("https://wandb.ai/e/p?nw=missing")


def test_public_names() -> None:
    assert sorted(ws.__all__) == sorted(
        [
            "And",
            "Config",
            "FilterExpr",
            "GroupPath",
            "Metric",
            "Or",
            "Ordering",
            "RunRef",
            "RunSettings",
            "RunsetSettings",
            "Section",
            "SectionLayoutSettings",
            "SectionPanelSettings",
            "Summary",
            "Tags",
            "ViewInfo",
            "Workspace",
            "WorkspaceSettings",
            "configure",
            "errors",
            "interface",
            "internal",
        ]
    )


def test_sorting_panels_alphabetically_warns_like_the_official_package() -> None:
    workspace = ws.Workspace(
        "e", "p", settings=ws.WorkspaceSettings(sort_panels_alphabetically=True)
    )
    with pytest.warns(UserWarning, match="may change panel order"):
        bank = workspace.to_spec()["section"]["panelBankConfig"]["settings"]
    assert bank["sortAlphabetically"] is True


@given(st.tuples(*[st.integers(0, 300)] * 3), st.sampled_from(["", " ", "  "]))
def test_the_integer_rgb_shortcut_accepts_only_what_the_full_check_accepts(
    channels: tuple[int, int, int], space: str
) -> None:
    text = "rgb(" + ",".join(f"{space}{c}{space}" for c in channels) + ")"
    full = _colors._RGB.fullmatch(text)
    full_ok = bool(full and _colors._rgb_ok(full))
    assert full_ok == all(c <= 255 for c in channels)
    if _colors._RGB_BYTES.fullmatch(text):
        assert full_ok
    assert (_colors.validate_color(text) == text) if full_ok else True


def test_filters_take_what_the_official_annotation_says() -> None:
    # mypy (strict, over tests) checks these calls: the constructors take a string, a list
    # of expressions or an And/Or tree, as the official annotation says; the value is kept
    # as the string either way
    from_list = ws.RunsetSettings(filters=[ws.Config("lr") <= 0.01])
    from_tree = wr.Runset(filters=expr.And(ws.Config("lr") <= 0.01))
    assert from_list.filters == from_tree.filters == 'Config("lr") <= 0.01'
