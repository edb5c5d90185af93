// "Media Browser": images (with mask and box overlays), audio, video and HTML the runs
// logged under the panel's media keys. Gallery: one cell per run at the slider's step,
// `columnCount` cells a row. Grid: runs against steps (either way round), every cell
// fetched only once it scrolls into view. Shaping is in ./mediaBrowser/shape.ts, fetching
// in ./mediaBrowser/fetch.ts, one item's drawing in ./mediaBrowser/draw.ts.
import "./mediaBrowser/media.css";
import { h, clear, setStyles } from "../dom";
import { linesFor } from "../state";
import { errorText, markState, showState, type PanelComponent, type PanelContext } from "./common";
import { mediaItem } from "./mediaBrowser/draw";
import { gridView, PAGE_STEPS, RUN_PAGE } from "./mediaBrowser/grid";
import { runHead, summarize, toolbar, type Choice, type Column } from "./mediaBrowser/parts";
import { fetchMedia, MediaCache, type MediaRequest } from "./mediaBrowser/fetch";
import {
  galleryColumns, mediaConfig, requestsFor, stepFor, unionSteps, type MediaConfig,
} from "./mediaBrowser/shape";

const MAX_RUNS = 100;
const NOTHING = 2 ** 52; // a step past any: a request that lists steps and brings no media

const chosen = new Map<string, Choice>(); // panel id → what the user picked (kept across redraws)

export const MediaBrowser: PanelComponent = (ctx, body) => {
  const cfg = mediaConfig(ctx.panel.config);
  if (!cfg.keys.length) {
    showState(ctx, body, "empty", "This media browser names no media keys (media_keys).");
    return { destroy() {} };
  }
  const lines = linesFor({ ...ctx.runs, groups: [] }, Math.min(ctx.settings.maxRuns, MAX_RUNS));
  if (!lines.length) {
    showState(ctx, body, "empty", ctx.runs.all.length ? "Every run is hidden (turn one on with its eye in the runs table)." : "No runs to show.");
    return { destroy() {} };
  }
  const choice = chosen.get(ctx.panel.id) ?? { key: cfg.keys[0], step: null, overlays: { masks: true, boxes: true, hidden: new Set([0]) } };
  if (!cfg.keys.includes(choice.key)) choice.key = cfg.keys[0];
  chosen.set(ctx.panel.id, choice);
  const abort = new AbortController();
  let observers: IntersectionObserver[] = [];
  let listed: { key: string; columns: Column[]; cache: MediaCache } | null = null;

  // The first request lists each run's media steps and brings what is shown first: the
  // latest step of each run (gallery) or the first page of steps (grid).
  const list = async () => {
    const runs = lines.map((l) => l.runs[0]);
    const ask = (request: Omit<MediaRequest, "key">) => fetchMedia(ctx.entity, ctx.project, { key: choice.key, ...request }, abort.signal);
    // a gallery: the steps and each run's latest media in one request; a grid: the steps,
    // and meanwhile the first page of the first runs (the top-left corner, in view)
    const [answer, corner] = await Promise.all([
      cfg.mode === "grid" ? ask({ runs, withSteps: true, limit: 1, minStep: NOTHING }) : ask({ runs, withSteps: true, limit: 1, latest: true }),
      cfg.mode === "grid" ? ask({ runs: runs.slice(0, RUN_PAGE), withSteps: false, limit: PAGE_STEPS }) : Promise.resolve([]),
    ]);
    const stepsOf = new Map(answer.map((r) => [r.run, r.steps ?? []]));
    const columns = lines.map((line) => ({ line, run: line.runs[0], steps: stepsOf.get(line.runs[0]) ?? [] })).filter((c) => c.steps.length);
    const cache = new MediaCache();
    const all = unionSteps(answer);
    for (const r of cfg.mode === "grid" ? corner : answer) {
      // what the answer covers: every step up to the last it brought (all, if it brought
      // fewer than asked); a gallery's answer, the latest step
      const last = r.media.length ? r.media[r.media.length - 1].step : -Infinity;
      const covered = cfg.mode === "grid" ? all.filter((s) => s <= last || r.media.length < PAGE_STEPS) : r.media.map((m) => m.step);
      cache.put([r], { runs: [r.run], steps: covered });
    }
    listed = { key: choice.key, columns, cache };
    return listed;
  };
  const load = async () => {
    const { columns, cache } = listed && listed.key === choice.key ? listed : await list();
    if (!columns.length) {
      showState(ctx, body, "empty", `None of the ${lines.length} runs shown logged media under "${choice.key}".`, { request: { key: choice.key, runs: lines.map((l) => l.runs[0]) } });
      if (cfg.keys.length > 1) body.prepend(toolbar(ctx, cfg, choice, [], redraw));
      return;
    }
    if (cfg.mode === "grid") gridView(ctx, body, cfg, choice, columns, lines.length, cache, abort.signal, redraw, (o) => (observers = o));
    else await galleryView(ctx, body, cfg, choice, columns, lines.length, cache, abort.signal, redraw);
  };
  const redraw = () => {
    for (const o of observers) o.disconnect();
    load().catch((err) => {
      if (!abort.signal.aborted) showState(ctx, body, "error", `Could not load media: ${errorText(err)}`);
    });
  };
  redraw();
  return {
    destroy() {
      abort.abort();
      for (const o of observers) o.disconnect();
    },
  };
};


async function galleryView(
  ctx: PanelContext, body: HTMLElement, cfg: MediaConfig, choice: Choice, columns: Column[], shownRuns: number,
  cache: MediaCache, signal: AbortSignal, redraw: () => void,
): Promise<void> {
  const steps = unionSteps(columns.map((c) => ({ run: c.run, steps: c.steps, media: [], more: false, summary: null })));
  const step = choice.step !== null && steps.includes(choice.step) ? choice.step : steps[steps.length - 1];
  choice.step = step;
  const wanted = requestsFor(new Map(columns.map((c) => [c.run, c.steps])), step);
  await Promise.all(
    [...wanted].filter(([at, runs]) => runs.some((r) => !cache.has(r, at))).map(async ([at, runs]) => {
      const answer = await fetchMedia(ctx.entity, ctx.project, { runs, key: choice.key, minStep: at, maxStep: at + 1, limit: 1, withSteps: false }, signal);
      cache.put(answer, { runs, steps: [at] });
    }),
  );
  if (signal.aborted) return;
  const cells = columns.map((c) => {
    const at = stepFor(c.steps, step)!;
    return { column: c, step: at, items: cache.get(c.run, at)?.items ?? [] };
  });
  const slider = h("input", { type: "range", min: 0, max: steps.length - 1, value: steps.indexOf(step), step: 1, "data-testid": "media-slider", "aria-label": "step" });
  const label = h("span", { class: "mb-step", "data-testid": "media-step" }, `Step ${step}`);
  slider.addEventListener("input", () => (label.textContent = `Step ${steps[Number(slider.value)]}`));
  slider.addEventListener("change", () => {
    choice.step = steps[Number(slider.value)];
    redraw();
  });
  const sliderBox = h("label", { class: "mb-slider" }, label, slider);
  if (steps.length < 2) slider.hidden = true; // one step: nothing to slide over
  const grid = h("div", { class: "mb-gallery", "data-testid": "media-gallery" });
  setStyles(grid, { "grid-template-columns": `repeat(${galleryColumns(cfg, cells.length)}, minmax(0, 1fr))` });
  for (const cell of cells) {
    const note = cell.step !== step ? `step ${cell.step}` : "";
    grid.appendChild(
      h(
        "div",
        { class: "mb-cell", "data-testid": "media-cell", "data-run": cell.column.run, "data-step": cell.step },
        runHead(cell.column, note),
        ...cell.items.map((item) => mediaItem(item, choice.overlays)),
      ),
    );
  }
  const items = cells.flatMap((c) => c.items);
  clear(body);
  body.appendChild(
    h(
      "div",
      { class: "mb", "data-testid": "media-browser", "data-mode": "gallery" },
      toolbar(ctx, cfg, choice, items, redraw, sliderBox),
      h("div", { class: "mb-scroll" }, grid),
      shownRuns > columns.length ? h("div", { class: "mb-note" }, `${shownRuns - columns.length} of the ${shownRuns} runs shown logged no "${choice.key}".`) : null,
    ),
  );
  markState(ctx, body, "ready", {
    data: { mode: "gallery", key: choice.key, step, steps, overlays: { masks: choice.overlays.masks, boxes: choice.overlays.boxes }, cells: cells.map((c) => ({ run: c.column.run, step: c.step, items: summarize(c.items) })) },
    series: columns.map((c) => ({ label: c.line.label, color: c.line.color, runs: [c.run] })),
  });
}
