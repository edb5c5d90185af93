// What every panel component gets, and the card it draws in.
import { h, clear } from "../dom";
import type { Panel, Settings } from "../spec";
import { panelDone, type PanelDebug, type Runs } from "../state";

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
}

export type PanelComponent = (ctx: PanelContext, body: HTMLElement) => PanelView;

/** The card around a panel: title bar, full-screen toggle, and the body the component owns. */
export function panelCard(ctx: PanelContext): { root: HTMLElement; body: HTMLElement } {
  const body = h("div", { class: "panel-body", "data-testid": "panel-body" });
  const root = h(
    "div",
    {
      class: "panel",
      "data-testid": "panel",
      "data-panel-id": ctx.panel.id,
      "data-panel-type": ctx.panel.viewType,
      "data-state": "loading",
    },
    h(
      "div",
      { class: "panel-head" },
      h("span", { class: "panel-title", "data-testid": "panel-title", title: ctx.title }, ctx.title || ctx.panel.viewType),
      h("button", {
        class: "icon",
        title: "Full screen",
        "data-testid": "panel-fullscreen",
        onclick: () => {
          root.classList.toggle("fullscreen");
          window.dispatchEvent(new Event("resize"));
        },
      }, "⤢"),
    ),
    body,
  );
  return { root, body };
}

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

/** A summary or config value of a run for a "pc"-style key (summary:acc, config:lr.value, run:state). */
export function runValue(run: { summary: Record<string, any>; config: Record<string, any>; [k: string]: any }, key: string): unknown {
  const [section, ...rest] = key.includes(":") ? key.split(":") : ["summary", key];
  const name = rest.join(":");
  if (section === "summary") return dig(run.summary, name);
  if (section === "config") {
    const direct = dig(run.config, name);
    if (direct !== undefined) return unwrap(direct);
    return unwrap(dig(run.config, name.replace(/\.value(\.|$)/, "$1").replace(/\.$/, "")));
  }
  if (section === "run") return run[name];
  return dig(run.summary, key);
}

function unwrap(v: any): unknown {
  return v && typeof v === "object" && "value" in v ? v.value : v;
}

function dig(obj: Record<string, any>, path: string): unknown {
  if (obj == null) return undefined;
  if (path in obj) return obj[path];
  let cur: any = obj;
  for (const part of path.split(".")) {
    if (cur == null || typeof cur !== "object") return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Aggregate numbers as the app's groupAgg does. */
export function aggregate(values: number[], agg: string): number {
  if (!values.length) return NaN;
  switch (agg) {
    case "min":
      return Math.min(...values);
    case "max":
      return Math.max(...values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "median": {
      const s = [...values].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return Number(v.toPrecision(5)).toString();
}
