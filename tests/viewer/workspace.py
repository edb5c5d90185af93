"""The workspace the browser tests render: the common panel types, a code comparer, pinned,
closed and custom-layout sections."""

from __future__ import annotations

import wandb_workspaces.reports.v2 as wr
import wandb_workspaces.workspaces as ws

ENTITY = "alice"
PROJECT = "vision"


def demo_workspace(**runset: object) -> ws.Workspace:
    return ws.Workspace(
        name="Test workspace",
        entity=ENTITY,
        project=PROJECT,
        sections=[
            ws.Section(
                name="Training",
                is_open=True,
                panels=[
                    wr.LinePlot(title="loss", x="Step", y=["loss"]),
                    wr.LinePlot(
                        title="smoothed",
                        y=["loss", "val_loss"],
                        smoothing_type="exponential",
                        smoothing_factor=0.8,
                        smoothing_show_original=True,
                    ),
                    wr.LinePlot(title="accuracy (log y)", y=["acc"], log_y=True),
                    wr.LinePlot(title="never logged", y=["does_not_exist"]),
                ],
            ),
            ws.Section(
                name="Summary",
                is_open=True,
                pinned=True,
                panels=[
                    wr.ScalarChart(title="mean acc", metric="acc"),
                    wr.BarPlot(title="acc per run", metrics=["acc"]),
                    wr.ScatterPlot(
                        title="acc vs lr",
                        x=wr.Config("lr"),
                        y=wr.SummaryMetric("acc"),
                        regression=True,
                    ),
                    wr.MarkdownPanel(markdown="# Notes\nThe **baseline** sweep; see `loss`."),
                    wr.CodeComparer(),  # the runs saved no code: an empty state that says so
                ],
            ),
            ws.Section(name="Closed", is_open=False, panels=[wr.LinePlot(y=["loss"])]),
            ws.Section(
                name="Custom",
                is_open=True,
                layout_settings=ws.SectionLayoutSettings(layout="custom"),
                panels=[
                    wr.LinePlot(
                        title="wide", y=["val_loss"], layout=wr.Layout(x=0, y=0, w=16, h=6)
                    ),
                    wr.MarkdownPanel(markdown="side note", layout=wr.Layout(x=16, y=0, w=8, h=6)),
                ],
            ),
        ],
        runset_settings=ws.RunsetSettings(
            run_settings={
                "run001": ws.RunSettings(color="#ff0000"),
                "run002": ws.RunSettings(disabled=True),
            },
            **runset,  # type: ignore[arg-type]
        ),
        settings=ws.WorkspaceSettings(max_runs=10),
    )
