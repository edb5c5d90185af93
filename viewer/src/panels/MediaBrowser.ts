// "Media Browser": images (with mask and box overlays), audio, video and HTML the runs
// logged under the panel's media keys. Gallery: one cell per run at the slider's step,
// `columnCount` cells a row. Grid: runs against steps (either way round), every cell
// fetched only once it scrolls into view. Shaping is in ./mediaBrowser/shape.ts, fetching
// in ./mediaBrowser/fetch.ts, one item's drawing in ./mediaBrowser/draw.ts.
import "./mediaBrowser/media.css";
import { h, clear, setStyles } from "../dom";
import { linesFor, type Line } from "../state";
import { errorText, markState, showState, type PanelComponent, type PanelContext } from "./common";
import { mediaItem, type Overlays } from "./mediaBrowser/draw";
import { fetchMedia, MediaCache } from "./mediaBrowser/fetch";
import {
  cssColor, galleryColumns, itemClasses, mediaConfig, requestsFor, stepFor, stepPages, unionSteps,
  type MediaConfig, type MediaItem,
} from "./mediaBrowser/shape";

const MAX_RUNS = 100;
const PAGE_STEPS = 10; // steps a grid asks for at once
const WIDE = new Set(["audio", "video", "html", "object3D", "molecule"]); // a first request that lists steps and returns no media

interface Choice {
  key: string;
  step: number | null;
  overlays: Overlays;
}
const chosen = new Map<string, Choice>(); // panel id → what the user picked (kept across redraws)

interface Column {
  line: Line;
  run: string;
  steps: number[];
}

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
  let observer: IntersectionObserver | null = null;
  let listed: { key: string; columns: Column[]; cache: MediaCache } | null = null;

  // The first request lists each run's media steps and brings what is shown first: the
  // latest step of each run (gallery) or the first page of steps (grid).
  const list = async () => {
    const runs = lines.map((l) => l.runs[0]);
    const first = cfg.mode === "grid" ? { limit: PAGE_STEPS } : { limit: 1, latest: true };
    const answer = await fetchMedia(ctx.entity, ctx.project, { runs, key: choice.key, withSteps: true, ...first }, abort.signal);
    const stepsOf = new Map(answer.map((r) => [r.run, r.steps ?? []]));
    const columns = lines.map((line) => ({ line, run: line.runs[0], steps: stepsOf.get(line.runs[0]) ?? [] })).filter((c) => c.steps.length);
    const cache = new MediaCache();
    if (cfg.mode === "grid") {
      const page = stepPages(unionSteps(answer), PAGE_STEPS)[0];
      if (page) cache.put(answer, { runs, steps: page.steps });
    } else {
      for (const r of answer) cache.put([r], { runs: [r.run], steps: r.media.map((m) => m.step) });
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
    if (cfg.mode === "grid") gridView(ctx, body, cfg, choice, columns, lines.length, cache, abort.signal, redraw, (o) => (observer = o));
    else await galleryView(ctx, body, cfg, choice, columns, lines.length, cache, abort.signal, redraw);
  };
  const redraw = () => {
    observer?.disconnect();
    load().catch((err) => {
      if (!abort.signal.aborted) showState(ctx, body, "error", `Could not load media: ${errorText(err)}`);
    });
  };
  redraw();
  return {
    destroy() {
      abort.abort();
      observer?.disconnect();
    },
  };
};

function runHead(column: Column, note = ""): HTMLElement {
  return h(
    "div",
    { class: "mb-run", title: column.run, "data-testid": "media-run" },
    h("span", { class: "swatch", style: { "background-color": column.line.color } }),
    h("span", { class: "mb-run-name" }, column.line.label),
    note ? h("span", { class: "mb-step-note" }, note) : null,
  );
}

function toolbar(ctx: PanelContext, cfg: MediaConfig, choice: Choice, items: MediaItem[], redraw: () => void, extra: HTMLElement | null = null): HTMLElement {
  const bar = h("div", { class: "mb-toolbar" });
  if (cfg.keys.length > 1) {
    const select = h("select", { "data-testid": "media-key" }, ...cfg.keys.map((k) => h("option", { value: k, selected: k === choice.key }, k)));
    select.addEventListener("change", () => {
      choice.key = select.value;
      choice.step = null;
      redraw();
    });
    bar.appendChild(select);
  }
  if (extra) bar.appendChild(extra);
  const toggle = (name: "masks" | "boxes", present: boolean) => {
    if (!present) return;
    const box = h("input", { type: "checkbox", checked: choice.overlays[name], "data-testid": `media-toggle-${name}` });
    box.addEventListener("change", () => {
      choice.overlays[name] = box.checked;
      redraw();
    });
    bar.appendChild(h("label", { class: "mb-toggle" }, box, ` ${name}`));
  };
  toggle("masks", items.some((i) => i.masks?.length));
  toggle("boxes", items.some((i) => i.boxes?.length));
  for (const [id, name] of itemClasses(items)) {
    const off = choice.overlays.hidden.has(id);
    const chip = h(
      "button",
      { class: off ? "mb-class off" : "mb-class", "data-testid": "media-class", "data-class": id, title: off ? "show this class" : "hide this class" },
      h("span", { class: "swatch", style: { "background-color": cssColor(id) } }),
      ` ${name}`,
    );
    chip.addEventListener("click", () => {
      if (off) choice.overlays.hidden.delete(id);
      else choice.overlays.hidden.add(id);
      redraw();
    });
    bar.appendChild(chip);
  }
  void ctx;
  return bar;
}

function summarize(items: MediaItem[]): unknown[] {
  return items.map((i) => ({ type: i.type, url: i.url, caption: i.caption ?? null, masks: i.masks?.length ?? 0, boxes: i.boxes?.reduce((n, b) => n + (b.boxData?.length ?? 0), 0) ?? 0 }));
}

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

function gridView(
  ctx: PanelContext, body: HTMLElement, cfg: MediaConfig, choice: Choice, columns: Column[], shownRuns: number,
  cache: MediaCache, signal: AbortSignal, redraw: () => void, keep: (o: IntersectionObserver) => void,
): void {
  const steps = unionSteps(columns.map((c) => ({ run: c.run, steps: c.steps, media: [], more: false, summary: null })));
  const byStep = cfg.gridY === "step"; // rows are steps (columns runs), or the other way round
  const pages = stepPages(steps, PAGE_STEPS);
  const pageOf = new Map<number, number>();
  pages.forEach((p, i) => p.steps.forEach((s) => pageOf.set(s, i)));
  const cells = new Map<string, HTMLElement>(); // "run\0step" → cell
  const table = h("div", { class: "mb-grid", "data-testid": "media-grid" });
  const across = byStep ? columns.length : steps.length;
  setStyles(table, { "grid-template-columns": `max-content repeat(${across}, minmax(${byStep ? 64 : 96}px, 1fr))` });
  table.appendChild(h("div", { class: "mb-corner" }, byStep ? "step" : "run"));
  if (byStep) for (const c of columns) table.appendChild(runHead(c));
  else for (const s of steps) table.appendChild(h("div", { class: "mb-axis" }, `step ${s}`));
  const cell = (c: Column, s: number) => {
    const el = h("div", { class: "mb-cell mb-pending", "data-testid": "media-cell", "data-run": c.run, "data-step": s });
    cells.set(`${c.run}\u0000${s}`, el);
    return el;
  };
  if (byStep) {
    for (const s of steps) {
      table.appendChild(h("div", { class: "mb-axis" }, `step ${s}`));
      for (const c of columns) table.appendChild(cell(c, s));
    }
  } else {
    for (const c of columns) {
      table.appendChild(runHead(c));
      for (const s of steps) table.appendChild(cell(c, s));
    }
  }
  const filled: unknown[] = [];
  let wide = false;
  const seen: MediaItem[] = [];
  const bar = h("div", { class: "mb-bar" }, toolbar(ctx, cfg, choice, [], redraw));
  const fill = (page: number) => {
    for (const s of pages[page].steps) {
      for (const c of columns) {
        const el = cells.get(`${c.run}\u0000${s}`);
        if (!el) continue;
        el.classList.remove("mb-pending");
        const items = cache.get(c.run, s)?.items ?? [];
        el.replaceChildren(...items.map((item) => mediaItem(item, choice.overlays)));
        if (items.length) filled.push({ run: c.run, step: s, items: summarize(items) });
        seen.push(...items);
        if (!wide && items.some((i) => WIDE.has(i.type))) {
          wide = true; // players and pages need room, images do not
          setStyles(table, { "grid-template-columns": `max-content repeat(${across}, minmax(180px, 1fr))` });
        }
      }
    }
    bar.replaceChildren(toolbar(ctx, cfg, choice, seen, redraw));
  };
  const asked = new Set<number>(pages.length && cache.has(columns[0].run, pages[0].steps[0]) ? [0] : []);
  let pending: number[] = [];
  const flush = () => {
    const wanted = pending;
    pending = [];
    for (const page of wanted) {
      const p = pages[page];
      const runs = columns.map((c) => c.run);
      fetchMedia(ctx.entity, ctx.project, { runs, key: choice.key, minStep: p.minStep, maxStep: p.maxStep, limit: p.steps.length, withSteps: false }, signal)
        .then((answer) => {
          cache.put(answer, { runs, steps: p.steps });
          if (signal.aborted) return;
          fill(page);
          markState(ctx, body, "ready", { data: gridData() });
        })
        .catch((err) => {
          if (!signal.aborted) showState(ctx, body, "error", `Could not load media: ${errorText(err)}`);
        });
    }
  };
  const scroll = h("div", { class: "mb-scroll" }, table);
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const page = pageOf.get(Number((entry.target as HTMLElement).dataset.step));
        if (page === undefined || asked.has(page)) continue;
        asked.add(page);
        if (!pending.length) queueMicrotask(flush);
        pending.push(page);
      }
    },
    { root: scroll, rootMargin: "200px" },
  );
  keep(observer);
  for (const el of cells.values()) observer.observe(el);
  const gridData = () => ({ mode: "grid", key: choice.key, axes: { x: cfg.gridX, y: cfg.gridY }, steps, runs: columns.map((c) => c.run), pagesFetched: [...asked].sort((a, b) => a - b), cells: filled });
  clear(body);
  body.appendChild(
    h(
      "div",
      { class: "mb", "data-testid": "media-browser", "data-mode": "grid" },
      bar,
      scroll,
      shownRuns > columns.length ? h("div", { class: "mb-note" }, `${shownRuns - columns.length} of the ${shownRuns} runs shown logged no "${choice.key}".`) : null,
    ),
  );
  if (asked.has(0)) fill(0); // the first page came with the step listing
  markState(ctx, body, "ready", { data: gridData() });
}
