// "Bar Chart": a summary metric per run (or group: the run set's, or the panel's own
// groupBy with aggregate, the groupAgg of its runs' values), horizontal unless `vertical`.
import uPlot from "uplot";
import { faint, paletteColor } from "../colors";
import { clear } from "../dom";
import { configOf, metricLabel } from "../spec";
import { panelLines } from "../state";
import { aggregate, fitToBody, formatNumber, labelWidth, markState, runValue, showState, type PanelComponent } from "./common";

export const BarPlot: PanelComponent = (ctx, body) => {
  const cfg = configOf(ctx.panel, "Bar Chart");
  const metrics: string[] = (cfg.metrics ?? []).filter((m: unknown) => typeof m === "string" && m);
  if (!metrics.length) {
    showState(ctx, body, "empty", "This bar chart has no metrics.");
    return { destroy() {} };
  }
  if (!ctx.runs.all.length) {
    showState(ctx, body, "empty", ctx.runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const byName = new Map(ctx.runs.all.map((r) => [r.name, r]));
  const lines = panelLines(ctx.runs, cfg, Number(cfg.limit ?? cfg.barLimit ?? ctx.settings.maxRuns));
  const agg = String(cfg.groupAgg ?? "mean");
  const labels: string[] = [];
  const colors: string[] = [];
  const cols: (number | null)[][] = metrics.map(() => []);
  for (const line of lines) {
    const row = metrics.map((m) => {
      const vals = line.runs
        .map((r) => runValue(byName.get(r)!, `summary:${m.replace(/^summary_metrics\./, "")}`))
        .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      return vals.length ? aggregate(vals, agg) : null;
    });
    if (row.every((v) => v === null)) continue;
    labels.push(line.label);
    colors.push(line.color);
    row.forEach((v, i) => cols[i].push(v));
  }
  if (!labels.length) {
    showState(ctx, body, "empty", `No run logged ${metrics.map((m) => `\`${m}\``).join(", ")}.`);
    return { destroy() {} };
  }
  clear(body);
  const vertical = cfg.vertical === true;
  const xs = labels.map((_, i) => i);
  const data: uPlot.AlignedData = [xs, ...cols];
  const n = metrics.length;
  const series: uPlot.Series[] = [{ label: "run" }];
  metrics.forEach((m, i) => {
    // one metric: each bar in its run's colour; several: one palette colour per metric
    const fill = n === 1 ? colors : labels.map(() => paletteColor(i));
    series.push({
      label: metricLabel(m),
      stroke: paletteColor(i),
      fill: faint(paletteColor(i), 0.6),
      points: { show: false },
      paths: uPlot.paths.bars!({
        size: [0.8 / n, 100],
        align: n === 1 ? 0 : 1,
        disp: { fill: { unit: 3, values: () => fill }, stroke: { unit: 3, values: () => fill } },
      } as uPlot.Series.BarsPathBuilderOpts),
    });
  });
  // bars start at zero (or reach below it): their length is the value
  const values = cols.flat().filter((v): v is number => v !== null);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const pad = (high - low) * 0.05 || 1;
  const valueRange: [number, number] = [low < 0 ? low - pad : 0, high > 0 ? high + pad : 0];
  const plot = new uPlot(
    {
      width: Math.max(body.clientWidth, 120),
      height: Math.max(body.clientHeight - 4, 80),
      legend: { show: n > 1 && !ctx.settings.suppressLegends },
      scales: { x: { time: false, ori: vertical ? 0 : 1, range: [-0.5, labels.length - 0.5] }, y: { ori: vertical ? 1 : 0, range: valueRange } as any },
      axes: [
        { side: vertical ? 2 : 3, values: (_u, vals) => vals.map((v) => labels[v] ?? ""), splits: () => xs, gap: 4, size: vertical ? 40 : labelWidth(labels, 50, 170), grid: { show: false } },
        { side: vertical ? 3 : 2, values: (_u, vals) => vals.map(formatNumber), size: vertical ? 56 : 30 },
      ],
      series,
    },
    data,
    body,
  );
  fitToBody(plot, body);
  const resize = new ResizeObserver(() => fitToBody(plot, body));
  resize.observe(body);
  markState(ctx, body, "ready", { data, series: labels.map((l, i) => ({ label: l, color: colors[i] })) });
  return {
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
};
