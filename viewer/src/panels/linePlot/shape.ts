// Line plot data shaping, pure (no DOM, no fetching; unit-tested in viewer/test): the lines a
// plot draws, each line's columns from the fetched series (a group combined from its runs,
// log-scale filtering, smoothing), stacked areas, legend templates, the y range without
// outliers, and where the legend sits in which font.
import type uPlot from "uplot";
import type { Series } from "../../api";
import { FONT_SIZE_VALUES, LEGEND_POSITION_VALUES, type FontSize, type LegendPosition, type LinePlotConfig } from "../../generated/spec";
import { smooth } from "../../smoothing";
import { configOf, metricLabel, oneOf } from "../../spec";
import { ownGroupBy, panelLines, type Line } from "../../state";
import type { PanelContext } from "../common";
import { formatNumber, runValue } from "../values";

export type Col = (number | null)[];
export interface SeriesInfo {
  label: string;
  color: string;
  runs: string[];
  metric: string;
  kind: "line" | "original" | "low" | "high";
}
export interface Table {
  columns: Col[]; // [x, y, (low, high)]
  info: SeriesInfo[];
}

/** The line plot's config (its keys as the library's LinePlot declares them). */
export const lineConfig = (ctx: PanelContext): LinePlotConfig => configOf(ctx.panel, "Run History Line Plot");

/** The panel's own grouping (groupBy with aggregate): the config key, or null. */
export function panelGroupBy(ctx: PanelContext): string | null {
  return ownGroupBy(lineConfig(ctx));
}

/** The lines a line plot draws: enabled runs or run-set groups, or the panel's own groups
 *  of the enabled runs by a config value; at most maxRuns. */
export function linePlotLines(ctx: PanelContext): Line[] {
  return panelLines(ctx.runs, lineConfig(ctx), ctx.settings.maxRuns);
}

/** The tables of every line and metric that has data: one or two each (see lineTables). */
export function tablesFor(ctx: PanelContext, lines: Line[], metrics: string[], series: Series[]): Table[] {
  const byKey = new Map<string, Series>();
  for (const ser of series) if (ser.x.length) byKey.set(`${ser.run}\u0000${ser.metric}`, ser);
  const grouped = panelGroupBy(ctx) !== null || ctx.runs.groups.length > 0;
  const tables: Table[] = [];
  for (const metric of metrics) {
    for (const line of lines) {
      const members = line.runs.map((r) => byKey.get(`${r}\u0000${metric}`)).filter((x): x is Series => !!x);
      if (!members.length) continue;
      tables.push(...lineTables(ctx, line, metric, metrics.length > 1, members, grouped));
    }
  }
  return tables;
}

export function lineTables(
  ctx: PanelContext,
  line: Line,
  metric: string,
  manyMetrics: boolean,
  members: Series[],
  grouped: boolean,
): Table[] {
  const s = ctx.settings;
  const cfg = lineConfig(ctx);
  const id = `${line.runs.length === 1 && !grouped ? line.key : line.key}:${metric}`;
  const template = typeof cfg.legendTemplate === "string" && cfg.legendTemplate.trim() ? cfg.legendTemplate : null;
  const label =
    cfg.overrideSeriesTitles?.[id] ??
    (template
      ? legendLabel(template, line, metric, ctx)
      : manyMetrics ? `${line.label} ${metricLabel(metric)}` : line.label);
  const override = cfg.overrideColors?.[id] as string | { color?: string } | undefined;
  const color: string = (typeof override === "string" ? override : override?.color) ?? line.color;
  const base = { color, runs: line.runs, metric };
  const smoothing = s.smoothingType !== "none" && s.smoothingWeight > 0;
  let x: number[];
  let y: Col;
  let band: [Col, Col] | null = null;
  if (grouped) {
    const g = combine(members, String(cfg.groupAgg ?? "mean"), String(cfg.groupArea ?? "minmax"));
    x = g.x;
    y = g.y;
    band = g.band;
  } else {
    x = members[0].x;
    y = members[0].mean;
  }
  if (cfg.yLogScale) {
    const positive = (c: Col): Col => c.map((v) => (v !== null && v > 0 ? v : null));
    y = positive(y);
    if (band) band = [positive(band[0]), positive(band[1])];
  }
  const tables: Table[] = [];
  if (smoothing && s.showOriginal) {
    tables.push({ columns: [x, y], info: [{ ...base, label: `${label} (original)`, kind: "original" }] });
  }
  const shown = smoothing ? smooth(s.smoothingType, s.smoothingWeight, x, y) : y;
  const main: Table = { columns: [x, shown], info: [{ ...base, label, kind: "line" }] };
  if (band) {
    main.columns.push(band[0], band[1]);
    main.info.push({ ...base, label: `${label} (low)`, kind: "low" }, { ...base, label: `${label} (high)`, kind: "high" });
  }
  tables.push(main);
  return tables;
}

/** A legend template with its `${...}` fields filled in for a line: `${run:displayName}`,
 *  `${run:name}`, `${config:lr}`, `${summary:acc}` (from the line's first run), `${metric}`
 *  or `${metricName}`, `${group}` / `${groupName}`, and a bare `${lr}` as a config then a
 *  summary key. A field the run does not have is left empty. */
export function legendLabel(template: string, line: Line, metric: string, ctx: PanelContext): string {
  const run = ctx.runs.all.find((r) => r.name === line.runs[0]);
  const grouped = line.runs.length > 1 || line.key.includes("group:");
  return template.replace(/\$\{([^}]*)\}/g, (_m, field: string) => {
    const f = field.trim();
    if (f === "metric" || f === "metricName") return metricLabel(metric);
    if (f === "group" || f === "groupName") return grouped ? line.label : String(run?.group?.join(" / ") ?? "");
    if (!run) return "";
    if (grouped && (f === "run:displayName" || f === "runName" || f === "run:name")) return line.label;
    if (f === "runName") return run.displayName;
    let v: unknown;
    if (f.startsWith("run:")) v = (run as unknown as Record<string, unknown>)[f.slice(4) === "id" ? "name" : f.slice(4)];
    else if (f.includes(":")) v = runValue(run, f);
    else {
      v = runValue(run, `config:${f}`);
      if (v === undefined) v = runValue(run, `summary:${f}`);
    }
    if (v === undefined || v === null) return "";
    if (typeof v === "number") return formatNumber(v);
    return typeof v === "string" ? v : JSON.stringify(v);
  });
}

/** Stacked (or percent) areas: each line resampled on the union of x, then the running
 *  sum over the lines in order (as a share of the total in percent for pct-area). A line
 *  adds 0 where it has no value. Faint originals and group bands are not drawn. */
export function stack(tables: Table[], percent: boolean): { data: uPlot.AlignedData; info: SeriesInfo[] } {
  const mains = tables.filter((t) => t.info[0].kind === "line");
  const xs = [...new Set(mains.flatMap((t) => t.columns[0] as number[]))].sort((a, b) => a - b);
  const cols = mains.map((t) => resample(t.columns[0] as number[], t.columns[1].map((v) => v ?? NaN), xs).map((v) => (v !== null && Number.isFinite(v) ? v : 0)));
  const totals = xs.map((_, i) => cols.reduce((a, c) => a + c[i], 0));
  const out: Col[] = [];
  let running = xs.map(() => 0);
  for (const c of cols) {
    running = running.map((v, i) => v + c[i]);
    out.push(percent ? running.map((v, i) => (totals[i] ? (v / totals[i]) * 100 : null)) : running.slice());
  }
  return { data: [xs, ...out] as uPlot.AlignedData, info: mains.map((t) => t.info[0]) };
}

/** A group's line and band from its runs: each run's line resampled on the union of x. */
export function combine(members: Series[], agg: string, area: string): { x: number[]; y: Col; band: [Col, Col] | null } {
  const xs = [...new Set(members.flatMap((m) => m.x))].sort((a, b) => a - b);
  const cols = members.map((m) => resample(m.x, m.mean, xs));
  const y: Col = [];
  const lo: Col = [];
  const hi: Col = [];
  for (let i = 0; i < xs.length; i++) {
    const vals: number[] = [];
    for (const c of cols) {
      const v = c[i];
      if (v !== null && Number.isFinite(v)) vals.push(v);
    }
    if (!vals.length) {
      y.push(null);
      lo.push(null);
      hi.push(null);
      continue;
    }
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    const sorted = vals.slice().sort((a, b) => a - b);
    const centre =
      agg === "min" ? sorted[0] : agg === "max" ? sorted[sorted.length - 1]
      : agg === "median" ? sorted[sorted.length >> 1]
      : agg === "sum" ? vals.reduce((a, b) => a + b, 0) : mean;
    y.push(centre);
    const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length);
    if (area === "stddev") {
      lo.push(centre - sd);
      hi.push(centre + sd);
    } else if (area === "stderr") {
      lo.push(centre - sd / Math.sqrt(vals.length));
      hi.push(centre + sd / Math.sqrt(vals.length));
    } else {
      lo.push(sorted[0]);
      hi.push(sorted[sorted.length - 1]);
    }
  }
  return { x: xs, y, band: area === "none" ? null : [lo, hi] };
}

/** A line's y values at the x values `at`: linear between its points, none outside them. */
export function resample(x: number[], y: number[], at: number[]): Col {
  const out: Col = new Array(at.length).fill(null);
  let j = 0;
  for (let i = 0; i < at.length; i++) {
    const t = at[i];
    if (t < x[0] || t > x[x.length - 1]) continue;
    while (j < x.length - 1 && x[j + 1] < t) j++;
    if (x[j] === t) out[i] = y[j];
    else if (j + 1 < x.length) {
      const f = (t - x[j]) / (x[j + 1] - x[j] || 1);
      out[i] = y[j] + f * (y[j + 1] - y[j]);
    } else out[i] = y[j];
  }
  return out;
}

export interface Look {
  legend: LegendPosition; // where the legend sits (south, below the chart, by default)
  fontSize: string | null; // the panel's fontSize, "auto" resolved to small/medium/large
  font: { tick: number; legend: number } | null; // pixels; null: the default look
}

const FONTS: Record<Exclude<FontSize, "auto">, { tick: number; legend: number }> = {
  small: { tick: 10, legend: 10 },
  medium: { tick: 12, legend: 12 },
  large: { tick: 15, legend: 14 },
};

/** The panel's legendPosition (north, south, east, west) and fontSize (small, medium,
 *  large, or auto: by the panel's width, so a full-screen chart reads larger). */
export function appearance(cfg: LinePlotConfig, width: number): Look {
  const legend: LegendPosition = oneOf(LEGEND_POSITION_VALUES, cfg.legendPosition) ? cfg.legendPosition : "south";
  let size: FontSize | null = oneOf(FONT_SIZE_VALUES, cfg.fontSize) ? cfg.fontSize : null;
  if (size === "auto") size = width < 360 ? "small" : width >= 1000 ? "large" : "medium";
  return { legend, fontSize: size, font: size ? FONTS[size] : null };
}

/** The y range: the panel's yAxisMin/yAxisMax, or without outliers (the 5th to 95th
 *  percentile of the lines' values, padded) when ignoreOutliers; null: fit the data. */
export function yBounds(cfg: LinePlotConfig, ignoreOutliers: boolean, data: uPlot.AlignedData, info: SeriesInfo[]): [number | null, number | null] | null {
  const lo = typeof cfg.yAxisMin === "number" ? cfg.yAxisMin : null;
  const hi = typeof cfg.yAxisMax === "number" ? cfg.yAxisMax : null;
  if (lo !== null || hi !== null) return [lo, hi];
  if (!ignoreOutliers) return null;
  const vals: number[] = [];
  info.forEach((si, i) => {
    if (si.kind !== "line") return;
    for (const v of data[i + 1]) if (v !== null && v !== undefined && Number.isFinite(v)) vals.push(v);
  });
  if (vals.length < 20) return null;
  vals.sort((a, b) => a - b);
  const p = (q: number) => vals[Math.floor(q * (vals.length - 1))];
  const [a, b] = [p(0.05), p(0.95)];
  const pad = (b - a) * 0.1 || 1;
  return [a - pad, b + pad];
}
