// The Media Browser's gallery: one cell per run at the slider's step (the gallery axis
// "step", or "index": a step's items side by side), or, with the axis "run", one cell per
// step of the run the slider picks. `columnCount` cells a row.
import { clear, h, setStyles } from "../../dom";
import { markState, type PanelContext } from "../common";
import { mediaItem } from "./draw";
import { fetchMedia, type MediaCache } from "./fetch";
import { runHead, summarize, toolbar, type Choice, type Column } from "./parts";
import { galleryColumns, requestsFor, stepFor, unionSteps, type MediaConfig, type MediaItem } from "./shape";

const RUN_STEPS = 100; // steps of one run a gallery along runs shows (its latest)

interface Cell {
  column: Column;
  step: number;
  items: MediaItem[];
}

async function atStep(ctx: PanelContext, choice: Choice, columns: Column[], cache: MediaCache, signal: AbortSignal, step: number): Promise<Cell[]> {
  const wanted = requestsFor(new Map(columns.map((c) => [c.run, c.steps])), step);
  await Promise.all(
    [...wanted].filter(([at, runs]) => runs.some((r) => !cache.has(r, at))).map(async ([at, runs]) => {
      const answer = await fetchMedia(ctx.entity, ctx.project, { runs, key: choice.key, minStep: at, maxStep: at + 1, limit: 1, withSteps: false }, signal);
      cache.put(answer, { runs, steps: [at] });
    }),
  );
  return columns.map((c) => {
    const at = stepFor(c.steps, step)!;
    return { column: c, step: at, items: cache.get(c.run, at)?.items ?? [] };
  });
}

async function ofRun(ctx: PanelContext, choice: Choice, column: Column, cache: MediaCache, signal: AbortSignal): Promise<Cell[]> {
  const steps = column.steps.slice(-RUN_STEPS);
  if (steps.some((s) => !cache.has(column.run, s))) {
    const request = { runs: [column.run], key: choice.key, minStep: steps[0], maxStep: steps[steps.length - 1] + 1, limit: steps.length, withSteps: false };
    cache.put(await fetchMedia(ctx.entity, ctx.project, request, signal), { runs: [column.run], steps });
  }
  return steps.map((s) => ({ column, step: s, items: cache.get(column.run, s)?.items ?? [] }));
}

function slider(values: (number | string)[], at: number, text: (i: number) => string, pick: (i: number) => void): HTMLElement {
  const input = h("input", { type: "range", min: 0, max: values.length - 1, value: at, step: 1, "data-testid": "media-slider", "aria-label": "step" });
  const label = h("span", { class: "mb-step", "data-testid": "media-step" }, text(at));
  input.addEventListener("input", () => (label.textContent = text(Number(input.value))));
  input.addEventListener("change", () => pick(Number(input.value)));
  if (values.length < 2) input.hidden = true; // one value: nothing to slide over
  return h("label", { class: "mb-slider" }, label, input);
}

export async function galleryView(
  ctx: PanelContext, body: HTMLElement, cfg: MediaConfig, choice: Choice, columns: Column[], shownRuns: number,
  cache: MediaCache, signal: AbortSignal, redraw: () => void,
): Promise<void> {
  const byRun = cfg.galleryAxis === "run";
  const steps = unionSteps(columns.map((c) => ({ run: c.run, steps: c.steps, media: [], more: false, summary: null })));
  let cells: Cell[];
  let control: HTMLElement;
  if (byRun) {
    const index = Math.max(0, columns.findIndex((c) => c.run === choice.run));
    choice.run = columns[index].run;
    cells = await ofRun(ctx, choice, columns[index], cache, signal);
    control = slider(columns.map((c) => c.run), index, (i) => columns[i].line.label, (i) => {
      choice.run = columns[i].run;
      redraw();
    });
  } else {
    const step = choice.step !== null && steps.includes(choice.step) ? choice.step : steps[steps.length - 1];
    choice.step = step;
    cells = await atStep(ctx, choice, columns, cache, signal, step);
    control = slider(steps, steps.indexOf(step), (i) => `Step ${steps[i]}`, (i) => {
      choice.step = steps[i];
      redraw();
    });
  }
  if (signal.aborted) return;
  const grid = h("div", { class: "mb-gallery", "data-testid": "media-gallery" });
  setStyles(grid, { "grid-template-columns": `repeat(${galleryColumns(cfg, cells.length)}, minmax(0, 1fr))` });
  for (const cell of cells) {
    const note = !byRun && cell.step !== choice.step ? `step ${cell.step}` : "";
    const head = byRun ? h("div", { class: "mb-run" }, `step ${cell.step}`) : runHead(cell.column, note);
    grid.appendChild(
      h("div", { class: "mb-cell", "data-testid": "media-cell", "data-run": cell.column.run, "data-step": cell.step }, head, ...cell.items.map((item) => mediaItem(item, choice.overlays))),
    );
  }
  clear(body);
  body.appendChild(
    h(
      "div",
      { class: "mb", "data-testid": "media-browser", "data-mode": "gallery" },
      toolbar(ctx, cfg, choice, cells.flatMap((c) => c.items), redraw, control),
      h("div", { class: "mb-scroll" }, grid),
      shownRuns > columns.length ? h("div", { class: "mb-note" }, `${shownRuns - columns.length} of the ${shownRuns} runs shown logged no "${choice.key}".`) : null,
    ),
  );
  const data = {
    mode: "gallery",
    axis: byRun ? "run" : "step",
    key: choice.key,
    step: byRun ? null : choice.step,
    run: byRun ? choice.run : null,
    steps,
    overlays: { masks: choice.overlays.masks, boxes: choice.overlays.boxes },
    cells: cells.map((c) => ({ run: c.column.run, step: c.step, items: summarize(c.items) })),
  };
  markState(ctx, body, "ready", { data, series: columns.map((c) => ({ label: c.line.label, color: c.line.color, runs: [c.run] })) });
}
