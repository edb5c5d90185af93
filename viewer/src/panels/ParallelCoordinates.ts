// "Parallel Coordinates Plot": one vertical axis per configured column (config `columns[]`
// with `accessor`, `displayName`, `inverted`, `log`), one polyline per shown run, in SVG.
// Numeric columns get a linear (or log) axis from the runs' min to max; any column with a
// string value is categorical (values sorted, evenly spaced).
import { clear, setStyles } from "../dom";
import type { ParallelCoordinatesPlotConfig } from "../generated/spec";
import { configOf } from "../spec";
import { linesFor } from "../state";
import { formatNumber, markState, showState, type PanelComponent } from "./common";
import { accessorLabel, accessorValue, showValue, toNumber } from "./fields";

const SVG = "http://www.w3.org/2000/svg";
const MAX_LINES = 500;

export interface PcColumn {
  accessor: string;
  label: string;
  kind: "number" | "category";
  log: boolean;
  inverted: boolean;
  min: number | null;
  max: number | null;
  categories: string[];
}
export interface PcLine {
  run: string;
  label: string;
  color: string;
  values: unknown[];
  positions: (number | null)[]; // 0 = bottom of the axis, 1 = top; null = the run has no value
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function buildColumns(cfg: ParallelCoordinatesPlotConfig): { accessor: string; label: string; log: boolean; inverted: boolean }[] {
  const raw = Array.isArray(cfg.columns) ? cfg.columns : [];
  return raw
    .filter((c) => c && typeof c.accessor === "string" && c.accessor)
    .map((c) => ({
      accessor: String(c.accessor),
      label: typeof c.displayName === "string" && c.displayName ? c.displayName : accessorLabel(String(c.accessor)),
      log: c.log === true,
      inverted: c.inverted === true,
    }));
}

export const ParallelCoordinates: PanelComponent = (ctx, body) => {
  const columnsCfg = buildColumns(configOf(ctx.panel, "Parallel Coordinates Plot"));
  if (!columnsCfg.length) {
    showState(ctx, body, "empty", "This parallel coordinates plot has no columns.");
    return { destroy() {} };
  }
  if (!ctx.runs.all.length) {
    showState(ctx, body, "empty", ctx.runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const byName = new Map(ctx.runs.all.map((r) => [r.name, r]));
  const shown = linesFor({ ...ctx.runs, groups: [] }, MAX_LINES);
  if (!shown.length) {
    showState(ctx, body, "empty", "Every run is hidden (turn one on with its eye in the runs table).");
    return { destroy() {} };
  }
  const values = shown.map((l) => columnsCfg.map((c) => accessorValue(byName.get(l.runs[0])!, c.accessor)));
  const columns: PcColumn[] = columnsCfg.map((c, j) => {
    const present = values.map((row) => row[j]).filter((v) => v !== undefined && v !== null);
    const numeric = present.every((v) => toNumber(v) !== null);
    if (!numeric) {
      const categories = [...new Set(present.map(showValue))].sort();
      return { ...c, kind: "category", log: false, min: null, max: null, categories };
    }
    let nums = present.map((v) => toNumber(v)!);
    const log = c.log && nums.length > 0 && nums.every((v) => v > 0);
    if (log) nums = nums.map(Math.log10);
    const min = nums.length ? Math.min(...nums) : null;
    const max = nums.length ? Math.max(...nums) : null;
    return { ...c, kind: "number", log, min: min === null || !log ? min : 10 ** min, max: max === null || !log ? max : 10 ** max, categories: [] };
  });
  const position = (col: PcColumn, v: unknown): number | null => {
    if (v === undefined || v === null) return null;
    let p: number;
    if (col.kind === "category") {
      const i = col.categories.indexOf(showValue(v));
      if (i < 0) return null;
      p = col.categories.length === 1 ? 0.5 : i / (col.categories.length - 1);
    } else {
      const n = toNumber(v);
      if (n === null || col.min === null || col.max === null) return null;
      if (col.log && n <= 0) return null;
      const [a, b, x] = col.log ? [Math.log10(col.min), Math.log10(col.max), Math.log10(n)] : [col.min, col.max, n];
      p = b === a ? 0.5 : (x - a) / (b - a);
    }
    return col.inverted ? 1 - p : p;
  };
  const lines: PcLine[] = shown.map((l, i) => ({
    run: l.runs[0],
    label: l.label,
    color: l.color,
    values: values[i],
    positions: columns.map((c, j) => position(c, values[i][j])),
  }));
  const drawn = lines.filter((l) => l.positions.filter((p) => p !== null).length >= 1);
  if (!drawn.length) {
    showState(ctx, body, "empty", `No run has any of ${columns.map((c) => `\`${c.label}\``).join(", ")}.`);
    return { destroy() {} };
  }

  const draw = () => {
    clear(body);
    const width = Math.max(body.clientWidth, 160);
    const height = Math.max(body.clientHeight - 4, 100);
    const top = 30;
    const bottom = 14;
    const left = 48;
    const right = 48;
    const root = svg("svg", { width, height, class: "pc", "data-testid": "pc-svg" });
    const xs = columns.map((_, j) => (columns.length === 1 ? width / 2 : left + (j * (width - left - right)) / (columns.length - 1)));
    const y = (p: number) => top + (1 - p) * (height - top - bottom);
    const lineGroup = svg("g", { class: "pc-lines" });
    for (const line of drawn) {
      // a run without a value on a column breaks its line there
      let d = "";
      let pen = false;
      line.positions.forEach((p, j) => {
        if (p === null) {
          pen = false;
          return;
        }
        d += `${pen ? "L" : "M"}${xs[j].toFixed(1)},${y(p).toFixed(1)}`;
        pen = true;
      });
      const path = svg("path", { d, "data-run": line.run, class: "pc-line" });
      setStyles(path, { stroke: line.color }); // CSSOM: a value that is not a colour is dropped
      path.appendChild(svg("title", {}, `${line.label}\n${columns.map((c, j) => `${c.label}: ${showValue(line.values[j])}`).join("\n")}`));
      lineGroup.appendChild(path);
    }
    root.appendChild(lineGroup);
    columns.forEach((col, j) => {
      const g = svg("g", { class: "pc-axis", "data-testid": "pc-axis" });
      g.appendChild(svg("line", { x1: xs[j], x2: xs[j], y1: y(0), y2: y(1), class: "pc-axis-line" }));
      const anchor = j === 0 && columns.length > 1 ? "start" : j === columns.length - 1 && columns.length > 1 ? "end" : "middle";
      const name = svg("text", { x: xs[j] + (anchor === "start" ? -6 : anchor === "end" ? 6 : 0), y: 12, "text-anchor": anchor, class: "pc-axis-name" }, col.label + (col.log ? " (log)" : ""));
      g.appendChild(name);
      for (const [p, text] of ticks(col)) {
        const ty = y(col.inverted ? 1 - p : p);
        g.appendChild(svg("line", { x1: xs[j] - 3, x2: xs[j], y1: ty, y2: ty, class: "pc-tick" }));
        g.appendChild(svg("text", { x: xs[j] - 5, y: ty + 3.5, "text-anchor": "end", class: "pc-tick-label" }, text));
      }
      root.appendChild(g);
    });
    body.appendChild(root);
  };
  draw();
  let last = body.clientWidth;
  const resize = new ResizeObserver(() => {
    if (body.clientWidth !== last) {
      last = body.clientWidth;
      draw();
    }
  });
  resize.observe(body);
  markState(ctx, body, "ready", {
    data: { columns, lines: drawn },
    series: drawn.map((l) => ({ label: l.label, color: l.color, runs: [l.run] })),
  });
  return { destroy: () => resize.disconnect() };
};

/** Tick positions (0..1, before inversion) and labels of an axis. */
function ticks(col: PcColumn): [number, string][] {
  if (col.kind === "category") {
    const n = col.categories.length;
    const step = Math.max(1, Math.ceil(n / 8));
    return col.categories.filter((_, i) => i % step === 0).map((c) => [n === 1 ? 0.5 : col.categories.indexOf(c) / (n - 1), c.length > 14 ? `${c.slice(0, 13)}…` : c]);
  }
  if (col.min === null || col.max === null) return [];
  if (col.min === col.max) return [[0.5, formatNumber(col.min)]];
  if (col.log) {
    const a = Math.log10(col.min);
    const b = Math.log10(col.max);
    const out: [number, string][] = [];
    for (let e = Math.ceil(a - 1e-9); e <= Math.floor(b + 1e-9); e++) out.push([(e - a) / (b - a), formatNumber(10 ** e)]);
    if (out.length >= 2) return out;
    return [[0, formatNumber(col.min)], [1, formatNumber(col.max)]];
  }
  const out: [number, string][] = [];
  const short = (v: number) => formatNumber(Number(v.toPrecision(3)));
  for (let i = 0; i <= 4; i++) out.push([i / 4, short(col.min + ((col.max - col.min) * i) / 4)]);
  return out;
}
