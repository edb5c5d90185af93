// A line-plot panel whose metric is a wandb.Histogram: per run, a heat map of the
// distribution per step (x the step, y the value, darker the more values fall there), as
// W&B draws histograms logged over time; or the last step's histogram as bars. The heat
// map is shown when the run logged the histogram at more than one step, the bars when it
// logged one; a toggle in the panel switches (kept for the page).
import { h, clear } from "../../dom";
import { fetchHistograms, type RunHistograms } from "../../panelData";
import { configOf } from "../../spec";
import { linesFor, type Line } from "../../state";
import { errorText, formatNumber, markState, showState, type PanelComponent, type PanelContext, type PanelView } from "../common";
import { bars, heatCellAt, heatMap, isHistogram } from "./shape";

const MAX_RUNS = 6;
const STEPS = 200;
const chosen = new Map<string, "heatmap" | "bars">(); // panel id → the user's toggle

/** The histogram metric a line plot shows, or null when it shows none (it draws lines). */
export function histogramMetric(ctx: PanelContext): string | null {
  const cfg = configOf(ctx.panel, "Run History Line Plot");
  const metrics = Array.isArray(cfg.metrics) ? cfg.metrics.filter((m): m is string => typeof m === "string") : [];
  if (metrics.length !== 1) return null;
  return ctx.runs.all.some((r) => isHistogram(r.summary?.[metrics[0]])) ? metrics[0] : null;
}

export const Histograms: PanelComponent = (ctx, body) => {
  const metric = histogramMetric(ctx)!;
  const lines = linesFor({ ...ctx.runs, groups: [] }, Math.min(ctx.settings.maxRuns, MAX_RUNS)).filter((l) => isHistogram(ctx.runs.all.find((r) => r.name === l.runs[0])?.summary?.[metric]));
  if (!lines.length) {
    showState(ctx, body, "empty", `No shown run logged the histogram \`${metric}\`.`);
    return { destroy() {} };
  }
  const abort = new AbortController();
  fetchHistograms(ctx.entity, ctx.project, lines.map((l) => l.runs[0]), metric, STEPS, abort.signal)
    .then((runs) => !abort.signal.aborted && draw(ctx, body, metric, lines, runs))
    .catch((err) => !abort.signal.aborted && showState(ctx, body, "error", `Could not load the histograms: ${errorText(err)}`));
  return { destroy: () => abort.abort() };
};

function draw(ctx: PanelContext, body: HTMLElement, metric: string, lines: Line[], runs: RunHistograms[]): void {
  const withData = runs.filter((r) => r.histograms.length);
  if (!withData.length) {
    showState(ctx, body, "empty", `No history rows hold the histogram \`${metric}\`.`);
    return;
  }
  const many = withData.some((r) => r.steps.length > 1);
  let mode = chosen.get(ctx.panel.id) ?? (many ? "heatmap" : "bars");
  const color = new Map(lines.map((l) => [l.runs[0], l]));
  const render = () => {
    clear(body);
    const toggle = h("button", { class: "hist-toggle", "data-testid": "histogram-toggle", onclick: () => { mode = mode === "heatmap" ? "bars" : "heatmap"; chosen.set(ctx.panel.id, mode); render(); } }, mode === "heatmap" ? "Show last step" : "Show all steps");
    const rows = withData.map((r) => {
      const canvas = h("canvas", { class: "hist-canvas", "data-testid": `histogram-${mode}` });
      const line = color.get(r.run);
      return { r, canvas, el: h("div", { class: "hist-row" }, h("div", { class: "hist-label" }, h("span", { class: "swatch", style: { "background-color": line?.color ?? "#999" } }), " ", line?.label ?? r.run, mode === "bars" ? ` · step ${r.steps[r.steps.length - 1]}` : ""), canvas) };
    });
    body.appendChild(h("div", { class: "hist" }, h("div", { class: "hist-tools" }, toggle), ...rows.map((x) => x.el)));
    const shaped = rows.map(({ r, canvas }) => {
      const c = color.get(r.run)?.color ?? "#1f77b4";
      if (mode === "heatmap") {
        const map = heatMap(r.steps, r.histograms);
        paintHeat(canvas, map, c);
        canvas.addEventListener("mousemove", (event) => {
          const box = canvas.getBoundingClientRect();
          const fx = (event.clientX - box.left - PAD.left) / (box.width - PAD.left - PAD.right);
          const fy = 1 - (event.clientY - box.top - PAD.top) / (box.height - PAD.top - PAD.bottom);
          const cell = heatCellAt(map, fx, fy);
          canvas.title = cell ? `step ${cell.step}\n${formatNumber(cell.low)} to ${formatNumber(cell.high)}: ${formatNumber(Math.round(cell.count * 100) / 100)}` : "";
        });
        return { run: r.run, steps: map.steps, edges: map.edges, max: map.max, cells: map.counts.length };
      }
      const last = r.histograms[r.histograms.length - 1];
      paintBars(canvas, bars(last), c);
      return { run: r.run, step: r.steps[r.steps.length - 1], bins: last.bins, values: last.values };
    });
    markState(ctx, body, "ready", { data: { metric, mode, runs: shaped }, series: lines.map((l) => ({ label: l.label, color: l.color, runs: l.runs })) });
  };
  render();
}

const PAD = { left: 48, right: 8, top: 6, bottom: 20 };

function setup(canvas: HTMLCanvasElement): { g: CanvasRenderingContext2D; w: number; hgt: number } | null {
  const width = Math.max(canvas.parentElement?.clientWidth ?? 300, 160);
  const height = Math.max(canvas.clientHeight || 120, 80);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const g = canvas.getContext("2d");
  if (!g) return null;
  g.scale(ratio, ratio);
  g.font = "10px system-ui, sans-serif";
  g.fillStyle = "#555";
  return { g, w: width - PAD.left - PAD.right, hgt: height - PAD.top - PAD.bottom };
}

function axes(g: CanvasRenderingContext2D, w: number, hgt: number, x: [string, string], y: [string, string]): void {
  g.fillStyle = "#555";
  g.textAlign = "right";
  g.fillText(y[1], PAD.left - 4, PAD.top + 8);
  g.fillText(y[0], PAD.left - 4, PAD.top + hgt);
  g.textAlign = "left";
  g.fillText(x[0], PAD.left, PAD.top + hgt + 14);
  g.textAlign = "right";
  g.fillText(x[1], PAD.left + w, PAD.top + hgt + 14);
  g.strokeStyle = "#d0d3d9";
  g.strokeRect(PAD.left, PAD.top, w, hgt);
}

function paintHeat(canvas: HTMLCanvasElement, map: ReturnType<typeof heatMap>, color: string): void {
  const s = setup(canvas);
  if (!s || !map.steps.length) return;
  const { g, w, hgt } = s;
  const cols = map.steps.length;
  const binsN = map.edges.length - 1;
  const cw = w / cols;
  const ch = hgt / binsN;
  g.fillStyle = color;
  map.counts.forEach((row, i) =>
    row.forEach((count, j) => {
      if (!count || !map.max) return;
      g.globalAlpha = 0.08 + 0.92 * Math.sqrt(count / map.max);
      g.fillRect(PAD.left + i * cw, PAD.top + hgt - (j + 1) * ch, Math.ceil(cw), Math.ceil(ch));
    }),
  );
  g.globalAlpha = 1;
  axes(g, w, hgt, [`step ${map.steps[0]}`, `${map.steps[cols - 1]}`], [formatNumber(map.edges[0]), formatNumber(map.edges[binsN])]);
}

function paintBars(canvas: HTMLCanvasElement, data: [number, number, number][], color: string): void {
  const s = setup(canvas);
  if (!s || !data.length) return;
  const { g, w, hgt } = s;
  const lo = data[0][0];
  const hi = data[data.length - 1][1];
  const top = Math.max(...data.map((d) => d[2]), 1e-12);
  const span = hi - lo || 1;
  g.fillStyle = color;
  for (const [a, b, count] of data) {
    const x = PAD.left + ((a - lo) / span) * w;
    const bw = Math.max(1, ((b - a) / span) * w - 1);
    const bh = (count / top) * hgt;
    g.fillRect(x, PAD.top + hgt - bh, bw, bh);
  }
  axes(g, w, hgt, [formatNumber(lo), formatNumber(hi)], ["0", formatNumber(top)]);
}

/** A line plot that draws histograms when its metric is one, lines otherwise. */
export function withHistograms(lines: PanelComponent): PanelComponent {
  return (first, body) => {
    const pick = (ctx: PanelContext) => (histogramMetric(ctx) ? Histograms : lines);
    let kind = pick(first);
    let view: PanelView = kind(first, body);
    return {
      update(ctx) {
        const next = pick(ctx);
        if (next === kind && view.update) return view.update(ctx);
        view.destroy();
        kind = next;
        view = kind(ctx, body);
      },
      destroy: () => view.destroy(),
    };
  };
}
