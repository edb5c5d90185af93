// "Media Browser": images (with mask and box overlays), audio, video and HTML the runs
// logged under the panel's media keys. This module picks the runs and lists their media
// steps; the gallery (./mediaBrowser/gallery.ts) and the grid (./mediaBrowser/grid.ts)
// draw them. Shaping is in ./mediaBrowser/shape.ts, fetching in ./mediaBrowser/fetch.ts,
// one item's drawing in ./mediaBrowser/draw.ts.
import "./mediaBrowser/media.css";
import { linesFor } from "../state";
import { errorText, showState, type PanelComponent } from "./common";
import { galleryView } from "./mediaBrowser/gallery";
import { gridView, PAGE_STEPS, RUN_PAGE } from "./mediaBrowser/grid";
import { toolbar, type Choice, type Column } from "./mediaBrowser/parts";
import { fetchMedia, MediaCache, type MediaRequest } from "./mediaBrowser/fetch";
import { mediaConfig, unionSteps } from "./mediaBrowser/shape";

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
  const choice = chosen.get(ctx.panel.id) ?? { key: cfg.keys[0], step: null, run: null, overlays: { masks: true, boxes: true, hidden: new Set([0]) } };
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
