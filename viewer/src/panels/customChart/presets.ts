// Pure shaping for CustomChart (viewType "Vega2"): the table its query names, the rows as
// Vega data, and a Vega-Lite spec for each W&B preset (panelDefId) written here from the
// preset's field settings (which table column plays which part) and string settings
// (titles). A spec stored with the panel (customPanelDef.spec) is used as written, with
// W&B's ${field:...} and ${string:...} placeholders filled in and its "wandb" data given.

export type Row = Record<string, unknown>;
export type Settings = Record<string, string>;
type Spec = Record<string, any>;

const obj = (v: unknown): Record<string, any> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, any>) : null);

/** The summary table key the panel's userQuery asks for (summaryTable { tableKey }). */
export function tableKeyOf(config: unknown): string | null {
  const fields = obj(config)?.userQuery?.queryFields;
  const walk = (list: unknown): string | null => {
    if (!Array.isArray(list)) return null;
    for (const f of list) {
      const field = obj(f);
      if (!field) continue;
      if (field.name === "summaryTable" || field.name === "historyTable") {
        const arg = (Array.isArray(field.args) ? field.args : []).find((a: unknown) => obj(a)?.name === "tableKey");
        if (typeof arg?.value === "string") return arg.value;
      }
      const inner = walk(field.fields) ?? walk(field.args);
      if (inner) return inner;
    }
    return null;
  };
  return walk(fields);
}

/** Table rows as Vega data: one object per row, its columns plus the run (`name`, `id`). */
export function tableValues(columns: string[], rows: { run: string; cells: unknown[] }[], label: (run: string) => string): Row[] {
  return rows.map((r) => {
    const out: Row = { name: label(r.run), id: r.run };
    columns.forEach((c, i) => (out[c] = r.cells[i]));
    return out;
  });
}

const strings = (v: unknown): Settings => {
  const out: Settings = {};
  for (const [k, x] of Object.entries(obj(v) ?? {})) if (typeof x === "string") out[k] = x;
  return out;
};

export interface ChartPlan {
  mode: "preset" | "custom";
  spec: Spec;
  fields: Settings;
  strings: Settings;
}

/** The preset names W&B's clients write, with the fields each needs. */
export const PRESETS: Record<string, string[]> = {
  "wandb/line/v0": ["x", "y"],
  "wandb/scatter/v0": ["x", "y"],
  "wandb/bar/v0": ["label", "value"],
  "wandb/histogram/v0": ["value"],
  "wandb/area/v0": ["x", "y"],
  "wandb/lineseries/v0": ["step", "lineKey", "lineVal"],
  "wandb/confusion_matrix/v1": ["Actual", "Predicted", "nPredictions"],
  "wandb/pr_curve/v0": ["x", "y"],
  "wandb/roc_curve/v0": ["x", "y"],
  "wandb/area-under-curve/v0": ["x", "y"],
};

/** What to draw for a panel config and its data, or why nothing can be. */
/** The runs' colours in the workspace, by the label `name` carries. */
export interface RunColors {
  domain: string[];
  range: string[];
}

export function chartPlan(config: unknown, values: Row[], runs: number, colors?: RunColors): ChartPlan | { error: string } {
  const c = obj(config) ?? {};
  const fields = strings(c.fieldSettings);
  const text = strings(c.stringSettings);
  const custom = obj(c.customPanelDef)?.spec;
  if (custom !== undefined && custom !== null && custom !== "") {
    const spec = customSpec(custom, fields, text, values);
    return isProblem(spec) ? { error: String(spec.error) } : { mode: "custom", spec, fields, strings: text };
  }
  const id = typeof c.panelDefId === "string" ? c.panelDefId : "";
  const spec = presetSpec(id, fields, text, values, runs, colors);
  return isProblem(spec) ? { error: String(spec.error) } : { mode: "preset", spec, fields, strings: text };
}

/** Whether a shaping step answered with why it cannot draw instead of a spec. */
export const isProblem = (x: Spec): boolean => typeof x.error === "string" && Object.keys(x).length === 1;

const q = (field: string, title?: string) => ({ field, type: "quantitative", ...(title ? { title } : {}) });
const n = (field: string, title?: string) => ({ field, type: "nominal", ...(title ? { title } : {}) });

/** Our Vega-Lite spec for a W&B preset, or `{error}` saying why there is none. */
export function presetSpec(id: string, fields: Settings, text: Settings, values: Row[], runs: number, colors?: RunColors): Spec {
  const need = PRESETS[id];
  if (!need) {
    const known = Object.keys(PRESETS).join(", ");
    return { error: id ? `No spec for the chart ${id} (the viewer draws ${known}; a spec of its own is drawn from customPanelDef.spec).` : "This custom chart names no chart (panelDefId)." };
  }
  const f = (k: string) => fields[k] || k;
  const missing = values.length ? need.filter((k) => !(f(k) in values[0])) : [];
  if (missing.length) return { error: `The table has no column ${missing.map((k) => `"${f(k)}" (${k})`).join(", ")}; its columns are ${Object.keys(values[0]).filter((k) => k !== "name" && k !== "id").join(", ")}.` };
  const runColor = { ...n("name", "run"), ...(colors ? { scale: { domain: colors.domain, range: colors.range } } : {}) };
  const byRun = runs > 1 ? { color: runColor } : {};
  const base: Spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values },
    width: "container",
    height: "container",
    autosize: { type: "fit", contains: "padding" },
    config: { mark: { tooltip: { content: "data" } } }, // the fields a mark shows, on hover
    ...(text.title ? { title: text.title } : {}),
  };
  const xTitle = text["x-axis-title"] || text.xname;
  const yTitle = text["y-axis-title"] || text.yname;
  switch (id) {
    case "wandb/line/v0":
      return { ...base, mark: { type: "line", point: false }, encoding: { x: q(f("x"), xTitle), y: q(f("y"), yTitle), ...(fields.stroke ? { color: n(fields.stroke) } : byRun) } };
    case "wandb/area/v0":
      return { ...base, mark: { type: "area", opacity: 0.7 }, encoding: { x: q(f("x"), xTitle), y: q(f("y"), yTitle), ...byRun } };
    case "wandb/scatter/v0":
      return { ...base, mark: { type: "point", filled: true }, encoding: { x: q(f("x"), xTitle), y: q(f("y"), yTitle), ...byRun, tooltip: [n("name", "run"), q(f("x")), q(f("y"))] } };
    case "wandb/bar/v0":
      return { ...base, mark: "bar", encoding: { y: n(f("label")), x: q(f("value")), ...(runs > 1 ? { color: runColor, yOffset: n("name") } : {}) } };
    case "wandb/histogram/v0":
      return { ...base, mark: "bar", encoding: { x: { ...q(f("value")), bin: { maxbins: 20 } }, y: { aggregate: "count", type: "quantitative" }, ...byRun } };
    case "wandb/lineseries/v0":
      return { ...base, mark: "line", encoding: { x: q(f("step"), text.xname || undefined), y: q(f("lineVal")), color: n(f("lineKey")), ...(runs > 1 ? { strokeDash: n("name", "run") } : {}) } };
    case "wandb/confusion_matrix/v1": {
      // counts of different runs do not add up: the matrix of the first run shown
      const first = runs > 1 && values.length ? values[0] : null;
      return {
        ...base,
        ...(first ? { title: { text: text.title || "Confusion matrix", subtitle: String(first.name) }, transform: [{ filter: { field: "id", equal: first.id } }] } : {}),
        encoding: { x: n(f("Predicted"), "Predicted"), y: n(f("Actual"), "Actual") },
        layer: [
          { mark: "rect", encoding: { color: { aggregate: "sum", field: f("nPredictions"), type: "quantitative", title: "count", scale: { scheme: "blues" } } } },
          { mark: { type: "text", fontSize: 11 }, encoding: { text: { aggregate: "sum", field: f("nPredictions"), type: "quantitative" }, color: { value: "#222" } } },
        ],
      };
    }
    default: // the area-under-curve family: pr_curve, roc_curve
      return { ...base, mark: "line", encoding: { x: q(f("x"), xTitle), y: q(f("y"), yTitle), color: fields.class ? n(fields.class) : runColor, ...(fields.class && runs > 1 ? { strokeDash: n("name", "run") } : {}) } };
  }
}

/** A stored Vega or Vega-Lite spec with its placeholders filled and the table as "wandb"
 *  (or `{error}`). */
export function customSpec(spec: unknown, fields: Settings, text: Settings, values: Row[]): Spec {
  let raw: string;
  try {
    raw = typeof spec === "string" ? spec : JSON.stringify(spec);
  } catch {
    return { error: "The chart's stored spec is not JSON." };
  }
  const filled = raw
    .replace(/\$\{field:([^}]+)\}/g, (_m, k: string) => jsonInner(fields[k] ?? k))
    .replace(/\$\{string:([^}]+)\}/g, (_m, k: string) => jsonInner(text[k] ?? ""));
  let parsed: unknown;
  try {
    parsed = JSON.parse(filled);
  } catch (err) {
    return { error: `The chart's stored spec is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const out = obj(parsed);
  if (!out) return { error: "The chart's stored spec is not a JSON object." };
  const feed = (d: Record<string, any>) => {
    const fed: Record<string, any> = { ...d, values };
    delete fed.url;
    delete fed.format;
    return fed;
  };
  if (Array.isArray(out.data)) out.data = out.data.map((d: unknown) => (obj(d)?.name === "wandb" ? feed(obj(d)!) : d));
  else if (obj(out.data) && (out.data.name === "wandb" || !(out.data.url || out.data.values))) out.data = feed(out.data);
  else if (!("data" in out) && !isVega(out)) out.data = { values };
  return out;
}

/** `s` as it may appear between quotes in JSON. */
function jsonInner(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** Whether a spec is Vega (marks and signals) rather than Vega-Lite. */
export function isVega(spec: Spec): boolean {
  return typeof spec.$schema === "string" ? spec.$schema.includes("/vega/") : Array.isArray(spec.marks);
}

/** A Vega tooltip value as text (the element's title): one "key: value" a line. */
export function tooltipText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "number" ? Number(v.toPrecision(6)) : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("\n");
}
