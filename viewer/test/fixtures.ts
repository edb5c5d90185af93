// Builders for the pure data functions' tests: runs, series and a panel context.
import type { RunInfo, Series } from "../src/api";
import type { PanelContext } from "../src/panels/common";
import { resolveSettings, type AnyConfig } from "../src/spec";
import { makeRuns } from "../src/state";

export function run(name: string, extra: Partial<RunInfo> = {}): RunInfo {
  return {
    name,
    displayName: `${name}-display`,
    state: "finished",
    color: null,
    disabled: false,
    group: null,
    config: {},
    summary: {},
    tags: [],
    createdAt: "2024-01-01T00:00:00",
    historyLineCount: 3,
    heartbeatAt: "2024-01-01T00:00:00",
    ...extra,
  };
}

export function series(runName: string, metric: string, x: number[], mean: number[]): Series {
  return { run: runName, metric, x, mean, min: mean, max: mean, count: x.map(() => 1) };
}

/** A line plot's context over these runs, with the workspace settings and panel config given. */
export function lineContext(runs: RunInfo[], config: AnyConfig = {}, workspace: AnyConfig = {}): PanelContext {
  return {
    entity: "e",
    project: "p",
    panel: { id: "panel", viewType: "Run History Line Plot", config, layout: { x: 0, y: 0, w: 8, h: 6 } },
    title: "",
    settings: resolveSettings(workspace, {}, config),
    runs: makeRuns(runs, [], runs.length, runs.length, {}, []),
  };
}
