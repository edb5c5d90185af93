// What every panel component gets, and the card it draws in.
import { h, clear } from "../dom";
import type { Panel, Settings } from "../spec";
import { panelDone, type PanelDebug, type Runs } from "../state";
import { formatNumber } from "./values";

// run values and numbers, here for the components (pure, so the data shaping can use them
// without the DOM)
export { aggregate, formatNumber, runValue } from "./values";

export interface PanelContext {
  entity: string;
  project: string;
  panel: Panel;
  title: string;
  settings: Settings;
  runs: Runs;
}

export interface PanelView {
  destroy(): void;
  /** Draw again for new runs, keeping what the user did (a zoom); without it the
   *  component is destroyed and started again in the same body. */
  update?(ctx: PanelContext): void;
}

export type PanelComponent = (ctx: PanelContext, body: HTMLElement) => PanelView;

/** The card around a panel: title bar, full-screen toggle, and the body the component owns.
 *  Full screen keeps the card in its place in the DOM (a spacer holds its grid cell) and
 *  fixes it over the page; ⤢ opens it, ✕ or Escape closes it. The component sees its body
 *  resized (ResizeObserver) and lays itself out again. */
export function panelCard(
  ctx: PanelContext,
  full: { open: boolean; onChange: (open: boolean) => void } = { open: false, onChange: () => {} },
): { root: HTMLElement; body: HTMLElement } {
  const body = h("div", { class: "panel-body", "data-testid": "panel-body" });
  let spacer: HTMLElement | null = null;
  const button = h("button", { class: "icon", "data-testid": "panel-fullscreen" });
  const root = h(
    "div",
    {
      class: "panel",
      "data-testid": "panel",
      "data-panel-id": ctx.panel.id,
      "data-panel-type": ctx.panel.viewType,
      "data-state": "loading",
    },
    h("div", { class: "panel-head" }, h("span", { class: "panel-title", "data-testid": "panel-title", title: ctx.title }, ctx.title || ctx.panel.viewType), button),
    body,
  );
  const set = (open: boolean) => {
    root.classList.toggle("fullscreen", open);
    root.setAttribute("data-fullscreen", String(open));
    button.textContent = open ? "✕" : "⤢";
    button.title = open ? "Exit full screen (Esc)" : "Full screen";
    if (open && !spacer && root.parentElement) {
      spacer = h("div", { class: "panel-spacer", "aria-hidden": "true" });
      spacer.style.gridColumn = root.style.gridColumn;
      spacer.style.gridRow = root.style.gridRow;
      root.before(spacer);
    } else if (!open && spacer) {
      spacer.remove();
      spacer = null;
    }
  };
  button.addEventListener("click", () => {
    const open = !root.classList.contains("fullscreen");
    set(open);
    full.onChange(open);
  });
  set(full.open);
  // a card created full screen gets its spacer once it is in the grid
  if (full.open) queueMicrotask(() => root.classList.contains("fullscreen") && set(true));
  return { root, body };
}

// Escape closes the panel that is full screen
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelector<HTMLButtonElement>(".panel.fullscreen [data-testid=panel-fullscreen]")?.click();
});

/** Show an explicit state in the body ("empty" and "error" say why) and record it. */
export function showState(
  ctx: PanelContext,
  body: HTMLElement,
  state: "empty" | "error" | "placeholder",
  message: string,
  extra: Partial<PanelDebug> = {},
): void {
  clear(body);
  body.appendChild(h("div", { class: `panel-${state}`, "data-testid": `panel-${state}` }, message));
  markState(ctx, body, state, { message, ...extra });
}

export function markState(
  ctx: PanelContext,
  body: HTMLElement,
  state: PanelDebug["state"],
  extra: Partial<PanelDebug> = {},
): void {
  body.closest(".panel")?.setAttribute("data-state", state);
  panelDone(ctx.panel.id, { type: ctx.panel.viewType, title: ctx.title, state, ...extra });
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isDecade(v: number): boolean {
  if (v <= 0) return false;
  const l = Math.log10(v);
  return Math.abs(l - Math.round(l)) < 1e-9;
}

/** Tick labels; on a log axis only at powers of ten (when at least two are in view), so
 *  the 2..9 ticks between decades do not pile their labels on each other. */
export function tickLabels(log: boolean): (u: unknown, vals: number[]) => string[] {
  return (_u, vals) => {
    const decades = log && vals.filter((v) => v != null && isDecade(v)).length >= 2;
    return vals.map((v) => (v == null || (decades && !isDecade(v)) ? "" : formatNumber(v)));
  };
}

/** Ticks and grid lines of a log axis: only the decades when there are at least two. */
export function logTicks(_u: unknown, splits: number[]): (number | null)[] {
  const decades = splits.filter((v) => v != null && isDecade(v)).length >= 2;
  return decades ? splits.map((v) => (isDecade(v) ? v : null)) : splits;
}

/** Width in pixels for an axis showing these labels (11px font). */
export function labelWidth(labels: string[], min = 40, max = 180): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.min(max, Math.max(min, Math.ceil(longest * 6.6) + 14));
}

/** Size a uPlot chart to its panel body, leaving room for its legend: below or above the
 *  canvas (south, north: the default), or beside it (east, west: the root's data-legend). */
export function fitToBody(plot: { root: HTMLElement; setSize(s: { width: number; height: number }): void }, body: HTMLElement): void {
  const legend = plot.root.querySelector<HTMLElement>(".u-legend");
  const shown = legend && legend.style.display !== "none";
  const side = plot.root.dataset.legend === "east" || plot.root.dataset.legend === "west";
  if (legend && shown && side) {
    legend.style.maxWidth = `${Math.round(body.clientWidth * 0.35)}px`;
    legend.style.maxHeight = `${Math.max(body.clientHeight - 4, 60)}px`;
    plot.setSize({ width: Math.max(body.clientWidth - legend.offsetWidth - 4, 120), height: Math.max(body.clientHeight - 4, 60) });
    return;
  }
  const room = legend && shown ? legend.offsetHeight : 0;
  plot.setSize({ width: Math.max(body.clientWidth, 120), height: Math.max(body.clientHeight - room - 4, 60) });
}

/** Axis options for a linear or log axis: decade-only ticks, grid and labels on a log one. */
export function axisTicks(log: boolean): Record<string, unknown> {
  if (!log) return { values: tickLabels(false) };
  return { values: tickLabels(true), filter: logTicks, grid: { filter: logTicks }, ticks: { filter: logTicks } };
}
