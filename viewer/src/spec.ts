// The view spec as the viewer reads it: the JSON the library writes. Its types and value
// lists are generated from the library's models (./generated/spec.ts, from
// ../schema/spec.schema.json; see viewer/scripts/gen-spec.mjs), never typed here. Line-plot
// settings are resolved Workspace < Section < Panel: a value set on a panel wins over its
// section's, which wins over the workspace's (resolveSettings, below).
import {
  PANELBANK_TOOLTIP_VALUES,
  POINT_DRAWING_VALUES,
  SMOOTHING_TYPE_VALUES,
  TOOLTIP_NUMBER_OF_RUNS_VALUES,
  type PanelbankTooltip,
  type PanelConfigs,
  type PointDrawing,
  type SectionPanelSettingsSpec,
  type SectionSpec,
  type SmoothingType,
  type TooltipNumberOfRuns,
  type ViewSpec,
  type WorkspaceSettingsSpec,
} from "./generated/spec";
import { dataPanelTitle } from "./panels/weave/expr";

export type { PointDrawing, SmoothingType } from "./generated/spec";

/** Any JSON object (the run set: its shape is the runs table's, not in the schema yet). */
export type Json = Record<string, any>;
/** A panel's config before its type is known: any keys, any values. */
export type AnyConfig = { [key: string]: unknown };

/** The tooltip modes: the app's values and the one only panelbank stores. */
export type Tooltip = TooltipNumberOfRuns | PanelbankTooltip;
export const TOOLTIP_VALUES: readonly Tooltip[] = [...TOOLTIP_NUMBER_OF_RUNS_VALUES, ...PANELBANK_TOOLTIP_VALUES];

/** Whether `value` is one of `values` (a generated value list), as a type guard. */
export function oneOf<T>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

/** The configs the schema declares, by viewType (without PanelConfigs' open index). */
type KnownConfigs = {
  [K in keyof PanelConfigs as string extends K ? never : number extends K ? never : K]-?: NonNullable<PanelConfigs[K]>;
};
export type PanelViewTypeWithConfig = keyof KnownConfigs;

/** A panel's config as its type's schema declares it; the component for a viewType asks
 *  for that type's config (the values are still checked where read: the app may have
 *  written anything). */
export function configOf<V extends PanelViewTypeWithConfig>(panel: Panel, _viewType: V): KnownConfigs[V] {
  return panel.config as KnownConfigs[V];
}

export interface Settings {
  xAxis: string;
  xMin: number | null;
  xMax: number | null;
  smoothingType: SmoothingType;
  smoothingWeight: number;
  showOriginal: boolean;
  maxRuns: number;
  suppressLegends: boolean;
  tooltip: Tooltip;
  colorRunNames: boolean;
  pointDrawing: PointDrawing;
  ignoreOutliers: boolean;
}

export interface Panel {
  id: string;
  viewType: string;
  config: AnyConfig;
  layout: { x: number; y: number; w: number; h: number };
}

export interface Section {
  key: string;
  name: string;
  isOpen: boolean;
  pinned: boolean;
  custom: boolean; // custom layout (x, y, w, h on the 24-column grid)
  columns: number;
  rows: number;
  settings: SectionPanelSettingsSpec;
  panels: Panel[];
}

export interface Workspace {
  sections: Section[];
  settings: WorkspaceSettingsSpec;
  sortAlphabetically: boolean;
  searchQuery: string;
  runSet: Json;
  customRunColors: Record<string, string>;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function parseWorkspace(specText: string): Workspace {
  const spec = JSON.parse(specText) as ViewSpec;
  const section = spec.section ?? {};
  const bank = section.panelBankConfig ?? {};
  const sections: Section[] = (bank.sections ?? []).map((s: SectionSpec, i: number) => {
    const flow = s.flowConfig ?? {};
    return {
      key: String(s.__id__ ?? `section-${i}`),
      name: String(s.name ?? ""),
      isOpen: Boolean(s.isOpen),
      pinned: Boolean(s.pinned),
      custom: flow.snapToColumns === false,
      columns: Math.max(1, Number(flow.columnsPerPage ?? 3)),
      rows: Math.max(1, Number(flow.rowsPerPage ?? 2)),
      settings: s.localPanelSettings ?? {},
      panels: (s.panels ?? []).map((p, j) => ({
        id: String(p.__id__ || `${i}-${j}`),
        viewType: String(p.viewType ?? "Unknown"),
        config: p.config ?? {},
        layout: { x: 0, y: 0, w: 8, h: 6, ...(p.layout ?? {}) },
      })),
    };
  });
  // pinned sections first, otherwise in spec order (Array.sort is stable)
  sections.sort((a, b) => Number(b.pinned) - Number(a.pinned));
  const colors: Record<string, string> = {};
  for (const [k, v] of Object.entries(section.customRunColors ?? {})) {
    if (typeof v === "string" && v && k !== "ref") colors[k] = v;
  }
  return {
    sections,
    settings: section.settings ?? {},
    sortAlphabetically: Boolean(bank.settings?.sortAlphabetically),
    searchQuery: String(bank.settings?.searchQuery ?? ""),
    runSet: (section.runSets ?? [])[0] ?? {},
    customRunColors: colors,
  };
}

/** The keys a workspace, a section or a panel may set the x axis with. */
type XSource = { xAxis?: unknown; xAxisMin?: unknown; xAxisMax?: unknown };
/** The keys a workspace, a section or a panel may set smoothing with. */
type SmoothingSource = { smoothingType?: unknown; smoothingWeight?: unknown };

function xOverride(src: XSource, into: Settings, panel: boolean): void {
  const x = src.xAxis;
  // a panel's xAxis "_step" is the LinePlot default, so it inherits the workspace's
  if (typeof x === "string" && x && (!panel || x !== "_step")) into.xAxis = x;
  if (num(src.xAxisMin) !== null) into.xMin = num(src.xAxisMin);
  if (num(src.xAxisMax) !== null) into.xMax = num(src.xAxisMax);
}

/** Settings for one panel: Workspace < Section < Panel. A section overrides the x axis or
 *  smoothing only where it is active (as the app's xAxisActive / smoothingActive say). */
export function resolveSettings(ws: WorkspaceSettingsSpec, section: SectionPanelSettingsSpec, panel: AnyConfig): Settings {
  const extras = ws.panelbank ?? {};
  const tooltip: unknown = extras.tooltipNumberOfRuns ?? ws.tooltipNumberOfRuns ?? "default";
  const drawing: unknown = extras.pointVisualizationMethod ?? "line";
  const out: Settings = {
    xAxis: "_step",
    xMin: null,
    xMax: null,
    smoothingType: "none",
    smoothingWeight: 0,
    showOriginal: false,
    maxRuns: Number(ws.maxRuns ?? 10) || 10,
    suppressLegends: ws.suppressLegends === true,
    tooltip: oneOf(TOOLTIP_VALUES, tooltip) ? tooltip : "default",
    colorRunNames: ws.colorRunNames !== false,
    pointDrawing: oneOf(POINT_DRAWING_VALUES, drawing) ? drawing : "line",
    ignoreOutliers: ws.ignoreOutliers === true,
  };
  xOverride(ws, out, false);
  smoothingOverride(ws, out);
  const sectionXActive =
    (typeof section.xAxis === "string" && section.xAxis !== "_step") ||
    num(section.xAxisMin) !== null ||
    num(section.xAxisMax) !== null;
  if (sectionXActive) xOverride(section, out, false);
  if (Number(section.smoothingWeight ?? 0) > 0) smoothingOverride(section, out);
  if (section.ignoreOutliers === true) out.ignoreOutliers = true;
  // the panel's own config keys
  xOverride(panel, out, true);
  if (panel.smoothingType != null || panel.smoothingWeight != null) smoothingOverride(panel, out);
  if (panel.showOriginalAfterSmoothing === true) out.showOriginal = true;
  if (num(panel.limit) !== null) out.maxRuns = num(panel.limit)!;
  if (typeof panel.ignoreOutliers === "boolean") out.ignoreOutliers = panel.ignoreOutliers;
  if (oneOf(POINT_DRAWING_VALUES, panel.pointVisualizationMethod)) out.pointDrawing = panel.pointVisualizationMethod;
  return out;
}

function smoothingOverride(src: SmoothingSource, into: Settings): void {
  if (oneOf(SMOOTHING_TYPE_VALUES, src.smoothingType)) into.smoothingType = src.smoothingType;
  if (num(src.smoothingWeight) !== null) into.smoothingWeight = num(src.smoothingWeight)!;
}

const FE_NAMES: Record<string, string> = {
  _step: "Step",
  _runtime: "Relative Time (Process)",
  _timestamp: "Wall Time",
  _absolute_runtime: "Relative Time (Wall)",
};

/** A metric as people read it: `_step` is "Step", `config.lr.value` is "lr". */
export function metricLabel(metric: string): string {
  if (FE_NAMES[metric]) return FE_NAMES[metric];
  if (metric.startsWith("config.")) return metric.slice(7).replace(/\.value(\.|$)/g, "$1").replace(/\.$/, "");
  if (metric.startsWith("summary_metrics.")) return metric.slice(16);
  return metric;
}

export function panelTitle(panel: Panel): string {
  const c = panel.config;
  if (typeof c.chartTitle === "string" && c.chartTitle) return c.chartTitle;
  const metrics: string[] = Array.isArray(c.metrics) ? c.metrics.filter((m: unknown) => typeof m === "string" && m) : [];
  if (metrics.length) return metrics.map(metricLabel).join(", ");
  if (c.metricRegex) return String(c.metricRegex);
  if (c.xAxis && c.yAxis) return `${c.yAxis} vs ${c.xAxis}`;
  if (panel.viewType === "Vega2" || panel.viewType === "Weave") return dataPanelTitle(panel.viewType, c);
  return "";
}
