// "Vega2" (CustomChart): a chart drawn by Vega-Lite (or Vega) from the table the panel's
// query names, in the runs shown. vega-embed and the Vega libraries are loaded only when
// a custom chart is on screen (a chunk of their own); expressions are evaluated by
// vega-interpreter (ast: true), so the page's Content-Security-Policy needs no
// 'unsafe-eval'. The canvas renderer, no actions menu, no injected stylesheet and the
// tooltip as the element's title keep it within the policy's style rules too.
import { h, clear } from "../../dom";
import { fetchTable } from "../../panelData";
import { linesFor } from "../../state";
import { errorText, markState, showState, type PanelComponent, type PanelContext } from "../common";
import { chartPlan, isVega, tableKeyOf, tableValues, tooltipText, type Row } from "./presets";

const MAX_RUNS = 20;
const MAX_ROWS = 10_000; // wandb.Table.MAX_ROWS: what a run's table holds at most

export const CustomChart: PanelComponent = (ctx, body) => {
  let live = true;
  let finalize: (() => void) | null = null;
  void draw(ctx, body, () => live).then((f) => {
    if (live) finalize = f;
    else f?.();
  });
  return {
    destroy() {
      live = false;
      finalize?.();
    },
  };
};

async function draw(ctx: PanelContext, body: HTMLElement, live: () => boolean): Promise<(() => void) | null> {
  const key = tableKeyOf(ctx.panel.config);
  const config = ctx.panel.config as Record<string, unknown>;
  if (!key) {
    showState(ctx, body, "empty", "This custom chart's query names no table (summaryTable { tableKey }).", { settings: config });
    return null;
  }
  const lines = linesFor({ ...ctx.runs, groups: [] }, Math.min(ctx.settings.maxRuns, MAX_RUNS));
  if (!lines.length) {
    showState(ctx, body, "empty", ctx.runs.all.length ? "Every run is hidden." : "No runs in this project yet.");
    return null;
  }
  const label = new Map(lines.map((l) => [l.runs[0], l.label]));
  let values: Row[];
  let runsWithTable: number;
  let total: number;
  try {
    const page = await fetchTable(ctx.entity, ctx.project, { runs: lines.map((l) => l.runs[0]), key, offset: 0, limit: MAX_ROWS });
    if (!live()) return null;
    runsWithTable = lines.length - page.missing.length;
    if (!runsWithTable) {
      showState(ctx, body, "empty", `No shown run logged the table \`${key}\`.`, { data: { table: key } });
      return null;
    }
    values = tableValues(page.columns, page.rows, (run) => label.get(run) ?? run);
    total = page.total;
  } catch (err) {
    if (live()) showState(ctx, body, "error", `Could not load the table \`${key}\`: ${errorText(err)}`);
    return null;
  }
  const colors = { domain: lines.map((l) => l.label), range: lines.map((l) => l.color) };
  const plan = chartPlan(config, values, runsWithTable, colors);
  if ("error" in plan) {
    showState(ctx, body, "empty", plan.error, { data: { table: key, rows: values.length } });
    return null;
  }
  clear(body);
  const host = h("div", { class: "vega-host", "data-testid": "vega-chart" });
  body.appendChild(host);
  if (total > values.length) body.appendChild(h("div", { class: "panel-note", "data-testid": "vega-truncated" }, `The first ${values.length} of ${total} rows.`));
  try {
    const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import("vega-embed"), import("vega-interpreter")]);
    if (!live()) return null;
    const result = await embed(host, plan.spec as never, {
      mode: isVega(plan.spec) ? "vega" : "vega-lite",
      renderer: "canvas",
      actions: false,
      defaultStyle: false,
      // the hovered mark's fields as the chart's title text: vega-tooltip's own box
      // would add a stylesheet, which the page's policy refuses
      tooltip: (_handler: unknown, _event: unknown, _item: unknown, value: unknown) => {
        host.title = tooltipText(value);
      },
      ast: true,
      expr: expressionInterpreter,
      // our presets fill the panel; a stored spec keeps the size it was written with
      ...(plan.mode === "preset" ? { width: Math.max(body.clientWidth - 16, 120), height: Math.max(body.clientHeight - 40, 80) } : {}),
    });
    if (!live()) {
      result.finalize();
      return null;
    }
    markState(ctx, body, "ready", {
      data: { table: key, rows: values.length, total, mode: plan.mode, chart: (config.panelDefId as string) ?? "", spec: withoutValues(plan.spec), fields: plan.fields, strings: plan.strings },
    });
    return result.finalize;
  } catch (err) {
    if (live()) showState(ctx, body, "error", `Could not draw the chart: ${errorText(err)}`, { data: { spec: plan.spec } });
    return null;
  }
}

/** The spec as the test hooks record it: the table rows left out (they are counted). */
function withoutValues(spec: Record<string, any>): Record<string, any> {
  const strip = (d: any) => (d && typeof d === "object" && Array.isArray(d.values) ? { ...d, values: `${d.values.length} rows` } : d);
  return { ...spec, data: Array.isArray(spec.data) ? spec.data.map(strip) : strip(spec.data) };
}
