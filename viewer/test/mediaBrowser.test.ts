import { describe, expect, it } from "vitest";
import {
  boxRect, classColor, colourMask, galleryColumns, itemClasses, mediaConfig, requestsFor, stepFor, stepPages, unionSteps,
} from "../src/panels/mediaBrowser/shape";

describe("mediaConfig", () => {
  it("reads the keys the library writes", () => {
    const cfg = mediaConfig({ chartTitle: "t", columnCount: 3, mediaKeys: ["a", 1, "", "b"], mode: "gallery", gallerySettings: { axis: "step" } });
    expect(cfg).toEqual({ title: "t", keys: ["a", "b"], mode: "gallery", galleryAxis: "step", gridX: "run", gridY: "step", columns: 3 });
  });
  it("follows the library's rule without a mode: a grid axis alone means grid", () => {
    expect(mediaConfig({ mediaKeys: ["a"], gridSettings: { xAxis: "step", yAxis: "run" } })).toMatchObject({ mode: "grid", gridX: "step", gridY: "run" });
    expect(mediaConfig({ mediaKeys: ["a"] }).mode).toBe("gallery");
    expect(mediaConfig({ mediaKeys: ["a"], gallerySettings: { axis: "run" }, gridSettings: { xAxis: "run" } }).mode).toBe("gallery");
  });
  it("falls back on axes it cannot draw and on bad column counts", () => {
    expect(mediaConfig({ gridSettings: { xAxis: "index", yAxis: "bogus" } })).toMatchObject({ gridX: "run", gridY: "step" });
    expect(mediaConfig({ gridSettings: { xAxis: "step", yAxis: "step" } })).toMatchObject({ gridX: "step", gridY: "run" });
    expect(mediaConfig({ columnCount: 0 }).columns).toBeNull();
    expect(mediaConfig({ columnCount: 2.5 }).columns).toBeNull();
  });
});

describe("steps", () => {
  it("unions the runs' steps in order", () => {
    const runs = [{ run: "a", steps: [0, 10, 20], media: [], more: false, summary: null }, { run: "b", steps: [5, 10], media: [], more: false, summary: null }];
    expect(unionSteps(runs)).toEqual([0, 5, 10, 20]);
  });
  it("shows a run's last step at or before the slider, else its first", () => {
    expect(stepFor([0, 10, 20], 15)).toBe(10);
    expect(stepFor([0, 10, 20], 20)).toBe(20);
    expect(stepFor([0, 10, 20], 99)).toBe(20);
    expect(stepFor([5, 10], 0)).toBe(5);
    expect(stepFor([], 3)).toBeNull();
  });
  it("groups runs by the step each shows, one request per step", () => {
    const got = requestsFor(new Map([["a", [0, 10]], ["b", [0, 10]], ["c", [0, 5]], ["d", []]]), 10);
    expect([...got]).toEqual([[10, ["a", "b"]], [5, ["c"]]]);
  });
  it("pages steps for the grid, each page a half-open step range", () => {
    expect(stepPages([0, 10, 20, 30, 40], 2)).toEqual([
      { minStep: 0, maxStep: 11, steps: [0, 10] },
      { minStep: 20, maxStep: 31, steps: [20, 30] },
      { minStep: 40, maxStep: 41, steps: [40] },
    ]);
  });
  it("lays five runs a row unless the panel says how many", () => {
    const cfg = mediaConfig({});
    expect(galleryColumns(cfg, 50)).toBe(5);
    expect(galleryColumns(cfg, 2)).toBe(2);
    expect(galleryColumns({ ...cfg, columns: 3 }, 50)).toBe(3);
  });
});

describe("boxRect", () => {
  const labels = { "1": "cat" };
  it("takes pixel boxes as they are", () => {
    const box = { position: { minX: 2, maxX: 12, minY: 4, maxY: 8 }, domain: "pixel", class_id: 1 };
    expect(boxRect(box, 64, 32, labels)).toEqual({ x: 2, y: 4, w: 10, h: 4, classId: 1, label: "cat" });
  });
  it("scales relative boxes (the default domain) and reads middle/width/height", () => {
    const box = { position: { middle: [0.5, 0.5], width: 0.5, height: 0.25 }, class_id: 2, box_caption: "dog 0.9" };
    expect(boxRect(box, 64, 32, labels)).toEqual({ x: 16, y: 12, w: 32, h: 8, classId: 2, label: "dog 0.9" });
  });
  it("refuses boxes without a position", () => {
    expect(boxRect({ position: { minX: 1 } }, 10, 10, {})).toBeNull();
    expect(boxRect({ position: { minX: 1, maxX: Number.NaN, minY: 0, maxY: 1 } }, 10, 10, {})).toBeNull();
  });
});

describe("masks", () => {
  it("colours each shown class and leaves the rest transparent", () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 1, 1, 1, 255, 2, 2, 2, 255]);
    const out = colourMask(rgba, (id) => id !== 2, 100);
    expect([...out.slice(0, 4)]).toEqual([...classColor(0), 100]);
    expect([...out.slice(4, 8)]).toEqual([...classColor(1), 100]);
    expect([...out.slice(8, 12)]).toEqual([0, 0, 0, 0]);
  });
  it("lists the classes of the overlays, by id", () => {
    const item = { type: "image", url: "", path: "", masks: [{ name: "m", url: "", classLabels: { "2": "dog", "0": "bg" } }], boxes: [{ name: "b", url: "", classLabels: { "1": "cat" } }] };
    expect(itemClasses([item])).toEqual([[0, "bg"], [1, "cat"], [2, "dog"]]);
  });
});
