// "Parameter Importance": for the panel's `targetKey` metric, each config parameter's
// importance and correlation over the shown runs (computed in the browser from the runs
// list, see ../importance.ts for the measures), as a table with bars, most important first.
import { h, clear } from "../dom";
import { parameterImportance } from "../importance";
import { linesFor } from "../state";
import { markState, runValue, showState, type PanelComponent } from "./common";
import { flatten, toNumber } from "./fields";

/** `summary:loss`, `summary_metrics.loss` or `loss` → "loss". */
export function targetMetric(key: unknown): string {
  return typeof key === "string" ? key.replace(/^summary:/, "").replace(/^summary_metrics\./, "") : "";
}

export const ParameterImportance: PanelComponent = (ctx, body) => {
  const target = targetMetric(ctx.panel.config.targetKey);
  if (!target) {
    showState(ctx, body, "empty", "This parameter importance panel has no target metric (targetKey).");
    return { destroy() {} };
  }
  if (!ctx.runs.all.length) {
    showState(ctx, body, "empty", ctx.runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const byName = new Map(ctx.runs.all.map((r) => [r.name, r]));
  const samples = [];
  for (const line of linesFor({ ...ctx.runs, groups: [] }, Number.MAX_SAFE_INTEGER)) {
    const run = byName.get(line.runs[0])!;
    const y = toNumber(runValue(run, `summary:${target}`));
    if (y !== null) samples.push({ params: flatten(run.config), target: y });
  }
  if (samples.length < 2) {
    showState(ctx, body, "empty", samples.length ? `Only one shown run logged \`${target}\`; importance needs at least two.` : `No shown run logged \`${target}\`.`);
    return { destroy() {} };
  }
  const result = parameterImportance(samples, target);
  if (!result.rows.length) {
    showState(ctx, body, "empty", `No config parameter (or \`${target}\` itself) varies over the ${samples.length} runs.`);
    return { destroy() {} };
  }
  clear(body);
  const maxImportance = Math.max(...result.rows.map((r) => r.importance)) || 1;
  const bar = (value: number, scale: number, cls: string) =>
    h("div", { class: "pi-track" }, h("div", { class: `pi-bar ${cls}`, style: { width: `${Math.round((Math.abs(value) / scale) * 100)}%` } }));
  body.appendChild(
    h(
      "div",
      { class: "pi" },
      h("div", { class: "pi-note muted" }, `with respect to ${target}, over ${result.runs} runs`),
      h(
        "table",
        { class: "pi-table", "data-testid": "importance-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "Config parameter"), h("th", { title: "|standardized ridge-regression coefficient|, normalized to sum 1" }, "Importance"), h("th", { title: "Pearson correlation with the target" }, "Correlation"))),
        h(
          "tbody",
          {},
          ...result.rows.map((r) =>
            h(
              "tr",
              { "data-testid": "importance-row", "data-feature": r.feature },
              h("td", { class: "pi-name", title: r.feature }, r.feature),
              h("td", {}, h("div", { class: "pi-cell" }, bar(r.importance, maxImportance, "imp"), h("span", {}, r.importance.toFixed(3)))),
              h("td", {}, h("div", { class: "pi-cell" }, bar(r.correlation, 1, r.correlation >= 0 ? "pos" : "neg"), h("span", {}, r.correlation.toFixed(3)))),
            ),
          ),
        ),
      ),
    ),
  );
  markState(ctx, body, "ready", { data: result });
  return { destroy() {} };
};
