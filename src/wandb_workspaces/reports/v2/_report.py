"""``Report``: a W&B report, its spec (``to_spec`` / ``from_spec``), and where it is saved."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator, Field, StringConstraints

from ... import _json
from ..._roundtrip import as_list, copy_json, merge
from ..._validation import model
from ...errors import SpecValidationError
from . import _report_io
from ._blocks import Block, check_blocks, load_block
from ._text_blocks import P

__all__ = ["Report", "ReportWidth"]

JSONDict = dict[str, Any]
ReportWidth = Literal["readable", "fixed", "fluid"]

SPEC_VERSION = 5
_EMPTY_PARAGRAPH: JSONDict = {"type": "paragraph", "children": [{"text": ""}]}


def _is_empty_p(block: Block) -> bool:
    return type(block) is P and block.text == ""


def _framed(blocks: list[Block], specs: list[JSONDict]) -> list[JSONDict]:
    """The blocks' JSON between the empty paragraphs the app expects first and last."""
    if not specs:
        return [dict(_EMPTY_PARAGRAPH, children=[{"text": ""}]) for _ in range(2)]
    framed = list(specs)
    if not _is_empty_p(blocks[0]):
        framed.insert(0, {"type": "paragraph", "children": [{"text": ""}]})
    if not _is_empty_p(blocks[-1]):
        framed.append({"type": "paragraph", "children": [{"text": ""}]})
    return framed


def _content_range(items: list[Any]) -> tuple[int, int]:
    """Where the blocks are among the stored ones: without the empty paragraphs that
    :meth:`Report.to_spec` adds around them (so that they write back as stored)."""
    if items == [_EMPTY_PARAGRAPH, _EMPTY_PARAGRAPH]:
        return 0, 0
    start = 1 if len(items) >= 2 and items[0] == _EMPTY_PARAGRAPH != items[1] else 0
    end = len(items)
    if end - start >= 2 and items[-1] == _EMPTY_PARAGRAPH != items[-2]:
        end -= 1
    return start, end


def _parse(spec: JSONDict | str | bytes) -> JSONDict:
    spec = _json.load_object(spec, "report spec", '{"version": 5, "blocks": [...]}')
    if not isinstance(spec.get("blocks", []), list):
        raise SpecValidationError(
            "invalid report spec: 'blocks' must be a list of block objects, "
            f"got {type(spec['blocks']).__name__}"
        )
    return spec


@model
class Report:
    """A W&B report: a title, a description and blocks of text, media and panel grids.

    Example::

        import wandb_workspaces.reports.v2 as wr

        report = wr.Report(project="my-project", entity="my-team", title="Results", blocks=[
            wr.H1("Results"), wr.P("What we found."),
            wr.PanelGrid(runsets=[wr.Runset("my-team", "my-project")],
                         panels=[wr.LinePlot(x="Step", y=["loss"])]),
        ])
        spec = report.to_spec()         # the JSON the W&B app stores as the report's spec
        report.save()                   # then report.url opens it
    """

    project: str
    entity: str = ""
    title: Annotated[str, StringConstraints(max_length=128)] = "Untitled Report"
    description: str = ""
    blocks: Annotated[list[Block], BeforeValidator(check_blocks)] = Field(default_factory=list)
    width: ReportWidth = "readable"

    def __post_init__(self) -> None:
        self.__dict__.update(
            _id="",
            _name="",
            _marker=None,
            _draft=False,
            _raw=None,
            _loaded=None,
            _panel_settings={},
            _authors=[],
            _discussion_threads=[],
            _created_at=None,
            _updated_at=None,
        )

    # -- the spec ------------------------------------------------------------------------
    def _wire(self, block_specs: list[JSONDict] | None = None) -> JSONDict:
        """The spec from the fields; ``block_specs``: the blocks' JSON, if known already."""
        specs = [block.to_spec() for block in self.blocks] if block_specs is None else block_specs
        state = self.__dict__
        return {
            "version": SPEC_VERSION,
            "panelSettings": copy_json(state["_panel_settings"]),
            "blocks": _framed(self.blocks, specs),
            "width": self.width,
            "authors": copy_json(state["_authors"]),
            "discussionThreads": copy_json(state["_discussion_threads"]),
        }

    def to_spec(self) -> JSONDict:
        """The report spec: the JSON object the W&B app stores as the report view's ``spec``.

        Its first and last blocks are empty paragraphs, as the app expects. A report
        loaded with :meth:`from_spec` writes back every key it was loaded with, changed
        only where its Python objects were changed. A run set's ``project.id`` (the
        project's internal id) is filled in by :meth:`save`.
        """
        current = self._wire()
        raw, loaded = self.__dict__["_raw"], self.__dict__["_loaded"]
        if raw is None or loaded is None:
            return current
        if current == loaded:
            return copy_json(raw)
        return copy_json(merge(raw, loaded, current))

    @classmethod
    def from_spec(
        cls,
        spec: JSONDict | str | bytes,
        *,
        entity: str,
        project: str,
        title: str = "Untitled Report",
        description: str = "",
    ) -> Report:
        """Load a report from its spec (a dict, or its JSON text), losslessly.

        ``title`` and ``description`` are stored beside the spec, not in it. The empty
        paragraphs the app keeps first and last are not in ``blocks``.
        """
        owned = spec if isinstance(spec, (str, bytes)) else copy_json(spec)
        return cls._from_data(
            owned, entity=entity, project=project, title=title, description=description
        )

    @classmethod
    def _from_data(
        cls,
        spec: JSONDict | str | bytes,
        *,
        entity: str,
        project: str,
        title: str = "Untitled Report",
        description: str = "",
    ) -> Report:
        """:meth:`from_spec` for a spec the caller hands over: a dict is kept without a copy
        (loading a saved report takes this path: the dict parsed from its JSON text)."""
        owned = _parse(spec)
        items = as_list(owned.get("blocks"))
        start, end = _content_range(items)
        blocks = [load_block(items[i], f"blocks[{i}]") for i in range(start, end)]
        width = owned.get("width", "readable")
        report = cls(project=project, entity=entity, blocks=blocks)
        # Stored values are kept even where a new report would refuse them.
        report.__dict__.update(title=title, description=description, width=width)
        state = report.__dict__
        for key, name in (
            ("panelSettings", "_panel_settings"),
            ("authors", "_authors"),
            ("discussionThreads", "_discussion_threads"),
        ):
            if key in owned:
                state[name] = copy_json(owned[key])
        state["_raw"] = owned
        # Right after loading, each block writes its stored JSON (which nothing changes).
        state["_loaded"] = report._wire([items[i] for i in range(start, end)])
        return report

    # -- identity and backends -----------------------------------------------------------
    @property
    def id(self) -> str:
        """The saved report's view id ("" until saved or loaded)."""
        value: str = self.__dict__["_id"]
        return value

    @id.setter
    def id(self, value: str) -> None:
        self.__dict__["_id"] = value

    @property
    def url(self) -> str:
        """``{app_url}/{entity}/{project}/reports/{Title}--{id}`` of the saved report."""
        return _report_io.report_address(self)

    def save(self, draft: bool = False, clone: bool = False) -> Report:
        """Save the report (``clone``: as a new report; ``draft``: as a draft); returns ``self``.

        The project is created if it does not exist. An update refuses (``ConflictError``)
        to overwrite a report someone else changed since it was loaded or saved here.
        """
        return _report_io.save(self, draft=draft, clone=clone)

    @classmethod
    def from_url(cls, url: str, *, as_model: bool = False) -> Report:
        """Load a saved report from its address (``.../reports/<Title>--<id>``).

        The host in the address is not used: the report is read from the configured backend.
        """
        if as_model:
            raise NotImplementedError(
                "Report.from_url(as_model=True) returns the official package's internal "
                "model, which this library does not have; use Report.from_url(url).to_spec()"
            )
        return _report_io.load(cls, url)

    def delete(self) -> bool:
        """Delete the saved report and its drafts; True if the backend did."""
        return _report_io.delete(self)

    def enable_share_link(self) -> str:
        """Let anyone with the returned link read the report (and its run sets' projects)."""
        return _report_io.enable_share_link(self)

    def disable_share_link(self) -> bool:
        """Revoke the report's share links; False if there was none."""
        return _report_io.disable_share_link(self)

    def get_share_url(self) -> Optional[str]:
        """The report's share link, or None when sharing is not enabled."""
        return _report_io.get_share_url(self)

    def to_html(self, height: int = 1024, hidden: bool = False) -> str:
        """An iframe showing the saved report (for notebooks)."""
        return _report_io.to_html(self, height=height, hidden=hidden)

    def _repr_html_(self) -> str:
        return self.to_html()


_validated_setattr = Report.__setattr__


def _setattr(self: Report, name: str, value: Any) -> None:
    if name == "id":  # a property (the official package has a field): not validated
        Report.id.fset(self, value)  # type: ignore[attr-defined]
        return
    _validated_setattr(self, name, value)


Report.__setattr__ = _setattr  # type: ignore[method-assign,assignment]
