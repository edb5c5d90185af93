import { describe, expect, it } from "vitest";
import type { RunInfo } from "../src/api";
import { makeRuns, ownGroupBy, panelLines } from "../src/state";

const run = (name: string, optimizer: string): RunInfo => ({
  name, displayName: name, state: "finished", color: null, disabled: false, group: null,
  config: { optimizer: { value: optimizer } }, summary: {}, tags: [], createdAt: "", historyLineCount: 0, heartbeatAt: "",
});

describe("a panel's own grouping", () => {
  const runs = makeRuns([run("a", "adam"), run("b", "sgd"), run("c", "adam")], [], 3, 3, {}, []);

  it("groups the enabled runs by the config value when the panel aggregates", () => {
    const lines = panelLines(runs, { aggregate: true, groupBy: "config.optimizer.value" }, 10);
    expect(lines.map((l) => [l.label, l.runs])).toEqual([["optimizer: adam", ["a", "c"]], ["optimizer: sgd", ["b"]]]);
  });

  it("draws the run set's runs when the panel does not aggregate or names no key", () => {
    for (const cfg of [{ groupBy: "optimizer" }, { aggregate: true }, { aggregate: true, groupBy: "None" }]) {
      expect(ownGroupBy(cfg)).toBeNull();
      expect(panelLines(runs, cfg, 10).map((l) => l.runs)).toEqual([["a"], ["b"], ["c"]]);
    }
  });
});
