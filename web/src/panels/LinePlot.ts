// "Run History Line Plot": metrics of runs (or groups of runs) against step or any metric.
import uPlot from "uplot";
import { fetchHistory, runKeys, type Series } from "../api";
import { faint } from "../colors";
import { clear } from "../dom";
import { smooth } from "../smoothing";
import { metricLabel } from "../spec";
import { linesFor, panelGroups, type Line } from "../state";
import { axisTicks, errorText, fitToBody, formatNumber, markState, runValue, showState, type PanelComponent, type PanelContext } from "./common";
import { tooltipPlugin } from "./tooltip";

type Col = (number | null)[];
export interface SeriesInfo {
  label: string;
  color: string;
  runs: string[];
  metric: string;
  kind: "line" | "original" | "low" | "high";
}
interface Table {
  columns: Col[]; // [x, y, (low, high)]
  info: SeriesInfo[];
}

const DASHES: Record<string, number[] | undefined> = {
  dashed: [8, 4],
  dotted: [2, 3],
  dotdash: [2, 3, 8, 3],
  dotdotdash: [2, 3, 2, 3, 8, 3],
};

export const LinePlot: PanelComponent = (first, body) => {
  let ctx = first;
  let plot: uPlot | null = null;
  let zoom: [number, number] | null = null;
  let abort: AbortController | null = null;
  let fetchedFor = 0; // the points the data on screen was fetched for (the body's width)
  let refetch: ReturnType<typeof setTimeout> | undefined;
  // resized (full screen, the window): lay the chart out again at once; when the width
  // changed by more than a fifth, fetch the data again for the new width
  const resize = new ResizeObserver(() => {
    if (plot) fitToBody(plot, body);
    if (!body.clientWidth || !fetchedFor) return;
    if (Math.abs(pointsFor(body) - fetchedFor) <= fetchedFor * 0.2) return;
    clearTimeout(refetch);
    refetch = setTimeout(() => void load(), 120);
  });
  resize.observe(body);

  async function load(): Promise<void> {
    abort?.abort();
    abort = new AbortController();
    const signal = abort.signal;
    fetchedFor = pointsFor(body);
    try {
      const view = await draw(ctx, body, zoom, signal, {
        onZoom: (range) => {
          zoom = range;
          void load();
        },
        onReset: () => {
          if (zoom) {
            zoom = null;
            void load();
          }
        },
      });
      if (signal.aborted) {
        view?.destroy();
        return;
      }
      plot?.destroy();
      plot = view;
    } catch (err) {
      if (signal.aborted) return;
      plot?.destroy();
      plot = null;
      showState(ctx, body, "error", `Could not load the history: ${errorText(err)}`);
    }
  }
  void load();
  return {
    // new runs or rows: fetch and draw again over the same x range (a zoom is kept)
    update(next) {
      ctx = next;
      void load();
    },
    destroy() {
      clearTimeout(refetch);
      abort?.abort();
      resize.disconnect();
      plot?.destroy();
    },
  };
};

/** Points per line to ask the server for: one per pixel of the panel's width. */
function pointsFor(body: HTMLElement): number {
  return Math.min(Math.max(Math.round(body.clientWidth || 400), 100), 2000);
}

/** The panel's own grouping (groupBy with aggregate): the config key, or null. */
function panelGroupBy(ctx: PanelContext): string | null {
  const cfg = ctx.panel.config;
  return cfg.aggregate === true && typeof cfg.groupBy === "string" && cfg.groupBy && cfg.groupBy !== "None" ? cfg.groupBy : null;
}

/** The lines a line plot draws: enabled runs or run-set groups, or the panel's own groups
 *  of the enabled runs by a config value; at most maxRuns. */
export function linePlotLines(ctx: PanelContext): Line[] {
  const groupBy = panelGroupBy(ctx);
  return groupBy ? panelGroups(ctx.runs, groupBy, ctx.settings.maxRuns) : linesFor(ctx.runs, ctx.settings.maxRuns);
}

function size(body: HTMLElement): { width: number; height: number } {
  return { width: Math.max(body.clientWidth, 120), height: Math.max(body.clientHeight - 4, 80) };
}

async function metricsOf(ctx: PanelContext, lines: Line[]): Promise<string[]> {
  const cfg = ctx.panel.config;
  const listed: string[] = (Array.isArray(cfg.metrics) ? cfg.metrics : []).filter(
    (m: unknown): m is string => typeof m === "string" && m !== "",
  );
  if (!cfg.metricRegex || cfg.useMetricRegex === false) return listed;
  let re: RegExp;
  try {
    re = new RegExp(String(cfg.metricRegex));
  } catch {
    throw new Error(`the metric regex ${String(cfg.metricRegex)} is not a valid regular expression`);
  }
  const names = new Set<string>();
  const sample = [...new Set(lines.flatMap((l) => l.runs))].slice(0, 5);
  for (const keys of await Promise.all(sample.map((r) => runKeys(ctx.entity, ctx.project, r)))) {
    for (const k of keys) if (!k.startsWith("_") && re.test(k)) names.add(k);
  }
  return [...listed, ...[...names].sort()];
}

async function draw(
  ctx: PanelContext,
  body: HTMLElement,
  zoom: [number, number] | null,
  signal: AbortSignal,
  on: { onZoom: (r: [number, number]) => void; onReset: () => void },
): Promise<uPlot | null> {
  const s = ctx.settings;
  const runs = ctx.runs;
  if (!runs.all.length) {
    const why = runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.";
    showState(ctx, body, "empty", why);
    return null;
  }
  const cfg = ctx.panel.config;
  const groupBy = panelGroupBy(ctx);
  const lines = linePlotLines(ctx);
  if (!lines.length) {
    showState(ctx, body, "empty", "Every run is hidden (turn one on with its eye in the runs table).");
    return null;
  }
  const metrics = await metricsOf(ctx, lines);
  if (!metrics.length) {
    showState(ctx, body, "empty", "This panel has no metrics to plot (no y metric and no regex match).");
    return null;
  }
  const range = zoom ?? [s.xMin, s.xMax];
  const request = {
    runs: [...new Set(lines.flatMap((l) => l.runs))],
    metrics,
    x: s.xAxis,
    points: pointsFor(body),
    xMin: range[0],
    xMax: range[1],
  };
  const series = await fetchHistory(ctx.entity, ctx.project, request, signal);
  if (signal.aborted) return null;
  const byKey = new Map<string, Series>();
  for (const ser of series) if (ser.x.length) byKey.set(`${ser.run}\u0000${ser.metric}`, ser);

  const tables: Table[] = [];
  for (const metric of metrics) {
    for (const line of lines) {
      const members = line.runs.map((r) => byKey.get(`${r}\u0000${metric}`)).filter((x): x is Series => !!x);
      if (!members.length) continue;
      tables.push(...lineTables(ctx, line, metric, metrics.length > 1, members, groupBy !== null || runs.groups.length > 0));
    }
  }
  if (!tables.length) {
    const list = metrics.map((m) => `\`${m}\``).join(", ");
    const against = s.xAxis === "_step" ? "" : ` against \`${s.xAxis}\``;
    showState(ctx, body, "empty", `No run logged ${list}${against}.`, { request });
    return null;
  }
  const plotType = String(cfg.plotType ?? "line");
  const stacked = plotType === "stacked-area" || plotType === "pct-area";
  const { data, info } = stacked
    ? stack(tables, plotType === "pct-area")
    : { data: uPlot.join(tables.map((t) => t.columns as uPlot.AlignedData)), info: tables.flatMap((t) => t.info) };
  clear(body);
  const look = appearance(cfg, body);
  const plot = new uPlot(options(ctx, info, data, zoom, on, stacked ? plotType : null, look), data, body);
  plot.root.dataset.legend = look.legend;
  const legendEl = plot.root.querySelector<HTMLElement>(".u-legend");
  if (legendEl && look.font) legendEl.style.fontSize = `${look.font.legend}px`;
  // the legend lists the lines, not the faint originals or band edges
  const entries = plot.root.querySelectorAll<HTMLElement>(".u-legend .u-series");
  info.forEach((si, i) => {
    const entry = entries[entries.length - info.length + i]; // after the x entry, if shown
    if (si.kind !== "line" && entry) entry.style.display = "none";
  });
  fitToBody(plot, body);
  markState(ctx, body, "ready", {
    data,
    series: info,
    settings: { ...s, plotType, legendPosition: look.legend, fontSize: look.fontSize, fontPx: look.font },
    request,
  });
  return plot;
}

function lineTables(
  ctx: PanelContext,
  line: Line,
  metric: string,
  manyMetrics: boolean,
  members: Series[],
  grouped: boolean,
): Table[] {
  const s = ctx.settings;
  const cfg = ctx.panel.config;
  const id = `${line.runs.length === 1 && !grouped ? line.key : line.key}:${metric}`;
  const template = typeof cfg.legendTemplate === "string" && cfg.legendTemplate.trim() ? cfg.legendTemplate : null;
  const label =
    cfg.overrideSeriesTitles?.[id] ??
    (template
      ? legendLabel(template, line, metric, ctx)
      : manyMetrics ? `${line.label} ${metricLabel(metric)}` : line.label);
  const override = cfg.overrideColors?.[id];
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
function stack(tables: Table[], percent: boolean): { data: uPlot.AlignedData; info: SeriesInfo[] } {
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
function combine(members: Series[], agg: string, area: string): { x: number[]; y: Col; band: [Col, Col] | null } {
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

function resample(x: number[], y: number[], at: number[]): Col {
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

type LegendPosition = "north" | "south" | "east" | "west";
interface Look {
  legend: LegendPosition; // where the legend sits (south, below the chart, by default)
  fontSize: string | null; // the panel's fontSize, "auto" resolved to small/medium/large
  font: { tick: number; legend: number } | null; // pixels; null: the default look
}

const FONTS: Record<string, { tick: number; legend: number }> = {
  small: { tick: 10, legend: 10 },
  medium: { tick: 12, legend: 12 },
  large: { tick: 15, legend: 14 },
};

/** The panel's legendPosition (north, south, east, west) and fontSize (small, medium,
 *  large, or auto: by the panel's width, so a full-screen chart reads larger). */
function appearance(cfg: Record<string, any>, body: HTMLElement): Look {
  const legend: LegendPosition = ["north", "south", "east", "west"].includes(cfg.legendPosition) ? cfg.legendPosition : "south";
  let size: string | null = typeof cfg.fontSize === "string" && (cfg.fontSize in FONTS || cfg.fontSize === "auto") ? cfg.fontSize : null;
  if (size === "auto") {
    const w = body.clientWidth;
    size = w < 360 ? "small" : w >= 1000 ? "large" : "medium";
  }
  return { legend, fontSize: size, font: size ? FONTS[size] : null };
}

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", sans-serif';

function options(
  ctx: PanelContext,
  info: SeriesInfo[],
  data: uPlot.AlignedData,
  zoom: [number, number] | null,
  on: { onZoom: (r: [number, number]) => void; onReset: () => void },
  stacked: string | null = null,
  look: Look = { legend: "south", fontSize: null, font: null },
): uPlot.Options {
  const s = ctx.settings;
  const cfg = ctx.panel.config;
  const points = s.pointDrawing !== "line";
  const lines = s.pointDrawing !== "point";
  const xRange = zoom ?? (s.xMin !== null || s.xMax !== null ? [s.xMin, s.xMax] : null);
  const yRange = yBounds(cfg, s.ignoreOutliers, data, info);
  const series: uPlot.Series[] = [{ label: metricLabel(s.xAxis) }];
  const px = look.font?.tick ?? 0;
  const font = px ? { font: `${px}px ${FONT_FAMILY}`, labelFont: `600 ${px}px ${FONT_FAMILY}` } : {};
  const bands: uPlot.Band[] = [];
  info.forEach((si, i) => {
    const key = `${si.runs[0]}:${si.metric}`;
    const width = Number(cfg.overrideLineWidths?.[key] ?? 1.5);
    const mark = String(cfg.overrideMarks?.[key] ?? "solid");
    if (si.kind === "low" || si.kind === "high") {
      series.push({ label: si.label, stroke: faint(si.color, 0.25), width: 0, points: { show: false } });
      if (si.kind === "high") bands.push({ series: [i + 1, i], fill: faint(si.color, 0.15) });
      return;
    }
    const original = si.kind === "original";
    if (stacked) {
      // each area fills down to the one below it (a band), the first down to zero
      series.push({ label: si.label, stroke: si.color, width: 1, fill: faint(si.color, 0.45), spanGaps: true, points: { show: false } });
      if (i > 0) bands.push({ series: [i + 1, i], fill: faint(si.color, 0.45) });
      return;
    }
    series.push({
      label: si.label,
      stroke: original ? faint(si.color, 0.25) : si.color,
      width: original ? 1 : width,
      dash: DASHES[mark],
      spanGaps: true,
      paths: lines && mark !== "points" ? undefined : () => null,
      points: { show: points || mark === "points", size: 4, fill: si.color },
    });
  });
  return {
    ...sizeOf(ctx),
    legend: { show: !s.suppressLegends, live: false },
    series,
    bands,
    scales: {
      x: {
        time: s.xAxis === "_timestamp",
        distr: cfg.xLogScale ? 3 : 1,
        auto: !xRange,
        range: xRange ? (_u, min, max) => [xRange[0] ?? min, xRange[1] ?? max] : undefined,
      },
      y: stacked
        ? { distr: 1, auto: true, range: stacked === "pct-area" ? () => [0, 100] : (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] }
        : {
            distr: cfg.yLogScale ? 3 : 1,
            auto: !yRange,
            range: yRange ? (_u, min, max) => [yRange[0] ?? min, yRange[1] ?? max] : undefined,
          },
    },
    axes: [
      {
        label: cfg.xAxisTitle || metricLabel(s.xAxis),
        size: px ? Math.round(px * 1.5 + 22) : 40,
        labelSize: px ? px + 6 : 18,
        ...font,
        ...(cfg.xLogScale ? axisTicks(true) : {}),
      },
      {
        label: cfg.yAxisTitle || undefined,
        // room for the longest tick label at this font
        size: px ? (_u: uPlot, values: string[] | null) => Math.max(40, Math.ceil(Math.max(0, ...(values ?? []).map((v) => String(v ?? "").length)) * px * 0.62) + 16) : 56,
        labelSize: px ? px + 6 : undefined,
        ...font,
        ...axisTicks(Boolean(cfg.yLogScale) && !stacked),
      },
    ],
    cursor: { drag: { x: true, y: false, setScale: false }, focus: { prox: 16 } },
    focus: { alpha: 0.4 },
    plugins: [tooltipPlugin(s.tooltip, s.colorRunNames, info)],
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 4) return;
          const a = u.posToVal(u.select.left, "x");
          const b = u.posToVal(u.select.left + u.select.width, "x");
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          on.onZoom([a, b]);
        },
      ],
      ready: [(u) => u.over.addEventListener("dblclick", () => on.onReset())],
    },
  };
}

function sizeOf(ctx: PanelContext): { width: number; height: number } {
  const el = document.querySelector<HTMLElement>(`[data-panel-id="${CSS.escape(ctx.panel.id)}"] .panel-body`);
  return el ? size(el) : { width: 400, height: 220 };
}

function yBounds(cfg: Record<string, any>, ignoreOutliers: boolean, data: uPlot.AlignedData, info: SeriesInfo[]): [number | null, number | null] | null {
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
