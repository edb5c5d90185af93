// Line plot drawing: the uPlot chart of shaped data (./shape.ts) in the panel's body, with
// its legend, axes, bands, dashes, tooltip, drag-to-zoom and double-click reset.
import uPlot from "uplot";
import { faint } from "../../colors";
import { clear } from "../../dom";
import type { LineMark } from "../../generated/spec";
import { metricLabel } from "../../spec";
import { axisTicks, fitToBody, type PanelContext } from "../common";
import { tooltipPlugin } from "../tooltip";
import { appearance, lineConfig, yBounds, type Look, type SeriesInfo } from "./shape";

export interface ZoomHandlers {
  onZoom: (r: [number, number]) => void;
  onReset: () => void;
}

const DASHES: Partial<Record<LineMark, number[]>> = {
  dashed: [8, 4],
  dotted: [2, 3],
  dotdash: [2, 3, 8, 3],
  dotdotdash: [2, 3, 2, 3, 8, 3],
};

/** Draw the chart into the body (replacing what it showed). */
export function drawChart(
  ctx: PanelContext,
  body: HTMLElement,
  info: SeriesInfo[],
  data: uPlot.AlignedData,
  zoom: [number, number] | null,
  on: ZoomHandlers,
  stacked: string | null,
): { plot: uPlot; look: Look } {
  clear(body);
  const look = appearance(lineConfig(ctx), body.clientWidth);
  const plot = new uPlot(options(ctx, info, data, zoom, on, stacked, look), data, body);
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
  return { plot, look };
}

function size(body: HTMLElement): { width: number; height: number } {
  return { width: Math.max(body.clientWidth, 120), height: Math.max(body.clientHeight - 4, 80) };
}

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", sans-serif';

function options(
  ctx: PanelContext,
  info: SeriesInfo[],
  data: uPlot.AlignedData,
  zoom: [number, number] | null,
  on: ZoomHandlers,
  stacked: string | null = null,
  look: Look = { legend: "south", fontSize: null, font: null },
): uPlot.Options {
  const s = ctx.settings;
  const cfg = lineConfig(ctx);
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
      dash: DASHES[mark as LineMark],
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
