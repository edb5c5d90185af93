"""``panelbank demo``: sample runs, a sample workspace and report, the server, the URLs.

The runs are :func:`panelbank.demo.create_demo_project` (an image-classification sweep
with optimizers, learning rates, model sizes and a few crashes); the workspace is declared
with the public library below (:func:`demo_workspace`) and saved as the view
``nw-demo-v``; the report (:func:`demo_report`) is saved through the library's
``Report.save()`` into the same store. Running it again updates the same runs, view and
report instead of adding more. The server opens without login (``no_auth``), so it binds
to loopback only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import wandb_workspaces.expr as expr
import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

from ..ingest.synthetic_charts import CONFUSION_KEY, HISTOGRAM_KEY, PREDICTIONS_KEY
from ..settings import default_username
from ._base import check_port, loopback_settings, serve_until_stopped

if TYPE_CHECKING:
    from ..history import HistoryStore
    from ..store import Store
    from ..store.models import RunRecord, View

__all__ = [
    "DEMO_ENTITY",
    "DEMO_REPORT_TITLE",
    "DEMO_VIEW",
    "demo_command",
    "demo_report",
    "demo_workspace",
    "prepare_demo",
    "save_demo_report",
]

DEMO_ENTITY = "demo"
DEMO_VIEW = "nw-demo-v"  # opened as ?nw=demo
DISPLAY_NAME = "Image classification sweep"
DEMO_REPORT_TITLE = "Adam or SGD"

ABOUT = """### An image-classification sweep

Sample runs that `panelbank demo` wrote into the local store: **adam** and **sgd** at
four learning rates each, three model sizes and three learning-rate schedules, trained
for 500 steps on CIFAR-10. About one run in eight crashes (out of memory, or a loss
that diverges); those are switched off in the runs table (the eye).

The runs table is sorted by the best validation accuracy, so the panels draw the top
runs. This workspace is plain Python: see `src/panelbank/commands/demo.py`.
"""


def demo_workspace(project: str, crashed: list[str]) -> ws.Workspace:
    """The demo's workspace; ``crashed`` runs start switched off."""
    smooth = {"smoothing_type": "exponential", "smoothing_factor": 0.6}
    return ws.Workspace(
        name=DISPLAY_NAME,
        entity=DEMO_ENTITY,
        project=project,
        sections=[
            ws.Section(
                name="Overview",
                is_open=True,
                pinned=True,
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panels=[
                    wr.MarkdownPanel(markdown=ABOUT, layout=wr.Layout(x=0, y=0, w=12, h=6)),
                    wr.ScalarChart(
                        title="Best validation accuracy",
                        metric="best/val_acc",
                        groupby_aggfunc="max",
                        layout=wr.Layout(x=12, y=0, w=6, h=6),
                    ),
                    wr.ScalarChart(
                        title="Median final validation loss",
                        metric="val/loss",
                        groupby_aggfunc="median",
                        layout=wr.Layout(x=18, y=0, w=6, h=6),
                    ),
                ],
            ),
            ws.Section(
                name="Training curves",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=2, rows=2),
                panels=[
                    wr.LinePlot(title="Training loss", y=["train/loss"], **smooth),  # type: ignore[arg-type]
                    wr.LinePlot(title="Validation loss", y=["val/loss"]),
                    wr.LinePlot(title="Validation accuracy", y=["val/acc"], range_y=(0, 1)),
                    wr.LinePlot(
                        title="Learning-rate schedule", y=["lr"], log_y=True, range_y=(1e-5, 1)
                    ),
                ],
            ),
            ws.Section(
                name="Sample predictions",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panels=[
                    wr.MediaBrowser(
                        title="Predicted masks and boxes",
                        media_keys=["predictions"],
                        gallery_axis="step",
                        num_columns=3,
                        layout=wr.Layout(x=0, y=0, w=14, h=10),
                    ),
                    wr.MediaBrowser(
                        title="Audio samples",
                        media_keys=["samples/audio"],
                        mode="grid",
                        grid_x_axis="run",
                        grid_y_axis="step",
                        layout=wr.Layout(x=14, y=0, w=10, h=10),
                    ),
                ],
            ),
            ws.Section(
                name="Grouped comparisons",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=2, rows=1),
                panels=[
                    wr.LinePlot(
                        title="Validation loss by model size (mean ± std)",
                        y=["val/loss"],
                        groupby=wr.Config("model_size"),
                        groupby_aggfunc="mean",
                        groupby_rangefunc="stddev",
                    ),
                    wr.LinePlot(
                        title="Training accuracy by optimizer (mean, min-max)",
                        y=["train/acc"],
                        groupby=wr.Config("optimizer"),
                        groupby_aggfunc="mean",
                        groupby_rangefunc="minmax",
                        **smooth,  # type: ignore[arg-type]
                    ),
                ],
            ),
            ws.Section(
                name="Predictions and distributions",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panels=[
                    wr.LinePlot(
                        title="Weights over steps",
                        y=[HISTOGRAM_KEY],
                        layout=wr.Layout(x=0, y=0, w=12, h=9),
                    ),
                    wr.CustomChart(
                        query={"summaryTable": {"tableKey": CONFUSION_KEY}},
                        chart_name="wandb/confusion_matrix/v1",
                        chart_fields={
                            "Actual": "Actual",
                            "Predicted": "Predicted",
                            "nPredictions": "nPredictions",
                        },
                        chart_strings={"title": "Confusion matrix"},
                        layout=wr.Layout(x=12, y=0, w=12, h=9),
                    ),
                    wr.WeavePanelSummaryTable(
                        table_name=PREDICTIONS_KEY, layout=wr.Layout(x=0, y=9, w=14, h=9)
                    ),
                    wr.CodeComparer(layout=wr.Layout(x=14, y=9, w=10, h=9)),
                ],
            ),
            ws.Section(
                name="Summary",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(columns=3, rows=1),
                panels=[
                    wr.BarPlot(title="Best validation accuracy per run", metrics=["best/val_acc"]),
                    wr.ScatterPlot(
                        title="Learning rate vs final validation loss",
                        x=wr.Config("lr"),
                        y=wr.SummaryMetric("val/loss"),
                        log_x=True,
                    ),
                    wr.ScatterPlot(
                        title="Training vs validation accuracy",
                        x=wr.SummaryMetric("train/acc"),
                        y=wr.SummaryMetric("val/acc"),
                        regression=True,
                    ),
                ],
            ),
            ws.Section(
                name="Hyperparameters",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panels=[
                    wr.ParallelCoordinatesPlot(
                        title="Hyperparameters and results",
                        columns=[
                            wr.ParallelCoordinatesPlotColumn(metric=wr.Config("optimizer")),
                            wr.ParallelCoordinatesPlotColumn(metric=wr.Config("lr"), log=True),
                            wr.ParallelCoordinatesPlotColumn(metric=wr.Config("model_size")),
                            wr.ParallelCoordinatesPlotColumn(metric=wr.Config("schedule")),
                            wr.ParallelCoordinatesPlotColumn(
                                metric=wr.SummaryMetric("best/val_acc"),
                                display_name="best val acc",
                            ),
                        ],
                        layout=wr.Layout(x=0, y=0, w=14, h=7),
                    ),
                    wr.ParameterImportancePlot(
                        with_respect_to="best/val_acc", layout=wr.Layout(x=14, y=0, w=10, h=7)
                    ),
                    wr.RunComparer(diff_only="split", layout=wr.Layout(x=0, y=7, w=24, h=7)),
                ],
            ),
            ws.Section(
                name="System",
                is_open=False,
                panels=[wr.LinePlot(title="Gradient norm", y=["grad_norm"])],
            ),
        ],
        runset_settings=ws.RunsetSettings(
            order=[expr.Ordering(expr.Summary("best/val_acc"), ascending=False)],
            run_settings={name: ws.RunSettings(disabled=True) for name in crashed},
            pinned_columns=["summary:best/val_acc", "config:optimizer", "config:lr"],
        ),
        settings=ws.WorkspaceSettings(max_runs=8, tooltip_number_of_runs="all"),
    )


REPORT_TEXT = (
    "The runs of the sample sweep trained the same image classifier with adam or sgd at "
    "four learning rates, three model sizes and three schedules. The panels below group "
    "them by optimiser: the line is the mean, the band the range."
)

REPRODUCE = """import wandb_workspaces.reports.v2 as wr

# panelbank demo saves this report with Report.save() (src/panelbank/commands/demo.py);
# load it by its address, change it, and save it again:
report = wr.Report.from_url(url)
report.blocks.append(wr.P("One more finding."))
report.save()"""


def demo_report(project: str) -> wr.Report:
    """The demo's report: a heading and text, a panel grid comparing the optimisers over
    the sample sweep, and a code block."""
    by_optimiser = {
        "groupby": wr.Config("optimizer"),
        "groupby_aggfunc": "mean",
        "groupby_rangefunc": "minmax",
    }
    return wr.Report(
        entity=DEMO_ENTITY,
        project=project,
        title=DEMO_REPORT_TITLE,
        description="The optimisers of the sample sweep compared.",
        blocks=[
            wr.H1("Adam or SGD?"),
            wr.P(REPORT_TEXT),
            wr.PanelGrid(
                runsets=[wr.Runset(DEMO_ENTITY, project, name="The sweep")],
                panels=[
                    wr.LinePlot(
                        title="Validation accuracy by optimiser",
                        y=["val/acc"],
                        layout=wr.Layout(x=0, y=0, w=12, h=8),
                        **by_optimiser,  # type: ignore[arg-type]
                    ),
                    wr.LinePlot(
                        title="Training loss by optimiser",
                        y=["train/loss"],
                        smoothing_factor=0.6,
                        layout=wr.Layout(x=12, y=0, w=12, h=8),
                        **by_optimiser,  # type: ignore[arg-type]
                    ),
                    wr.BarPlot(
                        title="Best validation accuracy",
                        metrics=["best/val_acc"],
                        groupby="optimizer",
                        groupby_aggfunc="max",
                        layout=wr.Layout(x=0, y=8, w=12, h=8),
                    ),
                    wr.ScatterPlot(
                        title="Learning rate vs best validation accuracy",
                        x=wr.Config("lr"),
                        y=wr.SummaryMetric("best/val_acc"),
                        log_x=True,
                        layout=wr.Layout(x=12, y=8, w=12, h=8),
                    ),
                ],
            ),
            wr.H2("Edit it as code"),
            wr.CodeBlock(code=list[Any](REPRODUCE.splitlines()), language="python"),
        ],
    )


def save_demo_report(store: Store, app_url: str) -> str:
    """Save (or update) the demo report through the library into ``store``; its address."""
    import wandb_workspaces.backends as backends

    from ..demo import DEMO_PROJECT
    from ..store.backend import LocalBackend

    report = demo_report(DEMO_PROJECT)
    saved = store.find_views(DEMO_ENTITY, DEMO_PROJECT, type="runs", display_name=DEMO_REPORT_TITLE)
    if saved:
        report.id = saved[0].id  # update it instead of adding another
    backends.configure(backend=LocalBackend(store=store, app_url=app_url))
    try:
        report.save()
        return report.url
    finally:
        backends.configure()  # forget: nothing else in this process saves there by accident


def prepare_demo(
    store: Store, history: HistoryStore, *, runs: int = 24, files_root: Path | None = None
) -> tuple[list[RunRecord], View]:
    """Write (or update) the demo runs and save the demo workspace over its view."""
    from ..demo import DEMO_PROJECT, create_demo_project

    written = create_demo_project(
        store, history, entity=DEMO_ENTITY, runs=runs, username=DEMO_ENTITY, files_root=files_root
    )
    crashed = [run.name for run in written if run.state != "finished"]
    spec = demo_workspace(DEMO_PROJECT, crashed).to_spec()
    view, _ = store.upsert_view(
        entity=DEMO_ENTITY,
        project=DEMO_PROJECT,
        name=DEMO_VIEW,
        display_name=DISPLAY_NAME,
        type="project-view",
        spec=json.dumps(spec),
        username=DEMO_ENTITY,
    )
    return written, view


@click.command("demo")
@click.option(
    "--home",
    default=None,
    type=click.Path(path_type=Path),
    help="Where the store lives "
    "(default: PANELBANK_HOME or ~/.panelbank); the demo project is added to it.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="A loopback address.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to serve on.")
@click.option(
    "--runs",
    default=24,
    show_default=True,
    type=click.IntRange(1, 200),
    help="How many sample runs.",
)
@click.option("--no-open", is_flag=True, help="Do not open a browser; just print the URL.")
def demo_command(home: Path | None, host: str, port: int, runs: int, no_open: bool) -> None:
    """Create sample runs and a sample workspace, serve them and print the URL."""
    from ..demo import DEMO_PROJECT
    from ..history import HistoryStore
    from ..server import create_app
    from ..store import Store

    settings = loopback_settings(
        "demo",
        "use 127.0.0.1, or `panelbank serve` to share with keys",
        home=home,
        host=host,
        port=port,
    )
    check_port(settings.host, port)
    store = Store.open(settings.database_url, home=settings.home)
    history = HistoryStore(settings.home / "history")
    try:
        store.ensure_user(default_username())
        written, _ = prepare_demo(store, history, runs=runs, files_root=settings.home / "files")
        report_url = save_demo_report(store, settings.public_url)
        url = f"{settings.public_url}/{DEMO_ENTITY}/{DEMO_PROJECT}?nw=demo"
        message = (
            f"panelbank demo: {len(written)} sample runs in {DEMO_ENTITY}/{DEMO_PROJECT} "
            f"(store: {store.url})\n\n  Open the workspace:  {url}\n"
            f"  Open the report:     {report_url}\n\n"
            "  No login needed: the demo serves without authentication on loopback only.\n"
            "  Press Ctrl+C to stop."
        )
        app = create_app(settings, store=store, history=history)
        serve_until_stopped(app, settings.host, port, message, None if no_open else url)
    finally:
        history.close()
        store.close()
