// "Run History Line Plot": metrics of runs (or groups of runs) against step or any metric.
// The component keeps the chart's state (zoom, resize, refetch); the work is split in
// ./linePlot: fetch.ts (metrics and history), shape.ts (pure data shaping) and draw.ts.
import uPlot from "uplot";
import { errorText, fitToBody, markState, showState, type PanelComponent, type PanelContext } from "./common";
import { drawChart, type ZoomHandlers } from "./linePlot/draw";
import { fetchLines, metricsOf, pointsFor } from "./linePlot/fetch";
import { lineConfig, linePlotLines, stack, tablesFor } from "./linePlot/shape";

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

/** Fetch, shape and draw (or show why there is nothing to draw). */
async function draw(
  ctx: PanelContext,
  body: HTMLElement,
  zoom: [number, number] | null,
  signal: AbortSignal,
  on: ZoomHandlers,
): Promise<uPlot | null> {
  const s = ctx.settings;
  const runs = ctx.runs;
  if (!runs.all.length) {
    const why = runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.";
    showState(ctx, body, "empty", why);
    return null;
  }
  const cfg = lineConfig(ctx);
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
  const { request, series } = await fetchLines(ctx, lines, metrics, range, pointsFor(body), signal);
  if (signal.aborted) return null;
  const tables = tablesFor(ctx, lines, metrics, series);
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
  const { plot, look } = drawChart(ctx, body, info, data, zoom, on, stacked ? plotType : null);
  markState(ctx, body, "ready", {
    data,
    series: info,
    settings: { ...s, plotType, legendPosition: look.legend, fontSize: look.fontSize, fontPx: look.font },
    request,
  });
  return plot;
}
