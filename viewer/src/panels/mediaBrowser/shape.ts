// The Media Browser's pure part: its config, the steps to slide over, which step each run
// shows, grid rows, box geometry and mask colours. No DOM here (vitest covers it).
import type { AnyConfig } from "../../spec";

/** One media item as the server shapes it (POST /media, api_media.py). */
export interface MediaOverlay {
  name: string;
  url: string;
  src?: string; // a small mask inline (data: URL)
  classLabels: Record<string, string>;
  boxData?: BoxData[];
}
export interface MediaItem {
  type: "image" | "audio" | "video" | "html" | "object3D" | "molecule" | string;
  url: string;
  src?: string; // a small image inline (data: URL), else fetched from url
  path: string;
  caption?: string;
  width?: number;
  height?: number;
  masks?: MediaOverlay[];
  boxes?: MediaOverlay[];
}
export interface StepMedia {
  step: number;
  items: MediaItem[];
}
export interface RunMedia {
  run: string;
  steps?: number[];
  media: StepMedia[];
  more: boolean;
  summary: MediaItem[] | null;
}
export interface BoxData {
  position: { minX?: number; maxX?: number; minY?: number; maxY?: number; middle?: number[]; width?: number; height?: number };
  domain?: string;
  class_id?: number;
  box_caption?: string;
  scores?: Record<string, number>;
}

export type Axis = "step" | "index" | "run";
export interface MediaConfig {
  title: string;
  keys: string[];
  mode: "gallery" | "grid";
  galleryAxis: Axis;
  gridX: Axis;
  gridY: Axis;
  columns: number | null;
}

const AXES: readonly string[] = ["step", "index", "run"]; // MediaBrowser's MediaAxis (_media_browser.py)

function axis(value: unknown, fallback: Axis): Axis {
  return typeof value === "string" && AXES.includes(value) ? (value as Axis) : fallback;
}

function dig(config: AnyConfig, ...path: string[]): unknown {
  let value: unknown = config;
  for (const key of path) value = value && typeof value === "object" ? (value as AnyConfig)[key] : undefined;
  return value;
}

/** The panel's config keys (``chartTitle``, ``columnCount``, ``mediaKeys``, ``mode``,
 *  ``gallerySettings.axis``, ``gridSettings.xAxis/yAxis``), with the library's rule for a
 *  missing mode: gallery if a gallery axis is set, else grid if a grid axis is. */
export function mediaConfig(config: AnyConfig): MediaConfig {
  const keys = Array.isArray(config.mediaKeys) ? config.mediaKeys.filter((k): k is string => typeof k === "string" && k !== "") : [];
  const gallery = dig(config, "gallerySettings", "axis");
  const gridX = dig(config, "gridSettings", "xAxis");
  const gridY = dig(config, "gridSettings", "yAxis");
  let mode: MediaConfig["mode"] = config.mode === "grid" || config.mode === "gallery" ? config.mode : "gallery";
  if (config.mode !== "grid" && config.mode !== "gallery" && gallery === undefined && (gridX !== undefined || gridY !== undefined)) mode = "grid";
  const count = config.columnCount;
  let x = axis(gridX, "run");
  let y = axis(gridY, x === "step" ? "run" : "step");
  if (x === y) y = x === "step" ? "run" : "step";
  if (x === "index" || y === "index") [x, y] = ["run", "step"]; // items of a cell sit side by side
  return {
    title: typeof config.chartTitle === "string" ? config.chartTitle : "",
    keys,
    mode,
    galleryAxis: axis(gallery, "step"),
    gridX: x,
    gridY: y,
    columns: typeof count === "number" && Number.isInteger(count) && count > 0 ? count : null,
  };
}

/** Every step any run logged media at, ascending. */
export function unionSteps(runs: RunMedia[]): number[] {
  const all = new Set<number>();
  for (const r of runs) for (const s of r.steps ?? []) all.add(s);
  return [...all].sort((a, b) => a - b);
}

/** The step a run shows when the slider is at ``step``: its last media step at or before
 *  it, else its first (a run that logged later than the slider still shows something);
 *  null if it logged none. */
export function stepFor(steps: number[], step: number): number | null {
  if (!steps.length) return null;
  let lo = 0;
  let hi = steps.length - 1;
  if (steps[0] > step) return steps[0];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid] <= step) lo = mid;
    else hi = mid - 1;
  }
  return steps[lo];
}

/** Runs grouped by the step each shows, one request per group (usually one for all). */
export function requestsFor(stepsByRun: Map<string, number[]>, step: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [run, steps] of stepsByRun) {
    const at = stepFor(steps, step);
    if (at === null) continue;
    if (!out.has(at)) out.set(at, []);
    out.get(at)!.push(run);
  }
  return out;
}

/** Columns across a gallery: the panel's ``columnCount``, else up to five runs a row. */
export function galleryColumns(config: MediaConfig, runs: number): number {
  return Math.max(1, config.columns ?? Math.min(Math.max(runs, 1), 5));
}

/** Steps split into the pages a grid fetches as they scroll into view. */
export function stepPages(steps: number[], size: number): { minStep: number; maxStep: number; steps: number[] }[] {
  const out = [];
  for (let i = 0; i < steps.length; i += size) {
    const page = steps.slice(i, i + size);
    out.push({ minStep: page[0], maxStep: page[page.length - 1] + 1, steps: page });
  }
  return out;
}

export interface BoxRect {
  x: number;
  y: number;
  w: number;
  h: number;
  classId: number | null;
  label: string;
}

/** A box in the image's pixels: ``minX..maxY`` or ``middle``/``width``/``height``, in
 *  pixels (``domain: "pixel"``) or as fractions of the image (the SDK's default). */
export function boxRect(box: BoxData, width: number, height: number, labels: Record<string, string>): BoxRect | null {
  const p = box.position ?? {};
  let x0: number, x1: number, y0: number, y1: number;
  if (Array.isArray(p.middle) && typeof p.width === "number" && typeof p.height === "number") {
    [x0, x1] = [p.middle[0] - p.width / 2, p.middle[0] + p.width / 2];
    [y0, y1] = [p.middle[1] - p.height / 2, p.middle[1] + p.height / 2];
  } else if ([p.minX, p.maxX, p.minY, p.maxY].every((v) => typeof v === "number")) {
    [x0, x1, y0, y1] = [p.minX!, p.maxX!, p.minY!, p.maxY!];
  } else return null;
  if (![x0, x1, y0, y1].every(Number.isFinite)) return null;
  const sx = box.domain === "pixel" ? 1 : width;
  const sy = box.domain === "pixel" ? 1 : height;
  const classId = typeof box.class_id === "number" ? box.class_id : null;
  const name = classId === null ? "" : labels[String(classId)] ?? `class ${classId}`;
  const label = box.box_caption ?? name;
  return { x: x0 * sx, y: y0 * sy, w: (x1 - x0) * sx, h: (y1 - y0) * sy, classId, label };
}

// distinct hues for classes (class 0, usually the background, stays clear in masks)
const CLASS_PALETTE: [number, number, number][] = [
  [228, 26, 28], [55, 126, 184], [77, 175, 74], [152, 78, 163], [255, 127, 0],
  [166, 86, 40], [247, 129, 191], [0, 188, 212], [205, 220, 57], [121, 85, 72],
];

export function classColor(id: number): [number, number, number] {
  return CLASS_PALETTE[((id % CLASS_PALETTE.length) + CLASS_PALETTE.length) % CLASS_PALETTE.length];
}

export function cssColor(id: number): string {
  const [r, g, b] = classColor(id);
  return `rgb(${r}, ${g}, ${b})`;
}

/** A mask's pixels (RGBA of a grey PNG: the class id in the red channel) as a coloured
 *  overlay: each shown class in its colour at ``alpha``, the rest transparent. */
export function colourMask(rgba: Uint8ClampedArray, shown: (id: number) => boolean, alpha = 110): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const id = rgba[i];
    if (!shown(id)) continue;
    const [r, g, b] = classColor(id);
    out[i] = r;
    out[i + 1] = g;
    out[i + 2] = b;
    out[i + 3] = alpha;
  }
  return out;
}

/** The classes of an item's overlays, for the legend: id → name, sorted by id. */
export function itemClasses(items: MediaItem[]): [number, string][] {
  const all = new Map<number, string>();
  for (const item of items)
    for (const o of [...(item.masks ?? []), ...(item.boxes ?? [])])
      for (const [id, name] of Object.entries(o.classLabels ?? {})) if (Number.isFinite(Number(id))) all.set(Number(id), name);
  return [...all.entries()].sort((a, b) => a[0] - b[0]);
}

/** What a download-only item is called ("point cloud", "molecule", "file"). */
export function downloadLabel(item: MediaItem): string {
  if (item.type === "object3D") return "point cloud";
  if (item.type === "molecule") return "molecule";
  return "file";
}
