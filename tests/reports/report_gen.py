"""Random report declarations, as Python source both libraries run (ours and the official).

``report_source(rng)`` writes a ``wr.Report(...)`` declaration from a ``random.Random``:
any block of the official API, nested in collapsed headings, with rich text, panel grids
over run sets with random options. The hypothesis tests draw the ``Random`` from
``st.randoms()``; the official compatibility test uses seeded ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable

__all__ = ["report_source"]

_WORDS = ["loss", "acc", "lr", "x", "ünï", "a b", "", "it's", 'q"uote', "back\\slash", "€"]
_URLS = ["https://example.com", "https://x.test/a?b=1", "http://y.test/#f"]


def _text(rng: random.Random) -> str:
    return repr(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 3))))


def _piece(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"wr.InlineCode({_text(rng)})"
    if kind == 1:
        return f"wr.InlineLatex({_text(rng)})"
    if kind == 2:
        return f"wr.Link({_text(rng)}, url={rng.choice(_URLS)!r})"
    return _text(rng)


def _rich(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _text(rng)
    return "[" + ", ".join(_piece(rng) for _ in range(rng.randint(1, 4))) + "]"


def _metric(rng: random.Random) -> str:
    name = repr(rng.choice(["acc", "loss", "lr", "opt.name"]))
    return rng.choice([name, f"wr.Config({name})", f"wr.SummaryMetric({name})",
                       f"wr.Metric({name})"])  # fmt: skip


def _runset(rng: random.Random, index: int) -> str:
    args = [f"entity={rng.choice(['ent', 'other'])!r}", f"project={rng.choice(['proj', 'p2'])!r}",
            f"name='rs{index}'"]  # fmt: skip
    options: dict[str, Callable[[], str]] = {
        "query": lambda: repr(rng.choice(["bert", "", "a b"])),
        "filters": lambda: rng.choice([
            "\"Config('lr') >= 0.01 and State = 'finished'\"",
            "[expr.Summary('acc') >= 0.5, expr.Config('opt') == 'adam']",
            "expr.Or(expr.Config('lr') == 0.1, expr.Tags('tags').isin(['a']))",
            "''",
        ]),
        "groupby": lambda: repr(rng.sample(["group", "config.lr", "summary.acc", "run.jobType"],
                                           rng.randint(0, 2))),
        "order": lambda: "[" + ", ".join(
            f"wr.OrderBy({_metric(rng)}, ascending={rng.random() < 0.5})"
            for _ in range(rng.randint(0, 2))) + "]",
        "run_settings": lambda: "{" + ", ".join(
            f"'r{i}': wr.RunSettings(color={rng.choice(['', '#ff0000', 'blue'])!r}, "
            f"disabled={rng.random() < 0.5})" for i in range(rng.randint(0, 3))) + "}",
        "custom_run_colors": lambda: "{'c1': '#00ff00'}",
        "pinned_columns": lambda: repr(rng.sample(["summary:acc", "run:state", "config:lr.value"],
                                                  rng.randint(0, 2))),
        "visible_columns": lambda: repr(rng.sample(["run:state", "summary:loss"],
                                                   rng.randint(0, 2))),
        "hidden_columns": lambda: repr(rng.sample(["run:name", "summary:acc"], rng.randint(0, 2))),
        "column_order": lambda: repr(rng.sample(["summary:acc", "run:state", "config:x.value"],
                                                rng.randint(0, 3))),
        "column_widths": lambda: "{'summary:acc': 99}",
        "lock_columns": lambda: repr(rng.choice([True, False, None])),
    }  # fmt: skip
    for name in rng.sample(sorted(options), rng.randint(0, len(options))):
        args.append(f"{name}={options[name]()}")
    return f"wr.Runset({', '.join(args)})"


def _panel(rng: random.Random) -> str:
    layout = ""
    if rng.random() < 0.3:
        layout = f", layout=wr.Layout(x={rng.randint(0, 16)}, y={rng.randint(0, 6)}, w=8, h=6)"
    return rng.choice([
        f"wr.LinePlot(y=['loss'], title={_text(rng)}{layout})",
        f"wr.BarPlot(metrics=['acc'], orientation={rng.choice(['v', 'h'])!r}{layout})",
        f"wr.ScalarChart(metric='acc'{layout})",
        f"wr.ScatterPlot(x='lr', y='acc'{layout})",
        f"wr.MarkdownPanel(markdown={_text(rng)}{layout})",
        f"wr.ParallelCoordinatesPlot(columns=[wr.ParallelCoordinatesPlotColumn('lr')]{layout})",
    ])  # fmt: skip


def _grid(rng: random.Random) -> str:
    runsets = ", ".join(_runset(rng, i) for i in range(rng.randint(1, 3)))
    panels = ", ".join(_panel(rng) for _ in range(rng.randint(0, 4)))
    extra = ""
    if rng.random() < 0.3:
        extra += ", hide_run_sets=True"
    if rng.random() < 0.3:
        extra += ", custom_run_colors={'g1': '#123456', wr.RunsetGroup('rs0', "
        extra += "(wr.RunsetGroupKey(wr.Config('opt'), 'adam'),)): '#654321'}"
    return f"wr.PanelGrid(runsets=[{runsets}], panels=[{panels}]{extra})"


def _block(rng: random.Random, depth: int) -> str:
    kind = rng.randrange(22 if depth < 2 else 21)
    simple: list[Callable[[], str]] = [
        lambda: f"wr.P({_rich(rng)})",
        lambda: f"wr.BlockQuote({_rich(rng)})",
        lambda: f"wr.CalloutBlock({_rich(rng)})",
        lambda: f"wr.CodeBlock({_rich(rng)}, language={rng.choice(['python', 'yaml', None])!r})",
        lambda: f"wr.MarkdownBlock({_text(rng)})",
        lambda: f"wr.LatexBlock({_text(rng)})",
        lambda: f"wr.UnorderedList([{', '.join(_rich(rng) for _ in range(rng.randint(0, 3)))}])",
        lambda: f"wr.OrderedList([{', '.join(_rich(rng) for _ in range(rng.randint(0, 3)))}])",
        lambda: "wr.CheckedList([" + ", ".join(
            f"wr.CheckedListItem({_rich(rng)}, checked={rng.random() < 0.5})"
            for _ in range(rng.randint(0, 3))) + "])",
        lambda: f"wr.Image(url={rng.choice(_URLS)!r}, caption={_rich(rng)})",
        lambda: f"wr.Video(url={rng.choice(_URLS)!r})",
        lambda: "wr.HorizontalRule()",
        lambda: "wr.TableOfContents()",
        lambda: f"wr.interface.Spotify(spotify_id={_text(rng)})",
        lambda: f"wr.interface.SoundCloud(html={_text(rng)})",
        lambda: f"wr.interface.Twitter(html={_text(rng)})",
        lambda: "wr.Gallery(items=[wr.interface.GalleryReport('Vmlldzox'), "
                f"wr.interface.GalleryURL(url={rng.choice(_URLS)!r}, title={_text(rng)})])",
        lambda: f"wr.WeaveBlockSummaryTable(entity='e', project='p', table_name={_text(rng)})",
        lambda: f"wr.WeaveBlockArtifact(entity='e', project='p', artifact='a', "
                f"tab={rng.choice(['overview', 'files', 'lineage'])!r})",
        lambda: "wr.WeaveBlockArtifactVersionedFile(entity='e', project='p', artifact='a', "
                "version='v1', file='f.csv')",
        lambda: _grid(rng),
    ]  # fmt: skip
    if kind < len(simple):
        return simple[kind]()
    level = rng.choice([1, 2, 3])
    collapsed = ", ".join(_block(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return f"wr.H{level}({_rich(rng)}, collapsed_blocks=[{collapsed}])"


def report_source(rng: random.Random) -> str:
    """A random ``report = wr.Report(...)`` declaration."""
    blocks = ",\n    ".join(_block(rng, 0) for _ in range(rng.randint(0, 8)))
    width = rng.choice(["readable", "fixed", "fluid"])
    return (
        f"report = wr.Report(project='proj', entity='ent', title={_text(rng)}, "
        f"description={_text(rng)}, width={width!r}, blocks=[\n    {blocks}\n])\n"
    )
