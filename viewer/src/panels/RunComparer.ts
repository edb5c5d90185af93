// "Run Comparer": the shown runs side by side (one column each), their run fields, config
// and summary as rows. `diffOnly` ("split" or true) hides rows where every run agrees; a
// checkbox in the panel switches it for the page.
import { h, clear } from "../dom";
import { linesFor } from "../state";
import { markState, showState, type PanelComponent } from "./common";
import { flatten, showValue } from "./fields";

export interface ComparerRow {
  section: "run" | "config" | "summary";
  key: string;
  values: string[]; // one per run, as shown
  same: boolean;
}

const MAX_RUNS = 30;
const chosen = new Map<string, boolean>(); // panel id → the user's diff-only toggle (kept across redraws)

export const RunComparer: PanelComponent = (ctx, body) => {
  if (!ctx.runs.all.length) {
    showState(ctx, body, "empty", ctx.runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const byName = new Map(ctx.runs.all.map((r) => [r.name, r]));
  const shown = linesFor({ ...ctx.runs, groups: [] }, Math.min(ctx.settings.maxRuns, MAX_RUNS));
  if (!shown.length) {
    showState(ctx, body, "empty", "Every run is hidden (turn one on with its eye in the runs table).");
    return { destroy() {} };
  }
  const runs = shown.map((l) => byName.get(l.runs[0])!);
  const rows: ComparerRow[] = [];
  const add = (section: ComparerRow["section"], key: string, values: unknown[]) => {
    const shownValues = values.map(showValue);
    rows.push({ section, key, values: shownValues, same: shownValues.every((v) => v === shownValues[0]) });
  };
  add("run", "Name", runs.map((r) => r.name));
  add("run", "State", runs.map((r) => r.state));
  add("run", "Tags", runs.map((r) => (r.tags.length ? r.tags.join(", ") : undefined)));
  add("run", "Created", runs.map((r) => r.createdAt.replace("T", " ").replace(/\.\d+Z?$|Z$/, "")));
  for (const section of ["config", "summary"] as const) {
    const flat = runs.map((r) => flatten((section === "config" ? r.config : r.summary) ?? {}));
    const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => !k.startsWith("_wandb")).sort();
    for (const key of keys) add(section, key, flat.map((f) => f[key]));
  }
  const diff = ctx.panel.config.diffOnly;
  let diffOnly = chosen.get(ctx.panel.id) ?? (diff === true || diff === "split");

  const draw = () => {
    clear(body);
    const visible = rows.filter((r) => !diffOnly || !r.same || r.key === "Name");
    const toggle = h("input", { type: "checkbox", "data-testid": "comparer-diff-only", checked: diffOnly });
    toggle.addEventListener("change", () => {
      diffOnly = toggle.checked;
      chosen.set(ctx.panel.id, diffOnly);
      draw();
    });
    const head = h("tr", {}, h("th", { class: "rc-key" }, ""), ...shown.map((l) => h("th", { title: l.runs[0] }, h("span", { class: "swatch", style: { "background-color": l.color } }), " ", l.label)));
    const bodyRows: HTMLElement[] = [];
    let current = "";
    for (const r of visible) {
      if (r.section !== current) {
        current = r.section;
        bodyRows.push(h("tr", { class: "rc-section" }, h("td", { colspan: shown.length + 1 }, r.section === "run" ? "Run" : r.section === "config" ? "Config" : "Summary")));
      }
      bodyRows.push(
        h(
          "tr",
          { class: r.same ? "rc-same" : "rc-diff", "data-testid": "comparer-row", "data-key": `${r.section}:${r.key}` },
          h("td", { class: "rc-key", title: r.key }, r.key),
          ...r.values.map((v) => h("td", { title: v }, v)),
        ),
      );
    }
    body.appendChild(
      h(
        "div",
        { class: "rc" },
        h("label", { class: "rc-toggle" }, toggle, " show differences only"),
        h("div", { class: "rc-scroll" }, h("table", { class: "rc-table", "data-testid": "comparer-table" }, h("thead", {}, head), h("tbody", {}, ...bodyRows))),
      ),
    );
    markState(ctx, body, "ready", {
      data: { runs: runs.map((r) => r.name), diffOnly, rows: visible },
      series: shown.map((l) => ({ label: l.label, color: l.color, runs: l.runs })),
    });
  };
  draw();
  return { destroy() {} };
};
