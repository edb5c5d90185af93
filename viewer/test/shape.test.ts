import { describe, expect, it } from "vitest";
import { appearance, combine, legendLabel, linePlotLines, resample, stack, tablesFor, yBounds, type Table } from "../src/panels/linePlot/shape";
import { lineContext, run, series } from "./fixtures";

describe("resample", () => {
  it("interpolates linearly between points and leaves x outside the line empty", () => {
    expect(resample([0, 10], [0, 100], [-5, 0, 2.5, 10, 11])).toEqual([null, 0, 25, 100, null]);
  });
  it("takes a value as it is where x matches", () => {
    expect(resample([1, 2, 3], [5, 7, 9], [1, 2, 3])).toEqual([5, 7, 9]);
  });
});

describe("combine", () => {
  const members = [series("a", "m", [0, 1, 2], [1, 2, 3]), series("b", "m", [0, 2], [3, 5])];

  it("aggregates the runs on the union of their x values, with a min-max band", () => {
    const g = combine(members, "mean", "minmax");
    expect(g.x).toEqual([0, 1, 2]);
    expect(g.y).toEqual([2, 3, 4]); // b is resampled to 4 at x=1
    expect(g.band).toEqual([[1, 2, 3], [3, 4, 5]]);
  });
  it.each([
    ["min", [1, 2, 3]],
    ["max", [3, 4, 5]],
    ["sum", [4, 6, 8]],
    ["median", [3, 4, 5]], // the upper middle of two values
  ])("aggregates with %s", (agg, expected) => {
    expect(combine(members, agg, "none").y).toEqual(expected);
  });
  it("draws a standard deviation or standard error band around the centre, or none", () => {
    const [lo, hi] = combine(members, "mean", "stddev").band!;
    expect(lo).toEqual([1, 2, 3]);
    expect(hi).toEqual([3, 4, 5]);
    const [elo] = combine(members, "mean", "stderr").band!;
    expect(elo[0]).toBeCloseTo(2 - 1 / Math.SQRT2);
    expect(combine(members, "mean", "none").band).toBeNull();
  });
  it("leaves a gap where no run has a value", () => {
    const g = combine([series("a", "m", [0, 1], [1, NaN])], "mean", "minmax");
    expect(g.y).toEqual([1, null]);
  });
});

describe("stack", () => {
  const table = (label: string, x: number[], y: number[], kind: "line" | "original" = "line"): Table => ({
    columns: [x, y],
    info: [{ label, color: "#000", runs: [label], metric: "m", kind }],
  });

  it("sums the lines in order on the union of x, a missing value adding 0", () => {
    const { data, info } = stack([table("a", [0, 1], [1, 2]), table("o", [0, 1], [9, 9], "original"), table("b", [1, 2], [10, 20])], false);
    expect(data).toEqual([[0, 1, 2], [1, 2, 0], [1, 12, 20]]);
    expect(info.map((i) => i.label)).toEqual(["a", "b"]);
  });
  it("gives percentages of the total for pct-area", () => {
    const { data } = stack([table("a", [0, 1], [1, 3]), table("b", [0, 1], [3, 1])], true);
    expect(data.slice(1)).toEqual([[25, 75], [100, 100]]);
  });
});

describe("legendLabel", () => {
  const runs = [run("r1", { config: { lr: { value: 0.001 }, opt: "adam" }, summary: { acc: 0.9 } })];
  const ctx = lineContext(runs);
  const line = { key: "r1", label: "r1-display", color: "#000", runs: ["r1"] };

  it.each([
    ["${run:displayName} ${metric}", "r1-display val_loss"],
    ["${run:name} / ${run:id}", "r1 / r1"],
    ["lr=${config:lr} acc=${summary:acc}", "lr=0.001 acc=0.9"],
    ["${opt} ${acc}", "adam 0.9"], // bare: a config key, then a summary key
    ["[${missing}]", "[]"],
  ])("fills %s", (template, expected) => {
    expect(legendLabel(template, line, "val_loss", ctx)).toBe(expected);
  });
  it("names a metric as people read it", () => {
    expect(legendLabel("${metricName}", line, "_step", ctx)).toBe("Step");
  });
  it("names a group by its label", () => {
    const group = { key: "group:[\"adam\"]", label: "adam", color: "#000", runs: ["r1", "r2"] };
    expect(legendLabel("${group}: ${run:displayName}", group, "m", ctx)).toBe("adam: adam");
  });
});

describe("tablesFor", () => {
  const runs = [run("a"), run("b")];

  it("gives a line per run and metric, labelled by the metric when there are several", () => {
    const ctx = lineContext(runs, { metrics: ["loss", "acc"] });
    const lines = linePlotLines(ctx);
    const data = [series("a", "loss", [0, 1], [2, 1]), series("b", "loss", [0, 1], [3, 2]), series("a", "acc", [0, 1], [0.1, 0.2])];
    const tables = tablesFor(ctx, lines, ["loss", "acc"], data);
    expect(tables.map((t) => t.info[0].label)).toEqual(["a-display loss", "b-display loss", "a-display acc"]);
  });
  it("smooths, keeps the original when asked, and applies the panel's title and colour overrides", () => {
    const config = {
      smoothingType: "average",
      smoothingWeight: 2,
      showOriginalAfterSmoothing: true,
      overrideSeriesTitles: { "a:loss": "A" },
      overrideColors: { "a:loss": { color: "#123456" } },
    };
    const ctx = lineContext([run("a")], config);
    const tables = tablesFor(ctx, linePlotLines(ctx), ["loss"], [series("a", "loss", [0, 1, 2], [2, 4, 6])]);
    expect(tables.map((t) => [t.info[0].label, t.info[0].kind, t.info[0].color])).toEqual([
      ["A (original)", "original", "#123456"],
      ["A", "line", "#123456"],
    ]);
    expect(tables[0].columns[1]).toEqual([2, 4, 6]);
    expect(tables[1].columns[1]).toEqual([2, 3, 5]);
  });
  it("drops values a log y axis cannot show", () => {
    const ctx = lineContext([run("a")], { yLogScale: true });
    const [table] = tablesFor(ctx, linePlotLines(ctx), ["m"], [series("a", "m", [0, 1, 2], [-1, 0, 5])]);
    expect(table.columns[1]).toEqual([null, null, 5]);
  });
  it("groups the runs by a config value when the panel aggregates, with a band", () => {
    const grouped = [run("a", { config: { opt: { value: "adam" } } }), run("b", { config: { opt: { value: "adam" } } })];
    const ctx = lineContext(grouped, { groupBy: "config.opt.value", aggregate: true, groupAgg: "max" });
    const lines = linePlotLines(ctx);
    expect(lines.map((l) => [l.label, l.runs])).toEqual([["opt: adam", ["a", "b"]]]);
    const [table] = tablesFor(ctx, lines, ["m"], [series("a", "m", [0], [1]), series("b", "m", [0], [3])]);
    expect(table.columns).toEqual([[0], [3], [1], [3]]);
    expect(table.info.map((i) => i.kind)).toEqual(["line", "low", "high"]);
  });
});

describe("appearance", () => {
  it("places the legend as the panel says, south otherwise", () => {
    expect(appearance({ legendPosition: "east" }, 500).legend).toBe("east");
    expect(appearance({ legendPosition: "middle" as never }, 500).legend).toBe("south");
  });
  it("resolves an auto font size by the panel's width", () => {
    expect([300, 500, 1200].map((w) => appearance({ fontSize: "auto" }, w).fontSize)).toEqual(["small", "medium", "large"]);
    expect(appearance({}, 500)).toEqual({ legend: "south", fontSize: null, font: null });
    expect(appearance({ fontSize: "large" }, 500).font).toEqual({ tick: 15, legend: 14 });
  });
});

describe("yBounds", () => {
  const info = [{ label: "a", color: "#000", runs: ["a"], metric: "m", kind: "line" as const }];
  it("takes the panel's y range", () => {
    expect(yBounds({ yAxisMin: 0 }, false, [[0], [1]], info)).toEqual([0, null]);
  });
  it("fits the data unless outliers are ignored, then cuts at the 5th and 95th percentile", () => {
    const ys = Array.from({ length: 100 }, (_, i) => (i === 99 ? 1000 : i));
    const data: [number[], number[]] = [ys.map((_, i) => i), ys];
    expect(yBounds({}, false, data, info)).toBeNull();
    const [lo, hi] = yBounds({}, true, data, info)!;
    expect([lo, hi]).toEqual([4 - 9, 94 + 9]); // padded by a tenth of the range between

  });
});
