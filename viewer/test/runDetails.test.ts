import { describe, expect, it } from "vitest";
import { humanSize, internalKey, keyValues } from "../src/runDetails";

describe("keyValues", () => {
  it("flattens nested objects to sorted dotted keys, values as short text", () => {
    const rows = keyValues({ lr: 0.1, optimizer: { name: "adam", beta: [0.9, 0.99] }, b: null, empty: {} });
    expect(rows).toEqual([
      { key: "b", value: "null" },
      { key: "empty", value: "{}" },
      { key: "lr", value: "0.1" },
      { key: "optimizer.beta", value: "[0.9,0.99]" },
      { key: "optimizer.name", value: "adam" },
    ]);
  });
  it("leaves out hidden keys and shortens long values", () => {
    const rows = keyValues({ _runtime: 3, _wandb: { runtime: 3 }, text: "x".repeat(10), long: Array(100).fill(1) }, internalKey);
    expect(rows.map((r) => r.key)).toEqual(["long", "text"]);
    expect(rows[0].value.length).toBe(200);
    expect(rows[0].value.endsWith("…")).toBe(true);
  });
});

describe("humanSize", () => {
  it("keeps bytes whole and uses one decimal above", () => {
    expect([humanSize(0), humanSize(1023), humanSize(1536), humanSize(5 * 1024 ** 3)]).toEqual(["0 B", "1023 B", "1.5 KB", "5.0 GB"]);
  });
});
