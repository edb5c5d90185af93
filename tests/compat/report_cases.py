"""Report declarations for the repository's golden records (``scripts/make-goldens``).

Each source binds ``report`` with ``wr`` (wandb_workspaces.reports.v2) and ``expr``
(wandb_workspaces.expr) imported, and runs unchanged with the official library and
ours: every block, every ``Runset`` option, collapsed headings, unknown blocks.
(Text marks cannot be declared with the official API; the app-written specs of
``tests/reports/app_specs.py`` cover them.)
"""

from __future__ import annotations

__all__ = ["REPORT_CASES"]


def _r(*blocks: str, **kw: str) -> str:
    args = "".join(f", {key}={value}" for key, value in kw.items())
    body = ",\n    ".join(blocks)
    return f'report = wr.Report(project="proj", entity="ent"{args}, blocks=[\n    {body},\n])\n'


def _grid(runset: str, panels: str = 'wr.LinePlot(y=["loss"])', **kw: str) -> str:
    args = "".join(f", {key}={value}" for key, value in kw.items())
    return f"wr.PanelGrid(runsets=[{runset}], panels=[{panels}]{args})"


def _rs(args: str) -> str:
    return f'wr.Runset(entity="ent", project="proj", {args})'


REPORT_CASES: list[dict[str, str]] = [
    {"name": "text_blocks", "source": _r(
        'wr.H1("One")', 'wr.H2(["Two ", wr.InlineCode("code")])', 'wr.H3("Three")',
        'wr.P("")', 'wr.P(["a ", wr.Link("link", url="https://x.test"), " b"])',
        'wr.P([wr.InlineLatex("x^2")])', 'wr.BlockQuote(["q ", wr.InlineCode("c")])',
        'wr.CalloutBlock(["c ", wr.Link("l", url="https://x.test")])', "wr.HorizontalRule()",
        "wr.TableOfContents()", title='"Text"', description='"All the text blocks"',
    )},
    {"name": "code_languages", "source": _r(
        *[f'wr.CodeBlock("x", language="{lang}")' for lang in
          ("javascript", "python", "css", "json", "html", "markdown", "yaml")],
        'wr.CodeBlock("plain", language=None)', "wr.CodeBlock()",
        'wr.CodeBlock(["a", wr.InlineCode("b")])',
    )},
    {"name": "markdown_latex", "source": _r(
        'wr.MarkdownBlock("# T\\n\\n* a\\n* b")', 'wr.MarkdownBlock()', 'wr.LatexBlock("e=mc^2")',
        "wr.LatexBlock()",
    )},
    {"name": "lists_all", "source": _r(
        "wr.UnorderedList()", "wr.OrderedList()", "wr.CheckedList()",
        'wr.UnorderedList(["a", ["b ", wr.InlineCode("c")], wr.Link("d", url="https://x.test")])',
        'wr.OrderedList([["x", wr.InlineLatex("y")], "z"])',
        'wr.CheckedList([wr.CheckedListItem("a", checked=True), wr.CheckedListItem(["b"]),'
        " wr.CheckedListItem()])",
    )},
    {"name": "media_and_embeds", "source": _r(
        "wr.Image()", 'wr.Image(url="https://x.test/i.png")',
        'wr.Image(url="https://x.test/i.png", caption=["A ", wr.Link("cap", url="https://x.test")])',
        "wr.Video()", 'wr.Video(url="https://youtu.be/abc")',
        'wr.interface.Spotify(spotify_id="abc")', 'wr.interface.SoundCloud(html="<iframe/>")',
        'wr.interface.Twitter(html="<blockquote>t</blockquote>")',
        'wr.Gallery(items=[wr.interface.GalleryReport(report_id="Vmlldzox"),'
        ' wr.interface.GalleryURL(url="https://x.test"),'
        ' wr.interface.GalleryURL(url="https://y.test", title="t", image_url="https://y.test/i")])',
        "wr.Gallery()",
    )},
    {"name": "weave_blocks_all_tabs", "source": _r(
        *[f'wr.WeaveBlockArtifact(entity="e", project="p", artifact="a", tab="{tab}")'
          for tab in ("overview", "metadata", "usage", "files", "lineage")],
        'wr.WeaveBlockSummaryTable(entity="e", project="p", table_name="t")',
        'wr.WeaveBlockArtifactVersionedFile(entity="e", project="p", artifact="a",'
        ' version="latest", file="x.json")',
    )},
    {"name": "collapsed_headings", "source": _r(
        'wr.H1("A", collapsed_blocks=[wr.P("p"), ' + _grid(_rs('name="inner"')) + "])",
        'wr.H2("B", collapsed_blocks=[])',
        'wr.H3("C", collapsed_blocks=[wr.H1("nested", collapsed_blocks=[wr.HorizontalRule()])])',
    )},
    {"name": "unknown_blocks", "source": _r(
        'wr.interface.UnknownBlock(type="future-block", children=[{"text": ""}],'
        ' payload={"k": [1, 2]})',
        'wr.P("between")',
        'wr.interface.UnknownBlock(type="another", children=[{"text": "x"}])',
    )},
    {"name": "runset_defaults", "source": _r(_grid("wr.Runset()"))},
    {"name": "runset_query_filters_string", "source": _r(_grid(_rs(
        'name="S", query="bert", filters="Config(\'lr\') >= 0.01 and State = \'finished\' or'
        ' Tags in [\'best\']"'
    )))},
    {"name": "runset_filter_expressions", "source": _r(_grid(_rs(
        'filters=[expr.Config("lr") == 0.01, expr.Summary("acc") >= 0.9,'
        ' expr.Metric("State") != "crashed", expr.Tags("tags").isin(["a", "b"])]'
    )))},
    {"name": "runset_filter_or", "source": _r(_grid(_rs(
        'filters=expr.Or(expr.Config("lr") == 0.1, expr.And(expr.Config("lr") == 0.2,'
        ' expr.Summary("acc") <= 0.5))'
    )))},
    {"name": "runset_groupby", "source": _r(_grid(_rs(
        'groupby=["group", "run.jobType", "config.lr", "config.opt.name", "summary.acc",'
        ' "config.pbt.workspace.value"]'
    )))},
    {"name": "runset_order", "source": _r(_grid(_rs(
        'order=[wr.OrderBy("CreatedTimestamp", ascending=True),'
        ' wr.OrderBy(wr.SummaryMetric("acc")), wr.OrderBy(wr.Config("lr"), ascending=True),'
        ' wr.OrderBy(wr.Metric("Runtime"))]'
    )))},
    {"name": "runset_run_settings_and_colors", "source": _r(_grid(_rs(
        'run_settings={"r1": wr.RunSettings(color="#ff0000"), "r2": wr.RunSettings(disabled=True),'
        ' "r3": wr.RunSettings(color="red", disabled=True)}, custom_run_colors={"r4": "#00ff00"}'
    )))},
    {"name": "runset_columns", "source": _r(_grid(_rs(
        'pinned_columns=["summary:acc", "config:lr.value"], visible_columns=["run:state"],'
        ' hidden_columns=["run:name", "config:lr.value"],'
        ' column_order=["run:state", "summary:acc"],'
        ' column_widths={"summary:acc": 140}'
    )))},
    {"name": "runset_lock_columns", "source": _r(
        _grid(_rs('name="locked", pinned_columns=["summary:acc"], visible_columns=["run:state"],'
                  ' column_order=["config:x.value", "summary:acc"], lock_columns=True')),
        _grid(_rs('name="unlocked", visible_columns=["run:state"], lock_columns=False')),
    )},
    {"name": "grid_group_colors", "source": _r(_grid(
        _rs('name="G", groupby=["config.optimizer"]'),
        custom_run_colors='{wr.RunsetGroup(runset_name="G", keys=(wr.RunsetGroupKey(key='
        'wr.Config("optimizer"), value="adam"),)): "#123456", "r9": "#abcdef",'
        ' wr.RunsetGroup(runset_name="missing", keys=()): "#000000"}',
    ))},
    {"name": "grid_many_runsets_and_options", "source": _r(_grid(
        _rs('name="A"') + ", " + _rs('name="B", query="x"')
        + ', wr.Runset(entity="o", project="q")',
        panels='wr.LinePlot(y=["a"]), wr.BarPlot(metrics=["b"]), wr.ScalarChart(metric="c"),'
        ' wr.ScatterPlot(x="x", y="y"), wr.MarkdownPanel(markdown="m"),'
        ' wr.LinePlot(y=["d"], layout=wr.Layout(x=0, y=0, w=24, h=4))',
        hide_run_sets="True", active_runset="2",
    ))},
    {"name": "grid_layout_collisions", "source": _r(_grid(
        "wr.Runset()",
        panels=", ".join(f"wr.LinePlot(y=['m{i}'], layout=wr.Layout(w={w}, h={h}))"
                         for i, (w, h) in enumerate([(8, 6), (12, 4), (8, 6), (24, 2), (4, 4)])),
    ))},
    {"name": "title_description_width", "source": _r(
        'wr.P("x")', title='"T — ünïcode"', description='"multi\\nline"', width='"fixed"',
    )},
]  # fmt: skip
