import { describe, expect, it } from "vitest";
import { diffStats, fold, pairFiles, splitRows, unifiedRows, type DiffRow } from "../src/panels/code/shape";
import { chartPlan, customSpec, isVega, PRESETS, presetSpec, tableKeyOf, tableValues } from "../src/panels/customChart/presets";
import { bars, heatMap, isHistogram } from "../src/panels/histogram/shape";
import { cellView, firstPage, nextSort, pageInfo, pageTo, withFilter } from "../src/panels/table/shape";
import { weaveTarget } from "../src/panels/weave/expr";
import { runFileUrl } from "../src/panelData";

// the config CustomChart.from_table("cm_table", ...) writes (src/wandb_workspaces/reports/v2/_custom_chart.py)
const vegaConfig = (panelDefId: string, fieldSettings: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  transform: { name: "tableWithLeafColNames" },
  userQuery: {
    queryFields: [
      {
        name: "runSets",
        args: [{ name: "runSets", value: "${runSets}" }, { name: "limit", value: 500 }],
        fields: [{ name: "summaryTable", args: [{ name: "tableKey", value: "cm_table" }], fields: [] }, { name: "id", value: [] }, { name: "name", value: [] }],
      },
    ],
  },
  panelDefId,
  fieldSettings,
  stringSettings: { title: "T" },
  ...extra,
});

describe("custom chart presets", () => {
  const values = tableValues(["Actual", "Predicted", "nPredictions"], [{ run: "r1", cells: ["cat", "dog", 3] }], (r) => `run ${r}`);

  it("finds the table the panel's query names", () => {
    expect(tableKeyOf(vegaConfig("wandb/line/v0", {}))).toBe("cm_table");
    expect(tableKeyOf({ userQuery: { queryFields: [] } })).toBeNull();
    expect(tableKeyOf(null)).toBeNull();
  });
  it("gives table rows as objects with the run's name and id", () => {
    expect(values).toEqual([{ name: "run r1", id: "r1", Actual: "cat", Predicted: "dog", nPredictions: 3 }]);
  });
  it("maps the confusion matrix's fields onto a heat map with counts", () => {
    const spec = presetSpec("wandb/confusion_matrix/v1", { Actual: "Actual", Predicted: "Predicted", nPredictions: "nPredictions" }, { title: "CM" }, values, 1);
    expect(spec.title).toBe("CM");
    expect(spec.encoding).toEqual({ x: { field: "Predicted", type: "nominal", title: "Predicted" }, y: { field: "Actual", type: "nominal", title: "Actual" } });
    expect(spec.layer[0].encoding.color).toMatchObject({ aggregate: "sum", field: "nPredictions" });
    expect(spec.data.values).toBe(values);
  });
  it("reads each preset's columns from the field settings", () => {
    const rows = tableValues(["step", "loss", "kind"], [{ run: "a", cells: [1, 0.5, "train"] }], (r) => r);
    const line = presetSpec("wandb/line/v0", { x: "step", y: "loss", stroke: "kind" }, {}, rows, 1);
    expect(line.mark).toMatchObject({ type: "line" });
    expect(line.encoding).toEqual({ x: { field: "step", type: "quantitative" }, y: { field: "loss", type: "quantitative" }, color: { field: "kind", type: "nominal" } });
    const scatter = presetSpec("wandb/scatter/v0", { x: "step", y: "loss" }, {}, rows, 2, { domain: ["a", "b"], range: ["#111", "#222"] });
    expect(scatter.encoding.color).toEqual({ field: "name", type: "nominal", title: "run", scale: { domain: ["a", "b"], range: ["#111", "#222"] } });
    const bar = presetSpec("wandb/bar/v0", { label: "kind", value: "loss" }, {}, rows, 1);
    expect(bar.encoding).toEqual({ y: { field: "kind", type: "nominal" }, x: { field: "loss", type: "quantitative" } });
    const hist = presetSpec("wandb/histogram/v0", { value: "loss" }, {}, rows, 1);
    expect(hist.encoding.x).toEqual({ field: "loss", type: "quantitative", bin: { maxbins: 20 } });
    const series = presetSpec("wandb/lineseries/v0", { step: "step", lineKey: "kind", lineVal: "loss" }, { xname: "epoch" }, rows, 1);
    expect(series.encoding.x).toEqual({ field: "step", type: "quantitative", title: "epoch" });
    expect(series.encoding.color).toEqual({ field: "kind", type: "nominal" });
    const area = presetSpec("wandb/area/v0", { x: "step", y: "loss" }, {}, rows, 1);
    expect(area.mark).toMatchObject({ type: "area" });
    for (const id of ["wandb/pr_curve/v0", "wandb/roc_curve/v0", "wandb/area-under-curve/v0"]) {
      const curve = presetSpec(id, { x: "step", y: "loss", class: "kind" }, { "x-axis-title": "Recall" }, rows, 1);
      expect(curve.encoding.x).toEqual({ field: "step", type: "quantitative", title: "Recall" });
      expect(curve.encoding.color).toEqual({ field: "kind", type: "nominal" });
    }
    expect(Object.keys(PRESETS)).toHaveLength(10);
  });
  it("says which column is missing, and which charts it knows", () => {
    expect(presetSpec("wandb/line/v0", { x: "epoch", y: "Actual" }, {}, values, 1)).toEqual({
      error: 'The table has no column "epoch" (x); its columns are Actual, Predicted, nPredictions.',
    });
    expect(presetSpec("me/custom/v9", {}, {}, values, 1).error).toMatch(/No spec for the chart me\/custom\/v9/);
    expect(chartPlan(vegaConfig("", {}), values, 1)).toEqual({ error: "This custom chart names no chart (panelDefId)." });
  });
  it("draws a stored spec as written, its placeholders filled and the table fed as wandb", () => {
    const stored = JSON.stringify({
      $schema: "https://vega.github.io/schema/vega/v5.json",
      data: [{ name: "wandb", url: "https://elsewhere.invalid/x.json" }, { name: "other", values: [1] }],
      marks: [{ type: "text", encode: { enter: { text: { field: "${field:label}" } } } }],
      title: "${string:title}",
    });
    const plan = chartPlan(vegaConfig("me/custom/v9", { label: "Actual" }, { customPanelDef: { spec: stored } }), values, 1);
    if (!("spec" in plan)) throw new Error(plan.error);
    expect(plan.mode).toBe("custom");
    expect(plan.spec.data).toEqual([{ name: "wandb", values }, { name: "other", values: [1] }]);
    expect(plan.spec.marks[0].encode.enter.text.field).toBe("Actual");
    expect(plan.spec.title).toBe("T");
    expect(isVega(plan.spec)).toBe(true);
    expect(customSpec("{not json", {}, {}, values).error).toMatch(/not JSON/);
    const lite = customSpec({ mark: "bar", encoding: {} }, {}, {}, values);
    expect(lite.data).toEqual({ values });
    expect(isVega(lite)).toBe(false);
  });
});

describe("histograms to heat-map cells", () => {
  const h1 = { bins: [0, 1, 2], values: [2, 4] };
  const h2 = { bins: [1, 3], values: [6] };

  it("re-bins every step onto shared bins over the whole value range, keeping each step's count", () => {
    const map = heatMap([0, 5], [h1, h2], 3);
    expect(map.edges).toEqual([0, 1, 2, 3]);
    expect(map.counts).toEqual([[2, 4, 0], [0, 3, 3]]);
    expect(map.max).toBe(4);
    expect(map.steps).toEqual([0, 5]);
  });
  it("splits a source bin by how much of each target bin it covers", () => {
    const map = heatMap([0], [{ bins: [0, 4], values: [8] }], 2);
    expect(map.counts).toEqual([[4, 4]]);
  });
  it("widens a range of one value and gives nothing for no histograms", () => {
    expect(heatMap([0], [{ bins: [2, 2], values: [5] }], 1)).toMatchObject({ edges: [1.5, 2.5], counts: [[5]] });
    expect(heatMap([], [])).toEqual({ steps: [], edges: [], counts: [], max: 0 });
  });
  it("gives the last step as bars, and knows a logged histogram", () => {
    expect(bars(h1)).toEqual([[0, 1, 2], [1, 2, 4]]);
    expect(isHistogram({ _type: "histogram", values: [] })).toBe(true);
    expect(isHistogram(0.5)).toBe(false);
  });
});

describe("table paging, sorting and filtering", () => {
  it("cycles a column's sort ascending, descending, off, always from the first page", () => {
    const q = { ...firstPage(10), offset: 30 };
    const a = nextSort(q, "score");
    expect(a).toMatchObject({ sort: "score", desc: false, offset: 0 });
    expect(nextSort(a, "score")).toMatchObject({ sort: "score", desc: true });
    expect(nextSort(nextSort(a, "score"), "score")).toMatchObject({ sort: null, desc: false });
    expect(nextSort(a, "id")).toMatchObject({ sort: "id", desc: false });
  });
  it("filters from the first page, and pages within the pages there are", () => {
    const q = { ...firstPage(10), offset: 20 };
    expect(withFilter(q, "cat")).toMatchObject({ filter: "cat", offset: 0, filterColumn: null });
    expect(withFilter(q, "cat", "label").filterColumn).toBe("label");
    expect(pageTo(q, 9, 35).offset).toBe(30);
    expect(pageTo(q, 0, 35).offset).toBe(0);
    expect(pageInfo({ ...q, offset: 30 }, 35, 5)).toEqual({ page: 4, pages: 4, from: 31, to: 35 });
    expect(pageInfo(firstPage(10), 0, 0)).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
  });
  it("shows media cells as thumbnails of the run's file, numbers formatted", () => {
    expect(cellView({ _type: "image-file", path: "media/images/a.png", caption: "cat" })).toEqual({ kind: "image", path: "media/images/a.png", caption: "cat" });
    expect(cellView({ _type: "audio-file", path: "media/audio/a.wav" })).toEqual({ kind: "media", type: "audio-file", path: "media/audio/a.wav", caption: "" });
    expect(cellView(null)).toEqual({ kind: "empty" });
    expect(cellView(0.5)).toEqual({ kind: "number", text: "0.5" });
    expect(cellView([1, 2])).toEqual({ kind: "text", text: "[1,2]" });
    expect(runFileUrl("e", "p q", "r/1", "media/images/a b.png")).toBe("/api/v1/e/p%20q/runs/r%2F1/files/media/images/a%20b.png");
  });
});

describe("code diffs", () => {
  it("pairs files by name, diff.patch last", () => {
    expect(pairFiles(["diff.patch", "code/b.py"], ["code/a.py", "code/b.py"])).toEqual([
      { name: "code/a.py", left: false, right: true },
      { name: "code/b.py", left: true, right: true },
      { name: "diff.patch", left: true, right: false },
    ]);
  });
  it("pairs removed with added lines side by side, numbering each side", () => {
    const rows = splitRows("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(rows).toEqual([
      { kind: "same", left: { n: 1, text: "a" }, right: { n: 1, text: "a" } },
      { kind: "change", left: { n: 2, text: "b" }, right: { n: 2, text: "B" } },
      { kind: "same", left: { n: 3, text: "c" }, right: { n: 3, text: "c" } },
      { kind: "add", left: null, right: { n: 4, text: "d" } },
    ]);
    expect(diffStats(rows)).toEqual({ added: 2, removed: 1 });
    expect(unifiedRows("a\nb\n", "a\nB\n").map((r) => r.kind)).toEqual(["same", "del", "add"]);
  });
  it("folds long unchanged stretches to their context", () => {
    const same = (n: number): DiffRow => ({ kind: "same", left: { n, text: "" }, right: { n, text: "" } });
    const rows: DiffRow[] = [...Array.from({ length: 10 }, (_, i) => same(i + 1)), { kind: "add", left: null, right: { n: 11, text: "x" } }, ...Array.from({ length: 10 }, (_, i) => same(i + 12))];
    const folded = fold(rows, 2);
    expect(folded.map((r) => r.kind)).toEqual(["fold", "same", "same", "add", "same", "same", "fold"]);
    expect(folded[0]).toMatchObject({ hidden: 8 });
    expect(splitRows("x\ny\nz\n", "x\ny\nz\n", 0).map((r) => r.kind)).toEqual(["same", "same", "same"]);
  });
});

describe("weave expressions", () => {
  it("reads the table, artifact or artifact file an expression names", () => {
    const pick = { panel2Config: { exp: { fromOp: { name: "pick", inputs: { key: { val: "predictions" } } } } } };
    expect(weaveTarget(pick)).toEqual({ kind: "summaryTable", table: "predictions" });
    const artifact = { panel2Config: { exp: { fromOp: { name: "project-artifact", inputs: { artifactName: { val: "eval" } } } }, panelConfig: { tabConfigs: { overview: { selectedTab: "files" } } } } };
    expect(weaveTarget(artifact)).toEqual({ kind: "artifact", artifact: "eval", tab: "files" });
    const version = { fromOp: { name: "project-artifactVersion", inputs: { artifactName: { val: "eval" }, artifactVersionAlias: { val: "v3" } } } };
    const file = { panel2Config: { exp: { fromOp: { name: "artifactVersion-file", inputs: { artifactVersion: version, path: { val: "s.table.json" } } } } } };
    expect(weaveTarget(file)).toEqual({ kind: "artifactFile", artifact: "eval", version: "v3", file: "s.table.json" });
    expect(weaveTarget({})).toEqual({ kind: "unknown", op: null });
  });
});

describe("data panel titles", () => {
  it("names a custom chart by its title or chart, a Weave panel by its table or artifact", async () => {
    const { dataPanelTitle } = await import("../src/panels/weave/expr");
    expect(dataPanelTitle("Vega2", vegaConfig("wandb/line/v0", {}))).toBe("T");
    expect(dataPanelTitle("Vega2", { panelDefId: "wandb/line/v0" })).toBe("wandb/line/v0");
    expect(dataPanelTitle("Weave", { panel2Config: { exp: { fromOp: { name: "pick", inputs: { key: { val: "predictions" } } } } } })).toBe("predictions");
  });
  it("draws the confusion matrix of the first run when several are shown", () => {
    const rows = tableValues(["Actual", "Predicted", "nPredictions"], [{ run: "r1", cells: ["a", "a", 1] }, { run: "r2", cells: ["a", "a", 2] }], (r) => `run ${r}`);
    const spec = presetSpec("wandb/confusion_matrix/v1", {}, {}, rows, 2);
    expect(spec.transform).toEqual([{ filter: { field: "id", equal: "r1" } }]);
    expect(spec.title).toEqual({ text: "Confusion matrix", subtitle: "run r1" });
  });
});

describe("hovering", () => {
  it("finds the heat-map cell under a point, and writes a tooltip's fields as lines", async () => {
    const { heatCellAt } = await import("../src/panels/histogram/shape");
    const { tooltipText } = await import("../src/panels/customChart/presets");
    const map = heatMap([0, 5], [{ bins: [0, 1, 2], values: [2, 4] }, { bins: [1, 3], values: [6] }], 3);
    expect(heatCellAt(map, 0.75, 0.9)).toEqual({ step: 5, low: 2, high: 3, count: 3 });
    expect(heatCellAt(map, 0.1, 0.1)).toEqual({ step: 0, low: 0, high: 1, count: 2 });
    expect(heatCellAt(map, 1, 0.5)).toBeNull();
    expect(tooltipText({ run: "a", score: 0.123456789 })).toBe("run: a\nscore: 0.123457");
    expect(tooltipText(null)).toBe("");
  });
});
