// "Scatter Plot": one point per run, x and y from summary, config or run fields.
import uPlot from "uplot";
import { clear } from "../dom";
import { configOf } from "../spec";
import { linesFor } from "../state";
import { axisTicks, fitToBody, markState, runValue, showState, type PanelComponent } from "./common";

const label = (key: string) => key.replace(/^(summary|run|config):/, "").replace(/\.value(\.|$)/, "$1");

export const ScatterPlot: PanelComponent = (ctx, body) => {
  const cfg = configOf(ctx.panel, "Scatter Plot");
  const xKey = String(cfg.xAxis ?? "");
  const yKey = String(cfg.yAxis ?? "");
  if (!xKey || !yKey) {
    showState(ctx, body, "empty", "This scatter plot needs both an x and a y metric.");
    return { destroy() {} };
  }
  if (!ctx.runs.all.length) {
    showState(ctx, body, "empty", ctx.runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const byName = new Map(ctx.runs.all.map((r) => [r.name, r]));
  const points: { x: number; y: number; label: string; color: string }[] = [];
  for (const line of linesFor({ ...ctx.runs, groups: [] }, 500)) {
    const run = byName.get(line.runs[0])!;
    const x = toNumber(runValue(run, xKey));
    const y = toNumber(runValue(run, yKey));
    if (x !== null && y !== null) points.push({ x, y, label: line.label, color: line.color });
  }
  if (!points.length) {
    showState(ctx, body, "empty", `No run has both \`${label(xKey)}\` and \`${label(yKey)}\`.`);
    return { destroy() {} };
  }
  points.sort((a, b) => a.x - b.x);
  const xs = points.map((p) => p.x);
  const data: (number | null)[][] = [xs];
  const series: uPlot.Series[] = [{ label: label(xKey) }];
  const perRun = points.length <= 100;
  if (perRun) {
    points.forEach((p, i) => {
      data.push(points.map((_, j) => (j === i ? p.y : null)));
      series.push({ label: p.label, stroke: p.color, paths: () => null, points: { show: true, size: 7, fill: p.color } });
    });
  } else {
    data.push(points.map((p) => p.y));
    series.push({ label: label(yKey), stroke: "#5387DD", paths: () => null, points: { show: true, size: 5 } });
  }
  let regression: { slope: number; intercept: number } | null = null;
  if (cfg.showLinearRegression && points.length >= 2) {
    regression = fit(points);
    data.push(xs.map((x) => regression!.intercept + regression!.slope * x));
    series.push({ label: "linear fit", stroke: "#444", width: 1, dash: [6, 4], points: { show: false } });
  }
  clear(body);
  const plot = new uPlot(
    {
      width: Math.max(body.clientWidth, 120),
      height: Math.max(body.clientHeight - 4, 80),
      legend: { show: false },
      scales: { x: { time: false, distr: cfg.xAxisLogScale ? 3 : 1 }, y: { distr: cfg.yAxisLogScale ? 3 : 1 } },
      axes: [
        { label: label(xKey), ...axisTicks(Boolean(cfg.xAxisLogScale)) },
        { label: label(yKey), ...axisTicks(Boolean(cfg.yAxisLogScale)), size: 56 },
      ],
      series,
    },
    data as uPlot.AlignedData,
    body,
  );
  const resize = new ResizeObserver(() => fitToBody(plot, body));
  resize.observe(body);
  markState(ctx, body, "ready", { data: { points, regression }, series: points.map((p) => ({ label: p.label, color: p.color })) });
  return {
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
};

function toNumber(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function fit(points: { x: number; y: number }[]): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const slope = sxx ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}
