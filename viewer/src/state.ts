// What the workspace page knows: the runs as the run set selects them, which runs the
// user switched off, and the hooks tests and the benchmark read (window.__panelbank).
import type { RunGroup, RunInfo, RunsResult } from "./api";
import { paletteColor, safeColor } from "./colors";

export interface PanelDebug {
  type: string;
  title: string;
  state: "loading" | "ready" | "empty" | "error" | "placeholder";
  message?: string;
  data?: unknown; // the data handed to uPlot (columns)
  series?: { label: string; color: string; runs?: string[] }[];
  settings?: unknown;
  request?: unknown;
  drawnAt?: number;
  draws?: number; // times drawn (a zoom, new runs or rows, a resize fetch)
  updating?: boolean; // drawing again after the runs changed
}

export interface Debug {
  panels: Record<string, PanelDebug>;
  view: { id: string; version: number } | null;
  renders: number;
  drawn: number;
  expected: number;
  allDrawnAt: number | null;
  runsUpdates?: number; // times the runs changed under the page (new rows, states, runs)
  panelUpdates?: number; // panels drawn again because their runs' data changed
  runsTable?: { rows: number; runs: number; drawnAt: number }; // run rows in the DOM, of runs
  grids?: Record<string, { runSet: string | null; runs: string[]; tableRuns: string[] }>; // a report's panel grids: the open tab's run set, the runs the panels draw, the runs in the open tab's table
  report?: { id: string; version: number; blocks: string[] }; // a report page: the kinds of its top-level blocks
}

declare global {
  interface Window {
    __panelbank: Debug;
  }
}

export function debug(): Debug {
  if (!window.__panelbank) {
    window.__panelbank = { panels: {}, view: null, renders: 0, drawn: 0, expected: 0, allDrawnAt: null };
  }
  return window.__panelbank;
}

export function panelDone(id: string, info: PanelDebug): void {
  const d = debug();
  const before = d.panels[id];
  d.panels[id] = { ...info, drawnAt: performance.now(), draws: (before?.draws ?? 0) + 1 };
  if (!before || (before.state === "loading" && !before.updating)) {
    d.drawn += 1;
    if (d.drawn >= d.expected && d.allDrawnAt === null) d.allDrawnAt = performance.now();
  }
}

export interface Runs {
  all: RunInfo[]; // in the run set's order
  groups: RunGroup[];
  total: number;
  matched: number;
  colors: Map<string, string>;
  disabled: Set<string>;
}

export function makeRuns(
  runs: RunInfo[],
  groups: RunGroup[],
  total: number,
  matched: number,
  customColors: Record<string, string>,
  disabledInSpec: string[],
): Runs {
  const colors = new Map<string, string>();
  runs.forEach((r, i) =>
    colors.set(r.name, safeColor(customColors[r.name]) || safeColor(r.color) || paletteColor(i)),
  );
  groups.forEach((g, i) => colors.set(groupKey(g), safeColor(g.color) || paletteColor(i)));
  const disabled = new Set<string>(disabledInSpec);
  for (const r of runs) if (r.disabled) disabled.add(r.name);
  return { all: runs, groups, total, matched, colors, disabled };
}

/** The runs a run set's selections switch off (W&B's `selections.tree`: run names, or
 *  nodes with `children`). */
export function selectedOff(runSet: Record<string, any>): string[] {
  const tree: unknown[] = Array.isArray(runSet.selections?.tree) ? runSet.selections.tree : [];
  return tree.flatMap((n: any) => (typeof n === "string" ? [n] : Array.isArray(n?.children) ? n.children.map(String) : []));
}

/** The runs a run set selected, with the runs its selections switch off and the custom
 *  colours. */
export function runsOf(result: RunsResult, runSet: Record<string, any>, customColors: Record<string, string>): Runs {
  return makeRuns(result.runs, result.groups, result.total, result.matched, customColors, selectedOff(runSet));
}

export const groupKey = (g: RunGroup) => `group:${JSON.stringify(g.path)}`;

/** What a panel draws: enabled runs (or groups of them), at most `maxRuns`. */
export interface Line {
  key: string;
  label: string;
  color: string;
  runs: string[];
}

export function linesFor(runs: Runs, maxRuns: number): Line[] {
  if (runs.groups.length) {
    const lines: Line[] = [];
    for (const g of runs.groups) {
      const members = g.runs.filter((r) => !runs.disabled.has(r));
      if (!members.length) continue;
      const key = groupKey(g);
      lines.push({ key, label: g.name || "(none)", color: runs.colors.get(key)!, runs: members });
      if (lines.length >= maxRuns) break;
    }
    return lines;
  }
  return runs.all
    .filter((r) => !runs.disabled.has(r.name))
    .slice(0, maxRuns)
    .map((r) => ({ key: r.name, label: r.displayName, color: runs.colors.get(r.name)!, runs: [r.name] }));
}

/** The config key a panel groups its runs by itself (``groupBy`` with ``aggregate``), or null. */
export function ownGroupBy(cfg: { aggregate?: unknown; groupBy?: unknown }): string | null {
  const g = cfg.groupBy;
  return cfg.aggregate === true && typeof g === "string" && g && g !== "None" ? g : null;
}

/** What a panel draws a line or bar for: its own groups when it groups its runs, else the
 *  run set's runs or groups; at most maxRuns. */
export function panelLines(runs: Runs, cfg: { aggregate?: unknown; groupBy?: unknown }, maxRuns: number): Line[] {
  const groupBy = ownGroupBy(cfg);
  return groupBy ? panelGroups(runs, groupBy, maxRuns) : linesFor(runs, maxRuns);
}

/** A panel's own grouping (``groupBy`` with ``aggregate``): the enabled runs grouped by a
 *  config value, in order of first appearance, at most `maxRuns` groups. */
export function panelGroups(runs: Runs, groupBy: string, maxRuns: number): Line[] {
  const path = groupBy.replace(/^config[.:]/, "").replace(/\.value$/, "");
  const groups = new Map<string, string[]>();
  for (const r of runs.all) {
    if (runs.disabled.has(r.name)) continue;
    let v: unknown = r.config;
    for (const part of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
    if (v && typeof v === "object" && "value" in v) v = (v as { value: unknown }).value;
    const label = v === undefined || v === null ? "(none)" : typeof v === "string" ? v : JSON.stringify(v);
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label)!.push(r.name);
  }
  return [...groups.entries()].slice(0, maxRuns).map(([label, members], i) => ({
    key: `panel-group:${groupBy}:${label}`,
    label: `${path}: ${label}`,
    color: paletteColor(i),
    runs: members,
  }));
}
