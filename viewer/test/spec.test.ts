import { describe, expect, it } from "vitest";
import { POINT_DRAWING_VALUES, SMOOTHING_TYPE_VALUES } from "../src/generated/spec";
import { oneOf, parseWorkspace, resolveSettings, TOOLTIP_VALUES } from "../src/spec";

describe("the generated value lists", () => {
  it("are the library's", () => {
    expect(SMOOTHING_TYPE_VALUES).toEqual(["exponentialTimeWeighted", "exponential", "gaussian", "average", "none"]);
    expect(POINT_DRAWING_VALUES).toEqual(["line", "point", "line_point"]);
    expect(TOOLTIP_VALUES).toEqual(["default", "all_runs", "single", "none"]);
  });
  it("check a value with oneOf", () => {
    expect(oneOf(SMOOTHING_TYPE_VALUES, "gaussian")).toBe(true);
    expect(oneOf(SMOOTHING_TYPE_VALUES, "gausian")).toBe(false);
    expect(oneOf(SMOOTHING_TYPE_VALUES, 3)).toBe(false);
  });
});

describe("resolveSettings", () => {
  it("has the defaults of an empty spec", () => {
    expect(resolveSettings({}, {}, {})).toEqual({
      xAxis: "_step",
      xMin: null,
      xMax: null,
      smoothingType: "none",
      smoothingWeight: 0,
      showOriginal: false,
      maxRuns: 10,
      suppressLegends: false,
      tooltip: "default",
      colorRunNames: true,
      pointDrawing: "line",
      ignoreOutliers: false,
    });
  });
  it("lets a panel win over its section, and a section over the workspace", () => {
    const ws = { xAxis: "_runtime", smoothingType: "exponential" as const, smoothingWeight: 0.5, maxRuns: 5 };
    const section = { xAxis: "_timestamp", smoothingType: "gaussian" as const, smoothingWeight: 3 };
    expect(resolveSettings(ws, section, {})).toMatchObject({ xAxis: "_timestamp", smoothingType: "gaussian", smoothingWeight: 3, maxRuns: 5 });
    const panel = { xAxis: "epoch", smoothingType: "average", smoothingWeight: 4, limit: 2 };
    expect(resolveSettings(ws, section, panel)).toMatchObject({ xAxis: "epoch", smoothingType: "average", smoothingWeight: 4, maxRuns: 2 });
  });
  it("keeps the workspace's x axis for a panel's default _step, and ignores inactive sections", () => {
    const s = resolveSettings({ xAxis: "_runtime" }, { xAxis: "_step", smoothingWeight: 0, smoothingType: "gaussian" }, { xAxis: "_step" });
    expect([s.xAxis, s.smoothingType]).toEqual(["_runtime", "none"]);
  });
  it("reads panelbank's own settings before the app's, and falls back on unknown values", () => {
    const ws = { tooltipNumberOfRuns: "all_runs" as const, panelbank: { tooltipNumberOfRuns: "none" as const, pointVisualizationMethod: "point" as const } };
    expect(resolveSettings(ws, {}, {})).toMatchObject({ tooltip: "none", pointDrawing: "point" });
    const odd = { tooltipNumberOfRuns: "many", smoothingType: "spline", panelbank: { pointVisualizationMethod: "dots" } } as never;
    expect(resolveSettings(odd, {}, {})).toMatchObject({ tooltip: "default", pointDrawing: "line", smoothingType: "none" });
  });
});

describe("parseWorkspace", () => {
  it("reads sections (pinned first), their layout and panels, and the run colours", () => {
    const spec = {
      section: {
        panelBankConfig: {
          settings: { sortAlphabetically: true },
          sections: [
            { name: "A", panels: [{ viewType: "Markdown Panel", config: { value: "hi" } }] },
            { __id__: "s2", name: "B", pinned: true, isOpen: true, flowConfig: { snapToColumns: false, columnsPerPage: 4 } },
          ],
        },
        customRunColors: { r1: "#ff0000", ref: { a: 1 } },
        settings: { maxRuns: 3 },
      },
    };
    const ws = parseWorkspace(JSON.stringify(spec));
    expect(ws.sections.map((s) => [s.key, s.name, s.pinned, s.custom, s.columns, s.rows])).toEqual([
      ["s2", "B", true, true, 4, 2],
      ["section-0", "A", false, false, 3, 2],
    ]);
    expect(ws.sections[1].panels).toEqual([{ id: "0-0", viewType: "Markdown Panel", config: { value: "hi" }, layout: { x: 0, y: 0, w: 8, h: 6 } }]);
    expect([ws.sortAlphabetically, ws.customRunColors, ws.settings]).toEqual([true, { r1: "#ff0000" }, { maxRuns: 3 }]);
  });
});
