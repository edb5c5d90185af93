// A report's panel grid (a `panel-grid` block's metadata) as the workspace page's pieces:
// its run sets (enabled ones, each with the project it reads), the runs its panels draw
// (those of every enabled run set, as in W&B) and the `Workspace` that sections.ts draws
// (one section: the grid's panels on the 24-column layout). Pure: no DOM.
import type { RunGroup, RunInfo, RunsResult } from "../api";
import type { Panel, Workspace } from "../spec";
import { makeRuns, selectedOff, type Runs } from "../state";
import type { Json } from "./model";

export interface GridRunSet {
  index: number; // in metadata.runSets
  name: string;
  entity: string;
  project: string;
  runSet: Json;
}

export interface Grid {
  runSets: GridRunSet[]; // enabled run sets only (`enabled: false` ones are left out)
  active: number; // position in runSets of the run set shown first (openRunSet)
  hideRunSets: boolean; // the runs table and its tabs are not shown
  panels: Panel[];
  sectionSettings: Json; // panelBankSectionConfig.localPanelSettings
  customRunColors: Record<string, string>;
}

/** The grid of a panel-grid block; `where` is the report's project (a run set without
 *  one reads it). */
export function parseGrid(metadata: Json, where: { entity: string; project: string }, key: string): Grid {
  const all: Json[] = Array.isArray(metadata.runSets) ? metadata.runSets : [];
  const runSets = all.flatMap((rs, index) =>
    rs && typeof rs === "object" && rs.enabled !== false
      ? [
          {
            index,
            name: String(rs.name || `Run set ${index + 1}`),
            entity: String(rs.project?.entityName || where.entity),
            project: String(rs.project?.name || where.project),
            runSet: rs,
          },
        ]
      : [],
  );
  const open = Number(metadata.openRunSet ?? 0);
  const active = Math.max(0, runSets.findIndex((r) => r.index === open));
  const section = metadata.panelBankSectionConfig ?? {};
  const panels: Panel[] = (Array.isArray(section.panels) ? section.panels : [])
    .filter((p: unknown) => p && typeof p === "object")
    .map((p: Json, j: number) => ({
      id: String(p.__id__ || `${key}-${j}`),
      viewType: String(p.viewType ?? "Unknown"),
      config: p.config && typeof p.config === "object" ? p.config : {},
      layout: { ...{ x: 0, y: 0, w: 8, h: 6 }, ...layoutOf(p.layout) },
    }));
  const colors: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata.customRunColors ?? {})) if (typeof v === "string" && v && k !== "ref") colors[k] = v;
  return { runSets, active, hideRunSets: metadata.hideRunSets === true, panels, sectionSettings: section.localPanelSettings ?? {}, customRunColors: colors };
}

function layoutOf(value: unknown): Partial<Panel["layout"]> {
  const out: Partial<Panel["layout"]> = {};
  if (!value || typeof value !== "object") return out;
  for (const k of ["x", "y", "w", "h"] as const) {
    const v = (value as Json)[k];
    if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/** The run sets whose runs the panels draw: the enabled ones that read the project of the
 *  first (a panel reads one project's history); the others are listed apart. */
export function drawnRunSets(grid: Grid): { drawn: GridRunSet[]; elsewhere: GridRunSet[] } {
  const first = grid.runSets[0];
  const same = (rs: GridRunSet) => rs.entity === first.entity && rs.project === first.project;
  return first ? { drawn: grid.runSets.filter(same), elsewhere: grid.runSets.filter((rs) => !same(rs)) } : { drawn: [], elsewhere: [] };
}

/** The runs of several run sets of one project together, in run-set order (a run in two
 *  sets once, as the first has it), each set's selections switching its runs off. When a
 *  set groups, the runs of the sets that do not are groups of one, so every line is a
 *  group's. */
export function mergeRunSets(sets: { result: RunsResult; runSet: Json }[], customColors: Record<string, string>): Runs {
  const seen = new Set<string>();
  const all: RunInfo[] = [];
  const groups: RunGroup[] = [];
  const grouped = sets.some((s) => s.result.groups.length > 0);
  for (const { result } of sets) {
    const fresh = result.runs.filter((r) => !seen.has(r.name));
    for (const r of fresh) seen.add(r.name);
    all.push(...fresh);
    if (!grouped) continue;
    if (result.groups.length) groups.push(...result.groups);
    else groups.push(...fresh.map((r) => ({ path: [r.displayName], name: r.displayName, color: null, runs: [r.name] })));
  }
  const total = Math.max(0, ...sets.map((s) => s.result.total));
  const off = sets.flatMap((s) => selectedOff(s.runSet));
  return makeRuns(all, groups, total, all.length, customColors, off);
}

/** One run set's part of the merged runs: its runs and groups, with the merged colours and
 *  switched-off runs (the runs table of its tab). */
export function runSetPart(merged: Runs, result: RunsResult): Runs {
  return { ...merged, all: result.runs, groups: result.groups, total: result.total, matched: result.matched };
}

/** The grid over its run sets, as the `Workspace` the sections renderer draws. */
export function gridWorkspace(grid: Grid, runSet: Json, reportSettings: Json, key: string): Workspace {
  return {
    sections: [
      {
        key,
        name: "",
        isOpen: true,
        pinned: false,
        custom: true,
        columns: 3,
        rows: 2,
        settings: grid.sectionSettings,
        panels: grid.panels,
      },
    ],
    settings: reportSettings,
    sortAlphabetically: false,
    searchQuery: "",
    runSet,
    customRunColors: grid.customRunColors,
  };
}
