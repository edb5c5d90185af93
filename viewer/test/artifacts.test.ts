import { describe, expect, it } from "vitest";
import { byType, fileRows, metadataRows, versionLabel } from "../src/artifacts";
import type { CollectionInfo } from "../src/artifactsApi";

const collection = (name: string, type: string): CollectionInfo => ({ name, type, kind: "sequence", description: null, tags: [], versions: [] });

describe("byType", () => {
  it("groups collections by type, both in name order", () => {
    const groups = byType([collection("b", "model"), collection("z", "data"), collection("a", "model")]);
    expect(groups.map((g) => [g.type, g.collections.map((c) => c.name)])).toEqual([
      ["data", ["z"]],
      ["model", ["a", "b"]],
    ]);
  });
  it("is empty for no collections", () => {
    expect(byType([])).toEqual([]);
  });
});

describe("versionLabel", () => {
  it("puts latest first, then the other aliases in order", () => {
    expect(versionLabel({ version: "v3", aliases: ["prod", "best", "latest"] })).toBe("v3 (latest, best, prod)");
    expect(versionLabel({ version: "v0", aliases: [] })).toBe("v0");
  });
});

describe("metadataRows", () => {
  it("flattens a JSON object and keeps anything else as one row", () => {
    expect(metadataRows('{"k": 1, "nested": {"a": "x"}}')).toEqual([
      { key: "k", value: "1" },
      { key: "nested.a", value: "x" },
    ]);
    expect(metadataRows("[1, 2]")).toEqual([{ key: "metadata", value: "[1, 2]" }]);
    expect(metadataRows("not json")).toEqual([{ key: "metadata", value: "not json" }]);
    expect(metadataRows(null)).toEqual([]);
  });
});

describe("fileRows", () => {
  it("sorts by name and gives each its base name", () => {
    const rows = fileRows([
      { name: "sub/b.bin", size: 1, url: "/blob/x", reference: false },
      { name: "a.txt", size: 2, url: "/blob/y", reference: false },
    ]);
    expect(rows.map((r) => [r.name, r.base])).toEqual([
      ["a.txt", "a.txt"],
      ["sub/b.bin", "b.bin"],
    ]);
  });
});
