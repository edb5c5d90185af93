"""The public seams the application uses: ``wandb_workspaces.backends`` and ``.wire``.

panelbank uses the library's public names only (also checked by lint-imports, for
modules; the scan below also catches a private name taken from a public module).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import wandb_workspaces
import wandb_workspaces.backends as backends
import wandb_workspaces.wire as wire
from wandb_workspaces import errors

APPLICATION = Path(__file__).resolve().parents[2] / "src" / "panelbank"


def test_backends_all_is_pinned() -> None:
    assert sorted(backends.__all__) == sorted(
        [
            "Backend",
            "BackendFactory",
            "DRAFT_VIEW_TYPE",
            "REPORT_VIEW_TYPE",
            "ReportBackend",
            "ShareToken",
            "StoredReport",
            "parse_report_url",
            "report_url",
            "ENTRY_POINT_GROUP",
            "LOCAL",
            "VIEW_VERSION_FEATURE",
            "Marker",
            "SavedView",
            "StoredView",
            "ViewSummary",
            "api_key_for",
            "backend_names",
            "configure",
            "create_backend",
            "generate_view_name",
            "get_backend",
            "parse_workspace_url",
            "view_url",
        ]
    )
    assert (backends.ENTRY_POINT_GROUP, backends.LOCAL) == ("wandb_workspaces.backends", "local")


def test_wire_all_is_pinned() -> None:
    assert sorted(wire.__all__) == sorted(
        [
            "BE_TO_FE",
            "FE_TO_BE",
            "copy_json",
            "dumps",
            "loads",
            "to_backend_name",
            "to_frontend_name",
        ]
    )


@pytest.mark.parametrize("module", [backends, wire], ids=lambda module: module.__name__)
def test_every_exported_name_exists_and_is_documented(module: object) -> None:
    assert module.__doc__
    for name in module.__all__:  # type: ignore[attr-defined]
        assert hasattr(module, name), name


def test_configure_is_the_same_function_users_call() -> None:
    import wandb_workspaces.workspaces as ws

    assert ws.configure is backends.configure


def test_package_attribute_access() -> None:
    assert wandb_workspaces.backends is backends
    assert wandb_workspaces.wire is wire


def test_closest_is_the_did_you_mean_rule() -> None:
    assert "closest" in errors.__all__
    assert errors.closest("gausian", ["gaussian", "none"]) == "gaussian"
    assert errors.closest("zzz", ["gaussian", "none"]) is None


def test_view_urls_both_ways() -> None:
    class App:
        app_url = "http://127.0.0.1:8080"

    url = backends.view_url("my team", "proj", "nw-abc123-v", App())  # type: ignore[arg-type]
    assert url == "http://127.0.0.1:8080/my%20team/proj?nw=abc123"
    assert backends.parse_workspace_url(url) == ("my team", "proj", "nw-abc123-v")
    name = backends.generate_view_name()
    assert name.startswith("nw-") and name.endswith("-v") and len(name) == 16


def _private_library_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules, names = [node.module], [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            modules, names = [alias.name for alias in node.names], []
        else:
            continue
        for module in modules:
            if module.split(".")[0] != "wandb_workspaces":
                continue
            parts = module.split(".") + names
            if any(part.startswith("_") for part in parts):
                where = f"{path.relative_to(APPLICATION.parent)}:{node.lineno}"
                found.append(f"{where}: {module} {names}")
    return found


def test_the_application_imports_public_library_names_only() -> None:
    found = [hit for path in APPLICATION.rglob("*.py") for hit in _private_library_imports(path)]
    assert found == [], "use the library's public names (wandb_workspaces.backends, .wire, ...)"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://wandb.ai/ent/proj/reports/My-report--VmlldzoxMjM=", id="plain"),
        pytest.param("http://127.0.0.1:8080/ent/proj/reports/a--b--VmlldzoxMjM=?x=1", id="dashes"),
    ],
)
def test_report_url_parses_to_the_view_id(url: str) -> None:
    assert backends.parse_report_url(url) == ("ent", "proj", "VmlldzoxMjM=")


def test_report_url_round_trips_with_spaces_in_the_title() -> None:
    url = backends.report_url("https://wandb.ai", "my team", "p", "A report", "VmlldzoxMjM=")
    assert url == "https://wandb.ai/my%20team/p/reports/A-report--VmlldzoxMjM="
    assert backends.parse_report_url(url) == ("my team", "p", "VmlldzoxMjM=")


def test_a_workspace_url_is_not_a_report_url() -> None:
    with pytest.raises(ValueError, match="is not a report address"):
        backends.parse_report_url("https://wandb.ai/ent/proj?nw=abc")
