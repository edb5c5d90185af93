"""``Workspace``: a saved W&B workspace view, and its view spec (``to_spec`` / ``from_spec``)."""

from __future__ import annotations

import builtins
import warnings
from dataclasses import InitVar
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Optional, cast

from pydantic import AfterValidator, Field

from .. import _json, expr
from .._colors import check_stored_color, stored_colors_known
from .._ids import generate_panel_id
from .._pristine import loaded_spec, remember, unchanged
from .._roundtrip import as_dict, as_list, copy_json, merge
from .._validation import model
from ..errors import SpecValidationError
from ..utils.validators import validate_no_emoji, validate_spec_version
from . import _views
from ._lenient import build
from ._runset import RunsetSettings, custom_run_colors_to_wire, runset_from_wire, runset_to_wire
from ._section import Section
from ._settings import (
    WorkspaceSettings,
    bank_settings_to_wire,
    settings_from_wire,
    settings_to_wire,
)
from ._views import ViewInfo

__all__ = ["Workspace"]

JSONDict = dict[str, Any]

# Workspace specs carry no "version" key; anything else is a format this library cannot read.
CLIENT_SPEC_VERSION = -1


def _check_stored_colors(colors: JSONDict) -> None:
    """Refuse a spec whose ``customRunColors`` hold something other than colours: a viewer
    puts them in CSS, where ``url(...)`` would make every browser that shows it fetch."""
    if stored_colors_known(colors.values()):  # the usual case: a palette seen before
        return
    problems = [
        (f"section.customRunColors[{key!r}]", problem)
        for key, value in colors.items()
        if isinstance(value, str) and (problem := check_stored_color(value)) is not None
    ]
    if problems:
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        raise SpecValidationError(f"invalid workspace spec: {count}", problems)


def _panel_bank_section_config() -> JSONDict:
    """The report-panels block every workspace spec carries (fixed defaults)."""
    return {
        "name": "Report Panels",
        "isOpen": False,
        "panels": [],
        "type": "grid",
        "flowConfig": {
            "snapToColumns": True,
            "columnsPerPage": 3,
            "rowsPerPage": 2,
            "gutterWidth": 16,
            "boxWidth": 460,
            "boxHeight": 300,
        },
        "sorted": 0,
        "localPanelSettings": {
            "smoothingWeight": 0,
            "smoothingType": "exponential",
            "xAxis": "_step",
            "ignoreOutliers": False,
            "useRunsTableGroupingInPanels": True,
            "smoothingActive": True,
            "xAxisActive": False,
        },
        "pinned": False,
    }


def _filters_to_string(raw: Any) -> str:
    if raw is None:
        return ""
    if expr.is_filter_v2(raw):
        return expr.v2_to_string(raw)
    if isinstance(raw, dict):
        return expr.v2_to_string(expr.legacy_tree_to_v2(raw))
    raise SpecValidationError(f"runSets[0].filters must be an object, got {type(raw).__name__}")


def _auto_generate_panels(section: JSONDict) -> Optional[bool]:
    modern = section.get("workspaceSettings")
    if isinstance(modern, dict) and set(modern) - {"ref"}:
        value = modern.get("shouldAutoGeneratePanels")
        return value if isinstance(value, bool) else None
    settings = section.get("settings")
    value = settings.get("shouldAutoGeneratePanels") if isinstance(settings, dict) else None
    return value if isinstance(value, bool) else None


def _parse_spec(spec: dict[str, Any] | str | bytes) -> JSONDict:
    spec = _json.load_object(spec, "spec", '{"section": {...}}')
    section = spec.get("section")
    if not isinstance(section, dict):
        raise SpecValidationError(
            "invalid spec: 'section' is missing or not an object; a workspace view spec looks "
            'like {"section": {"panelBankConfig": {...}, "runSets": [...], ...}}'
        )
    return spec


@model
class Workspace:
    """A W&B workspace view: sections of panels, settings, and the run set they show.

    Example::

        import wandb_workspaces.workspaces as ws
        import wandb_workspaces.reports.v2 as wr

        workspace = ws.Workspace(
            name="Example", entity="my-team", project="my-project",
            sections=[ws.Section(name="Validation", is_open=True,
                                 panels=[wr.LinePlot(x="Step", y=["val_loss"])])],
            runset_settings=ws.RunsetSettings(filters=[ws.Summary("accuracy") >= 0.95]),
        )
        spec = workspace.to_spec()          # the JSON the W&B app stores
        again = ws.Workspace.from_spec(spec, entity="my-team", project="my-project")
    """

    entity: str
    project: str
    name: Annotated[str, AfterValidator(validate_no_emoji)] = "Untitled view"
    sections: list[Section] = Field(default_factory=list)
    settings: WorkspaceSettings = Field(default_factory=WorkspaceSettings)
    runset_settings: RunsetSettings = Field(default_factory=RunsetSettings)
    if TYPE_CHECKING:  # for type checkers, an argument and then a (read-only) attribute
        auto_generate_panels: Optional[bool] = False
    else:  # a constructor argument only; the read-only property is set after the class
        auto_generate_panels: InitVar[Optional[bool]] = False

    # A loaded workspace tells its edits apart as sections and panels do (see _pristine).
    _TRACKS_EDITS: ClassVar[bool] = True

    def __post_init__(self, auto_generate_panels: Optional[bool] = False) -> None:
        self._auto_generate_panels = auto_generate_panels
        self._internal_name = ""
        self._internal_id = ""
        self._internal_runset_id = ""
        self._raw: JSONDict | None = None
        self._pristine: tuple[Any, ...] | None = None
        self._loaded: JSONDict | None = None
        self._filters_raw: Any = None
        self._filters_loaded: str | None = None
        self._color_passthrough: JSONDict = {}

    # -- the view spec -------------------------------------------------------------------
    def _filters_v2(self, *, as_loaded: bool = False) -> Any:
        filters = self.runset_settings.filters
        if self._filters_loaded is not None and filters == self._filters_loaded:
            # The loaded snapshot may share the stored JSON (it is never changed).
            return self._filters_raw if as_loaded else copy_json(self._filters_raw)
        return expr.string_to_v2(cast(str, filters))  # validated: always the string

    def _runset_id(self) -> str:
        if not self._internal_runset_id and self.runset_settings.group_colors:
            self._internal_runset_id = generate_panel_id()
        return self._internal_runset_id

    def _wire(self, *, as_loaded: bool = False) -> JSONDict:
        """The spec from the fields alone (``as_loaded``: sections unchanged since loading)."""
        runset_id = self._runset_id()
        runset = runset_to_wire(
            self.runset_settings,
            runset_id=runset_id,
            entity=self.entity,
            project=self.project,
            filters_v2=self._filters_v2(as_loaded=as_loaded),
        )
        colors = custom_run_colors_to_wire(
            self.runset_settings, runset["grouping"], runset_id, self._color_passthrough
        )
        section: JSONDict = {
            "panelBankConfig": {
                "state": 1,
                "settings": bank_settings_to_wire(self.settings),
                "sections": [
                    section._raw if as_loaded and section._raw is not None else section._spec()
                    for section in self.sections
                ],
            },
            "panelBankSectionConfig": _panel_bank_section_config(),
            "customRunColors": colors,
            "name": "",
            "runSets": [runset],
            "settings": settings_to_wire(self.settings, self._auto_generate_panels),
            "openRunSet": 0,
            "openViz": True,
        }
        return {"section": section, "vizExpanded": False, "libraryExpanded": True}

    def to_spec(self) -> JSONDict:
        """The view spec: the JSON object the W&B app stores as the view's ``spec``.

        A workspace loaded with :meth:`from_spec` writes back every key it was loaded
        with, changed only where its Python objects were changed.
        """
        if self.settings.sort_panels_alphabetically:
            warnings.warn(
                "settings.sort_panels_alphabetically=True; this may change panel order from what "
                "is currently defined in sections!",
                UserWarning,
                stacklevel=2,
            )
        raw = self._raw
        if raw is None or (self._pristine is None and self._loaded is None):
            current = self._wire()
            if any(section._shares_loaded_json() for section in self.sections):
                return copy_json(current)  # loaded sections or panels moved into a new workspace
            return current
        if unchanged(self):
            return copy_json(raw)
        loaded, current = loaded_spec(self), self._wire()
        raw_runsets = raw["section"].get("runSets")
        if isinstance(raw_runsets, list) and raw_runsets and isinstance(raw_runsets[0], dict):
            # Merge the first run set on its own, so the others and its unknown keys survive.
            first = merge(
                raw_runsets[0], loaded["section"]["runSets"][0], current["section"]["runSets"][0]
            )
            current["section"]["runSets"] = [first, *raw_runsets[1:]]
        return copy_json(merge(raw, loaded, current))

    @classmethod
    def from_spec(
        cls,
        spec: dict[str, Any] | str | bytes,
        *,
        entity: str,
        project: str,
        name: str | None = None,
    ) -> Workspace:
        """Load a workspace from a view spec (a dict, or its JSON text).

        ``name`` is the view's display name (stored beside the spec, not in it).
        Keys this library does not model are kept and written back by :meth:`to_spec`.
        """
        # Own the JSON once; sections and panels keep pieces of it without further copies.
        owned = spec if isinstance(spec, (str, bytes)) else copy_json(spec)
        return cls._from_data(owned, entity=entity, project=project, name=name)

    @classmethod
    def _from_data(
        cls,
        spec: JSONDict | str | bytes,
        *,
        entity: str,
        project: str,
        name: str | None = None,
    ) -> Workspace:
        """:meth:`from_spec` for a spec the caller hands over: a dict is kept without a copy.

        Loading a saved view takes this path: the spec arrives as JSON text, and the
        dict parsed from it belongs to the workspace.
        """
        data = _parse_spec(spec)
        validate_spec_version(data, CLIENT_SPEC_VERSION)
        section = data["section"]
        bank = as_dict(section.get("panelBankConfig"))
        raw_sections = as_list(bank.get("sections"))
        runsets = as_list(section.get("runSets"))
        runset = as_dict(runsets[0]) if runsets else {}
        colors = as_dict(section.get("customRunColors"))
        _check_stored_colors(colors)

        runset_fields, passthrough = runset_from_wire(
            runset, colors, entity=entity, project=project
        )
        filters_string = _filters_to_string(runset.get("filters"))
        runset_fields["filters"] = filters_string
        workspace = cls(
            entity=entity,
            project=project,
            sections=[
                Section._load(item, f"sections[{index}]") for index, item in enumerate(raw_sections)
            ],
            settings=build(
                WorkspaceSettings,
                settings_from_wire(section.get("settings"), bank.get("settings")),
                "settings",
            ),
            runset_settings=build(RunsetSettings, runset_fields, "runset_settings"),
            auto_generate_panels=_auto_generate_panels(section),
        )
        # A stored display name is kept even if it would not pass validation today.
        workspace.__dict__["name"] = name if name is not None else "Untitled view"
        runset_id = runset.get("id")
        workspace._internal_runset_id = runset_id if isinstance(runset_id, str) else ""
        workspace._filters_raw = runset.get("filters")
        workspace._filters_loaded = filters_string
        workspace._color_passthrough = passthrough
        workspace._runset_id()  # group colours without a stored run set id get one, once
        remember(workspace, data)
        return workspace

    # -- identity and backends -----------------------------------------------------------
    @property
    def url(self) -> str:
        """The address of the saved view: ``{app_url}/{entity}/{project}?nw={id}``.

        The app is the configured backend's (``https://wandb.ai`` for W&B cloud,
        ``PANELBANK_URL`` or ``http://127.0.0.1:8080`` for the embedded store).
        """
        if not self._internal_name:
            raise AttributeError("save workspace or explicitly pass `_internal_name` to get a url")
        return _views.view_url(self.entity, self.project, self._internal_name)

    @classmethod
    def from_url(cls, url: str) -> Workspace:
        """Load a saved workspace from its URL (``https://wandb.ai/<entity>/<project>?nw=<id>``).

        The host in the URL is not used: the view is read from the configured backend
        (see ``ws.configure``). ``/<entity>/<project>/workspace?nw=...`` and a trailing
        slash are accepted too.

        Example::

            workspace = ws.Workspace.from_url("https://wandb.ai/my-team/my-project?nw=abc123")
        """
        entity, project, name = _views.parse_workspace_url(url)
        return _views.load_workspace(cls, entity, project, name)

    @classmethod
    def load(
        cls,
        entity: str,
        project: str,
        *,
        view: str | None = None,
        display_name: str | None = None,
    ) -> Workspace:
        """Load a saved workspace by its view id or by its display name.

        ``view`` is the ``nw`` of its URL (``abc123``) or its internal name
        (``nw-abc123-v``); ``display_name`` is the ``Workspace.name`` it was saved with
        (an error lists the URLs if several views share it).

        Example::

            workspace = ws.Workspace.load("my-team", "my-project", display_name="Baseline")
        """
        if display_name is not None and view is None:
            return _views.load_by_display_name(cls, entity, project, display_name)
        if view is None or display_name is not None:
            raise TypeError("Workspace.load() takes exactly one of view=... or display_name=...")
        name = view if view.startswith("nw-") and view.endswith("-v") else f"nw-{view}-v"
        return _views.load_workspace(cls, entity, project, name)

    def save(self, *, force: bool = False) -> Workspace:
        """Save the workspace, creating its view or updating it; returns ``self``.

        An update refuses (``ConflictError``) to overwrite a view that was changed by
        someone else since this workspace loaded or saved it; ``force=True`` overwrites.
        After a change of ``entity`` or ``project``, a new view is created there.

        Example::

            workspace = ws.Workspace(entity="my-team", project="my-project").save()
            print(workspace.url)
        """
        return _views.save_workspace(self, new_view=False, force=force)

    def save_as_new_view(self) -> Workspace:
        """Save the workspace as a new view (a fresh ``nw-...-v`` name); returns ``self``.

        The workspace then refers to the new view: ``url`` and later saves point there.
        """
        return _views.save_workspace(self, new_view=True, force=False)

    def delete(self) -> None:
        """Delete the saved view this workspace was loaded from or saved to.

        The Python object is kept: ``save()`` afterwards creates a new view.
        """
        _views.delete_workspace(self)

    if TYPE_CHECKING:
        # Attached after the class is built (below): a class attribute named ``list``
        # would shadow the builtin while pydantic evaluates the field annotations.
        @classmethod
        def list(cls, entity: str, project: str) -> builtins.list[ViewInfo]: ...


def _list_views(cls: type[Workspace], entity: str, project: str) -> list[ViewInfo]:
    """The project's saved workspaces (``Workspace.list``), most recently updated first.

    Example::

        for info in ws.Workspace.list("my-team", "my-project"):
            print(info.display_name, info.url, info.updated_at)
    """
    return _views.list_workspaces(entity, project)


setattr(Workspace, "list", classmethod(_list_views))  # noqa: B010


def _auto_generate_panels_property(self: Workspace) -> Optional[bool]:
    """Whether the W&B app adds panels for new metrics by itself (read-only)."""
    value: Optional[bool] = self._auto_generate_panels
    return value


# Set after the dataclass is built: the constructor keyword of the same name stays an
# init-only argument (with its False default), the attribute becomes read-only.
setattr(Workspace, "auto_generate_panels", property(_auto_generate_panels_property))  # noqa: B010
