"""Reports for the browser tests: the shared golden report vectors and a rich report of
every block type, as the JSON the W&B app stores (a view of type ``runs``).

The rich report's panel grids copy the shape of a vector's ``panel-grid`` block and take
their panels from a workspace our library writes, so their JSON is the library's.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

from ..vectors import SHARED_VECTORS_DIR
from .workspace import ENTITY, PROJECT

REPORTS = SHARED_VECTORS_DIR / "reports"
FLOW = {
    "snapToColumns": True,
    "columnsPerPage": 3,
    "rowsPerPage": 2,
    "gutterWidth": 16,
    "boxWidth": 460,
    "boxHeight": 300,
}


#: Markdown with a table and hostile HTML that the sanitiser must drop
MARKDOWN = (
    "# Notes\n\n**bold** and _italic_, `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">\n\n'
    "[bad](javascript:alert(1))"
)


def vectors() -> dict[str, dict[str, Any]]:
    """The golden report records by file stem (empty when ../shared is not there)."""
    if not REPORTS.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(REPORTS.glob("*.json"))}


def in_project(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every run set reading the seeded project (the vectors name ent/proj)."""
    out = copy.deepcopy(spec)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("runSets"), list):
                for run_set in node["runSets"]:
                    run_set["project"] = {"entityName": ENTITY, "name": PROJECT}
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(out)
    return out


def text(value: str, **marks: Any) -> dict[str, Any]:
    return {"text": value, **marks}


def para(*children: dict[str, Any]) -> dict[str, Any]:
    return {"type": "paragraph", "children": list(children) or [text("")]}


def heading(value: str, level: int = 1, collapsed: list[Any] | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "heading", "children": [text(value)], "level": level}
    if collapsed is not None:
        block["collapsedChildren"] = collapsed
    return block


def item(value: str, **extra: Any) -> dict[str, Any]:
    return {"type": "list-item", "children": [para(text(value))], **extra}


def _panels(*panels: Any) -> list[dict[str, Any]]:
    """The panels' JSON as our library writes them into a workspace section."""
    spec = ws.Workspace(
        name="p",
        entity=ENTITY,
        project=PROJECT,
        sections=[ws.Section(name="s", panels=list(panels))],
    ).to_spec()
    return list(spec["section"]["panelBankConfig"]["sections"][0]["panels"])


def run_set(name: str, *, filters: list[Any] | None = None, query: str = "", **extra: Any) -> Any:
    """A run set as the official client writes one (report_panel_grid_basic's shape)."""
    return {
        "id": f"rs-{name}",
        "runFeed": {"version": 2, "columnVisible": {}, "columnPinned": {}, "columnWidths": {}},
        "enabled": True,
        "project": {"entityName": ENTITY, "name": PROJECT},
        "name": name,
        "search": {"query": query},
        "filters": {"filterFormat": "filterV2", "filters": filters or []},
        "grouping": [],
        "sort": {"keys": [{"key": {"section": "run", "name": "createdAt"}, "ascending": False}]},
        "selections": {"root": 1, "bounds": [], "tree": []},
        "expandedRowAddresses": [],
        **extra,
    }


def lr_is(value: float) -> dict[str, Any]:
    return {
        "key": {"section": "config", "name": "lr"},
        "op": "=",
        "value": value,
        "disabled": False,
    }


def grid(run_sets: list[Any], panels: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A panel-grid block as the official client writes one (report_panel_grid_basic's shape)."""
    metadata = {
        "openViz": True,
        "openRunSet": 0,
        "name": "unused-name",
        "runSets": run_sets,
        "hideRunSets": False,
        "panels": {"views": {"0": {"name": "Panels", "defaults": [], "config": []}}, "tabs": ["0"]},
        "panelBankConfig": {"state": 0, "settings": {}, "sections": []},
        "panelBankSectionConfig": {
            "name": "Report Panels",
            "isOpen": False,
            "panels": panels,
            "type": "grid",
            "flowConfig": FLOW,
            "sorted": 0,
            "localPanelSettings": {"smoothingWeight": 0, "xAxis": "_step"},
        },
        "customRunColors": {},
        **extra,
    }
    return {"type": "panel-grid", "children": [text("")], "metadata": metadata}


def placed(panels: list[dict[str, Any]], *layouts: tuple[int, int, int, int]) -> list[Any]:
    for panel, (x, y, w, h) in zip(panels, layouts, strict=True):
        panel["layout"] = {"x": x, "y": y, "w": w, "h": h}
    return panels


def rich_report() -> dict[str, Any]:
    """Every block type the viewer draws, two panel grids (one over two run sets and a
    disabled third) and a hidden-run-sets grid."""
    grid_one = grid(
        [run_set("lr 0.01", filters=[lr_is(0.01)])],
        placed(
            _panels(
                wr.LinePlot(title="loss (lr 0.01)", y=["loss"]),
                wr.ScalarChart(title="mean acc", metric="acc", groupby_aggfunc="mean"),
            ),
            (0, 0, 16, 6),
            (16, 0, 8, 6),
        ),
    )
    grid_two = grid(
        [
            run_set("lr 0.001", filters=[lr_is(0.001)]),
            run_set("lr 0.1", filters=[lr_is(0.1)]),
            run_set("switched off", enabled=False),
        ],
        placed(
            _panels(
                wr.LinePlot(title="val_loss by run set", y=["val_loss"]),
                wr.BarPlot(title="acc by run", metrics=["acc"]),
            ),
            (0, 0, 12, 7),
            (12, 0, 12, 7),
        ),
    )
    hidden = grid(
        [run_set("hidden set")],
        placed(_panels(wr.LinePlot(title="acc (hidden run set)", y=["acc"])), (0, 0, 24, 5)),
        hideRunSets=True,
    )
    soundcloud = '<iframe src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1"></iframe>'
    tweet = (
        '<blockquote class="twitter-tweet"><p>Training done</p>&mdash; W&amp;B '
        '<a href="https://twitter.com/weights_biases/status/1234567890">May 1</a></blockquote>'
    )
    blocks: list[Any] = [
        para(),
        {"type": "table-of-contents", "children": [text("")]},
        heading("Introduction"),
        para(
            text("Plain, "),
            text("bold", bold=True),
            text(", "),
            text("italic", italic=True),
            text(", "),
            text("struck", strikethrough=True),
            text(", "),
            text("underlined", underline=True),
            text(", "),
            text("red", color="#d62728"),
            text(", "),
            text("lr=0.01", inlineCode=True),
            text(", a "),
            {"type": "link", "url": "https://example.com/docs", "children": [text("link")]},
            text(", a "),
            {"type": "link", "url": "javascript:alert(1)", "children": [text("bad link")]},
            text(" and "),
            {"type": "latex", "children": [text("")], "content": "e^{i\\pi}+1=0"},
            text("."),
        ),
        heading("Results", 2),
        grid_one,
        heading("Two run sets", 2),
        grid_two,
        heading("Lists", 2),
        {
            "type": "list",
            "children": [
                item("alpha"),
                {
                    "type": "list-item",
                    "children": [
                        para(text("beta")),
                        {
                            "type": "list",
                            "ordered": True,
                            "children": [
                                item("beta one", ordered=True),
                                item("beta two", ordered=True),
                            ],
                        },
                    ],
                },
            ],
        },
        {
            "type": "list",
            "ordered": True,
            "children": [item("first", ordered=True), item("second", ordered=True)],
        },
        {"type": "list", "children": [item("done", checked=True), item("todo", checked=False)]},
        {"type": "block-quote", "children": [text("Quoted wisdom")]},
        {
            "type": "callout-block",
            "children": [{"type": "callout-line", "children": [text("Heads up")]}],
        },
        heading("Code and maths", 2),
        {
            "type": "code-block",
            "language": "python",
            "children": [
                {
                    "type": "code-line",
                    "language": "python",
                    "children": [text("def f(x):"), text("    return x + 1  # one more")],
                }
            ],
        },
        {
            "type": "markdown-block",
            "children": [text("")],
            "content": MARKDOWN,
        },
        {
            "type": "latex",
            "children": [text("")],
            "content": "\\int_0^1 x^2\\,dx = \\frac{1}{3}",
            "block": True,
        },
        {"type": "horizontal-rule", "children": [text("")]},
        heading("Media", 2),
        {
            "type": "image",
            "children": [text("A cat")],
            "url": "https://example.com/cat.png",
            "hasCaption": True,
        },
        {
            "type": "video",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "children": [text("")],
        },
        {"type": "video", "url": "https://videos.example.com/clip", "children": [text("")]},
        {
            "type": "spotify",
            "spotifyType": "track",
            "spotifyID": "4uLU6hMCjMI75M1A2tKUQC",
            "children": [text("")],
        },
        {"type": "soundcloud", "html": soundcloud, "children": [text("")]},
        {
            "type": "soundcloud",
            "html": '<iframe src="https://evil.example.com/x"></iframe>',
            "children": [text("")],
        },
        {"type": "twitter", "html": tweet, "children": [text("")]},
        {
            "type": "gallery",
            "children": [text("")],
            "links": [
                {
                    "type": "url",
                    "url": "https://example.com/post",
                    "title": "A post",
                    "description": "d",
                    "imageURL": "https://example.com/i.png",
                },
                {"type": "report", "id": "VmlldzoxMjM="},
            ],
        },
        heading(
            "Appendix",
            1,
            collapsed=[
                para(text("Hidden until expanded.")),
                {
                    "type": "code-block",
                    "language": "yaml",
                    "children": [
                        {"type": "code-line", "language": "yaml", "children": [text("key: value")]}
                    ],
                },
            ],
        ),
        heading("Hidden run set", 2),
        hidden,
        {
            "type": "weave-panel",
            "children": [text("")],
            "config": {"panelConfig": {"exp": {"nodeType": "output"}}},
        },
        {"type": "some-future-block", "children": [text("")], "whatever": 1},
        para(),
    ]
    return {
        "version": 5,
        "panelSettings": {},
        "blocks": blocks,
        "width": "readable",
        "authors": [],
        "discussionThreads": [],
    }


def store_report(
    store: Any, spec: dict[str, Any], title: str, name: str, description: str = ""
) -> Any:
    """Store ``spec`` as a report view (type ``runs``) in the seeded project."""
    view, _ = store.upsert_view(
        entity=ENTITY,
        project=PROJECT,
        name=name,
        display_name=title,
        description=description,
        type="runs",
        spec=json.dumps(spec),
        username=ENTITY,
    )
    return view
