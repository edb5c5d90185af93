// The view spec as the viewer reads it: the JSON the library writes (src/wandb_workspaces:
// workspace settings in workspaces/_settings.py, sections in workspaces/_section.py, panels
// in reports/v2). Line-plot settings are resolved Workspace < Section < Panel: a value set on
// a panel wins over its section's, which wins over the workspace's (resolveSettings, below).

export type Json = Record<string, any>;

export type SmoothingType = "exponentialTimeWeighted" | "exponential" | "gaussian" | "average" | "none";
export type Tooltip = "default" | "single" | "all_runs" | "none";
export type PointDrawing = "line" | "point" | "line_point";

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
  config: Json;
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
  settings: Json;
  panels: Panel[];
}

export interface Workspace {
  sections: Section[];
  settings: Json;
  sortAlphabetically: boolean;
  searchQuery: string;
  runSet: Json;
  customRunColors: Record<string, string>;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function parseWorkspace(specText: string): Workspace {
  const spec = JSON.parse(specText) as Json;
  const section = spec.section ?? {};
  const bank = section.panelBankConfig ?? {};
  const sections: Section[] = (bank.sections ?? []).map((s: Json, i: number) => {
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
      panels: (s.panels ?? []).map((p: Json, j: number) => ({
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

const SMOOTHING = ["exponentialTimeWeighted", "exponential", "gaussian", "average", "none"];

function xOverride(src: Json, into: Settings, panel: boolean): void {
  const x = src.xAxis;
  // a panel's xAxis "_step" is the LinePlot default, so it inherits the workspace's
  if (typeof x === "string" && x && (!panel || x !== "_step")) into.xAxis = x;
  if (num(src.xAxisMin) !== null) into.xMin = num(src.xAxisMin);
  if (num(src.xAxisMax) !== null) into.xMax = num(src.xAxisMax);
}

/** Settings for one panel: Workspace < Section < Panel. A section overrides the x axis or
 *  smoothing only where it is active (as the app's xAxisActive / smoothingActive say). */
export function resolveSettings(ws: Json, section: Json, panel: Json): Settings {
  const extras: Json = ws.panelbank ?? {};
  const tooltip = (extras.tooltipNumberOfRuns ?? ws.tooltipNumberOfRuns ?? "default") as Tooltip;
  const drawing = (extras.pointVisualizationMethod ?? "line") as PointDrawing;
  const out: Settings = {
    xAxis: "_step",
    xMin: null,
    xMax: null,
    smoothingType: "none",
    smoothingWeight: 0,
    showOriginal: false,
    maxRuns: Number(ws.maxRuns ?? 10) || 10,
    suppressLegends: ws.suppressLegends === true,
    tooltip: ["default", "single", "all_runs", "none"].includes(tooltip) ? tooltip : "default",
    colorRunNames: ws.colorRunNames !== false,
    pointDrawing: ["line", "point", "line_point"].includes(drawing) ? drawing : "line",
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
  if (panel.pointVisualizationMethod && ["line", "point", "line_point"].includes(panel.pointVisualizationMethod))
    out.pointDrawing = panel.pointVisualizationMethod;
  return out;
}

function smoothingOverride(src: Json, into: Settings): void {
  if (typeof src.smoothingType === "string" && SMOOTHING.includes(src.smoothingType))
    into.smoothingType = src.smoothingType as SmoothingType;
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
  return "";
}
