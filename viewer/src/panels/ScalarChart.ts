// "Scalar Chart": one summary number over the shown runs (aggregated with groupAgg).
import { h, clear } from "../dom";
import { configOf, metricLabel } from "../spec";
import { linesFor } from "../state";
import { aggregate, formatNumber, markState, runValue, showState, type PanelComponent } from "./common";

export const ScalarChart: PanelComponent = (ctx, body) => {
  const cfg = configOf(ctx.panel, "Scalar Chart");
  const metric = String((Array.isArray(cfg.metrics) ? cfg.metrics : [""])[0] ?? "");
  const agg = String(cfg.groupAgg ?? "mean");
  if (!metric) {
    showState(ctx, body, "empty", "This scalar chart has no metric.");
    return { destroy() {} };
  }
  const shown = new Set(linesFor(ctx.runs, Number.MAX_SAFE_INTEGER).flatMap((l) => l.runs));
  if (!ctx.runs.all.length) {
    showState(ctx, body, "empty", ctx.runs.total ? "All runs filtered out by the run set's filters." : "No runs in this project yet.");
    return { destroy() {} };
  }
  const key = metric.startsWith("config.") ? `config:${metric.slice(7)}` : `summary:${metric.replace(/^summary_metrics\./, "")}`;
  const values: number[] = [];
  for (const run of ctx.runs.all) {
    if (!shown.has(run.name)) continue;
    const v = runValue(run, key);
    if (typeof v === "number" && Number.isFinite(v)) values.push(v);
  }
  if (!values.length) {
    showState(ctx, body, "empty", `No run logged \`${metric}\`.`);
    return { destroy() {} };
  }
  const value = aggregate(values, agg);
  clear(body);
  body.appendChild(
    h(
      "div",
      { class: "scalar" },
      h("div", { class: "scalar-value", "data-testid": "scalar-value" }, formatNumber(value)),
      h("div", { class: "scalar-note" }, `${agg} of ${metricLabel(metric)} over ${values.length} run${values.length === 1 ? "" : "s"}`),
    ),
  );
  markState(ctx, body, "ready", { data: { value, values, agg } });
  return { destroy() {} };
};
