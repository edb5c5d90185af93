// The Media Browser's grid: runs against steps (steps down and runs across, or the other
// way round). Rows are built only once they come near the view, and a page (10 steps of 10
// runs) is asked for when a cell of it does: a grid of 50 runs x 100 steps puts a few
// hundred cells in the page, not 5,000, and asks for about the cells in view.
import { h, setStyles } from "../../dom";
import { errorText, markState, showState, type PanelContext } from "../common";
import { runHead, summarize, toolbar, type Choice, type Column } from "./parts";
import { mediaItem } from "./draw";
import { fetchMedia, type MediaCache } from "./fetch";
import { stepPages, unionSteps, type MediaConfig, type MediaItem } from "./shape";

export const PAGE_STEPS = 10; // steps a grid asks for at once
export const RUN_PAGE = 10; // runs a grid asks for at once
const WIDE = new Set(["audio", "video", "html", "object3D", "molecule"]); // need room

export function gridView(
  ctx: PanelContext, body: HTMLElement, cfg: MediaConfig, choice: Choice, columns: Column[], shownRuns: number,
  cache: MediaCache, signal: AbortSignal, redraw: () => void, keep: (o: IntersectionObserver[]) => void,
): void {
  const steps = unionSteps(columns.map((c) => ({ run: c.run, steps: c.steps, media: [], more: false, summary: null })));
  const byStep = cfg.gridY === "step"; // rows are steps (runs across), or runs (steps across)
  const pages = stepPages(steps, PAGE_STEPS);
  const pageOf = new Map<number, number>();
  pages.forEach((p, i) => p.steps.forEach((s) => pageOf.set(s, i)));
  const cells = new Map<string, HTMLElement>(); // "run\0step" → cell, for rows built
  const across = byStep ? columns.length : steps.length;
  // one label width for every row (each row is its own grid, so max-content would differ)
  const template = (min: number) => `${byStep ? 72 : 140}px repeat(${across}, minmax(${min}px, 1fr))`;
  let wide = false;
  const rows: HTMLElement[] = [];
  const row = (...children: HTMLElement[]) => {
    const el = h("div", { class: "mb-row" }, ...children);
    setStyles(el, { "grid-template-columns": template(byStep ? 64 : 96) });
    rows.push(el);
    return el;
  };
  const head = row(h("div", { class: "mb-corner" }, byStep ? "step" : "run"), ...(byStep ? columns.map((c) => runHead(c)) : steps.map((s) => h("div", { class: "mb-axis" }, `step ${s}`))));
  head.classList.add("mb-head");
  const table = h("div", { class: "mb-grid", "data-testid": "media-grid" }, head);

  const filled: unknown[] = [];
  const seen: MediaItem[] = [];
  const bar = h("div", { class: "mb-bar" }, toolbar(ctx, cfg, choice, [], redraw));
  const fillCell = (c: Column, s: number) => {
    const el = cells.get(`${c.run}\u0000${s}`);
    if (!el || !cache.has(c.run, s) || !el.classList.contains("mb-pending")) return;
    el.classList.remove("mb-pending");
    const items = cache.get(c.run, s)?.items ?? [];
    el.replaceChildren(...items.map((item) => mediaItem(item, choice.overlays)));
    if (!items.length) return;
    filled.push({ run: c.run, step: s, items: summarize(items) });
    seen.push(...items);
    if (!wide && items.some((i) => WIDE.has(i.type))) {
      wide = true; // players and pages need room, images do not
      for (const r of rows) setStyles(r, { "grid-template-columns": template(180) });
    }
  };
  const gridData = () => ({ mode: "grid", key: choice.key, axes: { x: cfg.gridX, y: cfg.gridY }, steps, runs: columns.map((c) => c.run), pagesFetched: [...new Set([...asked].map((k) => Number(k.split(":")[0])))].sort((a, b) => a - b), requests: asked.size, cells: filled });
  let settling = false;
  const settle = () => {
    // once per batch of cells filled: the toolbar's classes, and the panel "ready"
    if (settling) return;
    settling = true;
    queueMicrotask(() => {
      settling = false;
      bar.replaceChildren(toolbar(ctx, cfg, choice, seen, redraw));
      markState(ctx, body, "ready", { data: gridData() });
    });
  };

  const runPage = new Map(columns.map((c, i) => [c.run, Math.floor(i / RUN_PAGE)]));
  const asked = new Set<string>(); // "step page:run page" asked for
  let pending: [number, number][] = [];
  const flush = () => {
    const wanted = pending;
    pending = [];
    for (const [sp, rp] of wanted) {
      const p = pages[sp];
      const runs = columns.slice(rp * RUN_PAGE, (rp + 1) * RUN_PAGE).map((c) => c.run);
      fetchMedia(ctx.entity, ctx.project, { runs, key: choice.key, minStep: p.minStep, maxStep: p.maxStep, limit: p.steps.length, withSteps: false }, signal)
        .then((answer) => {
          cache.put(answer, { runs, steps: p.steps });
          if (signal.aborted) return;
          for (const s of p.steps) for (const c of columns.slice(rp * RUN_PAGE, (rp + 1) * RUN_PAGE)) fillCell(c, s);
          settle();
        })
        .catch((err) => {
          if (!signal.aborted) showState(ctx, body, "error", `Could not load media: ${errorText(err)}`);
        });
    }
  };
  /** A cell came near the view: fill it, or ask for its page (of steps and of runs). */
  const want = (run: string, step: number) => {
    const column = columns[columns.findIndex((c) => c.run === run)];
    if (cache.has(run, step)) {
      fillCell(column, step);
      settle();
      return;
    }
    const page = `${pageOf.get(step)}:${runPage.get(run)}`;
    if (asked.has(page)) return;
    asked.add(page);
    if (!pending.length) queueMicrotask(flush);
    pending.push([pageOf.get(step)!, runPage.get(run)!]);
  };

  const scroll = h("div", { class: "mb-scroll" }, table);
  const near = { root: scroll, rootMargin: "200px" };
  // steps across: a cell asks for its page as it scrolls in sideways
  const cellWatch = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      cellWatch.unobserve(e.target);
      const { run, step } = (e.target as HTMLElement).dataset;
      want(run!, Number(step));
    }
  }, near);
  const cell = (c: Column, s: number) => {
    const el = h("div", { class: "mb-cell mb-pending", "data-testid": "media-cell", "data-run": c.run, "data-step": s });
    cells.set(`${c.run}\u0000${s}`, el);
    return el;
  };
  const build = (placeholder: HTMLElement, index: number) => {
    const made = byStep ? columns.map((c) => cell(c, steps[index])) : steps.map((s) => cell(columns[index], s));
    const label = byStep ? h("div", { class: "mb-axis" }, `step ${steps[index]}`) : runHead(columns[index]);
    placeholder.replaceChildren(label, ...made);
    for (const el of made) cellWatch.observe(el); // each cell asks for its page once near
    placeholder.classList.remove("mb-unbuilt");
  };
  const rowWatch = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      rowWatch.unobserve(e.target);
      build(e.target as HTMLElement, Number((e.target as HTMLElement).dataset.index));
    }
  }, near);
  keep([rowWatch, cellWatch]);
  const count = byStep ? steps.length : columns.length;
  for (let i = 0; i < count; i++) {
    const placeholder = row();
    placeholder.classList.add("mb-unbuilt");
    placeholder.dataset.index = String(i);
    table.appendChild(placeholder);
    rowWatch.observe(placeholder);
  }
  body.replaceChildren(
    h(
      "div",
      { class: "mb", "data-testid": "media-browser", "data-mode": "grid" },
      bar,
      scroll,
      shownRuns > columns.length ? h("div", { class: "mb-note" }, `${shownRuns - columns.length} of the ${shownRuns} runs shown logged no "${choice.key}".`) : null,
    ),
  );
  // rows in view are built by the observer (on the next frame); the panel is "ready" once
  // cells of them are filled (settle)
}
